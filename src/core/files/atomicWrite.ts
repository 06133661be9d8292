import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** The temporary files every atomic write uses, `.<name>.vaultify-<pid>-<hex>.tmp`. */
const TEMP_FILE = /(^|\/)\.[^/]*\.vaultify-\d+-[0-9a-f]+\.tmp$/;

/**
 * Whether a path (relative or absolute, `/`-separated) is one of Vaultify's own temporary files:
 * file watchers skip them, since the rename that follows is the change that counts.
 */
export const isAtomicWriteTemp = (file: string): boolean => TEMP_FILE.test(file);

export type WriteBytes = (bytes: Uint8Array) => Promise<void>;

/**
 * Fills a temporary file beside `target` through `fill`, flushes it to disk, gives it `mode`, then
 * renames it over `target`: a crash leaves the old file or the new one, never half of either.
 * `fill` returns false when there is nothing to write, and `stillCurrent` (asked just before the
 * rename) false when `target` changed meanwhile: then the temporary file is removed and `target`
 * is left alone. The temporary file is removed on failure too.
 */
export async function replaceFileAtomic(
  target: string,
  mode: number,
  fill: (write: WriteBytes) => Promise<boolean>,
  stillCurrent: () => Promise<boolean> = () => Promise.resolve(true),
): Promise<'written' | 'unchanged' | 'changed meanwhile'> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.vaultify-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    const open = handle;
    const changed = await fill(async (bytes) => {
      await open.write(bytes);
    });
    if (changed) await handle.sync();
    await handle.close();
    handle = undefined;
    if (!changed) {
      await fs.rm(temp, { force: true });
      return 'unchanged';
    }
    // open() applies the umask; the file gets the mode asked for (the old file's, as a rule).
    await fs.chmod(temp, mode);
    if (!(await stillCurrent())) {
      await fs.rm(temp, { force: true });
      return 'changed meanwhile';
    }
    await fs.rename(temp, target);
    return 'written';
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/** Writes `content` to `target` whole or not at all (see `replaceFileAtomic`). */
export async function writeFileAtomic(target: string, content: string | Uint8Array, mode = 0o644): Promise<void> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  await replaceFileAtomic(target, mode, async (write) => {
    await write(bytes);
    return true;
  });
}

/** The mode `target` has now, or `fallback` when it does not exist yet. */
export const currentMode = (target: string, fallback = 0o644): Promise<number> =>
  fs.stat(target).then(
    (stat) => stat.mode & 0o7777,
    () => fallback,
  );
