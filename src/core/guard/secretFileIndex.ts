import { computeSensitiveSet } from './sensitiveSet';

/**
 * What a scan decided about one file: it holds a literal credential, it was read and holds none
 * (or is never scanned: excluded, binary, too large, gone), or nothing is known yet (not reached,
 * or unreadable).
 */
export type FileVerdict = 'secret' | 'clean' | 'undecided';

/**
 * Which files of one workspace folder hold a literal credential on disk, as the background scan
 * and the rescans after file events found them. Paths are relative with `/`.
 *
 * Until a whole-folder pass has completed, every file not yet rescanned is undecided. A new pass
 * keeps the old verdicts until it completes; a file rescanned or deleted while a pass runs keeps
 * its newer verdict when the pass's (older) result comes in.
 */
export class SecretFileIndex {
  private readonly secret = new Set<string>();
  private readonly undecided = new Set<string>();
  /** Files with a verdict newer than the running pass's start. */
  private readonly touched = new Set<string>();
  /** Before a first pass completes: files rescanned and found clean (after that, absence says it). */
  private readonly rescannedClean = new Set<string>();
  private passRunning = false;
  private passCompleted = false;

  /** Whether a whole-folder pass has completed: only then can a file nobody rescanned be clean. */
  get complete(): boolean {
    return this.passCompleted;
  }

  get running(): boolean {
    return this.passRunning;
  }

  beginPass(): void {
    this.passRunning = true;
    this.touched.clear();
  }

  /** A verdict the running pass reached before its end: credentials join the lists early. */
  passFound(file: string, verdict: Exclude<FileVerdict, 'clean'>): boolean {
    if (!this.passRunning || this.touched.has(file)) return false;
    return this.set(file, verdict);
  }

  /**
   * The pass is done: `secret` and `undecided` are all it found, every other file is clean (files
   * rescanned or deleted meanwhile keep their newer verdict). Returns whether anything changed.
   */
  completePass(secret: readonly string[], undecided: readonly string[]): boolean {
    const before = this.signature();
    const keep = (set: Set<string>, found: readonly string[]): void => {
      for (const file of [...set]) if (!this.touched.has(file)) set.delete(file);
      for (const file of found) if (!this.touched.has(file)) set.add(file);
    };
    keep(this.secret, secret);
    const secretSet = new Set(secret);
    keep(
      this.undecided,
      undecided.filter((file) => !secretSet.has(file)),
    );
    this.passRunning = false;
    this.passCompleted = true;
    this.touched.clear();
    this.rescannedClean.clear();
    return this.signature() !== before;
  }

  /** The pass stopped before its end: what it had not reached stays as it was. */
  abortPass(): void {
    this.passRunning = false;
    this.touched.clear();
  }

  /** A rescan's verdict for one file. Returns whether it changed what the index says. */
  record(file: string, verdict: FileVerdict): boolean {
    if (this.passRunning) this.touched.add(file);
    return this.set(file, verdict);
  }

  /** A file or folder is gone: it and everything under it. Returns whether anything changed. */
  forget(path: string): boolean {
    let changed = false;
    for (const set of [this.secret, this.undecided]) {
      for (const file of [...set]) {
        if (file === path || file.startsWith(path + '/')) {
          set.delete(file);
          changed = true;
          if (this.passRunning) this.touched.add(file);
        }
      }
    }
    if (this.passRunning) this.touched.add(path);
    return changed;
  }

  verdict(file: string): FileVerdict {
    if (this.secret.has(file)) return 'secret';
    if (this.undecided.has(file) || (!this.passCompleted && !this.rescannedClean.has(file))) return 'undecided';
    return 'clean';
  }

  secretFiles(): string[] {
    return [...this.secret].sort();
  }

  private set(file: string, verdict: FileVerdict): boolean {
    const was = this.verdict(file);
    this.secret.delete(file);
    this.undecided.delete(file);
    this.rescannedClean.delete(file);
    if (verdict === 'secret') this.secret.add(file);
    if (verdict === 'undecided') this.undecided.add(file);
    if (verdict === 'clean' && !this.passCompleted) this.rescannedClean.add(file);
    return was !== verdict;
  }

  private signature(): string {
    return `${[...this.secret].sort().join('\n')}\u0000${[...this.undecided].sort().join('\n')}`;
  }
}

export interface GuardedSecretFilesInput {
  /** The folder's files now on disk. */
  files: readonly string[];
  index: SecretFileIndex;
  /** Files whose open editor shows a credential right now (unsaved edits included). */
  live: readonly string[];
  /** Files the guard files on disk list now as holding a detected secret. */
  listed: readonly string[];
}

/**
 * The files the guard lists as holding a literal credential: those a scan or an open editor finds
 * one in, and those listed already unless a scan found them clean. An entry leaves only when its
 * file was scanned clean or is gone, never because a tab closed or a scan has not reached it.
 */
export function guardedSecretFiles({ files, index, live, listed }: GuardedSecretFilesInput): string[] {
  const present = new Set(files);
  const guarded = new Set<string>();
  for (const file of [...index.secretFiles(), ...live]) if (present.has(file)) guarded.add(file);
  for (const file of listed) if (present.has(file) && index.verdict(file) !== 'clean') guarded.add(file);
  return [...guarded].sort();
}

/**
 * The files whose content decides whether the guard lists them: those its patterns do not hide
 * already (a credential in `.env` changes nothing; one in `config.json` adds that file).
 */
export function filesToScanForSecrets(files: readonly string[], extraPatterns?: readonly string[]): string[] {
  const hidden = new Set(computeSensitiveSet({ files, extraPatterns }).sensitiveFiles);
  return files.filter((file) => !hidden.has(file));
}
