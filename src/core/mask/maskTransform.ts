import { Transform, type TransformCallback } from 'node:stream';
import { MaskStream } from './maskStream';
import type { MaskSecret, MaskerOptions } from './streamMasker';

/**
 * A Node stream over `MaskStream`, for the CLI's pipes (`vaultify mask`, the output of
 * `vaultify run`): bytes in, masked bytes out, with the stream's backpressure. A 1 MB input buffer
 * lets the reader read ahead while the masker works.
 */
export class MaskTransform extends Transform {
  readonly masking: MaskStream;

  constructor(secrets: readonly MaskSecret[], options: MaskerOptions = {}) {
    super({ writableHighWaterMark: 1 << 20 });
    // One copy per write: the parts may share memory with the chunk or the masker's buffers.
    this.masking = new MaskStream(secrets, { bytes: (parts) => void this.push(Buffer.concat(parts)) }, options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.masking.write(chunk);
    done();
  }

  override _flush(done: TransformCallback): void {
    this.masking.end();
    done();
  }
}
