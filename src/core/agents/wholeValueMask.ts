import { type MaskSecret, type MaskerOptions, MaskStream } from '../mask';

/** The most one mask request may carry; a hook withholds larger output rather than pass it on unchecked. */
export const MAX_MASK_BYTES = 1024 * 1024;
export const MAX_MASK_TEXTS = 4096;

export interface WholeValueMask {
  texts: string[];
  maskedCount: number;
  /** Tokens written per stored secret's name, for the audit record. */
  names: Map<string, number>;
}

/**
 * Masks texts a client chose (a hook's tool output) with whole values and their renderings only.
 * Never the 9-byte runs that live output gets: a client that picks the text would learn, one
 * guessed character at a time, whether its guess shares 9 characters with a stored value.
 * The runs stay where Vaultify produces the stream itself (masked terminals, agent runs).
 */
export function maskWholeValues(
  texts: readonly string[],
  secrets: readonly MaskSecret[],
  options: Omit<MaskerOptions, 'partialRuns'> = {},
): WholeValueMask {
  const names = new Map<string, number>();
  let maskedCount = 0;
  const masked = texts.map((text) => {
    let out = '';
    const stream = new MaskStream(secrets, { text: (part) => (out += part) }, { ...options, partialRuns: false });
    stream.write(text);
    stream.end();
    maskedCount += stream.masker.maskedCount;
    for (const [name, count] of stream.masker.maskedNames) names.set(name, (names.get(name) ?? 0) + count);
    return out;
  });
  return { texts: masked, maskedCount, names };
}

/** Why a mask request is refused before masking, or undefined: the per-connection bound. */
export function maskRequestProblem(texts: unknown): string | undefined {
  if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) return 'mask needs texts: an array of strings';
  if (texts.length > MAX_MASK_TEXTS) return `mask takes at most ${MAX_MASK_TEXTS} texts per request, not ${texts.length}`;
  if (maskBytes(texts as string[]) > MAX_MASK_BYTES) return `mask takes at most ${MAX_MASK_BYTES / (1024 * 1024)} MB of text per request`;
  return undefined;
}

export const maskBytes = (texts: readonly string[]): number => texts.reduce((sum, t) => sum + Buffer.byteLength(t, 'utf8'), 0);
