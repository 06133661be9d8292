import type { DetectedSecret } from '../shared/lspProtocol';

/**
 * Incremental detection for large documents. After an edit, only a window of lines around the
 * changed text is scanned at once; findings outside it are kept, shifted by the edit. A full scan
 * follows when typing pauses, so that rules needing wider context than the window reconcile.
 */

/** Lines of context kept on each side of an edit: enough for a PEM block or a JSON key file. */
const CONTEXT_LINES = 40;

export interface ChangedRegion {
  /** First changed offset, the same in both texts. */
  start: number;
  /** End of the changed part in the old text, and in the new text. */
  oldEnd: number;
  newEnd: number;
}

/** The region that differs between two texts, from their common prefix and suffix. */
export function changedRegion(oldText: string, newText: string): ChangedRegion {
  const limit = Math.min(oldText.length, newText.length);
  let start = 0;
  while (start < limit && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let suffix = 0;
  while (suffix < limit - start && oldText.charCodeAt(oldText.length - 1 - suffix) === newText.charCodeAt(newText.length - 1 - suffix)) {
    suffix++;
  }
  return { start, oldEnd: oldText.length - suffix, newEnd: newText.length - suffix };
}

/** The start of the line `lines` lines above the one holding `offset`. */
function linesBefore(text: string, offset: number, lines: number): number {
  let at = text.lastIndexOf('\n', offset - 1) + 1;
  for (let n = 0; n < lines && at > 0; n++) at = text.lastIndexOf('\n', at - 2) + 1;
  return at;
}

/** The end (its newline, or the end of text) of the line `lines` lines below the one holding `offset`. */
function linesAfter(text: string, offset: number, lines: number): number {
  let at = text.indexOf('\n', offset);
  for (let n = 0; n < lines && at !== -1; n++) at = text.indexOf('\n', at + 1);
  return at === -1 ? text.length : at;
}

export interface ScanWindow {
  /** Window bounds in the new text. */
  start: number;
  end: number;
  /** The same bounds in the old text. */
  oldStart: number;
  oldEnd: number;
}

/** The line-aligned window to rescan after an edit, in both old and new coordinates. */
export function windowFor(newText: string, region: ChangedRegion, contextLines = CONTEXT_LINES): ScanWindow {
  const start = linesBefore(newText, region.start, contextLines);
  const end = linesAfter(newText, region.newEnd, contextLines);
  // Both bounds lie in text the edit did not touch, so they map by the edit's length change.
  const delta = region.newEnd - region.oldEnd;
  return { start, end, oldStart: start, oldEnd: end - delta };
}

/**
 * Previous findings outside the window, shifted into the new text, plus the window's own
 * findings (already in new-text offsets). A finding that crossed the window's edge is dropped:
 * the window scan has re-found it if it is still there.
 */
export function mergeFindings(
  previous: readonly DetectedSecret[],
  inWindow: readonly DetectedSecret[],
  window: ScanWindow,
): DetectedSecret[] {
  const delta = window.end - window.oldEnd;
  const before = previous.filter((f) => f.end <= window.oldStart);
  const after = previous.filter((f) => f.start >= window.oldEnd).map((f) => ({ ...f, start: f.start + delta, end: f.end + delta }));
  const inside = inWindow.filter((f) => !before.some((b) => b.end > f.start) && !after.some((a) => a.start < f.end));
  return [...before, ...inside, ...after].sort((a, b) => a.start - b.start);
}
