import type { DetectedSecret } from '../shared/lspProtocol';

/**
 * Incremental detection. After an edit, only a slice of lines around the changed text is
 * scanned; findings elsewhere are kept, shifted by the edit. The result equals a full scan
 * because every finding depends only on the text within `REACH_LINES` lines of it (the detector's
 * rule windows are four lines; its filters look two lines up and six down): findings that start in
 * the "trusted" zone, `REACH_LINES` lines either side of the edit, are taken from the slice, which
 * reaches `REACH_LINES` further so that each of them saw all its context; findings outside that
 * zone are too far from the edit to have changed. Text whose findings depend on more than that
 * (a PEM block, a Kubernetes manifest, a `secretlint-disable` comment) is named in
 * `nonLocalText.ts` and scanned in full.
 */

/** Lines each side of an edit within which a finding can change, and of context beyond them. */
export const REACH_LINES = 20;
/** Characters likewise, for context that spans many short lines (a JWT signing call's arguments: 600). */
export const REACH_CHARS = 1000;

/**
 * Text read by range: a string, or an open document's `ChunkedDocument`, which a rescan reads
 * around the edit without joining its whole text.
 */
export interface RangeText {
  readonly length: number;
  slice(start: number, end: number): string;
  indexOf(lineFeed: '\n', from: number): number;
  lastIndexOf(lineFeed: '\n', from: number): number;
}

/** What an edit changed: `[start, oldEnd)` of the old text became `[start, newEnd)` of the new. */
export interface EditRegion {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/** Two edits in a row as one region, from the first edit's old text to the second's new text. */
export function combineEdits(first: EditRegion | undefined, next: EditRegion): EditRegion {
  if (!first) return next;
  // Both ends are taken in the text between the two edits, then mapped out through each edit.
  const end = Math.max(first.newEnd, next.oldEnd);
  return {
    start: Math.min(first.start, next.start),
    oldEnd: end - first.newEnd + first.oldEnd,
    newEnd: end + next.newEnd - next.oldEnd,
  };
}

/** Where to rescan after an edit, in the new text's offsets (and the trusted zone's end in the old text's). */
export interface RescanPlan {
  sliceStart: number;
  sliceEnd: number;
  trustStart: number;
  trustEnd: number;
  oldTrustEnd: number;
}

/**
 * The slice to scan and the zone its findings are trusted in, both line-aligned. `reachChars`
 * is at least `REACH_CHARS`, more for longer matches (a stored PEM key found verbatim).
 */
export function rescanPlan(text: RangeText, region: EditRegion, reachChars = REACH_CHARS): RescanPlan {
  const trustStart = lineStartAbove(text, region.start - reachChars, REACH_LINES);
  const trustEnd = lineEndBelow(text, region.newEnd + reachChars, REACH_LINES);
  return {
    sliceStart: lineStartAbove(text, trustStart - reachChars, REACH_LINES),
    sliceEnd: lineEndBelow(text, trustEnd + reachChars, REACH_LINES),
    trustStart,
    trustEnd,
    // The zone's end lies in text the edit did not touch, so it maps by the edit's length change.
    oldTrustEnd: trustEnd - (region.newEnd - region.oldEnd),
  };
}

/** The start of the line `lines` lines above the one holding `offset`. */
function lineStartAbove(text: RangeText, offset: number, lines: number): number {
  let at = text.lastIndexOf('\n', Math.max(0, offset) - 1) + 1;
  for (let n = 0; n < lines && at > 0; n++) at = text.lastIndexOf('\n', at - 2) + 1;
  return at;
}

/** The start of the line after the one `lines` lines below the one holding `offset` (or the end of the text). */
function lineEndBelow(text: RangeText, offset: number, lines: number): number {
  let at = Math.min(text.length, offset);
  for (let n = 0; n <= lines; n++) {
    const newline = text.indexOf('\n', at);
    if (newline === -1) return text.length;
    at = newline + 1;
  }
  return at;
}

/**
 * The previous findings outside the trusted zone (those after it shifted into the new text) and
 * the slice's findings (in new-text offsets) inside it, in text order.
 */
export function mergeFindings(previous: readonly DetectedSecret[], inSlice: readonly DetectedSecret[], plan: RescanPlan): DetectedSecret[] {
  const delta = plan.trustEnd - plan.oldTrustEnd;
  const merged: DetectedSecret[] = [];
  for (const f of previous) if (f.start < plan.trustStart) merged.push(f);
  for (const f of inSlice) if (f.start >= plan.trustStart && f.start < plan.trustEnd) merged.push(f);
  for (const f of previous) if (f.start >= plan.oldTrustEnd) merged.push(delta ? { ...f, start: f.start + delta, end: f.end + delta } : f);
  return merged;
}
