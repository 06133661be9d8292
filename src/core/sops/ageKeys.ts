import { armor, Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { SopsError } from './sopsError';

const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

/**
 * A new age identity (`AGE-SECRET-KEY-1…`). X25519 rather than the post-quantum hybrid, because
 * every sops release from 3.8 reads X25519 and only the newest read hybrid keys.
 */
export function generateAgeIdentity(): Promise<string> {
  return generateX25519Identity();
}

/** The public recipient (`age1…`) for an identity; throws a SopsError for anything but an age identity. */
export async function recipientOf(identity: string): Promise<string> {
  const trimmed = identity.trim();
  if (!X25519_IDENTITY.test(trimmed)) throw new SopsError('format', 'not an age identity (AGE-SECRET-KEY-1…)');
  try {
    return await identityToRecipient(trimmed);
  } catch {
    throw new SopsError('format', 'not a valid age identity: its checksum does not match');
  }
}

/** Whether `text` is an age X25519 recipient; SSH keys and plugin recipients are refused with a reason. */
export function recipientProblem(text: string): string | undefined {
  if (text.startsWith('ssh-')) return 'SSH keys as age recipients are not supported; use an age1… recipient';
  if (text.startsWith('age1pq1')) return 'post-quantum age recipients are not supported yet; use an age1… X25519 recipient';
  if (/^age1[a-z0-9]+1/.test(text)) return 'age plugin recipients are not supported';
  if (!X25519_RECIPIENT.test(text))
    return `${JSON.stringify(text.length > 80 ? text.slice(0, 80) + '…' : text)} is not an age recipient (age1…)`;
  return undefined;
}

/**
 * The identities in a keys.txt text, one a line, `#` comments and blank lines skipped (age's
 * and sops' format). `several` reads several space-separated identities a line, as sops reads
 * SOPS_AGE_KEY. Lines that are not age X25519 identities are refused by line number, never shown.
 */
export function parseAgeIdentities(text: string, source: string, several = false): string[] {
  const identities: string[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) return;
    for (const word of several ? trimmed.split(/\s+/) : [trimmed]) {
      if (!X25519_IDENTITY.test(word)) {
        const kind = word.startsWith('AGE-PLUGIN-')
          ? 'an age plugin identity, which is not supported'
          : word.startsWith('AGE-SECRET-KEY-PQ-1')
            ? 'a post-quantum identity, which is not supported yet'
            : 'not an age identity';
        throw new SopsError('format', `${source}, line ${i + 1}: ${kind}`);
      }
      identities.push(word);
    }
  });
  return identities;
}

/** The data key encrypted to one recipient, as armored age: what sops stores in `enc`. */
export async function encryptDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const problem = recipientProblem(recipient);
  if (problem) throw new SopsError('format', problem);
  const encrypter = new Encrypter();
  encrypter.addRecipient(recipient);
  return armor.encode(await encrypter.encrypt(dataKey));
}

/**
 * The data key from whichever `enc` one of the identities opens. Throws `no-identity` naming
 * the file's recipients when none does, so the user knows which key the file wants.
 */
export async function decryptDataKey(
  entries: readonly { recipient: string; enc: string }[],
  identities: readonly string[],
  file: string,
): Promise<Uint8Array> {
  if (!identities.length) {
    throw new SopsError(
      'no-identity',
      `${file}: no age identity to decrypt it with (it is encrypted to ${entries.map((e) => e.recipient).join(', ')})`,
    );
  }
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  const own = new Set(await Promise.all(identities.map((i) => recipientOf(i).catch(() => ''))));
  // Try the entries for our own recipients first: each failed attempt costs an X25519 exchange per identity.
  const ordered = [...entries].sort((a, b) => Number(own.has(b.recipient)) - Number(own.has(a.recipient)));
  for (const entry of ordered) {
    let sealed: Uint8Array;
    try {
      sealed = armor.decode(entry.enc);
    } catch {
      throw new SopsError('format', `${file}: the data key for ${entry.recipient} is not armored age`);
    }
    try {
      const key = await decrypter.decrypt(sealed, 'uint8array');
      if (key.length !== 32) throw new SopsError('format', `${file}: the data key is ${key.length} bytes, not 32`);
      return key;
    } catch (error) {
      if (error instanceof SopsError) throw error;
    }
  }
  throw new SopsError(
    'no-identity',
    `${file}: none of your age identities is among its recipients (${entries.map((e) => e.recipient).join(', ')})`,
  );
}
