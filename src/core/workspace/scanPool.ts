import { availableParallelism, setPriority } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createDetector } from '../detect';
import type { WalkedFile } from './fileWalker';
import { type FileScanOptions, type FileScanResult, ignoredValuesOf, scanFile } from './scanFile';

/** Files per message: enough to amortise messaging, few enough to balance the workers' load. */
const BATCH = 8;
/** Batches in flight per worker, so that a worker never waits for the next one. */
const IN_FLIGHT = 2;

const WORKER_ROLE = 'vaultify-scan-worker';
/** Below this much work, starting workers (each loads the detector) costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/** The lowest scheduling priority: a background worker takes only CPU nobody else wants. */
const BACKGROUND_NICE = 19;

interface WorkerStart {
  role: typeof WORKER_ROLE;
  options: FileScanOptions;
  background: boolean;
}
type ToWorker = { kind: 'options'; options: FileScanOptions } | { kind: 'batch'; batch: number; paths: string[] };
interface FromWorker {
  batch: number;
  results: FileScanResult[];
}

export interface ScanPoolOptions {
  /** End the workers after this long without work; by default they run until `close`. */
  idleMs?: number;
  /** Workers for work nobody waits on (the editor's workspace pass): each lowers its own thread's scheduling priority. */
  background?: boolean;
}

export interface ScanRunOptions {
  /** Stops handing out files; batches already in a worker finish and are still reported. */
  signal?: AbortSignal;
  /** Urgent runs (files that just changed) go before background ones (a whole-workspace pass). */
  urgent?: boolean;
}

interface Run {
  paths: readonly string[];
  next: number;
  inFlight: number;
  urgent: boolean;
  signal?: AbortSignal;
  onResult: (index: number, result: FileScanResult) => void;
  settle: (error?: Error) => void;
}

interface Slot {
  worker: Worker;
  online: boolean;
  batches: Map<number, { run: Run; first: number }>;
}

/**
 * Scan worker threads, each with its own detector, shared by every scan that goes through the
 * pool. Workers start with the first run and, with `idleMs`, end after that long without work,
 * so that a process that scans now and then holds no detector in between.
 */
export class ScanWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly runs: Run[] = [];
  private nextBatch = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Until then background runs get no new batch (`yieldFor`). */
  private backgroundHeldUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(
    /** A script that calls `serveScanJobs()` when `isScanWorker()`: the CLI's or the language server's bundle. */
    private readonly entryFile: string,
    private options: FileScanOptions,
    private readonly size: number,
    private readonly poolOptions: ScanPoolOptions = {},
  ) {}

  /** New settings: workers already running read them before their next batch. */
  configure(options: FileScanOptions): void {
    this.options = options;
    for (const slot of this.slots) slot.worker.postMessage({ kind: 'options', options } satisfies ToWorker);
  }

  /**
   * Scans the files, calling `onResult` with each file's index as its result comes in (in any
   * order). Resolves true when every file was scanned, false when the signal stopped the run first.
   */
  scan(paths: readonly string[], onResult: (index: number, result: FileScanResult) => void, options: ScanRunOptions = {}): Promise<boolean> {
    if (!paths.length || options.signal?.aborted) return Promise.resolve(paths.length === 0);
    return new Promise<boolean>((resolve, reject) => {
      const run: Run = {
        paths,
        next: 0,
        inFlight: 0,
        urgent: options.urgent ?? false,
        signal: options.signal,
        onResult,
        settle: (error) => {
          const at = this.runs.indexOf(run);
          if (at < 0) return;
          this.runs.splice(at, 1);
          if (error) reject(error);
          else resolve(run.next >= run.paths.length);
          this.idleCheck();
        },
      };
      // An aborted run hands out nothing more; it settles when its batches in flight are back.
      options.signal?.addEventListener('abort', () => {
        if (run.inFlight === 0) run.settle();
      }, { once: true });
      this.runs.push(run);
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      while (this.slots.length < this.size) this.spawn();
      for (const slot of this.slots) this.feed(slot);
    });
  }

  /**
   * Holds background runs back for `ms` (from now, or longer if already held): their workers
   * finish the batches in hand and take no new one. Urgent runs go on. For the language server,
   * whose own thread may share a core with the workers: while someone types, the pass waits.
   */
  yieldFor(ms: number): void {
    const until = Date.now() + ms;
    if (until <= this.backgroundHeldUntil) return;
    this.backgroundHeldUntil = until;
    clearTimeout(this.resumeTimer);
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      for (const slot of this.slots) this.feed(slot);
    }, ms);
  }

  /** Ends the workers; runs still going fail. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    clearTimeout(this.resumeTimer);
    const slots = this.slots.splice(0);
    for (const run of [...this.runs]) run.settle(new Error('the scan workers were closed'));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private spawn(): void {
    const background = this.poolOptions.background ?? false;
    const worker = new Worker(this.entryFile, { workerData: { role: WORKER_ROLE, options: this.options, background } satisfies WorkerStart });
    const slot: Slot = { worker, online: false, batches: new Map() };
    this.slots.push(slot);
    worker.on('online', () => {
      slot.online = true;
      this.feed(slot);
    });
    worker.on('message', (message: FromWorker) => {
      const sent = slot.batches.get(message.batch);
      if (!sent) return;
      slot.batches.delete(message.batch);
      const { run, first } = sent;
      run.inFlight--;
      message.results.forEach((result, i) => run.onResult(first + i, result));
      if (run.inFlight === 0 && this.finished(run)) run.settle();
      this.feed(slot);
    });
    const lost = (error: Error): void => {
      const at = this.slots.indexOf(slot);
      if (at < 0) return;
      this.slots.splice(at, 1);
      // A worker that dies (or never loads) takes its batches with it: no run can complete.
      for (const run of [...this.runs]) run.settle(error);
      void worker.terminate();
    };
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`a scan worker exited with code ${code}`)));
  }

  private finished(run: Run): boolean {
    return run.next >= run.paths.length || run.signal?.aborted === true;
  }

  /** Hands a worker batches up to its limit: urgent runs first, then the oldest run unless background runs are held. */
  private feed(slot: Slot): void {
    if (!slot.online) return;
    const held = Date.now() < this.backgroundHeldUntil;
    while (slot.batches.size < IN_FLIGHT) {
      const run = this.runs.find((r) => r.urgent && !this.finished(r)) ?? (held ? undefined : this.runs.find((r) => !this.finished(r)));
      if (!run) return;
      const first = run.next;
      const paths = run.paths.slice(first, first + BATCH);
      run.next += paths.length;
      run.inFlight++;
      const batch = this.nextBatch++;
      slot.batches.set(batch, { run, first });
      slot.worker.postMessage({ kind: 'batch', batch, paths } satisfies ToWorker);
    }
  }

  private idleCheck(): void {
    const { idleMs } = this.poolOptions;
    if (this.runs.length || idleMs === undefined || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!this.runs.length) void this.close();
    }, idleMs);
    this.idleTimer.unref();
  }
}

/**
 * Scans files on a worker per core when the job is big enough, in-process otherwise. Results
 * come back in the order of `files`, so output is stable whatever the scheduling.
 */
export async function scanAll(files: readonly Pick<WalkedFile, 'path' | 'size'>[], options: FileScanOptions, entryFile: string): Promise<FileScanResult[]> {
  const totalBytes = files.reduce((sum, f) => sum + Math.min(f.size, options.maxFileSizeKB * 1024), 0);
  const workers = Math.min(availableParallelism(), Math.ceil(files.length / BATCH));
  const results = new Array<FileScanResult>(files.length);
  if (totalBytes < PARALLEL_MIN_BYTES || workers < 2) {
    const detector = createDetector();
    const ignored = ignoredValuesOf(options);
    for (let i = 0; i < files.length; i++) results[i] = await scanFile(files[i].path, detector, options, ignored);
    return results;
  }
  const pool = new ScanWorkerPool(entryFile, options, workers);
  try {
    await pool.scan(
      files.map((f) => f.path),
      (i, result) => (results[i] = result),
    );
  } finally {
    await pool.close();
  }
  return results;
}

/** True in a scan worker thread; the entry script then serves jobs instead of doing its own work. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
}

export function serveScanJobs(): void {
  const start = workerData as WorkerStart;
  let { options } = start;
  // On Linux a priority set with pid 0 applies to the calling thread only: this worker, not the process.
  if (start.background) {
    try {
      setPriority(BACKGROUND_NICE);
    } catch {
      // Not permitted here: the pass runs at normal priority.
    }
  }
  let ignored = ignoredValuesOf(options);
  const detector = createDetector();
  // One batch at a time, in order, so that new options apply from the next batch on.
  let queue = Promise.resolve();
  parentPort!.on('message', (message: ToWorker) => {
    queue = queue.then(async () => {
      if (message.kind === 'options') {
        options = message.options;
        ignored = ignoredValuesOf(options);
        return;
      }
      const results: FileScanResult[] = [];
      for (const path of message.paths) results.push(await scanFile(path, detector, options, ignored));
      parentPort!.postMessage({ batch: message.batch, results } satisfies FromWorker);
    });
  });
}
