import { type MaskSecret, type MaskerOptions, StreamMasker } from '../mask';

/**
 * A streaming mask over one output stream: `push` gives what can be shown now, `flush` the held
 * rest at the end. `maskedCount` counts the tokens written so far.
 */
export interface OutputMask {
  push(chunk: Uint8Array): Uint8Array[];
  flush(): Uint8Array[];
  readonly maskedCount: number;
}

/** The one place agent runs meet the masking core: the streaming masker, its parts copied out. */
export function streamOutputMask(secrets: readonly MaskSecret[], options: MaskerOptions = {}): OutputMask {
  const masker = new StreamMasker(secrets, options);
  const collect = (run: (write: (bytes: Uint8Array) => void) => void): Uint8Array[] => {
    const parts: Uint8Array[] = [];
    // Parts may share memory with the pushed chunk or the masker's buffers: copy before keeping.
    run((bytes) => parts.push(Uint8Array.from(bytes)));
    return parts;
  };
  return {
    push: (chunk) => collect((write) => masker.push(chunk, write)),
    flush: () => collect((write) => masker.flush(write)),
    get maskedCount() {
      return masker.maskedCount;
    },
  };
}
