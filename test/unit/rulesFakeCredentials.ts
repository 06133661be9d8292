/**
 * Synthetic credentials in each vendor's real format, for the rule tests. Every value is drawn
 * from a seeded generator, so runs are repeatable and no value is, or was ever, a real key.
 */
import { base62, bech32Encode, crc32 } from '../../src/core/detect/rules/checksums';
import { createDetector } from '../../src/core/detect';
import type { Finding } from '../../src/core/detect';

export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const B62 = DIGITS + UPPER + LOWER;
export const B64 = UPPER + LOWER + DIGITS + '+/';
export const URLSAFE = B62 + '_-';
export const BASE32 = UPPER + '234567';

/** Bodies a placeholder filter would rightly discard are drawn again. */
const STAND_IN = /(.)\1\1|0123|1234|abcd|bcde|xxx|example|test|fake|dummy|sample|your|secret|token|passw/i;

/** A seeded generator (mulberry32): the same seed gives the same credentials on every run. */
export function fakes(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const chars = (n: number, alphabet: string): string => {
    for (;;) {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
      if (!STAND_IN.test(out) && (n < 8 || new Set(out).size > Math.min(n / 4, alphabet.length / 2))) return out;
    }
  };
  const mixed = (n: number, alphabet = B62): string => {
    for (;;) {
      const v = chars(n, alphabet);
      if (/[a-z]/.test(v) && /[A-Z]/.test(v) && /[0-9]/.test(v)) return v;
    }
  };
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  const base64 = (n: number) => bytes(n).toString('base64');
  return {
    chars,
    mixed,
    bytes,
    base64,
    /** A GitHub-style token with a real CRC-32 checksum (`ghp_`, `npm_`...). */
    checksummed(prefix: string): string {
      const random = mixed(30);
      return `${prefix}_${random}${base62(crc32(random), 6)}`;
    },
    /** A body of the right length whose checksum is wrong. */
    badChecksum(prefix: string): string {
      const random = mixed(30);
      const good = base62(crc32(random), 6);
      const bad = good.slice(0, 5) + (good[5] === 'A' ? 'B' : 'A');
      return `${prefix}_${random}${bad}`;
    },
    ageKey(): string {
      const data = Array.from({ length: 52 }, () => Math.floor(next() * 32));
      return bech32Encode('age-secret-key-', data).toUpperCase();
    },
    /** DER-looking PEM body: base64 of random bytes behind a SEQUENCE header. */
    pemBody(length: number, header = 'MII'): string {
      const body = header + base64(Math.ceil((length * 3) / 4)).replace(/[+/=]/g, 'A').slice(0, length - header.length);
      return body.match(/.{1,64}/g)!.join('\n');
    },
  };
}

const detector = createDetector();

export interface Found {
  kind: string;
  value: string;
  confidence: Finding['confidence'];
}

/** What the default detector reports in a text: each finding's kind, exact value and confidence. */
export async function found(text: string, filePath?: string): Promise<Found[]> {
  const { findings, failures } = await detector.detect(text, filePath ? { filePath } : {});
  if (failures.length) throw new Error(`rules failed: ${failures.map((f) => `${f.ruleId}: ${f.reason}`).join('; ')}`);
  return findings.map((f) => ({ kind: f.kind, value: text.slice(f.start, f.end), confidence: f.confidence }));
}
