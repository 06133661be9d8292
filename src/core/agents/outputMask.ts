import { type MaskSecret, type MaskerOptions, MaskStream } from '../mask';

/**
 * A streaming mask over one output stream: `push` gives what can be shown now, `flush` the held
 * rest at the end. `maskedCount` counts the tokens written so far.
 */
export interface OutputMask {
  push(chunk: Uint8Array): Uint8Array[];
  flush(): Uint8Array[];
  readonly maskedCount: number;
}

/** The one place agent runs meet the masking core: the stream adaptor, its parts copied out. */
export function streamOutputMask(secrets: readonly MaskSecret[], options: MaskerOptions = {}): OutputMask {
  let parts: Uint8Array[] = [];
  // Parts may share memory with the pushed chunk or the masker's buffers: copy before keeping.
  const stream = new MaskStream(secrets, { bytes: (out) => parts.push(...out.map((bytes) => Uint8Array.from(bytes))) }, options);
  const taken = (): Uint8Array[] => {
    const out = parts;
    parts = [];
    return out;
  };
  return {
    push: (chunk) => (stream.write(chunk), taken()),
    flush: () => (stream.end(), taken()),
    get maskedCount() {
      return stream.masker.maskedCount;
    },
  };
}
