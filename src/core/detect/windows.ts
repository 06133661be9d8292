/**
 * The windows a rule runs on: the lines around its keywords' occurrences, merged, their edges
 * moved out of any token they would cut, glued into one text by separators, and a range of that
 * text mapped back to the original. Rules see only these, so a long file costs what its keywords'
 * neighbourhoods cost.
 */

/** Lines of context above and below a keyword's line: a value's vendor name sits up to three above it. */
export const WINDOW_LINES = 4;
/** Characters of context each way on long (minified) lines; a rule's `near` context is 400. */
export const WINDOW_REACH = 4096;
/** How far a window's edge moves out of a token it would cut, so that no half-token looks whole. */
export const EDGE_REACH = 4096;
/** Between windows: enough blank lines that no rule's context of the lines above reaches across. */
const WINDOW_SEPARATOR = '\n'.repeat(WINDOW_LINES + 2);

/** A window of the text, `[start, end)`, placed at `at` in the windowed text. */
export interface TextWindow {
  start: number;
  end: number;
  at: number;
}

/**
 * The merged windows around the keyword positions (each list ascending), in text order: each
 * spans `lines` lines either side of its hit's line. A hit on a line already windowed (before
 * the end of the last counted hit's line) adds nothing: the lists are merged as they are read,
 * skipping those, rather than sorted together first.
 */
export function keywordWindows(text: string, lists: readonly (readonly number[])[], lines = WINDOW_LINES): TextWindow[] {
  const windows: TextWindow[] = [];
  const ends = new LineEnds(text);
  const cursors = new Array<number>(lists.length).fill(0);
  let lineEnd = 0;
  for (;;) {
    // The first hit at or past `lineEnd` in any list.
    let hit = -1;
    for (let l = 0; l < lists.length; l++) {
      const list = lists[l];
      let c = cursors[l];
      while (c < list.length && list[c] < lineEnd) c++;
      cursors[l] = c;
      if (c < list.length && (hit < 0 || list[c] < hit)) hit = list[c];
    }
    if (hit < 0) return windows;
    lineEnd = ends.after(hit, 0);
    // `after(hit, lines)` goes on from the hit's line end, unless that line was cut at `WINDOW_REACH`.
    const end = tokenEdgeAfter(text, lines > 0 && text.charCodeAt(lineEnd - 1) === 10 ? ends.after(lineEnd, lines - 1) : lineEnd);
    const last = windows[windows.length - 1];
    // A hit inside the last window extends it; only a hit past it needs its own start.
    if (last && hit < last.end) {
      last.end = Math.max(last.end, end);
      continue;
    }
    const boundary = lineBoundaryBefore(text, hit, lines, last ? last.end : 0);
    const start = boundary < 0 ? -1 : tokenEdgeBefore(text, boundary);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end, at: 0 });
  }
}

/**
 * The text's newlines in one stretch read forward, each read once: the windows of hits on nearby
 * lines overlap, and each would otherwise read its next lines again. Asked at ascending offsets.
 */
class LineEnds {
  /** Every newline from the stretch's start to `to`, ascending: the first `count` entries. */
  private readonly found: number[] = [];
  private count = 0;
  private to = 0;
  /** The index in `found` of the first newline at or after the last offset asked about. */
  private next = 0;

  constructor(private readonly text: string) {}

  /**
   * The end of the line `lines` below the one holding `offset` (past its newline). Each line is
   * looked at for at most `WINDOW_REACH` characters: on a longer (minified) line the end is that
   * far on.
   */
  after(offset: number, lines: number): number {
    const { text, found } = this;
    // Past the stretch read so far, a new one starts.
    if (offset > this.to) {
      this.count = 0;
      this.next = 0;
      this.to = offset;
    }
    let j = this.next;
    while (j < this.count && found[j] < offset) j++;
    this.next = j;
    let at = offset;
    for (let n = 0; n <= lines && at < text.length; n++) {
      const limit = Math.min(text.length, at + WINDOW_REACH);
      // `found[j]`, if any, is the first newline at or after `at`; past `found`, none is before `to`.
      let newline = -1;
      if (j < this.count) newline = found[j++];
      else if (this.to < text.length) {
        // A native search, several times faster than a loop over the characters.
        newline = text.indexOf('\n', this.to);
        if (newline < 0) this.to = text.length;
        else {
          found[this.count++] = newline;
          j = this.count;
          this.to = newline + 1;
        }
      }
      if (newline < 0 || newline >= limit) return limit;
      at = newline + 1;
    }
    return at;
  }
}

/**
 * The start of the line `lines` above the one holding `offset`, or -1 once it is known to be at
 * or before `floor` (the last window's end, which it then joins). Each line is looked at for at
 * most `WINDOW_REACH` characters: on a longer (minified) line the window starts that far back.
 */
function lineBoundaryBefore(text: string, offset: number, lines: number, floor: number): number {
  let at = offset;
  for (let n = 0; n <= lines && at > 0; n++) {
    const limit = Math.max(0, at - WINDOW_REACH);
    const stop = Math.max(limit, floor);
    let i = at - 1;
    while (i >= stop && text.charCodeAt(i) !== 10) i--;
    // Past `floor` within this line's reach, the start is at or before the last window's end.
    if (i < stop) return limit >= floor ? limit : -1;
    at = n < lines ? i : i + 1;
  }
  return at;
}

/** Characters a credential is made of: a window edge never falls between two of them. */
function isTokenChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    (c >= 65 && c <= 90) ||
    (c >= 97 && c <= 122) ||
    c === 43 ||
    c === 45 ||
    c === 46 ||
    c === 47 ||
    c === 61 ||
    c === 95 ||
    c === 37 ||
    c === 58 ||
    c === 64
  );
}

/** Moves a window's start back out of a token, by at most `EDGE_REACH` (a longer run of token characters is cut). */
function tokenEdgeBefore(text: string, at: number): number {
  const limit = Math.max(0, at - EDGE_REACH);
  while (at > limit && text.charCodeAt(at - 1) !== 10 && isTokenChar(text.charCodeAt(at - 1))) at--;
  return at;
}

/** Moves a window's end forward out of a token, likewise. */
function tokenEdgeAfter(text: string, at: number): number {
  const limit = Math.min(text.length, at + EDGE_REACH);
  while (at < limit && text.charCodeAt(at) !== 10 && isTokenChar(text.charCodeAt(at))) at++;
  return at;
}

export function windowsLength(windows: readonly TextWindow[]): number {
  let length = 0;
  for (const w of windows) length += w.end - w.start;
  return length;
}

/** The windows glued together by separators; sets each window's `at`. */
export function windowedText(text: string, windows: TextWindow[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const w of windows) {
    w.at = at;
    parts.push(text.slice(w.start, w.end));
    at += w.end - w.start + WINDOW_SEPARATOR.length;
  }
  return parts.join(WINDOW_SEPARATOR);
}

/** A range of the windowed text as a range of the text; undefined if it runs out of its window. */
export function toTextRange(windows: readonly TextWindow[], [from, to]: readonly [number, number]): [number, number] | undefined {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (windows[mid].at <= from) lo = mid;
    else hi = mid - 1;
  }
  const w = windows[lo];
  const start = w.start + from - w.at;
  const end = w.start + to - w.at;
  return start >= w.start && end <= w.end ? [start, end] : undefined;
}
