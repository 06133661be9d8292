import type { FileSyntax } from './fileSyntax';
import { findReferences, isForeignReference } from './referenceGrammar';
import { narrowToSecret } from './secretSpan';
import { isContextProblem, lineEndAt, lineStartAt, type ContextProblem, type ValueContext } from './values/valueContext';
import { locateValue } from './values/valueLocator';

/** The most characters one secret may span; larger selections are refused rather than stored. */
export const MAX_SECRET_LENGTH = 64 * 1024;

export type SelectionProblemCode =
  ContextProblem['problem'] | 'out-of-range' | 'empty-range' | 'splits-character' | 'too-large' | 'already-reference' | 'foreign-reference';

export interface SelectionProblem {
  problem: SelectionProblemCode;
  /** For the user; names no value. */
  message: string;
}

export interface SelectedSecret {
  start: number;
  end: number;
  context: ValueContext;
}

const QUOTES = new Set(['"', "'", '`']);

function splitsSurrogatePair(text: string, offset: number): boolean {
  const before = text.charCodeAt(offset - 1);
  const after = text.charCodeAt(offset);
  return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}

/**
 * Where the secret in a selection is, and the value that encloses it:
 * - white space around the selection is dropped;
 * - a selection that includes a literal's own quotes stands for the literal's content;
 * - a selected URL, authorization header or connection string narrows to its password or
 *   credential;
 * - a selection that touches a vault reference or another manager's reference is refused.
 */
export function selectSecret(text: string, start: number, end: number, syntax: FileSyntax): SelectedSecret | SelectionProblem {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    return { problem: 'out-of-range', message: 'The selection is outside the document.' };
  }
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (start === end) return { problem: 'empty-range', message: 'Nothing is selected: select the secret, or put the cursor on it.' };
  if (splitsSurrogatePair(text, start) || splitsSurrogatePair(text, end)) {
    return { problem: 'splits-character', message: 'The selection splits a character in two; select whole characters.' };
  }
  if (end - start > MAX_SECRET_LENGTH) {
    return { problem: 'too-large', message: `The selection is longer than ${MAX_SECRET_LENGTH} characters, too long for one secret.` };
  }
  const regionStart = lineStartAt(text, start);
  const references = findReferences(text.slice(regionStart, lineEndAt(text, end)));
  if (references.some((ref) => ref.start + regionStart < end && ref.end + regionStart > start)) {
    return { problem: 'already-reference', message: 'The selection is already a vault reference.' };
  }
  if (isForeignReference(text.slice(start, end))) {
    return { problem: 'foreign-reference', message: "The selection is another secret manager's reference, not a secret." };
  }

  if (end - start >= 2 && QUOTES.has(text[start]) && text[end - 1] === text[start]) {
    const inner = locateValue(text, start + 1, end - 1, syntax);
    if (!isContextProblem(inner) && inner.start === start + 1 && inner.end === end - 1) {
      return narrowed(text, start + 1, end - 1, syntax);
    }
  }
  return narrowed(text, start, end, syntax);
}

function narrowed(text: string, start: number, end: number, syntax: FileSyntax): SelectedSecret | SelectionProblem {
  const [secretStart, secretEnd] = narrowToSecret(text, start, end);
  const context = locateValue(text, secretStart, secretEnd, syntax);
  if (isContextProblem(context)) return context;
  return { start: secretStart, end: secretEnd, context };
}

export function isSelectionProblem(result: SelectedSecret | SelectionProblem): result is SelectionProblem {
  return 'problem' in result;
}
