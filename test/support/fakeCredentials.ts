import { crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

function base62(n: number, width: number): string {
  let out = '';
  for (let v = n >>> 0; v > 0; v = Math.floor(v / 62)) out = BASE62[v % 62] + out;
  return out.padStart(width, '0');
}

function randomBase62(length: number): string {
  const bytes = randomBytes(length);
  return Array.from(bytes, (b) => BASE62[b % 62]).join('');
}

/**
 * A synthetic GitHub personal access token in the real format, checksum included: `ghp_`, 30
 * random base62 characters, then the CRC32 of those 30 in 6 base62 characters. Never a live token.
 */
export function fakeGitHubToken(prefix = 'ghp'): string {
  const body = randomBase62(30);
  return `${prefix}_${body}${base62(crc32(body), 6)}`;
}

/** A synthetic Stripe secret key in the live format: `sk_live_` and 24 random base62 characters. Never a live key. */
export function fakeStripeKey(): string {
  return `sk_live_${randomBase62(24)}`;
}
