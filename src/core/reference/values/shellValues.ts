import { cString, shellDoubleQuoted, shellWord, verbatim, type StringEncoding } from './stringEncodings';
import { lineEndAt, lineStartAt, type ValueContext } from './valueContext';

/** One quoted or unquoted run of a shell word: `pre`, `"quoted"` and `post` in `pre"quoted"post`. */
interface Segment {
  start: number;
  end: number;
  contentStart: number;
  contentEnd: number;
  encoding: StringEncoding;
}

const SINGLE_QUOTED = verbatim(/'/);
const ANSI_C_QUOTED = cString("'", 'verbatim');
const OPERATOR = /[;&|()<>]/;
const BLANK = /[ \t]/;

/** `NAME=`, `NAME+=`, `arr[i]=` at a word's start: the word assigns a variable. */
const ASSIGNMENT = /^([A-Za-z_]\w*)(?:\[[^\]]*\])?\+?=/;
/** `--flag=` at a word's start. */
const FLAG_ASSIGNMENT = /^--([A-Za-z][\w-]*)=/;

/**
 * The quoted or unquoted run of a shell word that holds `[start, end)`. The value of an
 * assignment (`export TOKEN=…`, `--token=…`) starts after its `=` and is named by it; a
 * word after a long flag (`--token …`) is named by the flag. Undefined in comments and when
 * the range spans several runs.
 */
export function shellContext(text: string, start: number, end: number): ValueContext | undefined {
  const lineEnd = lineEndAt(text, start);
  let p = lineStartAt(text, start);
  let previousWord = '';
  while (p < lineEnd && p <= start) {
    if (BLANK.test(text[p]) || OPERATOR.test(text[p])) {
      p++;
      continue;
    }
    if (text[p] === '#') return undefined;
    const wordStart = p;
    const segments: Segment[] = [];
    while (p < text.length && !(BLANK.test(text[p]) || OPERATOR.test(text[p]) || text[p] === '\n' || text[p] === '\r')) {
      const segment = readSegment(text, p);
      segments.push(segment);
      p = segment.end;
    }
    const word = text.slice(wordStart, p);
    if (start >= wordStart && end <= p) return wordValue(word, wordStart, segments, previousWord, start, end);
    previousWord = word;
  }
  return undefined;
}

function wordValue(
  word: string,
  wordStart: number,
  segments: Segment[],
  previousWord: string,
  start: number,
  end: number,
): ValueContext | undefined {
  const assignment = ASSIGNMENT.exec(word) ?? FLAG_ASSIGNMENT.exec(word);
  const valueStart = wordStart + (assignment?.[0].length ?? 0);
  const flag = /^--([A-Za-z][\w-]*)$/.exec(previousWord);
  const keys = assignment ? [assignment[1]] : flag ? [flag[1]] : [];
  // The first unquoted run may hold the `NAME=`: the value's own run starts after it.
  const valueSegments = segments
    .filter((segment) => segment.end > valueStart)
    .map((segment) => (segment.start < valueStart ? { ...segment, start: valueStart, contentStart: valueStart } : segment));
  const holder = valueSegments.find((segment) => start >= segment.contentStart && end <= segment.contentEnd);
  if (!holder) return undefined;
  return {
    start: holder.contentStart,
    end: holder.contentEnd,
    encoding: holder.encoding,
    keys,
    piece: valueSegments.length > 1,
    requote: {
      start: holder.start,
      end: holder.end,
      valueStart: holder.contentStart,
      valueEnd: holder.contentEnd,
      write: (value) => `"${shellDoubleQuoted.encode(value)}"`,
    },
  };
}

/** The quoted or unquoted run of a word that starts at `p`. Quoted runs may span lines. */
function readSegment(text: string, p: number): Segment {
  if (text[p] === "'") {
    const close = text.indexOf("'", p + 1);
    const contentEnd = close < 0 ? text.length : close;
    return { start: p, end: Math.min(contentEnd + 1, text.length), contentStart: p + 1, contentEnd, encoding: SINGLE_QUOTED };
  }
  if (text[p] === '"' || (text[p] === '$' && text[p + 1] === "'")) {
    const ansi = text[p] === '$';
    const quote = ansi ? "'" : '"';
    const contentStart = p + (ansi ? 2 : 1);
    let q = contentStart;
    while (q < text.length && text[q] !== quote) q += text[q] === '\\' ? 2 : 1;
    const contentEnd = Math.min(q, text.length);
    return {
      start: p,
      end: Math.min(contentEnd + 1, text.length),
      contentStart,
      contentEnd,
      encoding: ansi ? ANSI_C_QUOTED : shellDoubleQuoted,
    };
  }
  let q = p;
  while (q < text.length && !/[\s'";&|()<>]/.test(text[q]) && !(text[q] === '$' && text[q + 1] === "'")) {
    q += text[q] === '\\' ? 2 : 1;
  }
  const segmentEnd = Math.min(Math.max(q, p + 1), text.length);
  return { start: p, end: segmentEnd, contentStart: p, contentEnd: segmentEnd, encoding: shellWord };
}
