import { tomlBasic, verbatim, type StringEncoding } from './stringEncodings';
import type { ContextResult } from './valueContext';

const BASIC = tomlBasic(false);
const MULTI_LINE_BASIC = tomlBasic(true);
const LITERAL = verbatim(/['\r\n]/);
const MULTI_LINE_LITERAL = verbatim(/'''/);

interface Frame {
  kind: 'inline' | 'array';
  path: string[];
  index: number;
}

interface StringToken {
  contentStart: number;
  contentEnd: number;
  end: number;
  encoding: StringEncoding;
}

const NOT_IN_STRING = {
  problem: 'not-in-string' as const,
  message: 'The selection is not inside a TOML string; a vault reference can only replace a string value.',
};
const IN_KEY = { problem: 'in-key' as const, message: 'The selection is inside a TOML key or table name; Vaultify replaces values.' };

/**
 * The TOML string that holds `[start, end)`, with its table and key path. TOML's strings
 * may span lines, so the file is read from the top, but only as far as the range.
 * Undefined when the range is in a comment.
 */
export function tomlContext(text: string, start: number, end: number): ContextResult | undefined {
  let table: string[] = [];
  const frames: Frame[] = [];
  let expectKey = true;
  let assigned: string[] = [];
  const top = () => frames[frames.length - 1] as Frame | undefined;
  const valuePath = () => {
    const frame = top();
    return frame?.kind === 'array' ? [...frame.path, String(frame.index)] : assigned;
  };

  let p = 0;
  while (p < text.length && p <= start) {
    const c = text[p];
    if (c === ' ' || c === '\t') {
      p++;
    } else if (c === '\n' || c === '\r') {
      p++;
      if (!frames.length) expectKey = true;
    } else if (c === '#') {
      const commentEnd = lineEnd(text, p);
      if (start >= p && end <= commentEnd) return undefined;
      p = commentEnd;
    } else if (expectKey && !frames.length && c === '[') {
      const header = readHeader(text, p);
      if (start < header.end) return IN_KEY;
      table = header.keys;
      p = header.end;
    } else if (expectKey) {
      const key = readKey(text, p);
      if (start < key.end) return IN_KEY;
      const base = top()?.path ?? table;
      assigned = [...base, ...key.keys];
      p = key.end;
      expectKey = false;
    } else if (c === '"' || c === "'") {
      const token = readString(text, p);
      if (start >= token.contentStart && end <= token.contentEnd) {
        return {
          start: token.contentStart,
          end: token.contentEnd,
          encoding: token.encoding,
          keys: valuePath(),
          requote: {
            start: p,
            end: token.end,
            valueStart: token.contentStart,
            valueEnd: token.contentEnd,
            write: (value) => `"${BASIC.encode(value)}"`,
          },
        };
      }
      if (start < token.end) return NOT_IN_STRING;
      p = token.end;
    } else if (c === '{' || c === '[') {
      frames.push({ kind: c === '{' ? 'inline' : 'array', path: valuePath(), index: 0 });
      expectKey = c === '{';
      p++;
    } else if (c === '}' || c === ']') {
      frames.pop();
      p++;
    } else if (c === ',') {
      const frame = top();
      if (frame?.kind === 'array') frame.index++;
      else if (frame) expectKey = true;
      p++;
    } else {
      const scalarEnd = p + /^[^\s,\]}#]*/.exec(text.slice(p, p + 256))![0].length;
      if (start < Math.max(scalarEnd, p + 1)) return NOT_IN_STRING;
      p = Math.max(scalarEnd, p + 1);
    }
  }
  return NOT_IN_STRING;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  const end = newline < 0 ? text.length : newline;
  return text[end - 1] === '\r' ? end - 1 : end;
}

/** A dotted key up to and including its `=`: `a."b.c".d =`. */
function readKey(text: string, from: number): { keys: string[]; end: number } {
  const keys: string[] = [];
  let p = from;
  for (;;) {
    while (text[p] === ' ' || text[p] === '\t') p++;
    if (text[p] === '"' || text[p] === "'") {
      const token = readString(text, p);
      keys.push(token.encoding.decode(text.slice(token.contentStart, token.contentEnd), 0, token.contentEnd - token.contentStart) ?? '');
      p = token.end;
    } else {
      const bare = /^[A-Za-z0-9_-]*/.exec(text.slice(p, p + 1024))![0];
      keys.push(bare);
      p += Math.max(bare.length, 1);
    }
    while (text[p] === ' ' || text[p] === '\t') p++;
    if (text[p] !== '.') break;
    p++;
  }
  if (text[p] === '=') p++;
  return { keys, end: p };
}

/** A `[table]` or `[[array.of.tables]]` header. */
function readHeader(text: string, from: number): { keys: string[]; end: number } {
  const double = text[from + 1] === '[';
  const key = readKey(text, from + (double ? 2 : 1));
  let p = key.end;
  while (text[p] === ' ' || text[p] === '\t') p++;
  p += double ? 2 : 1;
  return { keys: key.keys, end: Math.min(p, text.length) };
}

/** A string of any of TOML's four kinds, starting at its opening quote. */
function readString(text: string, from: number): StringToken {
  const quote = text[from];
  const multiLine = text.startsWith(quote.repeat(3), from);
  if (multiLine) {
    let contentStart = from + 3;
    if (text[contentStart] === '\n') contentStart++;
    else if (text.startsWith('\r\n', contentStart)) contentStart += 2;
    let p = contentStart;
    for (;;) {
      if (p >= text.length) {
        return { contentStart, contentEnd: text.length, end: text.length, encoding: quote === '"' ? MULTI_LINE_BASIC : MULTI_LINE_LITERAL };
      }
      if (quote === '"' && text[p] === '\\') {
        p += 2;
        continue;
      }
      if (text.startsWith(quote.repeat(3), p)) {
        // Up to two quotes before the closing three belong to the content.
        let close = p;
        while (close < p + 2 && text[close + 3] === quote) close++;
        return { contentStart, contentEnd: close, end: close + 3, encoding: quote === '"' ? MULTI_LINE_BASIC : MULTI_LINE_LITERAL };
      }
      p++;
    }
  }
  let p = from + 1;
  while (p < text.length && text[p] !== quote && text[p] !== '\n') p += quote === '"' && text[p] === '\\' ? 2 : 1;
  const contentEnd = Math.min(p, text.length);
  return { contentStart: from + 1, contentEnd, end: text[p] === quote ? p + 1 : contentEnd, encoding: quote === '"' ? BASIC : LITERAL };
}
