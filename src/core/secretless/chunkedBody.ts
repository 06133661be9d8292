import { MalformedResponse } from './responseHead';

/** A chunk-size line or a trailer line longer than this is malformed. */
const MAX_LINE = 8 * 1024;
/** Trailers are read and dropped (one could carry a value back); more than this is malformed. */
const MAX_TRAILERS = 64 * 1024;
const SIZE_LINE = /^([0-9A-Fa-f]{1,13})[ \t]*(?:;[\t\x20-\x7e\x80-\xff]*)?$/;

const enum State {
  Size,
  Data,
  DataEnd,
  Trailer,
  Done,
}

/**
 * Decodes a chunked body as it arrives in any split: the data of each chunk is handed on as
 * slices of what came (no copy), sizes, extensions and trailers are read and dropped. Strict:
 * a malformed size line or a chunk not followed by CRLF throws `MalformedResponse`.
 */
export class ChunkedDecoder {
  private state = State.Size;
  private line = '';
  private remaining = 0;
  /** Of the CRLF after a chunk's data, how many bytes were seen. */
  private crlf = 0;
  private trailerBytes = 0;

  get done(): boolean {
    return this.state === State.Done;
  }

  /** Feeds bytes; `data` gets the body's slices. Returns where the body ended in `chunk` (bytes after it are not the body's), or -1. */
  push(chunk: Buffer, data: (slice: Buffer) => void): number {
    let i = 0;
    while (i < chunk.length) {
      switch (this.state) {
        case State.Size:
        case State.Trailer: {
          const lf = chunk.indexOf(10, i);
          const end = lf === -1 ? chunk.length : lf;
          this.line += chunk.toString('latin1', i, end);
          if (this.line.length > MAX_LINE) throw new MalformedResponse('a chunk line is too long');
          i = end;
          if (lf === -1) break;
          i++;
          if (!this.line.endsWith('\r')) throw new MalformedResponse('a chunk line does not end with CRLF');
          const line = this.line.slice(0, -1);
          this.line = '';
          if (this.state === State.Trailer) {
            if (line === '') {
              this.state = State.Done;
              return i;
            }
            this.trailerBytes += line.length;
            if (this.trailerBytes > MAX_TRAILERS) throw new MalformedResponse('the trailers are too large');
            break;
          }
          const size = SIZE_LINE.exec(line);
          if (!size) throw new MalformedResponse('a chunk size is malformed');
          this.remaining = parseInt(size[1], 16);
          this.state = this.remaining === 0 ? State.Trailer : State.Data;
          break;
        }
        case State.Data: {
          const take = Math.min(this.remaining, chunk.length - i);
          data(i === 0 && take === chunk.length ? chunk : chunk.subarray(i, i + take));
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) {
            this.state = State.DataEnd;
            this.crlf = 0;
          }
          break;
        }
        case State.DataEnd:
          if (chunk[i] !== (this.crlf === 0 ? 13 : 10)) throw new MalformedResponse('a chunk is not followed by CRLF');
          i++;
          if (++this.crlf === 2) this.state = State.Size;
          break;
      }
    }
    return this.state === State.Done ? i : -1;
  }
}
