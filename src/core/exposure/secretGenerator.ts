import { randomBytes } from 'node:crypto';

/** Alphabets offered when a value is generated; any other string of distinct characters works too. */
export const ALPHABETS = {
  alphanumeric: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  base64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  hex: '0123456789abcdef',
  // Printable ASCII without space, quotes, backslash and backtick: safe in .env, shell and JSON.
  symbols: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$%&()*+,-./:;<=>?@[]^_{|}~',
} as const;

export type AlphabetName = keyof typeof ALPHABETS;

export interface GenerateOptions {
  length: number;
  /** A named alphabet or the characters themselves. Default alphanumeric. */
  alphabet?: AlphabetName | (string & {});
  /** The randomness, for tests; default crypto.randomBytes. */
  random?: (size: number) => Uint8Array;
}

/**
 * A random value of `length` characters drawn uniformly from the alphabet. Each character comes
 * from one random byte; bytes at or above the largest multiple of the alphabet size are thrown
 * away and drawn again (rejection sampling), so no character is likelier than another, as a bare
 * `byte % size` would make the first `256 % size` characters.
 */
export function generateSecret(options: GenerateOptions): string {
  const chars = [
    ...(options.alphabet && options.alphabet in ALPHABETS
      ? ALPHABETS[options.alphabet as AlphabetName]
      : (options.alphabet ?? ALPHABETS.alphanumeric)),
  ];
  if (new Set(chars).size !== chars.length) throw new Error('the alphabet repeats a character');
  if (chars.length < 2 || chars.length > 256) throw new Error('the alphabet needs 2 to 256 characters');
  if (!Number.isInteger(options.length) || options.length < 1 || options.length > 4096) throw new Error('the length must be 1 to 4096');
  const random = options.random ?? randomBytes;
  const limit = 256 - (256 % chars.length);
  let out = '';
  let count = 0;
  while (count < options.length) {
    const need = options.length - count;
    for (const b of random(need + (need >> 1) + 8)) {
      if (b >= limit) continue;
      out += chars[b % chars.length];
      if (++count === options.length) break;
    }
  }
  return out;
}

/** Bits of entropy in a generated value: length × log2(alphabet size). */
export function entropyBits(length: number, alphabetSize: number): number {
  return length * Math.log2(alphabetSize);
}
