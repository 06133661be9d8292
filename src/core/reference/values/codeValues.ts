import type { CodeSyntax } from '../fileSyntax';
import { keyBefore } from './assignmentKey';
import { cString, verbatim, type StringEncoding, type UnknownEscape } from './stringEncodings';
import { lineEndAt, lineStartAt, type ValueContext } from './valueContext';

interface StringKind {
  encoding: StringEncoding;
  /** Whether the literal may run over several lines (template literals, raw strings, triple quotes). */
  multiLine: boolean;
  /** Whether a backslash keeps the next character from closing the literal (all but Go's raw strings). */
  escapes: boolean;
  /** How to write a value that this kind cannot hold, as a literal of another kind. */
  rewrite?: (value: string) => string | undefined;
  embedProblem?: string;
}

interface Dialect {
  lineComments: readonly string[];
  /** The quotes of the dialect's string literals, longest first. */
  quotes: readonly string[];
  /** Letters that may come right before a quote and change the literal (Python's `r`, `b`, `f`). */
  prefixes?: RegExp;
  /** The kind of literal a quote, with its prefix, opens. */
  kind(quote: string, prefix: string): StringKind;
}

function plain(quote: string, unknown: UnknownEscape, multiLine = false): StringKind {
  return { encoding: cString(quote, unknown), multiLine, escapes: true };
}

const DIALECTS: Record<CodeSyntax, Dialect> = {
  javascript: {
    lineComments: ['//'],
    quotes: ['"', "'", '`'],
    kind: (quote) =>
      quote === '`' ? { encoding: cString('`', 'identity', true), multiLine: true, escapes: true } : plain(quote, 'identity'),
  },
  go: {
    lineComments: ['//'],
    quotes: ['"', "'", '`'],
    kind: (quote) =>
      quote === '`'
        ? { encoding: verbatim(/`/), multiLine: true, escapes: false, rewrite: (value) => `"${cString('"', 'invalid').encode(value)}"` }
        : plain(quote, 'invalid'),
  },
  python: {
    lineComments: ['#'],
    quotes: ['"""', "'''", '"', "'"],
    prefixes: /^[rRbBuUfF]{1,2}(?=["'])/,
    kind: (quote, prefix) => {
      const triple = quote.length === 3;
      const q = quote[0];
      // A raw string cannot hold its own quote, a line break (unless triple-quoted) or a final
      // backslash; a backslash still keeps a quote from closing it.
      const forbidden = triple ? new RegExp(`${quote}|\\\\$`) : new RegExp(`[${q}\\r\\n]|\\\\$`);
      const kind: StringKind = /r/i.test(prefix)
        ? {
            encoding: verbatim(forbidden),
            multiLine: triple,
            escapes: true,
            rewrite: (value) => `${q}${cString(q, 'verbatim').encode(value)}${q}`,
          }
        : plain(q, 'verbatim', triple);
      return /f/i.test(prefix)
        ? { ...kind, embedProblem: 'An f-string reads "{{" as a brace; put the reference in a plain string instead.' }
        : kind;
    },
  },
  c: {
    lineComments: ['//'],
    quotes: ['"', "'"],
    kind: (quote) => plain(quote, 'invalid'),
  },
  script: {
    lineComments: ['#'],
    quotes: ['"', "'"],
    kind: (quote) => plain(quote, 'verbatim'),
  },
};

/**
 * The string literal of program source that holds `[start, end)`, with the left-hand side
 * of its assignment as key. The line is read from its start, skipping other literals and
 * stopping at a line comment, so `//` inside a string is not a comment. Multi-line literals
 * are followed when they start on the range's line. Undefined outside any literal: the
 * caller then treats the range as plain text.
 */
export function codeContext(text: string, start: number, end: number, syntax: CodeSyntax): ValueContext | undefined {
  const dialect = DIALECTS[syntax];
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, start);
  let p = lineStart;
  while (p <= start && p < lineEnd) {
    if (dialect.lineComments.some((marker) => text.startsWith(marker, p))) return undefined;
    const opening = openingAt(text, p, dialect);
    if (!opening) {
      p++;
      continue;
    }
    const kind = dialect.kind(opening.quote, opening.prefix);
    const contentStart = opening.quoteStart + opening.quote.length;
    const contentEnd = closingQuote(text, contentStart, opening.quote, kind.multiLine ? text.length : lineEnd, kind.escapes);
    const literalEnd = Math.min(contentEnd + opening.quote.length, text.length);
    if (start >= contentStart && end <= contentEnd) {
      const key = keyBefore(text.slice(lineStart, p));
      return {
        start: contentStart,
        end: contentEnd,
        encoding: kind.encoding,
        keys: key ? [key] : [],
        embedProblem: kind.embedProblem,
        requote: kind.rewrite && {
          start: p,
          end: literalEnd,
          valueStart: contentStart,
          valueEnd: contentEnd,
          write: kind.rewrite,
        },
      };
    }
    if (literalEnd > start) return undefined;
    p = literalEnd;
  }
  return undefined;
}

/** A string literal opening at `p`: its quote and its prefix, if any. */
function openingAt(text: string, p: number, dialect: Dialect): { quote: string; prefix: string; quoteStart: number } | undefined {
  let prefix = '';
  if (dialect.prefixes) {
    const match = dialect.prefixes.exec(text.slice(p, p + 3));
    if (match && (p === 0 || !/\w/.test(text[p - 1]))) prefix = match[0];
  }
  const quoteStart = p + prefix.length;
  const quote = dialect.quotes.find((q) => text.startsWith(q, quoteStart));
  if (!quote) return undefined;
  // A quote that ends a word is an apostrophe or a Rust lifetime, not a literal's start.
  if (!prefix && quote === "'" && p > 0 && /\w/.test(text[p - 1])) return undefined;
  return { quote, prefix, quoteStart };
}

/** Where a literal's content ends: at its closing quote, or at `limit` when it is not closed. */
function closingQuote(text: string, from: number, quote: string, limit: number, escapes: boolean): number {
  let p = from;
  while (p < limit) {
    if (escapes && text[p] === '\\') {
      p += 2;
      continue;
    }
    if (text.startsWith(quote, p)) return p;
    p++;
  }
  return Math.min(limit, text.length);
}
