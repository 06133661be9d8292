import { beginsDumpLine, couldBeDump, type DumpCells, MAX_DUMP_LINE, parseDumpLine } from './dumpLine';

/**
 * The normalised view of a byte stream that secrets are matched against, with the map back to
 * stream offsets. The view is the stream less:
 * - CSI sequences (colours, `\x1b[K`) and charset selections (`\x1b(B`), which split a value
 *   that a highlighter or `grep --color` coloured in part;
 * - the line break after a line made of 16 or more base64/hex characters when the next line
 *   goes on with such characters (`base64`, `openssl base64`, `xxd -p` wrapping a file). Such
 *   a join is remembered (`joinFrom`, `joinUpTo`): a token printed on each line looks the same,
 *   and the credential scanner still ends a token at it;
 * - dump lines (`xxd`, `hexdump -C`, `od`), replaced by the bytes their cells decode to. A line
 *   starts after a line feed, a lone carriage return, and the CSI and OSC sequences a terminal
 *   draws before text (a PTY gives `\x1b[?2004l\r` before a command's output).
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
  /** View offsets before which a line break was joined, in order: a token or a property's value never runs across one. */
  private joins: number[] = [];
  private joinHead = 0;
  private pending: Uint8Array = new Uint8Array(0);
  private pendingFrom = 0;
  /** The pending bytes are a line that may be a dump line: released holds do not show it. */
  private pendingDump = false;
  /** Length of the base64/hex run that ends the decided bytes and began its line, or -1. */
  private run = 0;
  /** The next decided byte begins a line. */
  private lineStart = true;
  /** The start of the current line, written as text by a released hold while it may still be a dump line. */
  private carried: Uint8Array = EMPTY;
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

  /**
   * A hold expired while a line that began like a dump line was pending. Unless what has
   * arrived of it already reads as a dump line (cut anywhere after MIN_BYTES cells), it is text
   * (a prompt that begins with spaces or digits must not stall): returns the view bytes that
   * makes of it. If the line still ends as a dump line, all its cells are decoded then, after
   * that text, the released ones mapping back into it.
   */
  abandonDumpLine(): Uint8Array {
    if (!this.pendingDump) return EMPTY;
    const line = this.pending;
    const sofar = Buffer.from(concat(this.carried, line)).toString('latin1').replace(/\r$/, '');
    if (beginsDumpLine(sofar)) return EMPTY;
    this.lineStart = false;
    const view = this.decideFrom(line, this.pendingFrom, false);
    // A producer that paused mid-line: fewer than MIN_BYTES cells were shown, and the line's
    // rest is checked as the rest of a dump line.
    if (!this.pending.length && !line.includes(0x0d) && !line.includes(0x1b)) {
      this.carried = concat(this.carried, line);
      this.lineStart = true;
    } else this.carried = EMPTY;
    return view;
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

  /** Whether some gap begins before stream offset `to` (gaps before the masker's written bytes are pruned). */
  hasGapBefore(to: number): boolean {
    return this.gapHead < this.gapCount && this.gapStart[this.gapHead] < to;
  }

  /** Calls `each` with the gaps inside the stream range [from, to), in order. */
  gapsIn(from: number, to: number, each: (start: number, end: number) => void): void {
    for (let k = this.gapHead; k < this.gapCount && this.gapStart[k] < to; k++) {
      if (this.gapStart[k] >= from) each(this.gapStart[k], this.gapEnd[k]);
    }
  }

  /** The first view offset at or after `v` before which a line break was joined, or Infinity. */
  joinFrom(v: number): number {
    const k = this.joinIndexFrom(v);
    return k < this.joins.length ? this.joins[k] : Infinity;
  }

  /** The last view offset at or before `v` before which a line break was joined (among those not pruned), or -Infinity. */
  joinUpTo(v: number): number {
    const after = this.joinIndexFrom(v + 1);
    return after > this.joinHead ? this.joins[after - 1] : -Infinity;
  }

  private joinIndexFrom(v: number): number {
    let lo = this.joinHead;
    let hi = this.joins.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.joins[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Forgets segments and joins before view offset `view`, and gaps before stream offset `stream`. */
  prune(view: number, stream: number): void {
    while (this.segHead + 1 < this.segCount && this.segView[this.segHead + 1] <= view) this.segHead++;
    while (this.gapHead < this.gapCount && this.gapEnd[this.gapHead] <= stream) this.gapHead++;
    while (this.joinHead < this.joins.length && this.joins[this.joinHead] < view) this.joinHead++;
    if (this.joinHead > 1024 && 2 * this.joinHead > this.joins.length) {
      this.joins.splice(0, this.joinHead);
      this.joinHead = 0;
    }
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
      [this.segView, this.segDelta, this.segEnd] = [this.segView, this.segDelta, this.segEnd].map((a) =>
        compact(a, this.segHead, this.segCount),
      );
      this.segCount -= this.segHead;
      this.segHead = 0;
    }
    this.segView[this.segCount] = view;
    this.segDelta[this.segCount] = delta;
    this.segEnd[this.segCount++] = end;
  }

  private addGap(start: number, end: number): void {
    if (this.gapCount === this.gapStart.length) {
      [this.gapStart, this.gapEnd] = [this.gapStart, this.gapEnd].map((a) => compact(a, this.gapHead, this.gapCount));
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
    let out: Uint8Array = data;
    let copying = false;
    let o = 0;
    let i = 0;
    let run = this.run;
    let lineStart = this.lineStart;
    const viewStart = this.length;
    this.addSegment(viewStart, base - viewStart, -1);
    for (;;) {
      // Plain bytes: the loop every byte of ordinary output goes through.
      if (copying) {
        for (; i < n; i++, o++) {
          const b = data[i];
          const c = CLASS[b];
          if (c === SPECIAL || lineStart) break;
          if (run >= 0) run = c === BASE64 ? run + 1 : -1;
          out[o] = b;
        }
      } else {
        for (; i < n; i++, o++) {
          const c = CLASS[data[i]];
          if (c === SPECIAL || lineStart) break;
          if (run >= 0) run = c === BASE64 ? run + 1 : -1;
        }
      }
      if (i >= n) break;
      let removeTo = -1;
      let joined = false;
      let replaced: DumpLine | undefined;
      // What a terminal writes before a line's text leaves the line start where it is: readline
      // writes `\x1b[?2004l\r` before a command's output, shell integration `\x1b]633;C\x07`.
      const leadIn = lineStart && !this.carried.length && (data[i] === 0x1b || data[i] === 0x0d);
      if (lineStart && !leadIn) {
        const line = this.dumpLine(data, i, final);
        if (line === 'pending') {
          this.pendingDump = true;
          break;
        }
        lineStart = false;
        this.carried = EMPTY;
        if (line) {
          replaced = line;
          removeTo = line.end;
        } else continue;
      } else {
        const b = data[i];
        if (b === 0x1b) {
          const osc = leadIn ? oscLength(data, i, n) : -1;
          if (osc === 0 && !final) break;
          if (osc > 0) {
            // Kept in the view, so that a command line it reports is masked like any text.
            if (copying) out.set(data.subarray(i, i + osc), o);
            i += osc;
            o += osc;
            continue;
          }
          const length = escapeLength(data, i, n);
          if (length === 0 && !final) break;
          if (!leadIn) run = -1;
          if (length > 0) {
            removeTo = i + length;
            // Sequences come in runs (`\x1b[01;31m\x1b[K`): one gap for the run.
            while (removeTo < n && data[removeTo] === 0x1b) {
              const more = escapeLength(data, removeTo, n);
              if (more <= 0) break;
              removeTo += more;
            }
          }
        } else {
          const lf = b === 0x0a;
          const crlf = !lf && i + 1 < n && data[i + 1] === 0x0a;
          if (!lf && !crlf && i + 1 >= n && !final && run >= MIN_WRAPPED_RUN) break;
          if (lf || crlf) {
            const next = i + (lf ? 1 : 2);
            if (run >= MIN_WRAPPED_RUN && next >= n && !final) break;
            if (run >= MIN_WRAPPED_RUN && next < n && CLASS[data[next]] === BASE64) {
              removeTo = next;
              joined = true;
              run = 0;
            } else if (lf) {
              lineStart = true;
              run = 0;
            }
          } else {
            // A carriage return alone takes the cursor back to the first column: what follows is drawn as a line of its own.
            lineStart = true;
            run = 0;
          }
        }
      }
      if (removeTo < 0) {
        // A special byte that stays: written like any other.
        if (copying) out[o] = data[i];
        i++;
        o++;
        continue;
      }
      if (!copying) {
        if (this.out.length < n) this.out = new Uint8Array(Math.max(n, 2 * this.out.length));
        out = this.out;
        out.set(data.subarray(0, o));
        copying = true;
      }
      if (replaced) {
        const view = viewStart + o;
        const { bytes, offsets } = replaced.cells;
        for (let k = 0; k < bytes.length; k++) {
          this.addSegment(view + k, base + i + offsets[k] - (view + k), base + replaced.textEnd);
          out[o + k] = bytes[k];
        }
        o += bytes.length;
        // The line break joins this line's bytes to the next dump line's; it is written back after a token.
        this.addGap(base + replaced.textEnd, base + replaced.end);
        lineStart = true;
        run = -1;
      } else {
        this.addGap(base + i, base + removeTo);
        if (joined) this.joins.push(viewStart + o);
      }
      i = removeTo;
      this.addSegment(viewStart + o, base + i - (viewStart + o), -1);
    }
    this.pendingFrom = base + i;
    this.run = run;
    this.lineStart = lineStart;
    this.length += o;
    return copying ? out.slice(0, o) : data.subarray(0, o);
  }

  /**
   * At a line start: 'pending' when the line may be a dump line and its end has not arrived;
   * the line's bytes and extent when it is one; undefined when it is not.
   */
  private dumpLine(data: Uint8Array, from: number, final: boolean): DumpLine | 'pending' | undefined {
    const carried = this.carried;
    const head = carried.length ? concat(carried, data.subarray(from, from + 9)) : data;
    if (couldBeDump(head, carried.length ? 0 : from, head.length) === 'no') return undefined;
    const end = data.indexOf(0x0a, from);
    // A carriage return mid-line is a progress display redrawing itself, not a dump: do not hold it.
    const cr = data.indexOf(0x0d, from);
    if (cr !== -1 && cr < (end === -1 ? data.length : end) - 1 && cr - from <= MAX_DUMP_LINE) return undefined;
    const length = carried.length + (end === -1 ? data.length : end) - from;
    if (end === -1 || length > MAX_DUMP_LINE) {
      if (end === -1 && length <= MAX_DUMP_LINE && !final) return 'pending';
      return undefined;
    }
    const textEnd = end > from && data[end - 1] === 0x0d ? end - 1 : end;
    const text = Buffer.from(data.buffer, data.byteOffset + from, textEnd - from).toString('latin1');
    const cells = parseDumpLine(Buffer.from(carried).toString('latin1') + text);
    if (!cells) return undefined;
    if (!carried.length) return { cells, textEnd, end: end + 1 };
    // Every cell is decoded, after the released text: those it showed map back before `from`, into
    // bytes already written, so a match that begins there masks the line from the released text on.
    return { cells: { bytes: cells.bytes, offsets: cells.offsets.map((offset) => offset - carried.length) }, textEnd, end: end + 1 };
  }
}

const EMPTY = new Uint8Array(0);

/** Lines at least this long of base64/hex characters are taken as an encoder's wrapped output. */
const MIN_WRAPPED_RUN = 16;

/** A dump line's bytes, where its text ends (before any "\r") and where the next line begins. */
interface DumpLine {
  cells: DumpCells;
  textEnd: number;
  end: number;
}

const OTHER = 0;
/** Base64 (both alphabets, padding) and hex characters. */
const BASE64 = 1;
/** ESC, LF and CR, which the view may remove. */
const SPECIAL = 2;
const CLASS = (() => {
  const table = new Uint8Array(256).fill(OTHER);
  for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_') table[c.charCodeAt(0)] = BASE64;
  for (const b of [0x1b, 0x0a, 0x0d]) table[b] = SPECIAL;
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

/** Longest OSC sequence kept as a line's lead-in; a longer one is text like any other. */
const MAX_OSC = 4096;

/**
 * Length of the OSC sequence (`ESC ] ... BEL` or `ESC ] ... ESC \`) at `at`; 0 when it may still
 * be one but is cut off; -1 when it is not one.
 */
function oscLength(data: Uint8Array, at: number, n: number): number {
  if (at + 1 >= n) return 0;
  if (data[at + 1] !== 0x5d) return -1;
  for (let k = at + 2; k < n && k - at < MAX_OSC; k++) {
    const b = data[k];
    if (b === 0x07) return k + 1 - at;
    if (b === 0x1b) {
      if (k + 1 >= n) return 0;
      return data[k + 1] === 0x5c ? k + 2 - at : -1;
    }
    if (b === 0x0a || b === 0x0d) return -1;
  }
  return n - at < MAX_OSC ? 0 : -1;
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

/** The live entries [from, count) moved to the front: in place when that frees half, else into an array twice the size. */
function compact(array: Float64Array<ArrayBuffer>, from: number, count: number): Float64Array<ArrayBuffer> {
  if (from >= count / 2) {
    array.copyWithin(0, from, count);
    return array;
  }
  const out = new Float64Array(2 * array.length);
  out.set(array.subarray(from, count));
  return out;
}
