import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { link, lstat, mkdir, open, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { AuditFile, type AuditEntry, type AuditRecord, type ChainHead, GENESIS, hashMatches, sealRecord } from '../core/audit';
import { ensurePrivateDirectory, processAlive } from '../core/agents/endpointLocation';

/** How long an append waits for another `vaultify` process that holds the trail. */
const LOCK_WAIT_MS = 10_000;
/** How long the marker of a taken-over lock is kept. */
const MARKER_KEEP_MS = 3_600_000;

/**
 * The folder of the CLI's own trail and its key: `$XDG_STATE_HOME/vaultify` (else
 * `~/.local/state/vaultify`), `%LOCALAPPDATA%\vaultify` on Windows. Per user, never in a project.
 */
export function cliStateDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(env.HOME ?? os.homedir(), 'AppData', 'Local'), 'vaultify');
  return path.join(env.XDG_STATE_HOME || path.join(env.HOME ?? os.homedir(), '.local', 'state'), 'vaultify');
}

/** A record could not be written: the CLI releases nothing. */
export class CliAuditError extends Error {}

/**
 * The `vaultify` CLI's audit trail: the same hash-chained, sealed segments as the window's trail,
 * in `cli-audit/` of the per-user state folder, so that `vaultify audit verify` checks both the
 * same way. The CLI has no SecretStorage: its sealing key is `cli-audit.key` (0600) beside the
 * folder, not in it, so a copy of the folder carries no key; the chain head is the trail's last
 * record, and what anchors it is the head each run prints. Appends from concurrent CLI processes
 * are serialised by a lock file holding the writer's pid (a dead writer's lock is taken over, by
 * one process only).
 */
export class CliAuditTrail {
  readonly dir: string;
  private readonly file: AuditFile;
  private readonly keyFile: string;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(state: string) {
    this.dir = path.join(state, 'cli-audit');
    this.file = new AuditFile(this.dir);
    this.keyFile = path.join(state, 'cli-audit.key');
  }

  /** Appends one record after the trail's last one; throws CliAuditError when it cannot. */
  record(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.queue.then(async () => {
      try {
        await ensurePrivateDirectory(this.dir);
        return await this.locked(async () => {
          const record = sealRecord(entry, await this.head(), new Date(), await this.key());
          await this.file.append(record);
          return record;
        });
      } catch (error) {
        if (error instanceof CliAuditError) throw error;
        throw new CliAuditError(`cannot write the audit trail in ${this.dir} (${error instanceof Error ? error.message : String(error)})`);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for every record asked for so far. */
  async settled(): Promise<void> {
    await this.queue;
  }

  /** The last record, which the next one follows: a trail that does not end in an intact record is not written after. */
  private async head(): Promise<ChainHead> {
    const files = await this.file.segmentFiles();
    if (!files.length) return { seq: 0, hash: GENESIS };
    const last = (await readFile(files[files.length - 1], 'utf8')).trimEnd().split('\n').pop() ?? '';
    let record: AuditRecord | undefined;
    try {
      record = JSON.parse(last) as AuditRecord;
    } catch {
      record = undefined;
    }
    if (!record || !Number.isInteger(record.seq) || !hashMatches(record))
      throw new CliAuditError(
        `the audit trail in ${this.dir} does not end in an intact record, so nothing more is written to it: check it with "vaultify audit verify ${this.dir}"`,
      );
    return { seq: record.seq, hash: record.hash };
  }

  /** The CLI's sealing key, made on first use. */
  private async key(): Promise<string> {
    try {
      return (await readFile(this.keyFile, 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const made = randomBytes(32).toString('hex');
    const handle = await open(this.keyFile, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(made, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    return made;
  }

  /**
   * Holds the trail's lock while `work` runs. The lock file appears whole (linked from a draft),
   * holding the writer's pid and a nonce, so it is never seen empty.
   */
  private async locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = path.join(this.dir, '.lock');
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const draft = path.join(this.dir, `.lock.draft-${process.pid}-${randomBytes(4).toString('hex')}`);
    await writeFile(draft, `${process.pid} ${randomBytes(8).toString('hex')}`, { flag: 'wx', mode: 0o600 });
    const deadline = Date.now() + LOCK_WAIT_MS;
    try {
      for (;;) {
        try {
          await link(draft, lock);
          break;
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        }
        if (await this.takeOverStale(lock)) continue;
        if (Date.now() > deadline)
          throw new CliAuditError(
            `another vaultify process has held the audit trail in ${this.dir} for ${LOCK_WAIT_MS / 1000} s (${lock})`,
          );
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await rm(draft, { force: true });
    }
    try {
      return await work();
    } finally {
      await rm(lock, { force: true });
    }
  }

  /**
   * Removes the lock of a writer that is gone (killed mid-append); true when the lock is gone.
   * Of the processes that find the same stale lock, only the one that creates its marker (named
   * after that lock file's inode, time and content) removes it, so nobody removes a fresh lock
   * taken in the meantime.
   */
  private async takeOverStale(lock: string): Promise<boolean> {
    let identity: string;
    let holder: number;
    try {
      const handle = await open(lock, 'r');
      try {
        const [stat, content] = await Promise.all([handle.stat(), handle.readFile('utf8')]);
        identity = `${stat.ino}:${stat.mtimeMs}:${content}`;
        holder = Number(content.split(' ')[0]);
      } finally {
        await handle.close();
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw error;
    }
    if (!Number.isInteger(holder) || holder <= 0 || processAlive(holder)) return false;
    const marker = `${lock}.taken-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
    try {
      await writeFile(marker, '', { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    await rm(lock, { force: true });
    await this.forgetOldMarkers();
    return true;
  }

  /**
   * Markers only matter while a process that read the same stale lock may still act on it; a
   * draft outlives its writer only when that writer was killed.
   */
  private async forgetOldMarkers(): Promise<void> {
    const old = Date.now() - MARKER_KEEP_MS;
    for (const name of await readdir(this.dir)) {
      if (!name.startsWith('.lock.taken-') && !name.startsWith('.lock.draft-')) continue;
      const file = path.join(this.dir, name);
      const stat = await lstat(file).catch(() => undefined);
      if (stat && stat.mtimeMs < old) await rm(file, { force: true });
    }
  }
}
