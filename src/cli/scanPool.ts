import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { createDetector } from '../core/detect';
import type { WalkedFile } from '../core/workspace/fileWalker';
import { type FileScanOptions, type FileScanResult, scanFile } from './scanFile';

interface Job {
  id: number;
  file: Pick<WalkedFile, 'path'>;
}
interface JobResult {
  id: number;
  result: FileScanResult;
}

/** Files per message: enough to amortise messaging, few enough to balance the workers' load. */
const BATCH = 8;

const WORKER_ROLE = 'vaultify-scan-worker';
/** Below this much work, starting workers (each loads the detector) costs more than it saves. */
const PARALLEL_MIN_BYTES = 4 * 1024 * 1024;

/**
 * Scans files on a worker per core when the job is big enough, in-process otherwise. Results
 * come back in the order of `files`, so output is stable whatever the scheduling.
 */
export async function scanAll(files: readonly Pick<WalkedFile, 'path' | 'size'>[], options: FileScanOptions, entryFile: string): Promise<FileScanResult[]> {
  const totalBytes = files.reduce((sum, f) => sum + Math.min(f.size, options.maxFileSizeKB * 1024), 0);
  const workers = Math.min(availableParallelism(), Math.ceil(files.length / 8));
  if (totalBytes < PARALLEL_MIN_BYTES || workers < 2) {
    const detector = createDetector();
    const ignored = new Set(options.ignoredValues);
    const results: FileScanResult[] = [];
    for (const file of files) results.push(await scanFile(file.path, detector, options, ignored));
    return results;
  }
  const results = new Array<FileScanResult>(files.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = new Worker(entryFile, { workerData: { role: WORKER_ROLE, options } });
      return new Promise<void>((resolve, reject) => {
        let pending = 0;
        const feed = (): void => {
          if (next >= files.length) {
            if (pending === 0) void worker.terminate().then(() => resolve());
            return;
          }
          const batch: Job[] = [];
          while (batch.length < BATCH && next < files.length) batch.push({ id: next, file: { path: files[next++].path } });
          pending++;
          worker.postMessage(batch);
        };
        worker.on('message', (done: JobResult[]) => {
          pending--;
          for (const { id, result } of done) results[id] = result;
          feed();
        });
        worker.on('error', reject);
        // Two batches in flight, so a worker never waits for the next one.
        worker.on('online', () => {
          feed();
          feed();
        });
      });
    }),
  );
  return results;
}

/** True in a scan worker thread; the CLI entry then serves jobs instead of parsing arguments. */
export function isScanWorker(): boolean {
  return !isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE;
}

export function serveScanJobs(): void {
  const { options } = workerData as { options: FileScanOptions };
  const detector = createDetector();
  const ignored = new Set(options.ignoredValues);
  const serve = async (batch: Job[]): Promise<void> => {
    const done: JobResult[] = [];
    for (const { id, file } of batch) done.push({ id, result: await scanFile(file.path, detector, options, ignored) });
    parentPort!.postMessage(done);
  };
  parentPort!.on('message', (batch: Job[]) => void serve(batch));
}
