import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { neutralGitArgs, neutralGitEnv } from '../../core/git/neutralGit';

/** The first commit of each git folder, with the folder's inode and mtime when it was asked: a new clone or a new commit asks again. */
const firstCommits = new Map<string, { stamp: string; identity: string | undefined }>();

/** The git folder of `dir` or of its nearest parent that has one: `.git` itself, or where a `.git` file points. */
function gitDir(dir: string): string | undefined {
  for (let at = dir; ;) {
    const candidate = path.join(at, '.git');
    try {
      const stat = fs.statSync(candidate);
      if (stat.isDirectory()) return candidate;
      const pointer = /^gitdir:\s*(.+)$/m.exec(fs.readFileSync(candidate, 'utf8'));
      if (pointer) return path.resolve(at, pointer[1].trim());
    } catch {
      // No .git here: look one folder up.
    }
    const parent = path.dirname(at);
    if (parent === at) return undefined;
    at = parent;
  }
}

/** The `[remote "origin"] url` of a git config text. */
function originUrl(config: string): string | undefined {
  let inOrigin = false;
  for (const line of config.split(/\r?\n/)) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line);
    if (section) inOrigin = /^remote\s+"origin"$/.test(section[1].trim());
    else if (inOrigin) {
      const url = /^\s*url\s*=\s*(.+?)\s*$/.exec(line);
      if (url) return url[1];
    }
  }
  return undefined;
}

/**
 * What makes a folder's repository this repository: its origin URL, or, with no origin, its first
 * commit; undefined outside git. A different repository cloned later at the same path gets a
 * different identity, so it does not inherit the workspace-scoped secrets. The origin is read from
 * the config file at every call (cheap); the first commit is asked of git again only when the git
 * folder changed. A repository with neither origin nor commit binds to its path alone, so its
 * first commit (or origin) binds it anew.
 */
export function repositoryIdentity(folder: string): string | undefined {
  const dir = gitDir(folder);
  if (!dir) return undefined;
  const common = (() => {
    try {
      return path.resolve(dir, fs.readFileSync(path.join(dir, 'commondir'), 'utf8').trim());
    } catch {
      return dir;
    }
  })();
  let config = '';
  try {
    config = fs.readFileSync(path.join(common, 'config'), 'utf8');
  } catch {
    // A git folder without a config has no origin; the first commit tells.
  }
  const origin = originUrl(config);
  if (origin) return `origin:${origin}`;
  const stat = fs.statSync(common, { throwIfNoEntry: false });
  const stamp = `${stat?.ino ?? ''}:${stat?.mtimeMs ?? ''}`;
  const known = firstCommits.get(common);
  if (known?.stamp === stamp) return known.identity;
  let identity: string | undefined;
  try {
    const roots = execFileSync('git', neutralGitArgs(['--git-dir', common, 'rev-list', '--max-parents=0', 'HEAD']), {
      env: neutralGitEnv(),
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const first = roots.trim().split('\n').sort()[0];
    if (first) identity = `first-commit:${first}`;
  } catch {
    // No commit yet, or no git: nothing tells this repository apart from another at the same path.
  }
  firstCommits.set(common, { stamp, identity });
  return identity;
}
