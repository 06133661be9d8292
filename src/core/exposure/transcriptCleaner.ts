import { createReadStream, promises as fs } from 'node:fs';
import { type WriteBytes as Write, replaceFileAtomic } from '../files/atomicWrite';
import type { SkippedFile } from './exposureFinding';
import type { TranscriptFile } from './transcriptFiles';
import { type RedactorOptions, TranscriptRedactor } from './transcriptRedactor';
import type { VaultValue } from './valueMatcher';

export interface CleanOptions extends RedactorOptions {
  /**
   * A file modified less than this long ago may still be open in its tool, which would append
   * to the old inode after the rename or overwrite the cleaning: it is skipped. Default 60 s.
   */
  quietMs?: number;
  /** The clock, for `quietMs`. */
  now?: () => number;
  /** Files a tool is known to hold open (a live chat session): skipped whatever their age. */
  isOpen?: (file: string) => boolean;
  /** JSON, markdown and text files are rewritten in memory; larger ones are skipped. Default 256 MB. */
  maxInMemoryBytes?: number;
  signal?: AbortSignal;
  /** Count what would be replaced, for the list shown before confirmation, and write nothing. */
  dryRun?: boolean;
}

export interface CleanedFile {
  path: string;
  /** The file that was rewritten, when `path` is a symbolic link to it: the link itself is kept. */
  target?: string;
  tool: TranscriptFile['tool'];
  /** Replacements by secret name and by detected credential kind. */
  vault: Record<string, number>;
  secret: Record<string, number>;
}

export interface CleanResult {
  /** Files rewritten (with `dryRun`: that would be). */
  cleaned: CleanedFile[];
  /** Files read and found clean: left as they were. */
  unchanged: string[];
  skipped: SkippedFile[];
}

const DEFAULT_QUIET_MS = 60_000;
const DEFAULT_MAX_IN_MEMORY = 256 << 20;
/** JSONL lines handed to the redactor together, by size. */
const LINE_BATCH = 1 << 20;

/**
 * Rewrites transcripts so that each vaulted value (whole, or one of its renderings) and each
 * high-confidence credential becomes its mask token; every other byte stays as it was (a BOM, CRLF,
 * invalid UTF-8). Each rewrite goes to a temporary file in the same folder, which is flushed, given
 * the original's mode and renamed over it: a crash leaves the old file or the clean one. A
 * transcript that is a symbolic link has the file it points to rewritten, the link kept. No copy
 * of the old content is kept anywhere. A file still being written (recently modified, known open,
 * or changed while it was read) is skipped and named, never half-cleaned. SQLite stores are named
 * as skipped: their pages cannot be rewritten as text. A dry run counts exactly what a run would
 * replace.
 */
export async function cleanTranscripts(
  files: readonly TranscriptFile[],
  values: readonly VaultValue[],
  options: CleanOptions = {},
): Promise<CleanResult> {
  const result: CleanResult = { cleaned: [], unchanged: [], skipped: [] };
  const quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
  const now = options.now ?? Date.now;
  const maxInMemory = options.maxInMemoryBytes ?? DEFAULT_MAX_IN_MEMORY;
  const redactor = new TranscriptRedactor(values, options);
  for (const file of files) {
    if (options.signal?.aborted) {
      result.skipped.push({ path: file.path, reason: 'cancelled' });
      continue;
    }
    if (file.format === 'sqlite') {
      result.skipped.push({ path: file.path, reason: 'a SQLite database: delete the chat in its tool instead' });
      continue;
    }
    let before;
    let target;
    try {
      // The link's target is what its tool reads: rewrite that, never replace the link with a file.
      target = await fs.realpath(file.path);
      before = await fs.stat(target);
    } catch (error) {
      result.skipped.push({ path: file.path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
      continue;
    }
    if (options.isOpen?.(file.path)) {
      result.skipped.push({ path: file.path, reason: 'open in its tool' });
      continue;
    }
    if (now() - before.mtimeMs < quietMs) {
      result.skipped.push({
        path: file.path,
        reason: `being written: modified ${Math.max(0, Math.round((now() - before.mtimeMs) / 1000))} s ago`,
      });
      continue;
    }
    if (file.format !== 'jsonl' && before.size > maxInMemory) {
      result.skipped.push({ path: file.path, reason: `too large to rewrite (${Math.round(before.size / 2 ** 20)} MB)` });
      continue;
    }
    const produce = (write: Write) => rewrite(target, file.format, redactor, write);
    const outcome = options.dryRun ? await countOnly(produce) : await rewriteAtomically(target, before, produce);
    const counts = redactor.takeCounts();
    if (outcome === 'unchanged') result.unchanged.push(file.path);
    else if (outcome === 'written') {
      result.cleaned.push({
        path: file.path,
        ...(target !== file.path && { target }),
        tool: file.tool,
        vault: Object.fromEntries(counts.vault),
        secret: Object.fromEntries(counts.secret),
      });
    } else result.skipped.push({ path: file.path, reason: outcome.reason });
  }
  return result;
}

const exactUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The length of the valid UTF-8 sequence at `at`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Uint8Array, at: number): number {
  const first = bytes[at];
  if (first < 0x80) return 1;
  const length = first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (!length || at + length > bytes.length) return 0;
  const second = bytes[at + 1];
  // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
  const [low, high] =
    first === 0xe0
      ? [0xa0, 0xbf]
      : first === 0xed
        ? [0x80, 0x9f]
        : first === 0xf0
          ? [0x90, 0xbf]
          : first === 0xf4
            ? [0x80, 0x8f]
            : [0x80, 0xbf];
  if (second < low || second > high) return 0;
  for (let i = 2; i < length; i++) if ((bytes[at + i] & 0xc0) !== 0x80) return 0;
  return length;
}

/** Bytes cut into runs of valid UTF-8 (decoded exactly) and the bytes between them, which no decoder may touch. */
function utf8Runs(bytes: Uint8Array): { bytes: Uint8Array; text?: string }[] {
  const runs: { bytes: Uint8Array; text?: string }[] = [];
  let from = 0;
  let at = 0;
  const cut = (to: number, valid: boolean) => {
    if (to > from) runs.push({ bytes: bytes.subarray(from, to), ...(valid && { text: exactUtf8.decode(bytes.subarray(from, to)) }) });
    from = to;
  };
  while (at < bytes.length) {
    const length = sequenceLength(bytes, at);
    if (length) {
      at += length;
      continue;
    }
    cut(at, true);
    cut(at + 1, false);
    at++;
  }
  cut(at, true);
  return runs;
}

/**
 * Redacts one unit (a JSONL line, a whole JSON or text file) and writes it: its own bytes when
 * nothing matched. Valid UTF-8 is redacted as its format says; a unit that holds invalid UTF-8
 * has its valid runs redacted as text and its invalid bytes written back as they were.
 */
async function redactUnits(
  units: readonly Uint8Array[],
  format: 'json' | 'text',
  redactor: TranscriptRedactor,
  write: Write,
): Promise<boolean> {
  const texts = units.map((bytes) => {
    try {
      return exactUtf8.decode(bytes);
    } catch {
      return undefined;
    }
  });
  const valid = texts.filter((t): t is string => t !== undefined);
  const redacted = format === 'json' ? await redactor.redactJson(valid) : await Promise.all(valid.map((t) => redactor.redactText(t)));
  let changed = false;
  const out: Uint8Array[] = [];
  let next = 0;
  for (let i = 0; i < units.length; i++) {
    const text = texts[i];
    if (text !== undefined) {
      const after = redacted[next++];
      out.push(after === text ? units[i] : Buffer.from(after, 'utf8'));
      changed ||= after !== text;
      continue;
    }
    for (const run of utf8Runs(units[i])) {
      const after = run.text ? await redactor.redactText(run.text) : undefined;
      out.push(after === undefined || after === run.text ? run.bytes : Buffer.from(after, 'utf8'));
      changed ||= after !== undefined && after !== run.text;
    }
  }
  await write(Buffer.concat(out));
  return changed;
}

/** Writes the redacted content through `write`; returns whether anything changed. */
async function rewrite(file: string, format: TranscriptFile['format'], redactor: TranscriptRedactor, write: Write): Promise<boolean> {
  if (format === 'jsonl') return rewriteLines(file, redactor, write);
  return redactUnits([await fs.readFile(file)], format === 'json' ? 'json' : 'text', redactor, write);
}

/** JSONL, streamed as bytes: each line is JSON on its own and is rewritten on its own, its line break kept. */
async function rewriteLines(file: string, redactor: TranscriptRedactor, write: Write): Promise<boolean> {
  let changed = false;
  let pending: Buffer = Buffer.alloc(0);
  let batch: Uint8Array[] = [];
  let batchSize = 0;
  const drain = async () => {
    if (!batch.length) return;
    if (await redactUnits(batch, 'json', redactor, write)) changed = true;
    batch = [];
    batchSize = 0;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    for (let nl = pending.indexOf(0x0a); nl >= 0; nl = pending.indexOf(0x0a, from)) {
      batch.push(pending.subarray(from, nl + 1));
      batchSize += nl + 1 - from;
      from = nl + 1;
    }
    pending = pending.subarray(from);
    if (batchSize >= LINE_BATCH) await drain();
  }
  if (pending.length) batch.push(pending);
  await drain();
  return changed;
}

type Outcome = 'written' | 'unchanged' | { reason: string };

async function countOnly(produce: (write: Write) => Promise<boolean>): Promise<Outcome> {
  try {
    return (await produce(() => Promise.resolve())) ? 'written' : 'unchanged';
  } catch (error) {
    return { reason: `unreadable: ${(error as NodeJS.ErrnoException).code ?? 'read failed'}` };
  }
}

/**
 * Runs `produce` into a temporary file beside `target` and renames it over `target`, unless
 * nothing changed or `target` changed meanwhile (a tool wrote to it): then the temporary file is
 * removed and `target` is left alone.
 */
async function rewriteAtomically(
  target: string,
  before: { size: number; mtimeMs: number; mode: number },
  produce: (write: Write) => Promise<boolean>,
): Promise<Outcome> {
  const unchangedSince = async (): Promise<boolean> => {
    const after = await fs.stat(target);
    return after.size === before.size && after.mtimeMs === before.mtimeMs;
  };
  try {
    const outcome = await replaceFileAtomic(target, before.mode & 0o7777, produce, unchangedSince);
    return outcome === 'changed meanwhile' ? { reason: 'being written: it changed while it was cleaned' } : outcome;
  } catch (error) {
    return { reason: `not rewritten: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}` };
  }
}
