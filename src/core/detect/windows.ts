/**
 * The windows a rule runs on: the lines around its keywords' occurrences, merged, their edges
 * moved out of any token they would cut, glued into one text by separators, and a range of that
 * text mapped back to the original. Rules see only these, so a long file costs what its keywords'
 * neighbourhoods cost.
 */

/** Lines of context above and below a keyword's line: a value's vendor name sits up to three above it. */
export const WINDOW_LINES = 4;
/** Characters of context each way on long (minified) lines; a rule's `near` context is 400. */
const WINDOW_REACH = 4096;
/** How far a window's edge moves out of a token it would cut, so that no half-token looks whole. */
const EDGE_REACH = 4096;
/** Between windows: enough blank lines that no rule's context of the lines above reaches across. */
const WINDOW_SEPARATOR = '\n'.repeat(WINDOW_LINES + 2);

/** A window of the text, `[start, end)`, placed at `at` in the windowed text. */
export interface TextWindow {
  start: number;
  end: number;
  at: number;
}

/** The merged windows around the keyword positions (each list ascending), in text order. */
export function keywordWindows(text: string, lists: readonly (readonly number[])[]): TextWindow[] {
  const hits = lists.length === 1 ? lists[0] : ascending(lists);
  const windows: TextWindow[] = [];
  let lineEnd = -1;
  for (const hit of hits) {
    // Another hit on a line already windowed adds nothing.
    if (hit < lineEnd) continue;
    lineEnd = lineBoundaryAfter(text, hit, 0);
    const end = tokenEdgeAfter(text, lineBoundaryAfter(text, hit, WINDOW_LINES));
    const last = windows[windows.length - 1];
    // A hit inside the last window extends it; only a hit past it needs its own start.
    if (last && hit < last.end) {
      last.end = Math.max(last.end, end);
      continue;
    }
    const start = tokenEdgeBefore(text, lineBoundaryBefore(text, hit, WINDOW_LINES));
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end, at: 0 });
  }
  return windows;
}

/** The lists' offsets together, ascending: a typed array sorts numbers natively, without a comparison callback per pair. */
function ascending(lists: readonly (readonly number[])[]): Int32Array {
  let length = 0;
  for (const list of lists) length += list.length;
  const all = new Int32Array(length);
  let at = 0;
  for (const list of lists) {
    all.set(list, at);
    at += list.length;
  }
  return all.sort();
}

/**
 * The start of the line `lines` above the one holding `offset`. Each line is looked at for at
 * most `WINDOW_REACH` characters: on a longer (minified) line the window starts that far back.
 */
function lineBoundaryBefore(text: string, offset: number, lines: number): number {
  let at = offset;
  for (let n = 0; n <= lines && at > 0; n++) {
    const limit = Math.max(0, at - WINDOW_REACH);
    let i = at - 1;
    while (i >= limit && text.charCodeAt(i) !== 10) i--;
    if (i < limit) return limit;
    at = n < lines ? i : i + 1;
  }
  return at;
}

/** The end of the line `lines` below the one holding `offset` (past its newline), bounded likewise. */
function lineBoundaryAfter(text: string, offset: number, lines: number): number {
  let at = offset;
  for (let n = 0; n <= lines && at < text.length; n++) {
    const limit = Math.min(text.length, at + WINDOW_REACH);
    let i = at;
    while (i < limit && text.charCodeAt(i) !== 10) i++;
    if (i >= limit) return limit;
    at = i + 1;
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
