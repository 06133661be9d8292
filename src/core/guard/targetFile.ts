import { type Stats, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeError } from '../workspace/fileWalker';

/** A guard file as found on disk, ready to be planned against, or the reason to leave it alone. */
export type TargetFile =
  | {
      ok: true;
      /** Where to write: the file itself, or the file a symlink inside the folder points to. */
      path: string;
      /** Undefined when the file does not exist yet. */
      text: string | undefined;
      mode: number | undefined;
    }
  | { ok: false; reason: string };

/**
 * Opens `relative` under `folder` for a guard write. Refused, with the reason: a symlink (of the
 * file or of a folder above it) that leads outside the workspace folder, a dangling symlink, a
 * folder, a file that is not text, and a read-only file.
 */
export async function openTarget(folder: string, relative: string): Promise<TargetFile> {
  const folderReal = await fs.realpath(folder);
  const absolute = path.join(folder, relative);
  const inside = (real: string): boolean => real === folderReal || real.startsWith(folderReal + path.sep);

  let link: Stats;
  try {
    link = await fs.lstat(absolute);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { ok: false, reason: describeError(error) };
    const ancestor = await nearestExisting(path.dirname(absolute));
    if (!inside(ancestor)) return { ok: false, reason: `its folder leads outside the workspace folder (to ${ancestor})` };
    return { ok: true, path: absolute, text: undefined, mode: undefined };
  }

  let real: string;
  try {
    real = await fs.realpath(absolute);
  } catch (error) {
    return { ok: false, reason: `it is a symlink to a missing file (${describeError(error)})` };
  }
  if (!inside(real)) return { ok: false, reason: `it is a symlink to ${real}, outside the workspace folder` };
  const stat = link.isSymbolicLink() ? await fs.stat(real) : link;
  if (!stat.isFile()) return { ok: false, reason: 'it is not a regular file' };
  const mode = stat.mode & 0o7777;
  if ((mode & 0o222) === 0 || !(await writable(real))) {
    return { ok: false, reason: 'it is read-only; make it writable to let Vaultify update it' };
  }
  let text: string;
  try {
    text = await fs.readFile(real, 'utf8');
  } catch (error) {
    return { ok: false, reason: describeError(error) };
  }
  if (text.includes('\0')) return { ok: false, reason: 'it is not a text file' };
  return { ok: true, path: real, text, mode };
}

async function nearestExisting(dir: string): Promise<string> {
  for (;;) {
    try {
      return await fs.realpath(dir);
    } catch {
      const parent = path.dirname(dir);
      if (parent === dir) return dir;
      dir = parent;
    }
  }
}

async function writable(file: string): Promise<boolean> {
  try {
    await fs.access(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
