import { createHash, randomBytes, scryptSync } from 'node:crypto';

/**
 * A one-way fingerprint of a value, for data that must name a value without holding it and
 * never leaves the machine (the vault's values as the language server looks for them). Salted
 * with a constant so that the hash of a common password is not a lookup away in public SHA-256
 * tables; fast, so it is no defence against guessing. Settings that may be committed use
 * `ignoredValueEntry` instead.
 */
export function fingerprint(value: string): string {
  return 'sha256:' + createHash('sha256').update('vaultify-fingerprint-v1\u0000').update(value).digest('hex').slice(0, 32);
}

/**
 * scrypt's cost for the fingerprints "Ignore this finding" writes to settings. A committed
 * `.vscode/settings.json` is public, and the values people mark "not a secret" are the guessable
 * ones (a default password, a demo key): the hash must make each guess expensive. N = 2^15, r = 8
 * (32 MiB, about 80 ms on one core of a 2-core CI machine) puts a ten-million-word dictionary at
 * about nine CPU-days per repository, since each repository has its own salt; the language server
 * pays it once per distinct candidate value of the same length as an entry, then caches the answer.
 */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const ENTRY = /^scrypt1:([0-9]{1,5}):([0-9a-f]{64})$/;

/** A new random salt for a repository's ignored values (`vaultify.detection.ignoredValuesSalt`). */
export function newIgnoreSalt(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The settings entry for a value marked "not a secret": `scrypt1:<length>:<hash>`. The hash is
 * scrypt over the value's `fingerprint`, so that the detector, which hands its filter that
 * fingerprint, can check it without holding the value longer. The length is in the clear (every
 * diagnostic shows it already) so that the server hashes only candidates of a length some entry has.
 */
export function ignoredValueEntry(value: string, salt: string): string {
  return `scrypt1:${value.length}:${saltedHash(fingerprint(value), salt)}`;
}

/** scrypt over a value's `fingerprint`, salted with the workspace's salt; hex. */
export function saltedHash(print: string, salt: string): string {
  return scryptSync(print, `vaultify-ignored-v1\u0000${salt}`, 32, SCRYPT).toString('hex');
}

/**
 * The ignored values as the detector matches them: salted entries (`ignoredValueEntry`) and
 * older unsalted ones (`fingerprint`), which keep working. `has` takes a candidate's
 * `fingerprint` and its length; scrypt runs once per distinct candidate, and only when some
 * salted entry has that length. The cache holds fingerprints and answers, never values.
 */
export class IgnoredValues {
  private readonly unsalted = new Set<string>();
  private readonly salted = new Set<string>();
  private readonly lengths = new Set<number>();
  private readonly answers = new Map<string, boolean>();

  /** `hash` is scrypt as entries are made; a test passes a counting wrapper. */
  constructor(
    entries: readonly string[],
    private readonly salt: string,
    private readonly hash: (print: string, salt: string) => string = saltedHash,
  ) {
    for (const entry of entries) {
      const m = ENTRY.exec(entry);
      if (m) {
        this.salted.add(m[2]);
        this.lengths.add(Number(m[1]));
      } else {
        this.unsalted.add(entry);
      }
    }
  }

  get size(): number {
    return this.unsalted.size + this.salted.size;
  }

  has(print: string, length: number): boolean {
    if (this.unsalted.has(print)) return true;
    if (!this.salt || !this.lengths.has(length)) return false;
    let answer = this.answers.get(print);
    if (answer === undefined) {
      answer = this.salted.has(this.hash(print, this.salt));
      // Bounded: a workspace of generated files cannot grow it without end.
      if (this.answers.size >= 10_000) this.answers.clear();
      this.answers.set(print, answer);
    }
    return answer;
  }
}
