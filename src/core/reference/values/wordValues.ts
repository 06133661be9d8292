import { keyBefore } from './assignmentKey';
import { verbatim } from './stringEncodings';
import { lineStartAt, type ValueContext } from './valueContext';

/**
 * Characters that end a word of plain text: white space, quotes and brackets. Braces are not
 * among them: a bare `vault:NAME` right after `{` would not read as a reference.
 */
const DELIMITER = /[\s"'`,;()[\]<>]/;

/**
 * The word around a range, for text without a value syntax: comments, plain text, and code
 * outside string literals. The word is the run of characters between delimiters, so a
 * token standing alone is a whole value and the password inside a URL is a piece of one.
 */
export function wordContext(text: string, start: number, end: number): ValueContext {
  let wordStart = start;
  while (wordStart > 0 && !DELIMITER.test(text[wordStart - 1])) wordStart--;
  let wordEnd = end;
  while (wordEnd < text.length && !DELIMITER.test(text[wordEnd])) wordEnd++;
  const key = keyBefore(text.slice(lineStartAt(text, wordStart), wordStart));
  return { start: wordStart, end: wordEnd, encoding: verbatim(), keys: key ? [key] : [] };
}
