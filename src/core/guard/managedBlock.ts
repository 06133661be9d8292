/**
 * The part of a text ignore file that Vaultify owns: everything between the two marker lines.
 * Lines outside stay byte-identical, and so do the file's line endings and its final newline
 * (or the lack of one).
 */

export const BLOCK_BEGIN = '# >>> vaultify (managed: edit vaultify.guard.* settings instead) >>>';
export const BLOCK_END = '# <<< vaultify <<<';

export type BlockEdit = { ok: true; text: string } | { ok: false; reason: string };

interface Line {
  start: number;
  /** Index just past the line's text, before its line break. */
  end: number;
  text: string;
}

/** Sets the managed block of `existing` (undefined: no file yet) to `lines`. */
export function replaceManagedBlock(existing: string | undefined, lines: readonly string[]): BlockEdit {
  const text = existing ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const block = [BLOCK_BEGIN, ...lines, BLOCK_END].join(eol);
  const found = findBlock(text);
  if (!found.ok) return found;
  if (found.block) {
    const { begin, end } = found.block;
    const start = begin.start + (text.startsWith('\uFEFF', begin.start) ? 1 : 0);
    return { ok: true, text: text.slice(0, start) + block + text.slice(end.end) };
  }
  if (!text.replace(/^\uFEFF/, '')) return { ok: true, text: text + block + eol };
  // Appended after the user's lines, so that the block's `!` exceptions come last; a blank line between.
  const endsWithNewline = text.endsWith('\n');
  return { ok: true, text: text + (endsWithNewline ? eol : eol + eol) + block + (endsWithNewline ? eol : '') };
}

type Found = { ok: true; block?: { begin: Line; end: Line } } | { ok: false; reason: string };

function findBlock(text: string): Found {
  const lines = splitLines(text);
  const begins = lines.filter((l) => l.text.replace(/^\uFEFF/, '').trimEnd() === BLOCK_BEGIN);
  const ends = lines.filter((l) => l.text.trimEnd() === BLOCK_END);
  if (!begins.length && !ends.length) return { ok: true };
  if (begins.length !== 1 || ends.length !== 1 || ends[0].start < begins[0].start) {
    return {
      ok: false,
      reason: `its Vaultify block is damaged (expected one "${BLOCK_BEGIN}" line, then one "${BLOCK_END}" line); fix or delete those lines`,
    };
  }
  return { ok: true, block: { begin: begins[0], end: ends[0] } };
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const newline = text.indexOf('\n', start);
    const stop = newline < 0 ? text.length : newline;
    const end = stop > start && text[stop - 1] === '\r' ? stop - 1 : stop;
    lines.push({ start, end, text: text.slice(start, end) });
    if (newline < 0) break;
    start = newline + 1;
  }
  return lines;
}
