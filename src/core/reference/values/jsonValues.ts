import { type ScanError, type SyntaxKind, createScanner, getLocation } from 'jsonc-parser';
import { jsonString } from './stringEncodings';
import { lineEndAt, lineStartAt, type ContextResult } from './valueContext';

// jsonc-parser's SyntaxKind and ScanError are ambient const enums, which isolated modules cannot read: their values, typed.
const LINE_COMMENT = 12 as SyntaxKind;
const BLOCK_COMMENT = 13 as SyntaxKind;
const EOF = 17 as SyntaxKind;
const NO_SCAN_ERROR = 0 as ScanError;

/**
 * The JSON or JSONC string that holds `[start, end)`, with its key path. Undefined when the
 * range is in a comment (plain text, then); a problem when it is in a key or outside any
 * string, where a reference would not be valid JSON. `getLocation` stops scanning at the
 * range, so a range near the top of a large file costs little.
 */
export function jsonContext(text: string, start: number, end: number): ContextResult | undefined {
  const location = getLocation(text, start);
  const node = location.previousNode;
  if (node && start > node.offset && end < node.offset + node.length) {
    if (node.type === 'property') {
      return { problem: 'in-key', message: 'The selection is inside a property name; Vaultify replaces values.' };
    }
    if (node.type === 'string') {
      if (!closedString(text, node.offset)) {
        return { problem: 'not-in-string', message: 'The JSON string around the selection is not closed; close it, then try again.' };
      }
      return {
        start: node.offset + 1,
        end: node.offset + node.length - 1,
        encoding: jsonString,
        keys: location.path.map(String),
      };
    }
  }
  if (inComment(text, start)) return undefined;
  return {
    problem: 'not-in-string',
    message: 'The selection is not inside a JSON string; a vault reference can only replace a string value.',
  };
}

/** Whether the string token at `offset` ends with its closing quote: an unclosed one has no extent to replace within. */
function closedString(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  scanner.setPosition(offset);
  scanner.scan();
  return scanner.getTokenError() === NO_SCAN_ERROR;
}

function inComment(text: string, offset: number): boolean {
  const scanner = createScanner(text, false);
  for (let kind = scanner.scan(); kind !== EOF; kind = scanner.scan()) {
    const tokenEnd = scanner.getTokenOffset() + scanner.getTokenLength();
    if (tokenEnd > offset) return scanner.getTokenOffset() <= offset && (kind === LINE_COMMENT || kind === BLOCK_COMMENT);
  }
  return false;
}

/** JSON Lines: each line is its own document. */
export function jsonLinesContext(text: string, start: number, end: number): ContextResult | undefined {
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, start);
  const result = jsonContext(text.slice(lineStart, lineEnd), start - lineStart, end - lineStart);
  if (!result || 'problem' in result) return result;
  return { ...result, start: result.start + lineStart, end: result.end + lineStart };
}
