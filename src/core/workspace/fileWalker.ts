import { type Dirent, type Stats, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Gitignore } from './gitignore';

/** Folders that hold other people's code or build output, never the user's own secrets. */
export const VENDOR_DIRS: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'jspm_packages',
  '.yarn',
  '.venv',
  'venv',
  '__pycache__',
  '.tox',
  '.mypy_cache',
  '.pytest_cache',
  '.gradle',
  'target',
  '.next',
  '.nuxt',
  '.turbo',
  '.parcel-cache',
  '.cache',
  'coverage',
  '.vscode-test',
]);

/** Kernel file systems: reading a file there can block, or yield gigabytes (`/proc/self/pagemap`). */
const SYSTEM_ROOTS = ['/proc', '/sys', '/dev'];

export interface WalkedFile {
  /** Absolute path, as reached (through a symlink, the link's path). */
  path: string;
  /** Relative to the root it was found under, with `/`; the file's name for a root that is a file. */
  relative: string;
  /** From `stat`; the reader still reads no more than its limit whatever this says. -1 with `sizes: false`. */
  size: number;
}

export interface SkippedPath {
  path: string;
  reason: string;
  /** The path exists but could not be read (permissions, I/O): a scan that missed it is incomplete. */
  unreadable?: boolean;
}

export interface WalkOptions {
  /** Skip what git would ignore (`.gitignore` files and `.git/info/exclude`). */
  gitignore?: boolean;
  /** Called for each path left out, with the reason. Vendor folders are not reported. */
  onSkip?: (skipped: SkippedPath) => void;
  /** Whether to `stat` each file for its size (default true); a listing that needs names only saves a call per file. */
  sizes?: boolean;
  /** Called with each file as it is found, in no particular order: a caller can start on a big listing before it ends. */
  onFile?: (file: WalkedFile) => void;
}

/**
 * Every regular file under `root` (or `root` itself when it is a file), sorted by path. Folders
 * are read concurrently. Hidden files are included; vendor folders and, with `gitignore`,
 * ignored paths are left out. A symlink is followed only to a regular file inside the root: a
 * link to a folder is not followed (a folder inside the root is walked where it is, one outside
 * is not the root's), and nothing under `/proc`, `/sys` or `/dev` is ever read. FIFOs, sockets
 * and devices are skipped by name. Throws only when the root itself cannot be reached.
 */
export async function walkFiles(root: string, options: WalkOptions = {}): Promise<WalkedFile[]> {
  const absolute = path.resolve(root);
  const skip = options.onSkip ?? (() => undefined);
  const stat = await fs.stat(absolute);
  const realRoot = await fs.realpath(absolute);
  if (isSystemPath(realRoot)) {
    skip({ path: absolute, reason: `a kernel file system (${realRoot}) is never scanned` });
    return [];
  }
  if (!stat.isDirectory()) {
    if (stat.isFile()) return [{ path: absolute, relative: path.basename(absolute), size: stat.size }];
    skip({ path: absolute, reason: `${specialKind(stat)} skipped` });
    return [];
  }
  const files: WalkedFile[] = [];
  const found = (file: WalkedFile): void => {
    files.push(file);
    options.onFile?.(file);
  };
  const ignores = options.gitignore ? await Gitignore.at(absolute) : Gitignore.none;

  const walk = async (dir: string, prefix: string, rules: Gitignore): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (!prefix) throw error;
      skip({ path: dir, reason: describeError(error), unreadable: isUnreadable(error) });
      return;
    }
    if (options.gitignore) rules = await rules.withFolder(dir);
    const pending: Promise<void>[] = [];
    for (const entry of entries) {
      // Not path.join: its normalising builds each path as a rope of many pieces, about 1 KB a
      // path once 100,000 are held; `dir` is normalised already, and siblings share it.
      const full = dir.endsWith(path.sep) ? dir + entry.name : dir + path.sep + entry.name;
      const relative = prefix + entry.name;
      if (entry.isDirectory()) {
        if (VENDOR_DIRS.has(entry.name) || (options.gitignore && rules.ignores(full, true))) continue;
        pending.push(walk(full, relative + '/', rules));
      } else if (entry.isFile()) {
        if (options.gitignore && rules.ignores(full)) continue;
        if (options.sizes === false) {
          found({ path: full, relative, size: -1 });
          continue;
        }
        pending.push(
          fs.stat(full).then(
            (s) => found({ path: full, relative, size: s.size }),
            (error: unknown) => skip({ path: full, reason: describeError(error), unreadable: isUnreadable(error) }),
          ),
        );
      } else if (entry.isSymbolicLink()) {
        if (options.gitignore && rules.ignores(full)) continue;
        pending.push(followLink(full, relative));
      } else {
        skip({ path: full, reason: `${specialKindOf(entry)} skipped` });
      }
    }
    await Promise.all(pending);
  };

  const followLink = async (link: string, relative: string): Promise<void> => {
    let real: string;
    let target: Stats;
    try {
      real = await fs.realpath(link);
      target = await fs.stat(real);
    } catch (error) {
      skip({ path: link, reason: `broken symlink (${describeError(error)})` });
      return;
    }
    if (isSystemPath(real)) return skip({ path: link, reason: `symlink into ${real}: not followed` });
    if (!isInside(realRoot, real)) return skip({ path: link, reason: 'symlink to a path outside the scanned folder: not followed' });
    if (target.isDirectory()) {
      const loop = isInside(real, await fs.realpath(path.dirname(link)).catch(() => path.dirname(link)));
      // A folder inside the root is walked where it is; a link back up would be a loop.
      return skip({
        path: link,
        reason: loop ? 'symlink loop (a folder above it): not followed' : 'symlink to a folder scanned where it is: not followed',
      });
    }
    if (!target.isFile()) return skip({ path: link, reason: `symlink to a ${specialKind(target)}: skipped` });
    found({ path: link, relative, size: target.size });
  };

  await walk(absolute, '', ignores);
  return files.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0));
}

function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isSystemPath(real: string): boolean {
  return process.platform !== 'win32' && SYSTEM_ROOTS.some((dir) => real === dir || real.startsWith(dir + '/'));
}

function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'FIFO (named pipe)';
  if (stat.isSocket()) return 'socket';
  if (stat.isCharacterDevice()) return 'character device';
  if (stat.isBlockDevice()) return 'block device';
  return 'special file';
}

function specialKindOf(entry: Dirent): string {
  if (entry.isFIFO()) return 'FIFO (named pipe)';
  if (entry.isSocket()) return 'socket';
  if (entry.isCharacterDevice()) return 'character device';
  if (entry.isBlockDevice()) return 'block device';
  return 'special file';
}

/** An error that means the path is there but could not be read, as opposed to gone. */
export function isUnreadable(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code !== 'ENOENT' && code !== 'ENOTDIR';
}

export function describeError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file or directory';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    case 'EIO':
      return 'input/output error';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
