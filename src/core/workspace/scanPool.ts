import { fork } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { availableParallelism, getPriority, setPriority } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker, parentPort } from 'node:worker_threads';
import { type IgnoredValues, createDetector } from '../detect';
import { type WalkedFile, walkFiles } from './fileWalker';
import { CLEAN, type FileScanOptions, type FileScanResult, ignoredValuesOf, scanFile } from './scanFile';
import { excludedBy } from './workspaceSettings';

/**
 * Files per message by default: enough to amortise messaging, few enough that a background pass
 * told to yield (`yieldFor`) finishes the batch in hand within a keystroke's time.
 */
const BATCH = 8;
/**
 * At most this many files per message for a scan someone waits on: a message per 8 files costs a
 * scan of 50,000 files 6,000 round trips, and a worker's `postMessage` of its results was still
 * some 40 ms of its 1.9 s on the source tree at 64. Fewer for a shorter list, so that each worker
 * still gets several batches and none is left with the last big one while the others wait.
 */
const FOREGROUND_BATCH = 128;
/** Batches per worker a foreground scan aims at, at least. */
const FOREGROUND_BATCHES_PER_WORKER = 8;
/** Files listed so far at which a foreground scan starts its workers, before the listing ends. */
const WARM_AFTER_FILES = 256;
/** Batches in flight per worker, so that a worker never waits for the next one. */
const IN_FLIGHT = 2;

/** The argument a scan worker is started with: it names the process as one in a process listing. */
export const SCAN_WORKER_FLAG = '--vaultify-scan-worker';

/** The scan workers' script, which the build puts beside every bundle that starts workers. */
export function scanWorkerScript(bundle: string): string {
  return join(dirname(bundle), 'scanWorker.js');
}
/** A worker's semi-spaces, in MB: see `startProcess`. */
const SEMI_SPACE_MB = 2;
/** How far a worker process's old generation grows past what a full collection leaves, in percent: see `startProcess`. */
const HEAP_GROWING_PERCENT = 20;
/** Below this much work, starting workers (each loads the detector) costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;
/** The lowest scheduling priority: a background worker takes only CPU nobody else wants. */
const BACKGROUND_NICE = 19;

/** The files under `root` that `vaultify.detection.exclude` leaves in, listed by a worker. */
export interface ListRequest {
  root: string;
  exclude: readonly string[];
  /** The workspace folders the globs are relative to. */
  folders: readonly string[];
}

export interface Listing {
  files: string[];
  excluded: string[];
  /** Folders that could not be read: whatever they hold is undecided. */
  unreadable: string[];
}

type ToWorker =
  | { kind: 'options'; options: FileScanOptions }
  | { kind: 'batch'; batch: number; paths: string[] }
  | { kind: 'list'; job: number; request: ListRequest };
type FromWorker =
  | { kind: 'ready' }
  /** `null` for a file scanned clean: most files are, and a null costs the channel and the parent's heap nothing. */
  | { kind: 'batch'; batch: number; results: (FileScanResult | null)[] }
  | { kind: 'listed'; job: number; listing?: Listing; error?: string };

interface PendingListing {
  request: ListRequest;
  resolve: (listing: Listing | undefined) => void;
  reject: (error: Error) => void;
}

export interface ScanPoolOptions {
  /** End the workers after this long without work; by default they run until `close`. */
  idleMs?: number;
  /** Workers for work nobody waits on (the editor's workspace pass): they run at the lowest scheduling priority. */
  background?: boolean;
  /**
   * Workers as threads of this process rather than processes of their own: for a scan someone
   * waits on (the CLI's), where a thread costs its heap only, and a process node itself again
   * (some 50 MB). Background workers stay processes, whose priority and memory are their own.
   */
  threads?: boolean;
}

export interface ScanRunOptions {
  /** Stops the run: nothing more is reported, and workers that hold no other run's files end at once. */
  signal?: AbortSignal;
  /** Urgent runs (files that just changed) go before background ones (a whole-workspace pass). */
  urgent?: boolean;
  /** Files per message to a worker; 8 unless said. */
  batchFiles?: number;
}

interface Run {
  /** Grows while the run is `open` (a listing still under way). */
  paths: readonly string[];
  /** More paths may come: only full batches go out until the run is closed. */
  open: boolean;
  batchFiles: number;
  next: number;
  inFlight: number;
  urgent: boolean;
  signal?: AbortSignal;
  onResult: (index: number, result: FileScanResult) => void;
  settle: (error?: Error) => void;
}

/** What the pool hears from a worker. */
interface WorkerEvents {
  onMessage: (message: FromWorker) => void;
  /** It ended, or could not start. */
  onLost: (error: Error) => void;
}

/** A worker as the pool sees it, a child process or a thread. */
interface WorkerHandle {
  /** Delivers a message, unless the worker is gone: `onLost` reports that. */
  send(message: ToWorker): void;
  /** Ends the worker; resolves once it is gone. */
  end(): Promise<void>;
}

interface Slot {
  worker: WorkerHandle;
  online: boolean;
  batches: Map<number, { run: Run; first: number }>;
  listings: Map<number, PendingListing>;
}

/**
 * Scan workers, each with its own detector, shared by every scan that goes through the pool.
 * Processes by default: a worker's heap and detector are not the parent's memory (the language
 * server's budget), and its priority is its own. A scan someone waits on runs them as threads
 * (`threads`), which share the one node the process loaded already. Workers start with the first run
 * and, with `idleMs`, end after that long without work, so that a process that scans now and
 * then holds no detector in between. A worker ends with its parent (see `serveScanJobs`).
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
    /** The script that serves the jobs (`scanWorkerScript`). */
    private readonly workerScript: string,
    private options: FileScanOptions,
    private readonly size: number,
    private readonly poolOptions: ScanPoolOptions = {},
  ) {}

  /** The workers started and not ended. */
  get workers(): number {
    return this.slots.length;
  }

  /** New settings: workers already running read them before their next batch. */
  configure(options: FileScanOptions): void {
    this.options = options;
    for (const slot of this.slots) if (slot.online) slot.worker.send({ kind: 'options', options });
  }

  /**
   * Scans the files, calling `onResult` with each file's index as its result comes in (in any
   * order). Resolves true when every file was scanned, false when the signal stopped the run first.
   */
  scan(
    paths: readonly string[],
    onResult: (index: number, result: FileScanResult) => void,
    options: ScanRunOptions = {},
  ): Promise<boolean> {
    if (!paths.length || options.signal?.aborted) return Promise.resolve(paths.length === 0);
    return this.begin(paths, false, onResult, options).settled;
  }

  /**
   * A run whose files are still being found: each `add`ed path is scanned as soon as a batch is
   * full, so that the workers scan while the listing goes on; `end` says there are no more, and
   * resolves as `scan` does. Results come to `onResult` by the order of `add`.
   */
  stream(
    onResult: (index: number, result: FileScanResult) => void,
    options: ScanRunOptions = {},
  ): { add: (path: string) => void; end: () => Promise<boolean> } {
    const paths: string[] = [];
    const { run, settled } = this.begin(paths, true, onResult, options);
    // A failure before `end` is awaited is not unhandled: `end` hands it on.
    settled.catch(() => undefined);
    return {
      add: (path) => {
        if (!run.open) throw new Error('a file was added to a scan already ended');
        paths.push(path);
        if (paths.length - run.next >= run.batchFiles) for (const slot of this.slots) this.feed(slot);
      },
      end: () => {
        if (run.open) {
          run.open = false;
          if (run.inFlight === 0 && this.finished(run)) run.settle();
          else for (const slot of this.slots) this.feed(slot);
        }
        return settled;
      },
    };
  }

  /** Queues a run and starts handing out its batches. */
  private begin(
    paths: readonly string[],
    open: boolean,
    onResult: (index: number, result: FileScanResult) => void,
    options: ScanRunOptions,
  ): { run: Run; settled: Promise<boolean> } {
    let settle!: Run['settle'];
    const run: Run = {
      paths,
      open,
      batchFiles: options.batchFiles ?? BATCH,
      next: 0,
      inFlight: 0,
      urgent: options.urgent ?? false,
      signal: options.signal,
      onResult,
      settle: (error) => settle(error),
    };
    const settled = new Promise<boolean>((resolve, reject) => {
      settle = (error) => {
        const at = this.runs.indexOf(run);
        if (at < 0) return;
        this.runs.splice(at, 1);
        if (error) reject(error);
        else resolve(run.next >= run.paths.length);
        this.idleCheck();
      };
    });
    options.signal?.addEventListener('abort', () => this.abandon(run), { once: true });
    this.runs.push(run);
    this.start();
    for (const slot of this.slots) this.feed(slot);
    return { run, settled };
  }

  /** Starts the workers not running yet, so that they load before there is work for them. */
  start(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    while (this.slots.length < this.size) this.spawn();
  }

  /**
   * Lists a folder's files in a worker, so that the walk's memory (100,000 paths and the
   * directory entries they come from) is the worker's, not the caller's. Resolves undefined when
   * the signal stops it first; the worker, if it has nothing else to do, ends then.
   */
  list(request: ListRequest, signal?: AbortSignal): Promise<Listing | undefined> {
    if (signal?.aborted) return Promise.resolve(undefined);
    this.start();
    const slot = this.slots.reduce((a, b) => (b.batches.size + b.listings.size < a.batches.size + a.listings.size ? b : a));
    const job = this.nextBatch++;
    return new Promise<Listing | undefined>((resolve, reject) => {
      const settle = (listing: Listing | undefined, error?: Error): void => {
        if (!slot.listings.delete(job)) return;
        if (error) reject(error);
        else resolve(listing);
        this.idleCheck();
      };
      slot.listings.set(job, { request, resolve: (listing) => settle(listing), reject: (error) => settle(undefined, error) });
      if (slot.online) slot.worker.send({ kind: 'list', job, request });
      signal?.addEventListener(
        'abort',
        () => {
          settle(undefined);
          this.endIfUnused(slot);
        },
        { once: true },
      );
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
    const closed = new Error('the scan workers were closed');
    for (const run of [...this.runs]) run.settle(closed);
    for (const slot of slots) for (const listing of [...slot.listings.values()]) listing.reject(closed);
    await Promise.all(slots.map((slot) => slot.worker.end()));
  }

  /** An aborted run: its files in flight are forgotten, and workers left with nothing else to do end now. */
  private abandon(run: Run): void {
    for (const slot of [...this.slots]) {
      for (const [batch, sent] of slot.batches) if (sent.run === run) slot.batches.delete(batch);
      this.endIfUnused(slot);
    }
    run.inFlight = 0;
    run.settle();
  }

  /** Cancelled work leaves no process scanning: a worker with nothing else in hand ends. */
  private endIfUnused(slot: Slot): void {
    const at = this.slots.indexOf(slot);
    if (at < 0 || slot.batches.size || slot.listings.size) return;
    this.slots.splice(at, 1);
    void slot.worker.end();
  }

  private spawn(): void {
    const events: WorkerEvents = { onMessage: (message) => this.received(slot, message), onLost: (error) => this.lost(slot, error) };
    const slot: Slot = {
      worker: this.poolOptions.threads
        ? startThread(this.workerScript, events)
        : startProcess(this.workerScript, this.poolOptions.background === true, events),
      online: false,
      batches: new Map(),
      listings: new Map(),
    };
    this.slots.push(slot);
  }

  private received(slot: Slot, message: FromWorker): void {
    if (message.kind === 'ready') {
      slot.online = true;
      slot.worker.send({ kind: 'options', options: this.options });
      for (const [job, { request }] of slot.listings) slot.worker.send({ kind: 'list', job, request });
      this.feed(slot);
      return;
    }
    if (message.kind === 'listed') {
      const listing = slot.listings.get(message.job);
      if (message.error !== undefined) listing?.reject(new Error(message.error));
      else listing?.resolve(message.listing);
      return;
    }
    const sent = slot.batches.get(message.batch);
    if (!sent) return;
    slot.batches.delete(message.batch);
    const { run, first } = sent;
    run.inFlight--;
    message.results.forEach((result, i) => run.onResult(first + i, result ?? CLEAN));
    if (run.inFlight === 0 && this.finished(run)) run.settle();
    this.feed(slot);
  }

  /** A worker that dies (or never loads) takes its batches with it: no run can complete. */
  private lost(slot: Slot, error: Error): void {
    const at = this.slots.indexOf(slot);
    if (at < 0) return;
    this.slots.splice(at, 1);
    for (const run of [...this.runs]) run.settle(error);
    for (const listing of [...slot.listings.values()]) listing.reject(error);
    void slot.worker.end();
  }

  private finished(run: Run): boolean {
    return (!run.open && run.next >= run.paths.length) || run.signal?.aborted === true;
  }

  /** Whether a run has a batch to hand out now: a full one, or the rest of a run no longer growing. */
  private ready(run: Run): boolean {
    return !this.finished(run) && run.paths.length - run.next >= (run.open ? run.batchFiles : 1);
  }

  /**
   * Files for the next batch of a run: `batchFiles`, but once the run is closed and its last
   * files are handed out, fewer, so that the workers finish together rather than one of them
   * scanning a last big batch while the others wait.
   */
  private batchSize(run: Run): number {
    if (run.open) return run.batchFiles;
    const left = run.paths.length - run.next;
    return Math.max(1, Math.min(run.batchFiles, Math.ceil(left / (this.slots.length * IN_FLIGHT))));
  }

  /** Hands a worker batches up to its limit: urgent runs first, then the oldest run unless background runs are held. */
  private feed(slot: Slot): void {
    if (!slot.online) return;
    const held = Date.now() < this.backgroundHeldUntil;
    while (slot.batches.size < IN_FLIGHT) {
      const run = this.runs.find((r) => r.urgent && this.ready(r)) ?? (held ? undefined : this.runs.find((r) => this.ready(r)));
      if (!run) return;
      const first = run.next;
      const paths = run.paths.slice(first, first + this.batchSize(run));
      run.next += paths.length;
      run.inFlight++;
      const batch = this.nextBatch++;
      slot.batches.set(batch, { run, first });
      slot.worker.send({ kind: 'batch', batch, paths });
    }
  }

  private idleCheck(): void {
    const { idleMs } = this.poolOptions;
    const busy = (): boolean => this.runs.length > 0 || this.slots.some((slot) => slot.listings.size > 0);
    if (busy() || idleMs === undefined || this.idleTimer) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (!busy()) void this.close();
    }, idleMs);
    this.idleTimer.unref();
  }
}

/**
 * A scan someone waits on (the CLI's) of files still being listed. Told of each file as the
 * listing finds it (`found`), it starts a worker thread per core once there are enough files to need
 * them and from then on hands them the files while the walk goes on, so that both cores scan from
 * the first batch to the last. `scan` then scans the rest: on those workers when the job is big
 * enough, in-process otherwise (ending any workers started). Results come back in the order of
 * `files`, so output is stable whatever the scheduling.
 */
export class ForegroundScan {
  private pool: ScanWorkerPool | undefined;
  /** Files found before the workers were started, handed to them once they are. */
  private waiting: string[] = [];
  /** The run scanning files as they are found, and where each path's result is (by order of finding). */
  private streaming: { add: (path: string) => void; end: () => Promise<boolean>; index: Map<string, number> } | undefined;
  private readonly streamed: FileScanResult[] = [];

  constructor(
    private readonly workerScript: string,
    private readonly options: FileScanOptions,
  ) {}

  /** A file the listing found; it may be scanned at once, before `scan` is called. */
  found(file: string): void {
    if (this.streaming) return this.add(file);
    this.waiting.push(file);
    if (this.waiting.length < WARM_AFTER_FILES || availableParallelism() < 2) return;
    const run = this.poolFor(Infinity).stream((i, result) => (this.streamed[i] = result), { batchFiles: FOREGROUND_BATCH });
    this.streaming = { ...run, index: new Map() };
    for (const path of this.waiting.splice(0)) this.add(path);
  }

  private add(path: string): void {
    const { index, add } = this.streaming!;
    // A path found twice (roots that overlap) is scanned once.
    if (index.has(path)) return;
    index.set(path, index.size);
    add(path);
  }

  /** Scans the files; a size of -1 (a walk without `stat`) is looked up, and only until the job is known to be big enough. */
  async scan(files: readonly Pick<WalkedFile, 'path' | 'size'>[]): Promise<FileScanResult[]> {
    const { options } = this;
    const results = new Array<FileScanResult>(files.length);
    try {
      if (this.streaming) {
        const { index, end } = this.streaming;
        for (const file of files) this.add(file.path);
        await end();
        files.forEach((file, i) => (results[i] = this.streamed[index.get(file.path)!]));
        return results;
      }
      const parallel =
        files.length >= 2 && availableParallelism() >= 2 && atLeastBytes(files, PARALLEL_MIN_BYTES, options.maxFileSizeKB * 1024);
      if (!parallel) {
        await this.close();
        const detector = createDetector();
        const ignored = ignoredValuesOf(options);
        for (let i = 0; i < files.length; i++) results[i] = await scanFile(files[i].path, detector, options, ignored);
        return results;
      }
      const perWorker = Math.ceil(files.length / (availableParallelism() * FOREGROUND_BATCHES_PER_WORKER));
      await this.poolFor(files.length).scan(
        files.map((f) => f.path),
        (i, result) => (results[i] = result),
        { batchFiles: Math.max(BATCH, Math.min(FOREGROUND_BATCH, perWorker)) },
      );
      return results;
    } finally {
      await this.close();
    }
  }

  /** The pool, made now unless it was: a worker per core, or per file when there are fewer. */
  private poolFor(files: number): ScanWorkerPool {
    return (this.pool ??= new ScanWorkerPool(this.workerScript, this.options, Math.min(availableParallelism(), files), { threads: true }));
  }

  /** The worker threads started and not ended. */
  get workers(): number {
    return this.pool?.workers ?? 0;
  }

  /** Ends the workers, if any were started. */
  async close(): Promise<void> {
    const { pool } = this;
    this.pool = undefined;
    this.streaming = undefined;
    await pool?.close();
  }
}

/** Scans files as `ForegroundScan` does, when they are all listed already. */
export function scanAll(
  files: readonly Pick<WalkedFile, 'path' | 'size'>[],
  options: FileScanOptions,
  workerScript: string,
): Promise<FileScanResult[]> {
  return new ForegroundScan(workerScript, options).scan(files);
}

/** Whether the files hold at least `bytes` (each counted up to `perFile`), stopping as soon as they do. */
function atLeastBytes(files: readonly Pick<WalkedFile, 'path' | 'size'>[], bytes: number, perFile: number): boolean {
  let total = 0;
  for (const file of files) {
    total += Math.min(file.size >= 0 ? file.size : sizeOf(file.path), perFile);
    if (total >= bytes) return true;
  }
  return false;
}

/** A file's size; 0 for one that cannot be stat'ed now (gone, or unreadable): its scan says what happened to it. */
function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** A worker process running `script`; at the lowest priority for `background`. */
function startProcess(script: string, background: boolean, { onMessage, onLost }: WorkerEvents): WorkerHandle {
  const child = fork(script, [SCAN_WORKER_FLAG], {
    // The parent's stdout may be its protocol channel (a language server on stdio): a worker never writes there.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    serialization: 'advanced',
    // Not the parent's flags (an inspector port, say): a worker is plain node. Its garbage is a
    // file's text and what the rules make of it, dead once the file is done: a young generation
    // of 2 MB semi-spaces (V8's default is 16) holds that and keeps each worker about 25 MB smaller.
    // Its old generation may grow by a fifth past what a full collection leaves, where V8 lets it
    // grow up to fourfold: a listing of 100,000 files leaves some 60 MB of garbage, which V8 would
    // otherwise keep for the rest of the pass (a worker's peak 168 MB -> 134, CPU time unchanged).
    execArgv: [`--max-semi-space-size=${SEMI_SPACE_MB}`, `--heap-growing-percent=${HEAP_GROWING_PERCENT}`],
  });
  if (background && child.pid !== undefined) lowerPriority(child.pid);
  child.on('message', onMessage);
  child.on('error', onLost);
  child.on('exit', (code, signal) => onLost(new Error(`a scan worker exited with ${signal ?? `code ${code}`}`)));
  return {
    // A worker that just died is reported by its exit event; the message has nowhere to go.
    send: (message) => void (child.connected && child.send(message)),
    end: () => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill();
      });
    },
  };
}

/** A worker thread running `script`, with a young generation as small as a worker process's. */
function startThread(script: string, { onMessage, onLost }: WorkerEvents): WorkerHandle {
  const worker = new Worker(script, {
    argv: [SCAN_WORKER_FLAG],
    // V8 sizes a young generation at three semi-spaces.
    resourceLimits: { maxYoungGenerationSizeMb: 3 * SEMI_SPACE_MB },
  });
  let exited = false;
  worker.on('message', onMessage);
  worker.on('error', onLost);
  worker.on('exit', (code) => {
    exited = true;
    onLost(new Error(`a scan worker exited with code ${code}`));
  });
  return {
    send: (message) => void (exited || worker.postMessage(message)),
    end: () => (exited ? Promise.resolve() : worker.terminate().then(() => undefined)),
  };
}

/** The lowest priority for a process; on Linux it covers the thread whose id is `pid`, and threads it starts after. */
function lowerPriority(pid: number): void {
  try {
    setPriority(pid, BACKGROUND_NICE);
  } catch {
    // Not permitted here: the work runs at normal priority.
  }
}

export function serveScanJobs(): void {
  // The parent lowered this process's main thread; V8's threads, started before that, follow it
  // (on Linux a priority belongs to each thread). Where /proc is absent, nothing to do.
  if (getPriority() === BACKGROUND_NICE) {
    try {
      for (const tid of readdirSync('/proc/self/task')) lowerPriority(Number(tid));
    } catch {
      // Not Linux.
    }
  }
  const parent = parentChannel();
  // The parent sends the options before the first batch.
  let scanWith: { options: FileScanOptions; ignored: IgnoredValues } | undefined;
  const detector = createDetector();
  // One batch at a time, in order, so that new options apply from the next batch on.
  let queue = Promise.resolve();
  parent.onMessage((message) => {
    queue = queue.then(async () => {
      if (message.kind === 'options') {
        scanWith = { options: message.options, ignored: ignoredValuesOf(message.options) };
        return;
      }
      if (message.kind === 'list') {
        parent.send({
          kind: 'listed',
          job: message.job,
          ...(await listFiles(message.request).then(
            (listing) => ({ listing }),
            (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
          )),
        } satisfies FromWorker);
        return;
      }
      const { options, ignored } = scanWith!;
      const results: (FileScanResult | null)[] = [];
      for (const path of message.paths) {
        const result = await scanFile(path, detector, options, ignored);
        results.push(result === CLEAN ? null : result);
      }
      parent.send({ kind: 'batch', batch: message.batch, results });
    });
  });
  parent.send({ kind: 'ready' });
}

/** How a worker talks to its pool: by its thread's port, or by its process's IPC channel. */
function parentChannel(): { send: (message: FromWorker) => void; onMessage: (listener: (message: ToWorker) => void) => void } {
  const port = parentPort;
  if (port) return { send: (message) => port.postMessage(message), onMessage: (listener) => port.on('message', listener) };
  if (!process.send) throw new Error('a scan worker runs in a thread or a process that the scan pool started');
  // The parent is gone (ended, killed or crashed): so is the channel, and this worker ends too.
  process.on('disconnect', () => process.exit(0));
  return { send: (message) => process.send!(message), onMessage: (listener) => process.on('message', listener) };
}

async function listFiles({ root, exclude, folders }: ListRequest): Promise<Listing> {
  const listing: Listing = { files: [], excluded: [], unreadable: [] };
  const walked = await walkFiles(root, {
    sizes: false,
    onSkip: (skipped) => void (skipped.unreadable && listing.unreadable.push(skipped.path)),
  });
  for (const { path } of walked) (excludedBy(path, exclude, folders) ? listing.excluded : listing.files).push(path);
  return listing;
}
