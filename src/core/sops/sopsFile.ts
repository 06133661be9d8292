import { createHash, randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { decryptDataKey, encryptDataKey } from './ageKeys';
import { dotenvFormat } from './dotenvFormat';
import { leafPredicate } from './encryptionRules';
import { jsonFormat } from './jsonFormat';
import { type ScalarValue, scalarFromPlain } from './scalarValue';
import {
  type Address,
  addressKey,
  type DocumentChanges,
  type ParsedDocument,
  type SopsFormat,
  type SopsFormatHandler,
} from './sopsDocument';
import { SopsError } from './sopsError';
import {
  type AgeKeyEntry,
  type EncryptionRules,
  isOlderVersion,
  lastModifiedAad,
  nowLastModified,
  parseMetadata,
  SOPS_FORMAT_VERSION,
  type SopsMetadata,
} from './sopsMetadata';
import { decryptText, decryptValue, encryptText, keyPathAad } from './valueCipher';
import { yamlFormat } from './yamlFormat';

const HANDLERS: Record<SopsFormat, SopsFormatHandler> = { yaml: yamlFormat, json: jsonFormat, dotenv: dotenvFormat };

/** sops' constant that starts the MAC when mac_only_encrypted is set. */
const MAC_ONLY_ENCRYPTED_INIT = Buffer.from('8a3fd2ad54ce66527b1034f3d147be0b0b975b3bf44f72c6fdadec8176f27d69', 'hex');

/** The format sops picks for a file name: by extension, dotenv for `.env` names. INI and binary files are refused. */
export function formatForFile(file: string): SopsFormat {
  const name = path.basename(file).toLowerCase();
  const ext = path.extname(name);
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.json') return 'json';
  if (ext === '.env' || name === '.env' || name.startsWith('.env.')) return 'dotenv';
  if (ext === '.ini') throw new SopsError('unsupported', `${file}: INI files are not supported; use YAML, JSON or dotenv`);
  throw new SopsError('unsupported', `${file}: binary files (any format but YAML, JSON and dotenv) are not supported`);
}

export interface SopsValue {
  address: Address;
  /** The map keys to it; sequence items share their list's. */
  path: string[];
  value: ScalarValue;
  encrypted: boolean;
  /** The text in the file: `ENC[...]` for an encrypted value. */
  stored: string | bigint | number | boolean;
}

/** A sops file decrypted in memory, its MAC verified. Values are never written anywhere from here. */
export interface DecryptedSopsFile {
  file: string;
  format: SopsFormat;
  text: string;
  metadata: SopsMetadata;
  dataKey: Uint8Array;
  values: SopsValue[];
  /** Encrypted comments with the key path each was bound to, so a new data key can re-encrypt them. */
  comments: { index: number; text: string; aad: string; plaintext: string }[];
}

function macOf(values: readonly { value: ScalarValue; encrypted: boolean }[], macOnlyEncrypted: boolean): string {
  const hash = createHash('sha512');
  if (macOnlyEncrypted) hash.update(MAC_ONLY_ENCRYPTED_INIT);
  for (const { value, encrypted } of values) if (!macOnlyEncrypted || encrypted) hash.update(value.text, 'utf8');
  return hash.digest('hex').toUpperCase();
}

const leafName = (file: string, p: readonly string[]): string => `${file}: ${p.length ? p.join('.') : 'a top-level item'}`;

function decryptParsed(
  text: string,
  file: string,
  format: SopsFormat,
  parsed: ParsedDocument,
  metadata: SopsMetadata,
  dataKey: Uint8Array,
): DecryptedSopsFile {
  const encrypted = leafPredicate(metadata, file);
  const values: SopsValue[] = parsed.leaves.map((leaf) => {
    const isEncrypted = encrypted(leaf.path);
    if (!isEncrypted)
      return { address: leaf.address, path: leaf.path, value: scalarFromPlain(leaf.value), encrypted: false, stored: leaf.value };
    if (typeof leaf.value !== 'string') {
      throw new SopsError(
        'format',
        `${leafName(file, leaf.path)} should be encrypted but is a plain ${typeof leaf.value === 'bigint' ? 'number' : typeof leaf.value}`,
      );
    }
    // sops leaves an empty string as it is.
    const value =
      leaf.value === ''
        ? { type: 'str' as const, text: '' }
        : decryptValue(leaf.value, dataKey, keyPathAad(leaf.path), leafName(file, leaf.path));
    return { address: leaf.address, path: leaf.path, value, encrypted: true, stored: leaf.value };
  });
  if (!metadata.mac) throw new SopsError('mac', `${file} has no MAC, so its integrity cannot be checked; no value from it is used`);
  let stored: string;
  try {
    stored = decryptText(metadata.mac, dataKey, lastModifiedAad(metadata.lastModified), `${file}: the MAC`).plaintext;
  } catch {
    throw new SopsError('mac', `${file}: the MAC cannot be decrypted (lastmodified or the MAC was changed); no value from it is used`);
  }
  if (stored.toUpperCase() !== macOf(values, metadata.macOnlyEncrypted ?? false)) {
    throw new SopsError('mac', `${file}: MAC mismatch: the file was changed outside sops or is damaged; no value from it is used`);
  }
  // Comments are outside the MAC. One that opens under none of the key paths (its mapping was
  // removed, or it was pasted from another file) is kept as it is, as sops keeps it.
  const comments: DecryptedSopsFile['comments'] = [];
  for (const comment of parsed.comments) {
    for (const aad of comment.aadCandidates) {
      try {
        comments.push({
          index: comment.index,
          text: comment.text,
          aad,
          plaintext: decryptText(comment.text, dataKey, aad, file).plaintext,
        });
        break;
      } catch {
        // The format does not say which collection a comment belongs to; the next candidate may be it.
      }
    }
  }
  return { file, format, text, metadata, dataKey, values, comments };
}

function parseFile(
  text: string,
  file: string,
  format: SopsFormat,
  dataKeyKnown = false,
): { parsed: ParsedDocument; metadata: SopsMetadata } {
  const parsed = HANDLERS[format].parse(text, file);
  return { parsed, metadata: parseMetadata(parsed.metadata, file, dataKeyKnown) };
}

/**
 * Decrypts with a known data key (after a write, or for a compatibility check against files whose
 * key sources Vaultify does not read); verifies the MAC.
 */
export function decryptWithDataKey(
  text: string,
  file: string,
  dataKey: Uint8Array,
  format: SopsFormat = formatForFile(file),
): DecryptedSopsFile {
  const { parsed, metadata } = parseFile(text, file, format, true);
  return decryptParsed(text, file, format, parsed, metadata, dataKey);
}

/**
 * Opens a sops file in memory: the data key from one of `identities` (strings, `AGE-SECRET-KEY-1…`),
 * every value decrypted and the MAC verified. Throws SopsError: `mac` when the MAC fails (then
 * nothing from the file is returned), `decrypt`, `no-identity`, `unsupported` or `format`.
 */
export async function decryptSopsFile(
  text: string,
  file: string,
  identities: readonly string[],
  format: SopsFormat = formatForFile(file),
): Promise<DecryptedSopsFile> {
  const { parsed, metadata } = parseFile(text, file, format);
  const dataKey = await decryptDataKey(metadata.age, identities, file);
  return decryptParsed(text, file, format, parsed, metadata, dataKey);
}

/** A value to write at a key path. */
export interface SopsWrite {
  path: string[];
  value: ScalarValue;
}

export interface SopsEdit {
  /** Values to add or change, by key path (map keys only). */
  set?: readonly SopsWrite[];
  remove?: readonly string[][];
  /** A new recipient list: the data key is encrypted to each (kept entries keep their `enc` unless the key changes). */
  recipients?: readonly string[];
  /** Replace the data key, re-encrypting every value and comment: after a member is removed. */
  rotateDataKey?: boolean;
}

const startsWith = (p: readonly string[], prefix: readonly string[]): boolean =>
  prefix.length <= p.length && prefix.every((k, i) => p[i] === k);

const pathKey = (p: readonly (string | number)[]): string => addressKey(p);

function encryptLeaf(
  value: ScalarValue,
  p: readonly string[],
  dataKey: Uint8Array,
  encrypted: boolean,
): string | bigint | number | boolean {
  if (!encrypted) {
    if (value.type === 'str') return value.text;
    if (value.type === 'int') return BigInt(value.text);
    if (value.type === 'bool') return value.text === 'True';
    if (value.type === 'float') return Number(value.text);
    return value.text;
  }
  if (value.type === 'str' && value.text === '') return '';
  return encryptText(value.text, value.type, dataKey, keyPathAad(p));
}

async function ageEntries(recipients: readonly string[], dataKey: Uint8Array, keep: readonly AgeKeyEntry[]): Promise<AgeKeyEntry[]> {
  const kept = new Map(keep.map((e) => [e.recipient, e]));
  return Promise.all(
    [...new Set(recipients)].map(async (recipient) => kept.get(recipient) ?? { recipient, enc: await encryptDataKey(dataKey, recipient) }),
  );
}

/**
 * The file's new text after an edit, as `sops edit` would leave it: unchanged values keep their
 * ciphertext and IV (unless the data key changes), lastmodified and the MAC are renewed. The
 * result is decrypted again and compared with what was meant before it is returned.
 */
export async function editSopsFile(file: DecryptedSopsFile, edit: SopsEdit): Promise<{ text: string; decrypted: DecryptedSopsFile }> {
  const handler = HANDLERS[file.format];
  const dataKey = edit.rotateDataKey ? new Uint8Array(randomBytes(32)) : file.dataKey;
  const keyChanged = edit.rotateDataKey === true;
  const encrypted = leafPredicate(file.metadata, file.file);
  const oldRecipients = file.metadata.age.map((e) => e.recipient);
  const recipients = edit.recipients ?? oldRecipients;
  if (!recipients.length) throw new SopsError('format', `${file.file}: a team file needs at least one recipient`);
  const age = await ageEntries(recipients, dataKey, keyChanged ? [] : file.metadata.age);

  const byPath = new Map(file.values.map((v) => [pathKey(v.address), v]));
  const sets = new Map((edit.set ?? []).map((w) => [pathKey(w.path), w]));
  const removed = new Set((edit.remove ?? []).map(pathKey));
  const changes: DocumentChanges = {
    replace: [],
    insert: [],
    remove: (edit.remove ?? []).map((p) => [...p]),
    comments: [],
    metadata: file.metadata,
    rewriteMetadata: false,
  };
  const expected = new Map<string, ScalarValue>();
  for (const v of file.values) {
    const key = pathKey(v.address);
    if (removed.has(key)) continue;
    const write = sets.get(key);
    if (write) {
      if (!v.encrypted)
        throw new SopsError(
          'format',
          `${file.file}: ${v.path.join('.')} is stored unencrypted by the file's ${describeRule(file.metadata)}; Vaultify does not write a secret there`,
        );
      changes.replace.push({ address: v.address, value: String(encryptLeaf(write.value, v.path, dataKey, v.encrypted)) });
      expected.set(key, write.value);
    } else {
      if (keyChanged && v.encrypted)
        changes.replace.push({ address: v.address, value: String(encryptLeaf(v.value, v.path, dataKey, true)) });
      expected.set(key, v.value);
    }
  }
  for (const [key, write] of sets) {
    if (byPath.has(key)) continue;
    if (file.format === 'dotenv' ? write.path[0].startsWith('sops_') : write.path[0] === 'sops') {
      throw new SopsError('format', `${file.file}: ${write.path.join('.')} is reserved for the sops metadata`);
    }
    const clash = file.values.find(
      (v) => !removed.has(pathKey(v.address)) && (startsWith(v.path, write.path) || startsWith(write.path, v.path)),
    );
    if (clash)
      throw new SopsError(
        'format',
        `${file.file}: ${write.path.join('.')} cannot be added beside ${clash.path.join('.')}: one would hold the other`,
      );
    if (!encrypted(write.path)) {
      throw new SopsError(
        'format',
        `${file.file}: ${write.path.join('.')} would be stored unencrypted by the file's ${describeRule(file.metadata)}`,
      );
    }
    changes.insert.push({ path: write.path, value: String(encryptLeaf(write.value, write.path, dataKey, true)) });
    expected.set(key, write.value);
  }
  if (keyChanged) {
    for (const c of file.comments) changes.comments.push({ index: c.index, text: encryptText(c.plaintext, 'comment', dataKey, c.aad) });
  }

  // First the values, then the MAC over them in the order the new file holds them.
  const version = isOlderVersion(file.metadata.version, SOPS_FORMAT_VERSION) ? SOPS_FORMAT_VERSION : file.metadata.version;
  const rewriteMetadata = keyChanged || recipients.join('\n') !== oldRecipients.join('\n');
  const draft = handler.apply(file.text, { ...changes, metadata: { ...file.metadata, age, version }, rewriteMetadata }, file.file);
  const order = handler.parse(draft, file.file).leaves.map((leaf) => {
    const value = expected.get(pathKey(leaf.address));
    if (!value)
      throw new SopsError(
        'verify',
        `${file.file}: the written file holds a value at ${leaf.path.join('.')} that was not meant to be there`,
      );
    return { value, encrypted: encrypted(leaf.path) };
  });
  const lastModified = nowLastModified();
  const mac = encryptText(macOf(order, file.metadata.macOnlyEncrypted ?? false), 'str', dataKey, lastModifiedAad(lastModified));
  const metadata: SopsMetadata = { ...file.metadata, age, version, lastModified, mac };
  const text = handler.apply(draft, { replace: [], insert: [], remove: [], comments: [], metadata, rewriteMetadata: false }, file.file);
  return { text, decrypted: verifyWrite(text, file, dataKey, expected, age) };
}

function describeRule(m: EncryptionRules): string {
  if (m.unencryptedSuffix) return `unencrypted_suffix ${JSON.stringify(m.unencryptedSuffix)}`;
  if (m.encryptedSuffix) return `encrypted_suffix ${JSON.stringify(m.encryptedSuffix)}`;
  if (m.unencryptedRegex) return `unencrypted_regex ${JSON.stringify(m.unencryptedRegex)}`;
  return `encrypted_regex ${JSON.stringify(m.encryptedRegex)}`;
}

/** Store-then-verify: the text just produced must decrypt, pass its MAC and hold exactly the values meant. */
function verifyWrite(
  text: string,
  before: DecryptedSopsFile,
  dataKey: Uint8Array,
  expected: Map<string, ScalarValue>,
  age: AgeKeyEntry[],
): DecryptedSopsFile {
  let after: DecryptedSopsFile;
  try {
    after = decryptWithDataKey(text, before.file, dataKey, before.format);
  } catch (error) {
    throw new SopsError('verify', `${before.file}: the written file did not read back (${(error as Error).message}); nothing was saved`);
  }
  const same =
    after.values.length === expected.size &&
    after.values.every((v) => {
      const want = expected.get(pathKey(v.address));
      return want !== undefined && want.type === v.value.type && want.text === v.value.text;
    });
  if (!same || after.metadata.age.map((e) => e.recipient).join() !== age.map((e) => e.recipient).join()) {
    throw new SopsError('verify', `${before.file}: the written file does not hold what was meant; nothing was saved`);
  }
  return after;
}

export interface NewSopsFile {
  file: string;
  recipients: readonly string[];
  values: readonly SopsWrite[];
  rules?: EncryptionRules;
  format?: SopsFormat;
}

/** A new sops file, as `sops encrypt` would write it with these recipients and rules. */
export async function createSopsFile(spec: NewSopsFile): Promise<{ text: string; decrypted: DecryptedSopsFile }> {
  const format = spec.format ?? formatForFile(spec.file);
  if (!spec.recipients.length) throw new SopsError('format', `${spec.file}: a team file needs at least one recipient`);
  const dataKey = new Uint8Array(randomBytes(32));
  const rules = spec.rules ?? {};
  const encrypted = leafPredicate(rules, spec.file);
  const age = await ageEntries(spec.recipients, dataKey, []);
  const plainNonString = spec.values.find((w) => !encrypted(w.path) && w.value.type !== 'str');
  if (plainNonString)
    throw new SopsError('format', `${spec.file}: ${plainNonString.path.join('.')} would be written unencrypted; only strings can be`);
  const leaves = spec.values.map((w) => ({
    path: w.path,
    value: String(encryptLeaf(w.value, w.path, dataKey, encrypted(w.path))),
    write: w,
  }));
  const lastModified = nowLastModified();
  const base: SopsMetadata = { ...rules, age, lastModified, mac: '', version: SOPS_FORMAT_VERSION };
  const draft = HANDLERS[format].create(leaves, base);
  const expected = new Map(spec.values.map((w) => [pathKey(w.path), w.value]));
  const order = HANDLERS[format]
    .parse(draft, spec.file)
    .leaves.map((leaf) => ({ value: expected.get(pathKey(leaf.address))!, encrypted: encrypted(leaf.path) }));
  const mac = encryptText(macOf(order, rules.macOnlyEncrypted ?? false), 'str', dataKey, lastModifiedAad(lastModified));
  const text = HANDLERS[format].create(leaves, { ...base, mac });
  const empty: DecryptedSopsFile = { file: spec.file, format, text, metadata: { ...base, mac }, dataKey, values: [], comments: [] };
  return { text, decrypted: verifyWrite(text, empty, dataKey, expected, age) };
}
