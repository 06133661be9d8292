/**
 * Replaces byte strings in a stream: placeholder → value on the way to a bound host, value →
 * placeholder on the way back. Leftmost match first, the longest at one position, and for any
 * split of the stream into chunks the output equals swapping the whole stream at once: the bytes
 * at a chunk's end that could begin a pattern are held back, and only those, so memory stays
 * below the longest pattern. Every pair has equal lengths, so a swap never changes a
 * Content-Length.
 *
 * Built for a download's hot path (every byte of a swapped answer passes here): each chunk is
 * searched natively (`Buffer.indexOf`) once per anchor, a pattern that no shorter pattern begins;
 * a pattern that begins with another (base64 with its padding begins with base64 without) is only
 * checked where its anchor was found. A chunk without a match or a pending prefix is passed on as
 * it came, without a copy or an allocation.
 */

export interface SwapPair {
  from: Buffer;
  to: Buffer;
}

const EMPTY = Buffer.alloc(0);

export class StreamSwapper {
  private readonly pairs: SwapPair[];
  /** Indexes into `pairs` of the patterns searched for; `members[a]` are the pairs that begin with anchor `a`, longest first. */
  private readonly anchors: number[] = [];
  private readonly members: number[][] = [];
  /** Per anchor, where it was last found (-1: nowhere further), reused from chunk to chunk. */
  private readonly next: Int32Array;
  private readonly maxLength: number;
  /** Bytes that may begin a pattern: the hold-back check looks only where one of them is. */
  private readonly firstBytes = new Uint8Array(256);
  private held: Buffer = EMPTY;
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
    // Shortest first: each pattern joins the first (shortest) anchor it begins with, or becomes one.
    const byLength = this.pairs.map((_, i) => i).sort((a, b) => this.pairs[a].from.length - this.pairs[b].from.length);
    for (const i of byLength) {
      const from = this.pairs[i].from;
      const a = this.anchors.findIndex(
        (j) => from.compare(this.pairs[j].from, 0, this.pairs[j].from.length, 0, this.pairs[j].from.length) === 0,
      );
      if (a === -1) {
        this.anchors.push(i);
        this.members.push([i]);
      } else this.members[a].unshift(i);
    }
    this.next = new Int32Array(this.anchors.length);
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
    this.held = EMPTY;
    return rest.length === 0 ? rest : this.swap(rest, true);
  }

  /** One whole string at once (a header, a URL), counted with the rest. */
  swapText(text: string, encoding: BufferEncoding = 'latin1'): string {
    if (this.pairs.length === 0) return text;
    const saved = this.held;
    this.held = EMPTY;
    const out = this.swap(Buffer.from(text, encoding), true).toString(encoding);
    this.held = saved;
    return out;
  }

  private swap(buffer: Buffer, final: boolean): Buffer {
    const next = this.next;
    next.fill(-2);
    let holdFrom = final ? buffer.length : this.holdFrom(buffer, 0);
    let parts: Buffer[] | undefined;
    let pos = 0;
    for (;;) {
      // The leftmost anchor: no two anchors are found at one place, as neither begins the other.
      let best = -1;
      let bestIndex = holdFrom;
      for (let a = 0; a < next.length; a++) {
        if (next[a] !== -1 && next[a] < pos) next[a] = buffer.indexOf(this.pairs[this.anchors[a]].from, pos);
        if (next[a] !== -1 && next[a] < bestIndex) {
          best = a;
          bestIndex = next[a];
        }
      }
      // None before the held tail: a match that starts where a longer pattern might still begin waits for more bytes.
      if (best === -1) break;
      const pair = this.longestAt(buffer, bestIndex, best);
      parts ??= [];
      parts.push(buffer.subarray(pos, bestIndex), pair.to);
      pos = bestIndex + pair.from.length;
      this.count++;
      if (pos > holdFrom) holdFrom = this.holdFrom(buffer, pos);
    }
    this.held = holdFrom === buffer.length ? EMPTY : Buffer.from(buffer.subarray(holdFrom));
    if (!parts) return holdFrom === buffer.length ? buffer : buffer.subarray(0, holdFrom);
    parts.push(buffer.subarray(pos, holdFrom));
    return Buffer.concat(parts);
  }

  /** The longest pair of an anchor's group whose pattern is at `at` (the anchor itself is). */
  private longestAt(buffer: Buffer, at: number, anchor: number): SwapPair {
    for (const i of this.members[anchor]) {
      const from = this.pairs[i].from;
      if (at + from.length <= buffer.length && buffer.compare(from, 0, from.length, at, at + from.length) === 0) return this.pairs[i];
    }
    return this.pairs[this.anchors[anchor]];
  }

  /** The first position at or after `from`, near the end, from which the rest of the buffer is a proper prefix of a pattern; else the length. */
  private holdFrom(buffer: Buffer, from: number): number {
    const length = buffer.length;
    for (let start = Math.max(from, length - this.maxLength + 1); start < length; start++) {
      if (!this.firstBytes[buffer[start]]) continue;
      const tail = length - start;
      for (const { from: pattern } of this.pairs) {
        if (pattern.length > tail && buffer.compare(pattern, 0, tail, start, length) === 0) return start;
      }
    }
    return length;
  }
}
