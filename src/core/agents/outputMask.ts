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

/**
 * The one place agent runs meet the masking core. `StreamMasker` writes each token as a part of
 * its own, the same bytes every time, so a part equal to a token is a masked value.
 */
export function streamOutputMask(secrets: readonly MaskSecret[], options: MaskerOptions = {}): OutputMask {
  const masker = new StreamMasker(secrets, options);
  const token = options.token ?? '[masked vault:{name}]';
  const render = typeof token === 'function' ? token : (name: string) => token.split('{name}').join(name);
  const tokens = new Set(secrets.map((s) => Buffer.from(render(s.name)).toString('latin1')));
  const lengths = new Set([...tokens].map((t) => t.length));
  let maskedCount = 0;
  const collect = (run: (write: (bytes: Uint8Array) => void) => void): Uint8Array[] => {
    const parts: Uint8Array[] = [];
    run((bytes) => {
      if (lengths.has(bytes.length) && tokens.has(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1'))) maskedCount++;
      // Parts may share memory with the pushed chunk or the masker's buffers: copy before keeping.
      parts.push(Uint8Array.from(bytes));
    });
    return parts;
  };
  return {
    push: (chunk) => collect((write) => masker.push(chunk, write)),
    flush: () => collect((write) => masker.flush(write)),
    get maskedCount() {
      return maskedCount;
    },
  };
}
