import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { RangeText } from './incrementalScan';

/**
 * Characters per chunk. An edit rewrites the chunk or two it touches (their text and line
 * starts) and the per-chunk prefix sums, never the whole text, so it costs the same in a
 * 5,000-line file as in a 500,000-line one.
 */
const CHUNK_CHARS = 8192;
/** A chunk shorter than this after an edit is joined to its neighbour, so that deletions leave no crumbs. */
const MIN_CHUNK_CHARS = CHUNK_CHARS / 4;
const CR = 13;
const LF = 10;

interface Chunk {
  readonly text: string;
  /** Offsets in `text` (1 to its length) at which a line starts: after `\n`, `\r\n`, or a `\r` not followed by `\n`. */
  readonly lineStarts: readonly number[];
}

/**
 * An open document's text as the language server keeps it: immutable, in chunks of about 8 K
 * characters, each with its line starts. It converts positions exactly as
 * vscode-languageserver-textdocument's `TextDocument` does (UTF-16 offsets, `\n`, `\r\n` and
 * `\r` line breaks, a position past a line's end clamped before its line break), and is read by
 * range (`RangeText`): the incremental scan reads the edited region and its surroundings. The
 * whole string is joined only when asked for, for a full scan. No chunk but the last ends with
 * `\r`, so a chunk's line starts never depend on the chunk after it.
 */
export class ChunkedDocument implements TextDocument, RangeText {
  readonly length: number;
  /** The offset of each chunk's first character. */
  private readonly offsets: number[];
  /** The lines started before each chunk (line 0 not counted). */
  private readonly linesBefore: number[];
  private readonly chunks: readonly Chunk[];
  private whole: string | undefined;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    chunks: readonly Chunk[],
  ) {
    // An empty document is one empty chunk; no other chunk is empty.
    if (!chunks.length) chunks = [chunkOf('')];
    this.chunks = chunks;
    this.offsets = new Array<number>(chunks.length);
    this.linesBefore = new Array<number>(chunks.length);
    let offset = 0;
    let lines = 0;
    for (let c = 0; c < chunks.length; c++) {
      this.offsets[c] = offset;
      this.linesBefore[c] = lines;
      offset += chunks[c].text.length;
      lines += chunks[c].lineStarts.length;
    }
    this.length = offset;
  }

  static create(uri: string, languageId: string, version: number, text: string): ChunkedDocument {
    return new ChunkedDocument(uri, languageId, version, cut(text));
  }

  get lineCount(): number {
    const last = this.chunks.length - 1;
    return 1 + this.linesBefore[last] + this.chunks[last].lineStarts.length;
  }

  getText(range?: Range): string {
    if (!range) return (this.whole ??= this.chunks.map((c) => c.text).join(''));
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    return this.slice(Math.min(start, end), Math.max(start, end));
  }

  /** The text between two offsets, as `String.prototype.slice` gives it for offsets that are not negative. */
  slice(start: number, end: number): string {
    start = Math.max(0, Math.min(start, this.length));
    end = Math.max(0, Math.min(end, this.length));
    if (end <= start) return '';
    if (start === 0 && end === this.length) return this.getText();
    let c = this.chunkAt(start);
    const inFirst = start - this.offsets[c];
    if (end <= this.offsets[c] + this.chunks[c].text.length) return this.chunks[c].text.slice(inFirst, end - this.offsets[c]);
    const parts = [this.chunks[c].text.slice(inFirst)];
    for (c++; this.offsets[c] + this.chunks[c].text.length < end; c++) parts.push(this.chunks[c].text);
    parts.push(this.chunks[c].text.slice(0, end - this.offsets[c]));
    return parts.join('');
  }

  /** The first line feed at or after `from`, or -1, as `String.prototype.indexOf` finds it. */
  indexOf(lineFeed: '\n', from: number): number {
    const at = Math.max(0, from);
    if (at >= this.length) return -1;
    for (let c = this.chunkAt(at); c < this.chunks.length; c++) {
      const found = this.chunks[c].text.indexOf(lineFeed, Math.max(0, at - this.offsets[c]));
      if (found !== -1) return this.offsets[c] + found;
    }
    return -1;
  }

  /** The last line feed at or before `from`, or -1, as `String.prototype.lastIndexOf` finds it. */
  lastIndexOf(lineFeed: '\n', from: number): number {
    const at = Math.min(Math.max(0, from), this.length - 1);
    if (at < 0) return -1;
    for (let c = this.chunkAt(at); c >= 0; c--) {
      const found = this.chunks[c].text.lastIndexOf(lineFeed, at - this.offsets[c]);
      if (found !== -1) return this.offsets[c] + found;
    }
    return -1;
  }

  positionAt(offset: number): Position {
    offset = Math.max(Math.min(offset, this.length), 0);
    const c = this.chunkAt(offset);
    const line = this.linesBefore[c] + countAtMost(this.chunks[c].lineStarts, offset - this.offsets[c]);
    const lineStart = this.lineStart(line);
    return { line, character: this.beforeLineBreak(offset, lineStart) - lineStart };
  }

  offsetAt(position: Position): number {
    const lineCount = this.lineCount;
    if (position.line >= lineCount) return this.length;
    if (position.line < 0) return 0;
    const lineStart = this.lineStart(position.line);
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < lineCount ? this.lineStart(position.line + 1) : this.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  /** The offsets a range spans, start first, as `TextDocument.update` reads a change's range. */
  offsetsOf(range: Range): { start: number; end: number } {
    const start = this.offsetAt(range.start);
    const end = this.offsetAt(range.end);
    return { start: Math.min(start, end), end: Math.max(start, end) };
  }

  /** This document with `[start, end)` replaced by `text`, at `version`. */
  replaced(start: number, end: number, text: string, version: number): ChunkedDocument {
    let first = this.chunkAt(start);
    let last = this.chunkAt(end);
    if (last > first && this.offsets[last] === end) last--;
    let joined =
      this.chunks[first].text.slice(0, start - this.offsets[first]) + text + this.chunks[last].text.slice(end - this.offsets[last]);
    // Whether a final `\r` starts a line depends on the next character: take the next chunk in.
    while (last + 1 < this.chunks.length && (joined.length < MIN_CHUNK_CHARS || joined.charCodeAt(joined.length - 1) === CR))
      joined += this.chunks[++last].text;
    if (joined.length < MIN_CHUNK_CHARS && first > 0) joined = this.chunks[--first].text + joined;
    const chunks = [...this.chunks.slice(0, first), ...cut(joined), ...this.chunks.slice(last + 1)];
    return new ChunkedDocument(this.uri, this.languageId, version, chunks);
  }

  /** This document with its whole text replaced, at `version`. */
  withText(text: string, version: number): ChunkedDocument {
    return ChunkedDocument.create(this.uri, this.languageId, version, text);
  }

  /** The chunk holding `offset`: the last one starting at or before it. */
  private chunkAt(offset: number): number {
    let low = 0;
    let high = this.offsets.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.offsets[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }

  /** The offset at which `line` starts (0 to `lineCount - 1`). */
  private lineStart(line: number): number {
    if (line === 0) return 0;
    // The last chunk with fewer than `line` line starts before it holds that line's start.
    let low = 0;
    let high = this.linesBefore.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.linesBefore[mid] < line) low = mid;
      else high = mid - 1;
    }
    return this.offsets[low] + this.chunks[low].lineStarts[line - this.linesBefore[low] - 1];
  }

  private beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  private charCodeAt(offset: number): number {
    const c = this.chunkAt(offset);
    return this.chunks[c].text.charCodeAt(offset - this.offsets[c]);
  }
}

/** `text` in chunks of about `CHUNK_CHARS`, none but the last ending with `\r`. */
function cut(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  for (let at = 0; at < text.length;) {
    let end = at + CHUNK_CHARS;
    if (text.length - end < MIN_CHUNK_CHARS) end = text.length;
    while (end < text.length && text.charCodeAt(end - 1) === CR) end++;
    chunks.push(chunkOf(text.slice(at, end)));
    at = end;
  }
  return chunks;
}

function chunkOf(text: string): Chunk {
  const lineStarts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === CR) {
      if (i + 1 < text.length && text.charCodeAt(i + 1) === LF) i++;
      lineStarts.push(i + 1);
    } else if (ch === LF) {
      lineStarts.push(i + 1);
    }
  }
  return { text, lineStarts };
}

/** How many of the sorted `values` are at most `limit`. */
function countAtMost(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid] <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

const isLineBreak = (ch: number) => ch === CR || ch === LF;
