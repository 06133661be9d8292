import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sep } from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { FileScanOptions, FileScanResult } from '../core/workspace/scanFile';
import { type Listing, ScanWorkerPool } from '../core/workspace/scanPool';
import { excludedBy } from '../core/workspace/workspaceSettings';
import type { DetectionSettings } from '../shared/detectionSettings';
import type {
  SecretFilePassParams,
  SecretFilePassResult,
  SecretFileProgressParams,
  SecretFileScanParams,
  SecretFileScanResult,
} from '../shared/lspProtocol';

/** How often a pass reports progress (and the files found since the last report). */
const PROGRESS_MS = 250;
/** Workers end after this long without work, so an idle server holds no second detector. */
const IDLE_MS = 60_000;
/** After each edit of an open document, the pass takes no new files for this long: the debounce and a scan of the document fit in it. */
const EDITOR_YIELD_MS = 100;

/**
 * The files on disk that hold a literal credential, for the AI guard: whole-folder passes and
 * rescans after file events, read and scanned by `vaultify scan`'s code in worker processes, so
 * that neither the server's thread nor its memory carries the scan. At most cores − 1 workers
 * (and two at most), at the lowest scheduling priority, and the pass takes no new files while
 * someone types: it takes only CPU time the editor and everything else leave. Cancelling a pass
 * ends its workers; they end with the server too.
 *
 * Each workspace folder's files are scanned with that folder's settings, by a pool of its own (a
 * pool's workers share one set of options); a pool's workers end when idle, so a folder nobody
 * scans holds none.
 */
export class SecretFileScan {
  /** By folder path. */
  private readonly pools = new Map<string, ScanWorkerPool>();

  /** `settings` gives a folder's detection settings, by path. */
  constructor(
    /** The scan workers' script. */
    private readonly workerScript: string,
    private readonly settings: (folder: string) => Promise<DetectionSettings>,
  ) {}

  /** A document was opened or edited: its diagnostics go first, and the passes wait a moment. */
  yieldToEditor(): void {
    for (const pool of this.pools.values()) pool.yieldFor(EDITOR_YIELD_MS);
  }

  /** The detection settings changed: workers scan with their folder's new ones from their next batch. */
  async configure(): Promise<void> {
    await Promise.all([...this.pools].map(async ([folder, pool]) => pool.configure(scanOptions(await this.settings(folder)))));
  }

  async pass(
    params: SecretFilePassParams,
    token: CancellationToken,
    progress: (params: SecretFileProgressParams) => void,
  ): Promise<SecretFilePassResult> {
    const result: SecretFilePassResult = { complete: false, scanned: 0, total: 0, secret: [], undecided: [] };
    const settings = await this.settings(params.folder);
    const workers = this.workers(params.folder, settings);
    return this.withSignal(token, async (signal) => {
      const listing = await workers.list({ root: params.folder, exclude: settings.exclude, folders: [params.folder] }, signal);
      if (!listing) return result;
      const { files } = listing;
      result.undecided.push(...listing.unreadable);
      result.total = files.length;
      let reported = { at: Date.now(), secret: 0, undecided: 0 };
      const report = (): void => {
        progress({
          pass: params.pass,
          scanned: result.scanned,
          total: result.total,
          secret: result.secret.slice(reported.secret),
          undecided: result.undecided.slice(reported.undecided),
        });
        reported = { at: Date.now(), secret: result.secret.length, undecided: result.undecided.length };
      };
      report();
      result.complete = await scan(workers, files, signal, false, (file, verdict) => {
        result.scanned++;
        if (verdict !== 'clean') result[verdict].push(file);
        if (Date.now() - reported.at >= PROGRESS_MS) report();
      });
      return result;
    });
  }

  /** Files and folders that were created or changed: each file's verdict, named. */
  async rescan(params: SecretFileScanParams, token: CancellationToken): Promise<SecretFileScanResult> {
    const result: SecretFileScanResult = { secret: [], undecided: [], clean: [] };
    // Each path with the settings of the folder it is in (the first folder's for one outside them all).
    const byFolder = new Map<string, string[]>();
    for (const target of params.paths) {
      const folder = folderOf(target, params.folders) ?? params.folders[0] ?? target;
      const paths = byFolder.get(folder);
      if (paths) paths.push(target);
      else byFolder.set(folder, [target]);
    }
    return this.withSignal(token, async (signal) => {
      for (const [folder, paths] of byFolder) {
        const settings = await this.settings(folder);
        const workers = this.workers(folder, settings);
        const files: string[] = [];
        for (const target of paths) {
          const stat = await fs.stat(target).catch(() => undefined);
          // Gone or not a file: nothing there can hold a credential the guard should list.
          if (!stat?.isFile() && !stat?.isDirectory()) result.clean.push(target);
          else if (stat.isFile()) (excludedBy(target, settings.exclude, params.folders) ? result.clean : files).push(target);
          else {
            // A folder that cannot be walked holds nothing to list, as a gone one; undefined is a cancel.
            const listing = await workers
              .list({ root: target, exclude: settings.exclude, folders: params.folders }, signal)
              .catch((): Listing => ({ files: [], excluded: [], unreadable: [] }));
            if (!listing) continue;
            if (!listing.files.length && !listing.excluded.length) result.clean.push(target);
            result.clean.push(...listing.excluded);
            result.undecided.push(...listing.unreadable);
            files.push(...listing.files);
          }
        }
        await scan(workers, files, signal, true, (file, verdict) => result[verdict].push(file));
      }
      return result;
    });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
  }

  /** The folder's pool, scanning with `settings` from its next batch. */
  private workers(folder: string, settings: DetectionSettings): ScanWorkerPool {
    let pool = this.pools.get(folder);
    if (pool) pool.configure(scanOptions(settings));
    else {
      pool = new ScanWorkerPool(this.workerScript, scanOptions(settings), Math.min(2, Math.max(1, availableParallelism() - 1)), {
        idleMs: IDLE_MS,
        background: true,
      });
      this.pools.set(folder, pool);
    }
    return pool;
  }

  private async withSignal<T>(token: CancellationToken, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      return await work(abort.signal);
    } finally {
      cancelled.dispose();
    }
  }
}

function scan(
  workers: ScanWorkerPool,
  files: string[],
  signal: AbortSignal,
  urgent: boolean,
  onVerdict: (file: string, verdict: 'secret' | 'clean' | 'undecided') => void,
): Promise<boolean> {
  return workers.scan(files, (i, result) => onVerdict(files[i], verdictOf(result)), { signal, urgent });
}

function scanOptions({ maxFileSizeKB, ignoredValues, ignoredValuesSalt }: DetectionSettings): FileScanOptions {
  return { maxFileSizeKB, ignoredValues, ignoredValuesSalt };
}

/** The folder (of `folders`, all paths) that holds `path`, the innermost if nested. */
function folderOf(path: string, folders: readonly string[]): string | undefined {
  return folders.filter((f) => path === f || path.startsWith(f.endsWith(sep) ? f : f + sep)).sort((a, b) => b.length - a.length)[0];
}

/** Too large, binary or gone is decided (the CLI never lists such a file either); unreadable is not. */
function verdictOf(result: FileScanResult): 'secret' | 'clean' | 'undecided' {
  if (result.findings.length) return 'secret';
  return result.unreadable ? 'undecided' : 'clean';
}
