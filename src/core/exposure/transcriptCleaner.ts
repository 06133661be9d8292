import { randomBytes } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
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
 * Rewrites transcripts so that each vaulted value and each high-confidence credential becomes its
 * mask token. Each rewrite goes to a temporary file in the same folder, which is flushed, given
 * the original's mode and renamed over it: a crash leaves the old file or the clean one. No copy
 * of the old content is kept anywhere. A file still being written (recently modified, known open,
 * or changed while it was read) is skipped and named, never half-cleaned. SQLite stores are named
 * as skipped: their pages cannot be rewritten as text.
 */
export async function cleanTranscripts(files: readonly TranscriptFile[], values: readonly VaultValue[], options: CleanOptions = {}): Promise<CleanResult> {
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
    try {
      before = await fs.stat(file.path);
    } catch (error) {
      result.skipped.push({ path: file.path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
      continue;
    }
    if (options.isOpen?.(file.path)) {
      result.skipped.push({ path: file.path, reason: 'open in its tool' });
      continue;
    }
    if (now() - before.mtimeMs < quietMs) {
      result.skipped.push({ path: file.path, reason: `being written: modified ${Math.max(0, Math.round((now() - before.mtimeMs) / 1000))} s ago` });
      continue;
    }
    if (file.format !== 'jsonl' && before.size > maxInMemory) {
      result.skipped.push({ path: file.path, reason: `too large to rewrite (${Math.round(before.size / 2 ** 20)} MB)` });
      continue;
    }
    const produce = (write: Write) => rewrite(file, redactor, write);
    const outcome = options.dryRun ? await countOnly(produce) : await rewriteAtomically(file.path, before, produce);
    const counts = redactor.takeCounts();
    if (outcome === 'unchanged') result.unchanged.push(file.path);
    else if (outcome === 'written') {
      result.cleaned.push({ path: file.path, tool: file.tool, vault: Object.fromEntries(counts.vault), secret: Object.fromEntries(counts.secret) });
    } else result.skipped.push({ path: file.path, reason: outcome.reason });
  }
  return result;
}

type Write = (text: string) => Promise<void>;

/** Writes the redacted content through `write`; returns whether anything changed. */
async function rewrite(file: TranscriptFile, redactor: TranscriptRedactor, write: Write): Promise<boolean> {
  if (file.format === 'jsonl') return rewriteLines(file.path, redactor, write);
  const text = await fs.readFile(file.path, 'utf8');
  const out = file.format === 'json' ? (await redactor.redactJson([text]))[0] : await redactor.redactText(text);
  await write(out);
  return out !== text;
}

/** JSONL, streamed: each line is JSON on its own and is rewritten on its own, its line break kept. */
async function rewriteLines(file: string, redactor: TranscriptRedactor, write: Write): Promise<boolean> {
  let changed = false;
  let pending = '';
  let batch: string[] = [];
  let batchSize = 0;
  const decoder = new TextDecoder();
  const drain = async () => {
    if (!batch.length) return;
    const out = await redactor.redactJson(batch);
    out.forEach((line, i) => {
      if (line !== batch[i]) changed = true;
    });
    await write(out.join(''));
    batch = [];
    batchSize = 0;
  };
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    pending += decoder.decode(chunk as Buffer, { stream: true });
    let from = 0;
    for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n', from)) {
      const line = pending.slice(from, nl + 1);
      batch.push(line);
      batchSize += line.length;
      from = nl + 1;
    }
    pending = pending.slice(from);
    if (batchSize >= LINE_BATCH) await drain();
  }
  pending += decoder.decode();
  if (pending) batch.push(pending);
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
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.vaultify-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const mode = before.mode & 0o7777;
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    const h = handle;
    const changed = await produce(async (text) => {
      await h.write(text);
    });
    if (!changed) {
      await handle.close();
      handle = undefined;
      await fs.rm(temp, { force: true });
      return 'unchanged';
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    // open() applies the umask; the clean file keeps the mode the old one had.
    await fs.chmod(temp, mode);
    const after = await fs.stat(target);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      await fs.rm(temp, { force: true });
      return { reason: 'being written: it changed while it was cleaned' };
    }
    await fs.rename(temp, target);
    return 'written';
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    return { reason: `not rewritten: ${(error as NodeJS.ErrnoException).code ?? 'write failed'}` };
  }
}
