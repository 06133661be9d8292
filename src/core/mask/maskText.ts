import { type MaskerOptions, type MaskSecret, StreamMasker } from './streamMasker';

/** One-shot masking of a whole text (an agent tool's output, a hook's payload): the streaming masker over one chunk. */
export function maskText(text: string, secrets: readonly MaskSecret[], options: MaskerOptions = {}): { text: string; maskedCount: number } {
  const masker = new StreamMasker(secrets, options);
  const parts: Uint8Array[] = [];
  const write = (bytes: Uint8Array): void => void parts.push(bytes);
  masker.push(Buffer.from(text, 'utf8'), write);
  masker.flush(write);
  return { text: Buffer.concat(parts).toString('utf8'), maskedCount: masker.maskedCount };
}
