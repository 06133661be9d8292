import { couldBeDump, MAX_DUMP_LINE, parseDumpLine } from './dumpLine';

/**
 * The normalised view of a byte stream that secrets are matched against, with the map back to
 * stream offsets. The view is the stream less:
 * - CSI sequences (colours, `\x1b[K`) and charset selections (`\x1b(B`), which split a value
 *   that a highlighter or `grep --color` coloured in part;
 * - the line break after a line made of 16 or more base64/hex characters when the next line
 *   goes on with such characters (`base64`, `openssl base64`, `xxd -p` wrapping a file);
 * - dump lines (`xxd`, `hexdump -C`, `od`), replaced by the bytes their cells decode to.
 *
 * Removed CSI sequences and line breaks are "gaps": inside a masked span the masker writes them
 * after the token, so that colours and line structure survive. A dump line's text is concealed
 * whole; a match that ends in a dump line covers it to its end, ASCII column included.
 *
 * Bytes whose fate depends on bytes not yet seen (half a CSI sequence, a line break at the end
 * of a chunk, a line that begins like a dump line) are pending: in no view yet, and held.
 */
export class StreamView {
  /** View bytes produced so far. */
  length = 0;
  /** Segment k covers view offsets [segView[k], segView[k+1]): stream = view + segDelta[k]; a dump byte's span ends at segEnd[k] (else -1). */
  private segView = new Float64Array(64);
  private segDelta = new Float64Array(64);
  private segEnd = new Float64Array(64);
  private segHead = 0;
  private segCount = 0;
  private gapStart = new Float64Array(64);
  private gapEnd = new Float64Array(64);
  private gapHead = 0;
  private gapCount = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private pendingFrom = 0;
  /** The pending bytes are a line that may be a dump line: released holds do not show it. */
  private pendingDump = false;
  /** Length of the base64/hex run that ends the decided bytes and began its line, or -1. */
  private run = 0;
  /** The next decided byte begins a line. */
  private lineStart = true;
  /** The view bytes of the current scan, once it removed or replaced anything. */
  private out = new Uint8Array(0);

  /** Stream offset of the first byte that no view holds yet. */
  get undecidedFrom(): number {
    return this.pendingFrom;
  }

  /** Stream offset before which a released hold may write: a possible dump line stays held until its end. */
  get releasableTo(): number {
    return this.pendingDump ? this.pendingFrom : Infinity;
  }

  /** Takes the next chunk, at stream offset `base`, and returns the view bytes it completes. */
  feed(chunk: Uint8Array, base: number): Uint8Array {
    const fromPending = this.pending.length > 0;
    const data = fromPending ? concat(this.pending, chunk) : chunk;
    return this.decideFrom(data, fromPending ? this.pendingFrom : base, false);
  }

  /** At end of input: the pending bytes become view bytes as they are. */
  finish(): Uint8Array {
    return this.decideFrom(this.pending, this.pendingFrom, true);
  }

  private decideFrom(data: Uint8Array, dataBase: number, final: boolean): Uint8Array {
    this.pending = EMPTY;
    this.pendingDump = false;
    const view = this.scan(data, dataBase, final);
    if (this.pendingFrom < dataBase + data.length) this.pending = data.slice(this.pendingFrom - dataBase);
    return view;
  }

  /** Stream offset of the view byte at `v`. */
  streamStart(v: number): number {
    const k = this.segmentAt(v);
    return v + this.segDelta[k];
  }

  /** Stream offset where a match that ends (exclusive) at view offset `v` ends. */
  streamEnd(v: number): number {
    const k = this.segmentAt(v - 1);
    return this.segEnd[k] >= 0 ? this.segEnd[k] : v + this.segDelta[k];
  }

  /** Calls `each` with the gaps inside the stream range [from, to), in order. */
  gapsIn(from: number, to: number, each: (start: number, end: number) => void): void {
    for (let k = this.gapHead; k < this.gapCount && this.gapStart[k] < to; k++) {
      if (this.gapStart[k] >= from) each(this.gapStart[k], this.gapEnd[k]);
    }
  }

  /** Forgets segments before view offset `view` and gaps before stream offset `stream`. */
  prune(view: number, stream: number): void {
    while (this.segHead + 1 < this.segCount && this.segView[this.segHead + 1] <= view) this.segHead++;
    while (this.gapHead < this.gapCount && this.gapEnd[this.gapHead] <= stream) this.gapHead++;
  }

  private segmentAt(v: number): number {
    let lo = this.segHead;
    let hi = this.segCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.segView[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private addSegment(view: number, delta: number, end: number): void {
    const k = this.segCount - 1;
    if (k >= this.segHead && this.segDelta[k] === delta && this.segEnd[k] === end && end < 0) return;
    if (this.segCount === this.segView.length) {
      [this.segView, this.segDelta, this.segEnd] = [this.segView, this.segDelta, this.segEnd].map((a) => compact(a, this.segHead));
      this.segCount -= this.segHead;
      this.segHead = 0;
    }
    this.segView[this.segCount] = view;
    this.segDelta[this.segCount] = delta;
    this.segEnd[this.segCount++] = end;
  }

  private addGap(start: number, end: number): void {
    if (this.gapCount === this.gapStart.length) {
      [this.gapStart, this.gapEnd] = [this.gapStart, this.gapEnd].map((a) => compact(a, this.gapHead));
      this.gapCount -= this.gapHead;
      this.gapHead = 0;
    }
    this.gapStart[this.gapCount] = start;
    this.gapEnd[this.gapCount++] = end;
  }

  /**
   * Decides data[0, n) as far as it can: sets `pendingFrom` where the undecided rest begins and
   * returns the view bytes. With `final`, nothing more will come: every byte is decided.
   *
   * One pass, byte by byte: colours are dense in real output (grep writes eight sequences a
   * line), so a loop beats searching for each. Until something is removed, the view is the data
   * itself and nothing is copied.
   */
  private scan(data: Uint8Array, base: number, final: boolean): Uint8Array {
    const n = data.length;
    let out: Uint8Array | undefined;
    let o = 0;
    let i = 0;
    let run = this.run;
    let newSegment = true;
    /** Starts writing into `out`: the view no longer is the data itself. */
    const diverge = (): Uint8Array => {
      if (this.out.length < n) this.out = new Uint8Array(Math.max(n, 2 * this.out.length));
      this.out.set(data.subarray(0, o));
      return this.out;
    };
    const stop = (at: number): Uint8Array => {
      this.pendingFrom = base + at;
      this.run = run;
      this.length += o;
      return out ? out.slice(0, o) : data.subarray(0, o);
    };
    while (i < n) {
      if (this.lineStart) {
        const line = this.dumpLine(data, i, final);
        if (line === 'pending') {
          this.pendingDump = true;
          return stop(i);
        }
        if (line) {
          out ??= diverge();
          const view = this.length + o;
          line.cells.offsets.forEach((offset, k) => this.addSegment(view + k, base + i + offset - (view + k), base + line.textEnd));
          out.set(line.cells.bytes, o);
          o += line.cells.bytes.length;
          // The line break joins this line's bytes to the next dump line's; it is written back after a token.
          this.addGap(base + line.textEnd, base + line.end);
          i = line.end;
          run = -1;
          newSegment = true;
          continue;
        }
        this.lineStart = false;
      }
      const b = data[i];
      if (b === 0x1b) {
        const length = escapeLength(data, i, n);
        if (length === 0 && !final) return stop(i);
        if (length > 0) {
          out ??= diverge();
          this.addGap(base + i, base + i + length);
          i += length;
          newSegment = true;
          run = -1;
          continue;
        }
        run = -1;
      } else if (b === 0x0a || (b === 0x0d && i + 1 < n && data[i + 1] === 0x0a)) {
        const breakLength = b === 0x0a ? 1 : 2;
        if (run >= MIN_WRAPPED_RUN) {
          const next = i + breakLength;
          if (next >= n && !final) return stop(i);
          if (next < n && ALPHABET[data[next]]) {
            out ??= diverge();
            this.addGap(base + i, base + next);
            i = next;
            run = 0;
            newSegment = true;
            continue;
          }
        }
        if (b === 0x0a) this.lineStart = true;
        run = b === 0x0a ? 0 : run;
      } else if (b === 0x0d && i + 1 >= n && !final && run >= MIN_WRAPPED_RUN) {
        return stop(i);
      } else if (run >= 0) run = ALPHABET[b] ? run + 1 : -1;
      if (newSegment) {
        this.addSegment(this.length + o, base + i - (this.length + o), -1);
        newSegment = false;
      }
      if (out) out[o] = b;
      o++;
      i++;
    }
    return stop(i);
  }

  /**
   * At a line start: 'pending' when the line may be a dump line and its end has not arrived;
   * the line's bytes and extent when it is one; undefined when it is not.
   */
  private dumpLine(data: Uint8Array, from: number, final: boolean): { cells: { bytes: number[]; offsets: number[] }; textEnd: number; end: number } | 'pending' | undefined {
    if (couldBeDump(data, from, data.length) === 'no') return undefined;
    const end = data.indexOf(0x0a, from);
    if (end === -1 || end - from > MAX_DUMP_LINE) {
      if (end === -1 && data.length - from <= MAX_DUMP_LINE && !final) return 'pending';
      return undefined;
    }
    const textEnd = end > from && data[end - 1] === 0x0d ? end - 1 : end;
    const cells = parseDumpLine(Buffer.from(data.buffer, data.byteOffset + from, textEnd - from).toString('latin1'));
    return cells && { cells, textEnd, end: end + 1 };
  }
}

const EMPTY = new Uint8Array(0);

/** Lines at least this long of base64/hex characters are taken as an encoder's wrapped output. */
const MIN_WRAPPED_RUN = 16;

/** Base64 (both alphabets, padding) and hex characters. */
const ALPHABET = (() => {
  const table = new Uint8Array(256);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_') table[c.charCodeAt(0)] = 1;
  return table;
})();

/**
 * Length of the CSI sequence (`ESC [ params intermediates final`) or charset selection
 * (`ESC ( B`) at `at`; 0 when it may still be one but is cut off; -1 when it is neither.
 */
function escapeLength(data: Uint8Array, at: number, n: number): number {
  if (at + 1 >= n) return 0;
  const kind = data[at + 1];
  if (kind === 0x28 || kind === 0x29) return at + 2 < n ? 3 : 0;
  if (kind !== 0x5b) return -1;
  for (let k = at + 2; k < n && k - at < 64; k++) {
    const b = data[k];
    if (b >= 0x40 && b <= 0x7e) return k + 1 - at;
    if (b < 0x20 || b > 0x3f) return -1;
  }
  return n - at < 64 ? 0 : -1;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function compact(array: Float64Array, from: number): Float64Array<ArrayBuffer> {
  const live = array.subarray(from);
  const out = new Float64Array(Math.max(64, 2 * live.length));
  out.set(live);
  return out;
}
