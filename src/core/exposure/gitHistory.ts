import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { NO_DIFF_PROGRAMS, neutralGitArgs, neutralGitEnv } from '../git/neutralGit';
import type { ExposureFinding } from './exposureFinding';
import type { ValueMatcher, ValueScan } from './valueMatcher';

export interface GitHistoryOptions {
  /** The repository's work tree or any folder inside it. */
  cwd: string;
  /** Where history starts; default `HEAD`, the checked-out branch. */
  ref?: string;
  /** Cancels the check; the result says `stopped: 'cancelled'`. */
  signal?: AbortSignal;
  /** Stops the check after this long on a huge history; the result says `stopped: 'time limit'`. Default 120 s. */
  timeLimitMs?: number;
  /** Blobs larger than this are counted as skipped, not read. Default 50 MB. */
  maxBlobBytes?: number;
  /** The git executable. */
  git?: string;
}

export interface GitHistoryResult {
  findings: ExposureFinding[];
  /** Why the check stopped before the end, if it did: its findings so far are still returned. */
  stopped?: 'cancelled' | 'time limit';
  /** Distinct blobs read, each once however many commits hold it. */
  blobs: number;
  bytes: number;
  skippedLargeBlobs: number;
  /** Commits walked to name where each found blob came in. */
  commits: number;
}

const DEFAULT_TIME_LIMIT_MS = 120_000;
const DEFAULT_MAX_BLOB = 50 << 20;

/**
 * Looks for vaulted values in every commit reachable from `ref`, through git's own object access
 * and never a checkout:
 * 1. `git rev-list --objects --filter=object:type=blob REF` lists each blob reachable from REF
 *    once, with a path it had, and `git cat-file --batch` streams their contents, which go
 *    through the matcher: one pass over each distinct blob for all values.
 * 2. For the blobs where a value was found, one `git log --raw` walk names the commits that
 *    added them and their path there (the oldest first), so a value that was committed and later
 *    removed is still found, with its commit.
 * Bounded by `timeLimitMs` and cancellable: git is stopped, and what was found so far is returned.
 */
export async function scanGitHistory(matcher: ValueMatcher, options: GitHistoryOptions): Promise<GitHistoryResult> {
  const result: GitHistoryResult = { findings: [], blobs: 0, bytes: 0, skippedLargeBlobs: 0, commits: 0 };
  const stop = new AbortController();
  const onAbort = () => {
    result.stopped ??= 'cancelled';
    stop.abort();
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    result.stopped ??= 'time limit';
    stop.abort();
  }, options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
  try {
    if (stop.signal.aborted) return result;
    const found = await scanBlobs(matcher, options, stop.signal, result);
    if (found.size && !stop.signal.aborted) await nameCommits(found, options, stop.signal, result);
    else for (const hit of found.values()) pushFindings(result, hit, undefined, hit.path);
    return result;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

interface BlobHit {
  path: string;
  counts: Map<string, number>;
}

function git(options: GitHistoryOptions, args: string[], signal: AbortSignal) {
  const child = spawn(options.git ?? 'git', neutralGitArgs(args), {
    cwd: options.cwd,
    env: neutralGitEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
    signal,
    windowsHide: true,
  });
  // A git that exits early (an error, or stopped) closes its input: that is reported by its exit, not as EPIPE.
  child.stdin.on('error', () => undefined);
  const stderr: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => stderr.push(b));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (error) => (signal.aborted ? resolve() : reject(error)));
    child.on('close', (code) => {
      if (code === 0 || signal.aborted) resolve();
      else reject(new Error(`git ${args[0]} failed (${code}): ${Buffer.concat(stderr).toString('utf8').trim().split('\n')[0]}`));
    });
  });
  return { child, done };
}

async function scanBlobs(
  matcher: ValueMatcher,
  options: GitHistoryOptions,
  signal: AbortSignal,
  result: GitHistoryResult,
): Promise<Map<string, BlobHit>> {
  const ref = options.ref ?? 'HEAD';
  const maxBlob = options.maxBlobBytes ?? DEFAULT_MAX_BLOB;
  const revList = git(options, ['rev-list', '--objects', '--filter=object:type=blob', ref, '--'], signal);
  const catFile = git(options, ['cat-file', `--batch=%(objectname) %(objecttype) %(objectsize) %(rest)`], signal);
  revList.child.stdin.end();
  // Commits come out of rev-list without a path; blobs with one. Only blobs are worth a read.
  const lines = createInterface({ input: revList.child.stdout });
  const feeding = (async () => {
    for await (const line of lines) {
      const space = line.indexOf(' ');
      if (space < 0) continue;
      if (!catFile.child.stdin.write(line + '\n')) await new Promise((r) => catFile.child.stdin.once('drain', r));
    }
    catFile.child.stdin.end();
  })().catch(() => catFile.child.stdin.destroy());

  const found = new Map<string, BlobHit>();
  const parser = new BatchParser(maxBlob, {
    begin: () => matcher.scan(),
    end: (oid, path, scan) => {
      result.blobs++;
      const counts = scan?.results();
      if (counts?.size) found.set(oid, { path, counts });
    },
    skipped: () => result.skippedLargeBlobs++,
  });
  catFile.child.stdout.on('data', (chunk: Buffer) => {
    result.bytes += chunk.length;
    parser.push(chunk);
  });
  await Promise.all([revList.done, catFile.done, feeding]);
  return found;
}

interface BatchEvents {
  begin(): ValueScan;
  end(oid: string, path: string, scan: ValueScan | undefined): void;
  skipped(): void;
}

/** Parses `git cat-file --batch` output: a header line, then exactly `size` bytes and a newline. */
class BatchParser {
  private header = '';
  private remaining = -1;
  private oid = '';
  private path = '';
  private scan: ValueScan | undefined;

  constructor(
    private readonly maxBlob: number,
    private readonly events: BatchEvents,
  ) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.remaining < 0) {
        const nl = chunk.indexOf(0x0a, at);
        if (nl < 0) {
          this.header += chunk.toString('utf8', at);
          return;
        }
        this.startObject(this.header + chunk.toString('utf8', at, nl));
        this.header = '';
        at = nl + 1;
        continue;
      }
      // The object's bytes, then the newline cat-file adds after them.
      const take = Math.min(this.remaining + 1, chunk.length - at);
      const body = Math.min(take, this.remaining);
      if (this.scan && body > 0) this.scan.push(chunk.subarray(at, at + body));
      this.remaining -= take;
      at += take;
      if (this.remaining < 0) this.events.end(this.oid, this.path, this.scan);
    }
  }

  private startObject(line: string): void {
    const [oid, type, size, ...rest] = line.split(' ');
    this.oid = oid;
    this.path = rest.join(' ');
    if (type === 'missing' || size === undefined) {
      this.remaining = -1;
      return;
    }
    const bytes = Number(size);
    const read = type === 'blob' && bytes <= this.maxBlob;
    if (type === 'blob' && !read) this.events.skipped();
    this.scan = read ? this.events.begin() : undefined;
    // remaining counts the object's bytes; the trailing newline is consumed with them.
    this.remaining = bytes;
  }
}

/**
 * Walks `git log --raw` once from `ref`, newest first, and reports for each found blob the
 * commits that added it (the new side of a raw diff line): the last one seen is the oldest.
 */
async function nameCommits(
  found: Map<string, BlobHit>,
  options: GitHistoryOptions,
  signal: AbortSignal,
  result: GitHistoryResult,
): Promise<void> {
  const log = git(
    options,
    [
      'log',
      ...NO_DIFF_PROGRAMS,
      '--raw',
      '--no-abbrev',
      '--no-renames',
      '--diff-merges=first-parent',
      '--format=commit %H',
      options.ref ?? 'HEAD',
      '--',
    ],
    signal,
  );
  log.child.stdin.end();
  const introduced = new Map<string, { commit: string; path: string }[]>();
  let commit = '';
  for await (const line of createInterface({ input: log.child.stdout })) {
    if (line.startsWith('commit ')) {
      commit = line.slice(7);
      result.commits++;
      continue;
    }
    if (!line.startsWith(':')) continue;
    // :100644 100644 OLD NEW M\tPATH
    const tab = line.indexOf('\t');
    const fields = line.slice(1, tab).split(' ');
    const blob = fields[3];
    if (!blob || !found.has(blob)) continue;
    const list = introduced.get(blob) ?? [];
    list.push({ commit, path: unquote(line.slice(tab + 1)) });
    introduced.set(blob, list);
  }
  await log.done;
  for (const [blob, hit] of found) {
    const adds = introduced.get(blob);
    if (!adds) pushFindings(result, hit, undefined, hit.path);
    else for (const add of adds.reverse()) pushFindings(result, hit, add.commit, add.path);
  }
}

/** git quotes a path with unusual bytes as a C string. */
function unquote(p: string): string {
  if (!p.startsWith('"')) return p;
  const bytes: number[] = [];
  const body = p.slice(1, -1);
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '\\') {
      bytes.push(...Buffer.from(body[i], 'utf8'));
      continue;
    }
    const next = body[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(escapes[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

function pushFindings(result: GitHistoryResult, hit: BlobHit, commit: string | undefined, path: string): void {
  for (const [name, count] of hit.counts) {
    result.findings.push({ name, kind: 'git', location: commit ? `${commit}:${path}` : path, count, path, ...(commit ? { commit } : {}) });
  }
}
