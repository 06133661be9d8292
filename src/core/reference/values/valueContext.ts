import type { StringEncoding } from './stringEncodings';

/**
 * The value that encloses a range of a file: a string literal, a scalar, a dotenv value, an
 * unquoted word. All offsets are UTF-16 indexes into the file's text.
 */
export interface ValueContext {
  /** The value's characters, quotes excluded. */
  start: number;
  end: number;
  /** How the value's characters are escaped. */
  encoding: StringEncoding;
  /**
   * The keys that name the value, outermost first: a key path, a `.env` key, a section and
   * key, an assignment's left-hand side. Array indexes appear as decimal strings.
   */
  keys: string[];
  /**
   * True when `[start, end)` is only one piece of a larger value (a shell word such as
   * `pre"quoted"post`), so that even a range covering all of it is not the whole value.
   */
  piece?: boolean;
  /** Why `{{vault:NAME}}` cannot be written inside this value, in words for the user. */
  embedProblem?: string;
  /**
   * For values that can be written anew when a restored value does not fit the literal as
   * it is (a space in an unquoted dotenv value): the literal with its quotes `[start, end)`,
   * the characters of the whole value `[valueStart, valueEnd)`, and how to write a new literal.
   */
  requote?: Requote;
}

export interface Requote {
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
  write(value: string): string | undefined;
}

/** A range that cannot hold a reference, with the reason in words for the user. */
export interface ContextProblem {
  problem: 'not-in-string' | 'in-key';
  message: string;
}

export type ContextResult = ValueContext | ContextProblem;

export function isContextProblem(result: ContextResult): result is ContextProblem {
  return 'problem' in result;
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

export function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return end > 0 && text[end - 1] === '\r' && end > offset ? end - 1 : end;
}
