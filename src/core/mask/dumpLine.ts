/**
 * Lines of the dump tools that print a file 16 bytes a line: `xxd`, `hexdump -C`, `od -c`,
 * `od -tx1` (with or without `-An`). A value in such a dump is in its hex cells and again in its
 * ASCII or character column, split over lines, so no variant of the value matches the text; the
 * masker matches against the bytes the cells decode to instead.
 */

/** Longest dump line the masker waits for: `hexdump -C` writes 78 characters, `od -c` 71. */
export const MAX_DUMP_LINE = 120;

/** The bytes a dump line shows, each with the offset of its cell in the line. */
export interface DumpCells {
  bytes: number[];
  offsets: number[];
}

const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;
const SPACE = 0x20;

/**
 * Whether `line[from, to)` (the start of a line, perhaps not all of it yet) could begin a dump
 * line: an offset of at least 4 hex digits and `:` or a space, or an `od -An` cell. Decided on
 * the first few bytes, so that ordinary lines are not held for the whole line.
 */
export function couldBeDump(data: Uint8Array, from: number, to: number): 'no' | 'maybe' {
  const n = Math.min(to - from, 9);
  const at = (k: number): number => data[from + k];
  if (n === 0) return 'maybe';
  const first = at(0);
  if (isHex(first)) {
    let k = 0;
    while (k < n && isHex(at(k))) k++;
    if (k === n) return 'maybe';
    return k >= 4 && (at(k) === 0x3a || at(k) === SPACE) ? 'maybe' : 'no';
  }
  if (first !== SPACE) return 'no';
  // od -An: " 4f 50" (hex) or a 4-character od -c cell: "   A", "  \n", " 303".
  if (n < 4) return 'maybe';
  const [b, c, d] = [at(1), at(2), at(3)];
  if (isHex(b) && isHex(c) && d === SPACE) return 'maybe';
  if (b === SPACE && c === SPACE && d > SPACE && d < 0x7f) return 'maybe';
  if (b === SPACE && c === 0x5c) return 'maybe';
  if (isOctal(b) && isOctal(c) && isOctal(d)) return 'maybe';
  if (b === SPACE && c === SPACE && d === SPACE) return 'maybe';
  return 'no';
}

const OD_ESCAPES: Record<string, number> = { '\\0': 0, '\\a': 7, '\\b': 8, '\\f': 12, '\\n': 10, '\\r': 13, '\\t': 9, '\\v': 11 };

/** At least this many bytes make a line a dump line, so that short innocent lines stay text. */
const MIN_BYTES = 4;

/** The bytes of a complete dump line (latin1, no line break), or undefined when it is not one. */
export function parseDumpLine(line: string): DumpCells | undefined {
  if (line.length > MAX_DUMP_LINE) return undefined;
  return hexLine(line, false) ?? odCharLine(line);
}

/**
 * Whether `line`, the start of a line whose end has not arrived, already reads as a dump line:
 * cut anywhere, in a cell or in the character column, after at least MIN_BYTES cells.
 */
export function beginsDumpLine(line: string): boolean {
  if (line.length > MAX_DUMP_LINE) return false;
  // A cell cut short (one hex digit of two, an od -c cell of 4 characters) is left out.
  for (let cut = 0; cut < 4 && cut < line.length; cut++) {
    const whole = line.slice(0, line.length - cut);
    if (hexLine(whole, true) ?? odCharLine(whole)) return true;
  }
  return false;
}

/** A printable byte shows as itself in an ASCII column, any other as ".". */
const shown = (b: number): string => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

/**
 * `xxd` (`00000000: 4142 4344  AB..`), `hexdump -C` (`00000000  41 42  |AB|`) and `od -tx1`
 * (`0000000 41 42`, or ` 41 42` with `-An`). The ASCII column, where there is one, must agree
 * with the hex cells: that is what tells a dump from a line that merely begins with digits.
 */
function hexLine(line: string, cutShort: boolean): DumpCells | undefined {
  const head = /^(?:[0-9a-fA-F]{4,16}(?::? {1,2})| )/.exec(line);
  if (!head) return undefined;
  // xxd separates groups by one space and its ASCII column by two; hexdump -C has two in the middle.
  const widestGap = head[0].includes(':') ? 1 : 2;
  let at = head[0].length;
  const bytes: number[] = [];
  const offsets: number[] = [];
  let lastCellEnd = at;
  for (;;) {
    const group = /^[0-9a-fA-F]{2,32}/.exec(line.slice(at, at + 32));
    if (!group || group[0].length % 2) break;
    for (let k = 0; k < group[0].length; k += 2) {
      bytes.push(parseInt(group[0].slice(k, k + 2), 16));
      offsets.push(at + k);
    }
    at += group[0].length;
    lastCellEnd = at;
    let gap = 0;
    while (line[at + gap] === ' ') gap++;
    if (gap === 0 || gap > widestGap) break;
    at += gap;
  }
  if (bytes.length < MIN_BYTES) return undefined;
  const rest = line.slice(lastCellEnd);
  if (/^\s*$/.test(rest)) return { bytes, offsets };
  const expected = bytes.map(shown).join('');
  const cells = { bytes, offsets };
  const piped = /^ +\|(.*?)(\|?)$/.exec(rest);
  if (piped) return (cutShort ? expected.startsWith(piped[1]) : piped[2] === '|' && piped[1] === expected) ? cells : undefined;
  // xxd's column follows two spaces or more (a short last line is padded) and may itself begin
  // with spaces (0x20 bytes): it is the line's last characters.
  const lead = /^ */.exec(rest)![0].length;
  if (lead < 2) return undefined;
  if (!cutShort)
    return rest.endsWith(expected) && lead >= rest.length - expected.length && rest.length - expected.length >= 2 ? cells : undefined;
  for (let k = 2; k <= lead; k++) if (expected.startsWith(rest.slice(k))) return cells;
  return undefined;
}

/** `od -c`: an optional octal offset, then cells of 4 characters (`   A`, `  \n`, ` 303`). */
function odCharLine(line: string): DumpCells | undefined {
  const head = /^[0-7]{7,}/.exec(line);
  const start = head ? head[0].length : 0;
  if ((line.length - start) % 4 || line.length - start < 4 * MIN_BYTES) return undefined;
  const bytes: number[] = [];
  const offsets: number[] = [];
  for (let at = start; at < line.length; at += 4) {
    const cell = line.slice(at, at + 4);
    let b: number | undefined;
    if (/^ {3}[\x20-\x7e]$/.test(cell)) b = cell.charCodeAt(3);
    else if (/^ {2}\\[0abfnrtv]$/.test(cell)) b = OD_ESCAPES[cell.slice(2)];
    else if (/^ [0-7]{3}$/.test(cell)) b = parseInt(cell.slice(1), 8);
    if (b === undefined || b > 0xff) return undefined;
    bytes.push(b);
    offsets.push(at);
  }
  return { bytes, offsets };
}
