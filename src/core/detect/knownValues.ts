import { fingerprint } from './fingerprint';

/**
 * Known-value detection: any value stored in the vault that appears verbatim in a buffer.
 *
 * The extension never hands the language server a plaintext value. Per stored value it sends
 * a fingerprint: the value's length, its salted SHA-256 (`fingerprint`), and a 31-bit
 * Rabin–Karp hash. The server rolls that hash over the text once per distinct length, and
 * confirms each candidate window with the SHA-256: O(text × distinct lengths) hashing, and a
 * SHA-256 only where the rolling hash agrees.
 */
export interface KnownValueFingerprint {
  /** The vault secret's name, for the message (`Vault secret NAME appears in plain text`). */
  name: string;
  /** Length in UTF-16 code units, as the text is indexed. */
  length: number;
  /** `fingerprint(value)`. */
  hash: string;
  /** Rabin–Karp hash of the value (see `rollingHash`). */
  rolling: number;
}

export interface KnownValueMatch {
  name: string;
  start: number;
  end: number;
}

/** A Mersenne prime modulus and a base above every UTF-16 code unit; products stay below 2^53. */
const MODULUS = 2_147_483_647;
const BASE = 65_599;

/** The Rabin–Karp hash of `text[start, start + length)`. */
function rollingHash(text: string, start: number, length: number): number {
  let h = 0;
  for (let i = start; i < start + length; i++) h = (h * BASE + text.charCodeAt(i)) % MODULUS;
  return h;
}

/** BASE^(length-1) mod MODULUS: the weight of the character that leaves the window. */
function leadingWeight(length: number): number {
  let w = 1;
  for (let i = 1; i < length; i++) w = (w * BASE) % MODULUS;
  return w;
}

/** Client side: what the extension sends the server for one stored value. */
export function knownValueFingerprint(name: string, value: string): KnownValueFingerprint {
  return { name, length: value.length, hash: fingerprint(value), rolling: rollingHash(value, 0, value.length) };
}

/**
 * Server side: every occurrence of a fingerprinted value in a text, in order of position (then
 * longest first). Overlapping occurrences, of one value or of several, are all reported.
 */
export function findKnownValues(text: string, fingerprints: readonly KnownValueFingerprint[]): KnownValueMatch[] {
  const byLength = new Map<number, Map<number, KnownValueFingerprint[]>>();
  for (const fp of fingerprints) {
    if (fp.length < 1 || fp.length > text.length) continue;
    let byRolling = byLength.get(fp.length);
    if (!byRolling) byLength.set(fp.length, (byRolling = new Map<number, KnownValueFingerprint[]>()));
    const same = byRolling.get(fp.rolling);
    if (same) same.push(fp);
    else byRolling.set(fp.rolling, [fp]);
  }

  const matches: KnownValueMatch[] = [];
  for (const [length, byRolling] of byLength) {
    const weight = leadingWeight(length);
    let h = rollingHash(text, 0, length);
    for (let start = 0; ; start++) {
      const candidates = byRolling.get(h);
      if (candidates) {
        const hash = fingerprint(text.slice(start, start + length));
        for (const fp of candidates) if (fp.hash === hash) matches.push({ name: fp.name, start, end: start + length });
      }
      if (start + length >= text.length) break;
      const leaving = (text.charCodeAt(start) * weight) % MODULUS;
      h = (((h - leaving + MODULUS) % MODULUS) * BASE + text.charCodeAt(start + length)) % MODULUS;
    }
  }
  return matches.sort((a, b) => a.start - b.start || b.end - a.end || a.name.localeCompare(b.name));
}
