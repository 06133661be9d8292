import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

interface Layer {
  /** Absolute folder the rules apply under. */
  base: string;
  rules: Ignore;
}

/**
 * What git would ignore, from `.gitignore` files and `.git/info/exclude`, decided as git does:
 * the deepest file that has a say wins, and a `!` line there re-includes a path that a file
 * above ignores. Immutable: `withFolder` gives the evaluator one folder down, so that a walk can
 * carry one per branch.
 */
export class Gitignore {
  private constructor(private readonly layers: readonly Layer[]) {}

  static readonly none = new Gitignore([]);

  /**
   * The evaluator at `root`: its `.git/info/exclude`, and unless `root` is its own work tree,
   * the `.gitignore` and exclude files of the folders above it up to the work tree's top.
   * With `above: false` the root is taken as the top, whatever sits above it.
   */
  static async at(root: string, options: { above?: boolean } = {}): Promise<Gitignore> {
    const layers: Layer[] = [];
    const exclude = await readRules(path.join(root, '.git', 'info', 'exclude'));
    if (exclude) layers.push({ base: root, rules: exclude });
    if (options.above === false || (await exists(path.join(root, '.git')))) return new Gitignore(layers);
    for (let dir = path.dirname(root); ;) {
      const own = await readRules(path.join(dir, '.gitignore'));
      if (own) layers.push({ base: dir, rules: own });
      const dirExclude = await readRules(path.join(dir, '.git', 'info', 'exclude'));
      if (dirExclude) layers.push({ base: dir, rules: dirExclude });
      if (await exists(path.join(dir, '.git'))) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    return new Gitignore(layers);
  }

  /** This evaluator with `dir/.gitignore` read in, when there is one. */
  async withFolder(dir: string): Promise<Gitignore> {
    const own = await readRules(path.join(dir, '.gitignore'));
    return own ? new Gitignore([{ base: dir, rules: own }, ...this.layers]) : this;
  }

  /** This evaluator with the rules of a `.gitignore` in `dir` whose text the caller has. */
  withRules(dir: string, text: string): Gitignore {
    return new Gitignore([{ base: dir, rules: ignore().add(text) }, ...this.layers]);
  }

  /** Whether git ignores the absolute path (a folder when `isDir`), or a folder above it. */
  ignores(absolute: string, isDir = false): boolean {
    for (const { base, rules } of this.layers) {
      const rel = path.relative(base, absolute).split(path.sep).join('/');
      if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) continue;
      const verdict = rules.test(isDir ? rel + '/' : rel);
      if (verdict.ignored) return true;
      if (verdict.unignored) return false;
    }
    return false;
  }

  get empty(): boolean {
    return this.layers.length === 0;
  }
}

async function readRules(file: string): Promise<Ignore | undefined> {
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
