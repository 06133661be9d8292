import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Folders that hold other people's code or build output, never the user's own secrets. */
export const VENDOR_DIRS: ReadonlySet<string> = new Set([
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', '.yarn',
  '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.gradle',
  'target', '.next', '.nuxt', '.turbo', '.parcel-cache', '.cache', 'coverage', '.vscode-test',
]);

export interface WalkedFile {
  /** Absolute path. */
  path: string;
  size: number;
}

export interface SkippedPath {
  path: string;
  reason: string;
}

export interface WalkOptions {
  /** Skip what git would ignore (`.gitignore` files and `.git/info/exclude`), with the `ignore` package. */
  gitignore?: boolean;
  /** Called for each path left out, with the reason. Vendor folders are not reported. */
  onSkip?: (skipped: SkippedPath) => void;
}

interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

/**
 * Walks files and folders depth first. Hidden files are included; symlinks are followed, and a
 * folder reached twice through links is reported as a loop rather than walked again.
 * Throws only when a root itself does not exist or cannot be read.
 */
export async function* walkFiles(roots: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkedFile> {
  const visitedDirs = new Set<string>();
  for (const root of roots) {
    const absolute = path.resolve(root);
    const stat = await fs.stat(absolute);
    if (stat.isFile()) {
      yield { path: absolute, size: stat.size };
      continue;
    }
    const layers = options.gitignore ? await rootIgnoreLayers(absolute) : [];
    yield* walkDir(absolute, layers, visitedDirs, options);
  }
}

async function* walkDir(
  dir: string,
  layers: IgnoreLayer[],
  visitedDirs: Set<string>,
  options: WalkOptions,
): AsyncGenerator<WalkedFile> {
  let real: string;
  try {
    real = await fs.realpath(dir);
  } catch (error) {
    options.onSkip?.({ path: dir, reason: describeError(error) });
    return;
  }
  if (visitedDirs.has(real)) {
    options.onSkip?.({ path: dir, reason: 'symlink loop (folder already scanned)' });
    return;
  }
  visitedDirs.add(real);

  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    options.onSkip?.({ path: dir, reason: describeError(error) });
    return;
  }
  if (options.gitignore) {
    const own = await readIgnoreFile(path.join(dir, '.gitignore'));
    if (own) layers = [...layers, { base: dir, rules: own }];
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    let isDir = entry.isDirectory();
    let isFile = entry.isFile();
    let size = -1;
    if (entry.isSymbolicLink()) {
      try {
        const target = await fs.stat(full);
        isDir = target.isDirectory();
        isFile = target.isFile();
        size = target.size;
      } catch (error) {
        options.onSkip?.({ path: full, reason: `broken symlink (${describeError(error)})` });
        continue;
      }
    }
    if (isDir && VENDOR_DIRS.has(entry.name)) continue;
    if (layers.length && isIgnored(layers, full, isDir)) continue;
    if (isDir) {
      yield* walkDir(full, layers, visitedDirs, options);
    } else if (isFile) {
      if (size < 0) {
        try {
          size = (await fs.stat(full)).size;
        } catch (error) {
          options.onSkip?.({ path: full, reason: describeError(error) });
          continue;
        }
      }
      yield { path: full, size };
    }
  }
}

function isIgnored(layers: IgnoreLayer[], full: string, isDir: boolean): boolean {
  for (const { base, rules } of layers) {
    const rel = path.relative(base, full).split(path.sep).join('/');
    if (!rel || rel.startsWith('..')) continue;
    if (rules.ignores(isDir ? rel + '/' : rel)) return true;
  }
  return false;
}

/** The `.gitignore` files above a root up to its git work tree, plus `.git/info/exclude`. */
async function rootIgnoreLayers(root: string): Promise<IgnoreLayer[]> {
  const layers: IgnoreLayer[] = [];
  const rootExclude = await readIgnoreFile(path.join(root, '.git', 'info', 'exclude'));
  // A root that is its own work tree ignores nothing from the folders above it.
  if (await exists(path.join(root, '.git'))) return rootExclude ? [{ base: root, rules: rootExclude }] : [];
  let dir = path.dirname(root);
  while (true) {
    const own = await readIgnoreFile(path.join(dir, '.gitignore'));
    if (own) layers.unshift({ base: dir, rules: own });
    const exclude = await readIgnoreFile(path.join(dir, '.git', 'info', 'exclude'));
    if (exclude) layers.unshift({ base: dir, rules: exclude });
    if (await exists(path.join(dir, '.git'))) break;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return layers;
}

async function readIgnoreFile(file: string): Promise<Ignore | undefined> {
  try {
    return ignore().add(await fs.readFile(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
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
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
