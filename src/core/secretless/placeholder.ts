import { randomInt } from 'node:crypto';
import { PREVIEW_PREFIXES } from '../detect/finding';
import { base62, crc32, hasBase62Crc32 } from '../detect/rules/checksums';

/**
 * A placeholder stands in for a value in a process's environment: the same vendor prefix, the
 * same length, its letters and digits drawn afresh from the value's own alphabet, and its symbols
 * (separators, base64 padding) where the value has them. So tools which check a token's shape
 * accept it, and each encoding of it (percent, form, JSON, base64) has the length of the value's:
 * a swap on the wire never changes a Content-Length. The letters and digits, where a credential's
 * secret is, are not the value's.
 */

/** Fewer random characters than this would make a placeholder that innocent text could hold. */
export const MIN_PLACEHOLDER_RANDOM = 8;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const BASE62_ALPHABET = `${DIGITS}${UPPER}${LOWER}`;

/** Longest first, so that `sk-ant-api03-` wins over a shorter prefix of it. */
const PREFIXES = [...PREVIEW_PREFIXES].sort((a, b) => b.length - a.length);

/** Formats whose last 6 characters are the base62 CRC-32 of the random part (GitHub's classic tokens, npm's). */
const CRC_FORMATS = [/^gh[pousr]_[A-Za-z0-9]{36}$/, /^npm_[A-Za-z0-9]{36}$/];

const isAlnum = (c: string): boolean => /^[A-Za-z0-9]$/.test(c);

/** The alphabet a value's letters and digits come from: hex when they all are, else the classes it uses. */
function alphabetOf(body: string): string {
  const chars = [...body].filter(isAlnum).join('');
  if (/^[0-9a-f]*$/.test(chars) && /[a-f]/.test(chars)) return `${DIGITS}abcdef`;
  if (/^[0-9A-F]*$/.test(chars) && /[A-F]/.test(chars)) return `${DIGITS}ABCDEF`;
  return (/[a-z]/.test(chars) ? LOWER : '') + (/[A-Z]/.test(chars) ? UPPER : '') + (/[0-9]/.test(chars) ? DIGITS : '');
}

function randomFrom(alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

export class PlaceholderError extends Error {}

/**
 * A fresh placeholder for a value. Throws `PlaceholderError` (naming no value) when the value has
 * too few letters and digits outside its prefix to make one that could not be mistaken for text.
 */
export function makePlaceholder(value: string): string {
  const prefix = PREFIXES.find((p) => value.startsWith(p) && value.length > p.length) ?? '';
  const body = value.slice(prefix.length);
  if (!/^[\x20-\x7e]*$/.test(value)) throw new PlaceholderError('a placeholder is made for printable ASCII values only');
  const randomCount = [...body].filter(isAlnum).length;
  if (randomCount < MIN_PLACEHOLDER_RANDOM) {
    throw new PlaceholderError(
      `a placeholder needs at least ${MIN_PLACEHOLDER_RANDOM} letters or digits after the prefix; this value has ${randomCount}`,
    );
  }
  for (;;) {
    const placeholder = CRC_FORMATS.some((f) => f.test(value)) && hasBase62Crc32(value.slice(4)) ? withCrc(prefix) : prefix + reshape(body);
    if (placeholder !== value) return placeholder;
  }
}

function reshape(body: string): string {
  const alphabet = alphabetOf(body);
  return [...body].map((c) => (isAlnum(c) ? alphabet[randomInt(alphabet.length)] : c)).join('');
}

function withCrc(prefix: string): string {
  const random = randomFrom(BASE62_ALPHABET, 30);
  return `${prefix}${random}${base62(crc32(random), 6)}`;
}
