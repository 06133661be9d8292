import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { CancellationToken } from 'vscode-languageserver/node';
import type { FileScanResult } from '../core/workspace/scanFile';
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
 */
export class SecretFileScan {
  private pool: ScanWorkerPool | undefined;

  constructor(
    private readonly entryFile: string,
    private readonly settings: () => DetectionSettings,
  ) {}

  /** A document was opened or edited: its diagnostics go first, and the pass waits a moment. */
  yieldToEditor(): void {
    this.pool?.yieldFor(EDITOR_YIELD_MS);
  }

  /** The detection settings changed: workers scan with the new ones from their next batch. */
  configure(): void {
    this.pool?.configure(this.scanOptions());
  }

  async pass(
    params: SecretFilePassParams,
    token: CancellationToken,
    progress: (params: SecretFileProgressParams) => void,
  ): Promise<SecretFilePassResult> {
    const result: SecretFilePassResult = { complete: false, scanned: 0, total: 0, secret: [], undecided: [] };
    return this.withSignal(token, async (signal) => {
      const listing = await this.workers().list(
        { root: params.folder, exclude: this.settings().exclude, folders: [params.folder] },
        signal,
      );
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
      result.complete = await this.scan(files, signal, false, (file, verdict) => {
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
    const exclude = this.settings().exclude;
    return this.withSignal(token, async (signal) => {
      const files: string[] = [];
      for (const target of params.paths) {
        const stat = await fs.stat(target).catch(() => undefined);
        // Gone or not a file: nothing there can hold a credential the guard should list.
        if (!stat?.isFile() && !stat?.isDirectory()) result.clean.push(target);
        else if (stat.isFile()) (excludedBy(target, exclude, params.folders) ? result.clean : files).push(target);
        else {
          // A folder that cannot be walked holds nothing to list, as a gone one; undefined is a cancel.
          const listing = await this.workers()
            .list({ root: target, exclude, folders: params.folders }, signal)
            .catch((): Listing => ({ files: [], excluded: [], unreadable: [] }));
          if (!listing) continue;
          if (!listing.files.length && !listing.excluded.length) result.clean.push(target);
          result.clean.push(...listing.excluded);
          result.undecided.push(...listing.unreadable);
          files.push(...listing.files);
        }
      }
      await this.scan(files, signal, true, (file, verdict) => result[verdict].push(file));
      return result;
    });
  }

  dispose(): Promise<void> {
    return this.pool?.close() ?? Promise.resolve();
  }

  private workers(): ScanWorkerPool {
    this.pool ??= new ScanWorkerPool(this.entryFile, this.scanOptions(), Math.min(2, Math.max(1, availableParallelism() - 1)), {
      idleMs: IDLE_MS,
      background: true,
    });
    return this.pool;
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

  private scan(
    files: string[],
    signal: AbortSignal,
    urgent: boolean,
    onVerdict: (file: string, verdict: 'secret' | 'clean' | 'undecided') => void,
  ): Promise<boolean> {
    return this.workers().scan(files, (i, result) => onVerdict(files[i], verdictOf(result)), { signal, urgent });
  }

  private scanOptions(): { maxFileSizeKB: number; ignoredValues: string[]; ignoredValuesSalt: string } {
    const { maxFileSizeKB, ignoredValues, ignoredValuesSalt } = this.settings();
    return { maxFileSizeKB, ignoredValues, ignoredValuesSalt };
  }
}

/** Too large, binary or gone is decided (the CLI never lists such a file either); unreadable is not. */
function verdictOf(result: FileScanResult): 'secret' | 'clean' | 'undecided' {
  if (result.findings.length) return 'secret';
  return result.unreadable ? 'undecided' : 'clean';
}
