/**
 * Replaces byte strings in a stream: placeholder → value on the way to a bound host, value →
 * placeholder on the way back. Leftmost match first, the longest at one position, and for any
 * split of the stream into chunks the output equals swapping the whole stream at once: the bytes
 * at a chunk's end that could begin a pattern are held back, and only those, so memory stays
 * below the longest pattern. Every pair has equal lengths, so a swap never changes a
 * Content-Length.
 */

export interface SwapPair {
  from: Buffer;
  to: Buffer;
}

export class StreamSwapper {
  private readonly pairs: SwapPair[];
  private readonly maxLength: number;
  /** Bytes that may begin a pattern: the hold-back check looks only where one of them is. */
  private readonly firstBytes = new Uint8Array(256);
  private held: Buffer = Buffer.alloc(0);
  /** How many swaps so far. */
  count = 0;

  constructor(pairs: readonly SwapPair[]) {
    const seen = new Set<string>();
    this.pairs = [];
    for (const pair of pairs) {
      if (pair.from.length === 0) continue;
      if (pair.from.length !== pair.to.length) throw new Error('a swap pair must keep the length');
      const key = pair.from.toString('latin1');
      if (seen.has(key) || pair.from.equals(pair.to)) continue;
      seen.add(key);
      this.pairs.push(pair);
      this.firstBytes[pair.from[0]] = 1;
    }
    this.maxLength = Math.max(0, ...this.pairs.map((p) => p.from.length));
  }

  get empty(): boolean {
    return this.pairs.length === 0;
  }

  /** The swapped bytes that are final so far; bytes that could begin a pattern wait for the next chunk. */
  push(chunk: Buffer): Buffer {
    if (this.pairs.length === 0) return chunk;
    const buffer = this.held.length === 0 ? chunk : Buffer.concat([this.held, chunk]);
    return this.swap(buffer, false);
  }

  /** Everything still held, swapped: the stream has ended. */
  end(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest.length === 0 ? rest : this.swap(rest, true);
  }

  /** One whole string at once (a header, a URL), counted with the rest. */
  swapText(text: string, encoding: BufferEncoding = 'latin1'): string {
    if (this.pairs.length === 0) return text;
    const saved = this.held;
    this.held = Buffer.alloc(0);
    const out = this.swap(Buffer.from(text, encoding), true).toString(encoding);
    this.held = saved;
    return out;
  }

  private swap(buffer: Buffer, final: boolean): Buffer {
    const holdCandidates = final ? [] : this.holdCandidates(buffer);
    const holdFromAfter = (at: number): number => holdCandidates.find((c) => c >= at) ?? buffer.length;
    const next = this.pairs.map(() => -2);
    const parts: Buffer[] = [];
    let pos = 0;
    for (;;) {
      let best = -1;
      let bestIndex = Infinity;
      for (let i = 0; i < this.pairs.length; i++) {
        if (next[i] !== -1 && next[i] < pos) next[i] = buffer.indexOf(this.pairs[i].from, pos);
        const index = next[i];
        if (index === -1) continue;
        if (index < bestIndex || (index === bestIndex && this.pairs[i].from.length > this.pairs[best].from.length)) {
          best = i;
          bestIndex = index;
        }
      }
      // A match that starts where a longer pattern might still begin waits for more bytes.
      if (best === -1 || bestIndex >= holdFromAfter(pos)) break;
      parts.push(buffer.subarray(pos, bestIndex), this.pairs[best].to);
      pos = bestIndex + this.pairs[best].from.length;
      this.count++;
    }
    const holdFrom = holdFromAfter(pos);
    this.held = Buffer.from(buffer.subarray(holdFrom));
    if (parts.length === 0) return buffer.subarray(0, holdFrom);
    parts.push(buffer.subarray(pos, holdFrom));
    return Buffer.concat(parts);
  }

  /** Positions near the end from which the rest of the buffer is a proper prefix of a pattern, ascending. */
  private holdCandidates(buffer: Buffer): number[] {
    const found: number[] = [];
    for (let start = Math.max(0, buffer.length - this.maxLength + 1); start < buffer.length; start++) {
      if (!this.firstBytes[buffer[start]]) continue;
      const tail = buffer.subarray(start);
      if (this.pairs.some((p) => p.from.length > tail.length && tail.equals(p.from.subarray(0, tail.length)))) found.push(start);
    }
    return found;
  }
}
