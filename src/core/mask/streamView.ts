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
  private carryRun = 0;
  /** The next decided byte begins a line. */
  private lineStart = true;
  private pieces: Uint8Array[] = [];

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
    const dataBase = fromPending ? this.pendingFrom : base;
    this.pending = EMPTY;
    this.pendingDump = false;
    this.pieces = [];
    const end = this.scan(data, dataBase, false);
    this.pendingFrom = dataBase + end;
    if (end < data.length) this.pending = data.slice(end);
    return this.collect(data);
  }

  /** At end of input: the pending bytes become view bytes as they are. */
  finish(): Uint8Array {
    const data = this.pending;
    this.pieces = [];
    const end = this.scan(data, this.pendingFrom, true);
    this.pendingFrom += end;
    this.pending = EMPTY;
    this.pendingDump = false;
    return this.collect(data);
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

  /** Appends data[from, to) to the view. */
  private keep(data: Uint8Array, dataBase: number, from: number, to: number): void {
    if (to <= from) return;
    this.addSegment(this.length, dataBase + from - this.length, -1);
    this.pieces.push(data.subarray(from, to));
    this.length += to - from;
  }

  private collect(data: Uint8Array): Uint8Array {
    const pieces = this.pieces;
    this.pieces = [];
    if (pieces.length === 1 && pieces[0].length === data.length) return data;
    return pieces.length === 1 ? pieces[0] : concat(...pieces);
  }

  /**
   * Decides data[0, n) as far as it can and returns where the undecided rest begins. With
   * `final`, nothing more will come: every byte is decided.
   */
  private scan(data: Uint8Array, base: number, final: boolean): number {
    const n = data.length;
    let kept = 0;
    let i = 0;
    let esc = -2;
    let nl = -2;
    while (i < n) {
      if (this.lineStart) {
        // What comes before goes into the view first: a dump line appends its bytes.
        this.keep(data, base, kept, i);
        kept = i;
        const line = this.dumpLine(data, base, i, final);
        if (line === 'pending') {
          this.pendingDump = true;
          return i;
        }
        if (line >= 0) {
          kept = i = line;
          this.carryRun = -1;
          continue;
        }
        this.lineStart = false;
      }
      if (esc !== -1 && esc < i) esc = data.indexOf(0x1b, i);
      if (nl !== -1 && nl < i) nl = data.indexOf(0x0a, i);
      const at = esc === -1 ? nl : nl === -1 ? esc : Math.min(esc, nl);
      if (at === -1) {
        // A final "\r" may be half of a line break that a wrapped run ends with.
        const stop = !final && data[n - 1] === 0x0d ? n - 1 : n;
        this.carryRun = runEnding(data, stop, this.carryRun);
        this.keep(data, base, kept, stop);
        return stop;
      }
      if (at === esc) {
        const length = escapeLength(data, at, n);
        if (length === 0 && !final) {
          this.carryRun = runEnding(data, at, this.carryRun);
          this.keep(data, base, kept, at);
          return at;
        }
        if (length > 0) {
          this.keep(data, base, kept, at);
          this.addGap(base + at, base + at + length);
          kept = i = at + length;
        } else i = at + 1;
        this.carryRun = -1;
        continue;
      }
      const brk = at > 0 && data[at - 1] === 0x0d ? at - 1 : at;
      const run = runEnding(data, brk, this.carryRun);
      this.carryRun = -1;
      if (run >= MIN_WRAPPED_RUN) {
        if (at + 1 >= n && !final) {
          this.keep(data, base, kept, brk);
          this.carryRun = run;
          return brk;
        }
        if (at + 1 < n && ALPHABET[data[at + 1]]) {
          this.keep(data, base, kept, brk);
          this.addGap(base + brk, base + at + 1);
          kept = i = at + 1;
          this.carryRun = 0;
          continue;
        }
      }
      i = at + 1;
      this.carryRun = 0;
      this.lineStart = true;
    }
    this.keep(data, base, kept, i);
    return i;
  }

  /**
   * At a line start: 'pending' when the line may be a dump line and its end has not arrived;
   * the offset after the line when it is one (its text replaced by its bytes in the view); -1
   * when it is not.
   */
  private dumpLine(data: Uint8Array, base: number, from: number, final: boolean): number | 'pending' {
    if (couldBeDump(data, from, data.length) === 'no') return -1;
    let end = data.indexOf(0x0a, from);
    if (end === -1 || end - from > MAX_DUMP_LINE) {
      if (end === -1 && data.length - from <= MAX_DUMP_LINE && !final) return 'pending';
      return -1;
    }
    const textEnd = end > from && data[end - 1] === 0x0d ? end - 1 : end;
    const cells = parseDumpLine(Buffer.from(data.buffer, data.byteOffset + from, textEnd - from).toString('latin1'));
    if (!cells) return -1;
    const bytes = Uint8Array.from(cells.bytes);
    cells.offsets.forEach((offset, k) => this.addSegment(this.length + k, base + from + offset - (this.length + k), base + textEnd));
    this.pieces.push(bytes);
    this.length += bytes.length;
    // The line break joins this line's bytes to the next dump line's; it is written back after a token.
    this.addGap(base + textEnd, base + end + 1);
    end++;
    return end;
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
 * Length of the run of alphabet characters ending at `end` that began its line: `carry` is
 * that run's length at the start of `data` (-1 when the line there did not begin with one).
 */
function runEnding(data: Uint8Array, end: number, carry: number): number {
  let k = end;
  while (k > 0 && ALPHABET[data[k - 1]]) k--;
  if (k > 0) return data[k - 1] === 0x0a ? end - k : -1;
  return carry < 0 ? -1 : carry + end;
}

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
