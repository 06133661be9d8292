import { MaskStream } from './maskStream';
import type { MaskerOptions, MaskSecret } from './streamMasker';

/** One-shot masking of a whole text (an agent tool's output, a hook's payload): the stream adaptor over one chunk. */
export function maskText(text: string, secrets: readonly MaskSecret[], options: MaskerOptions = {}): { text: string; maskedCount: number } {
  let out = '';
  const stream = new MaskStream(secrets, { text: (masked) => (out += masked) }, options);
  stream.write(text);
  stream.end();
  return { text: out, maskedCount: stream.masker.maskedCount };
}
