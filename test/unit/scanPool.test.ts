import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import * as path from 'node:path';
import { fingerprint } from '../../src/core/detect';
import type { FileScanResult } from '../../src/core/workspace/scanFile';
import { ForegroundScan, SCAN_WORKER_FLAG, ScanWorkerPool, scanWorkerScript } from '../../src/core/workspace/scanPool';
import { secretFilePassRequest } from '../../src/shared/lspProtocol';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver-protocol/node';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { alive, childPids } from '../support/processes';
import { waitFor } from '../support/wait';

const SERVER = path.resolve(__dirname, '../../../dist/server.js');
/** The scan workers' bundle, which the language server and the CLI start. */
const WORKER = scanWorkerScript(SERVER);
const OPTIONS = { maxFileSizeKB: 2048, ignoredValues: [] };

/** The scan worker processes a process started. */
function scanWorkers(parent: number): number[] {
  return childPids(parent).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(SCAN_WORKER_FLAG);
    } catch {
      return false;
    }
  });
}

/** The worker pool shared by the CLI's scans and the language server's workspace passes. */
describe('scan worker pool', function () {
  this.timeout(60_000);
  let dir: string;
  let files: string[];
  const SECRET_AT = new Set([3, 57, 150]);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-pool-'));
    mkdirSync(path.join(dir, 'src'));
    files = Array.from({ length: 200 }, (_, i) => {
      const file = path.join(dir, 'src', `f${i}.ts`);
      writeFileSync(file, SECRET_AT.has(i) ? `export const token = "${fakeGitHubToken()}";\n` : `export const n${i} = ${i};\n`);
      return file;
    });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every file by its index, with findings in exactly the files that hold a token', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 2);
    try {
      const results = new Map<number, FileScanResult>();
      const complete = await pool.scan(files, (i, result) => results.set(i, result));
      assert.equal(complete, true);
      assert.equal(results.size, files.length);
      const found = [...results]
        .filter(([, r]) => r.findings.length)
        .map(([i]) => i)
        .sort((a, b) => a - b);
      assert.deepEqual(found, [...SECRET_AT]);
      assert.equal(results.get(3)!.findings[0].ruleId.includes('github'), true);
    } finally {
      await pool.close();
    }
  });

  it('scans files added while they are still being found, before the run is ended', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 2);
    try {
      const results = new Map<number, FileScanResult>();
      const run = pool.stream((i, result) => results.set(i, result), { batchFiles: 8 });
      for (const file of files.slice(0, 100)) run.add(file);
      // Full batches go out at once: the files found so far are scanned while more are awaited.
      await waitFor(() => results.size >= 96, 'the files added so far were not scanned before the run was ended');
      for (const file of files.slice(100)) run.add(file);
      assert.equal(await run.end(), true);
      assert.equal(results.size, files.length);
      const found = [...results].filter(([, r]) => r.findings.length).map(([i]) => i);
      assert.deepEqual(
        found.sort((a, b) => a - b),
        [...SECRET_AT],
      );
      assert.throws(() => run.add(files[0]), /already ended/);
    } finally {
      await pool.close();
    }
  });

  it('starts scanning a foreground listing once it is big enough, and reports in the order it is asked for', async () => {
    const more = Array.from({ length: 100 }, (_, i) => {
      const file = path.join(dir, 'src', `g${i}.ts`);
      writeFileSync(file, `export const g${i} = ${i};\n`);
      return file;
    });
    const listed = [...files, ...more];
    const scan = new ForegroundScan(WORKER, OPTIONS);
    try {
      // Found out of order, and one path twice (roots that overlap): it is scanned once.
      for (const file of [...listed].reverse()) scan.found(file);
      scan.found(files[3]);
      assert.equal(scan.workers, 2, 'the workers were not started while the listing went on');
      assert.deepEqual(scanWorkers(process.pid), [], 'a foreground scan runs its workers as threads, not processes');
      const results = await scan.scan(listed.map((file) => ({ path: file, size: -1 })));
      assert.equal(results.length, listed.length);
      assert.deepEqual(
        results.flatMap((r, i) => (r.findings.length ? [i] : [])),
        [...SECRET_AT],
      );
      assert.equal(scan.workers, 0, 'the workers outlived the scan');
    } finally {
      await scan.close();
      for (const file of more) rmSync(file);
    }
  });

  it('scans in child processes that end with close', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 2);
    await pool.scan(files, () => undefined);
    assert.equal(scanWorkers(process.pid).length, 2);
    await pool.close();
    assert.deepEqual(scanWorkers(process.pid), []);
  });

  it('runs background workers at the lowest priority, every thread of them', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1, { background: true });
    try {
      await pool.scan(files.slice(0, 3), () => undefined);
      const [worker] = scanWorkers(process.pid);
      const threads = readdirSync(`/proc/${worker}/task`).map(Number);
      assert.deepEqual(
        threads.filter((tid) => getPriority(tid) !== 19),
        [],
        `threads of ${worker} above nice 19`,
      );
    } finally {
      await pool.close();
    }
  });

  it('ends its worker processes when the signal aborts, and says the run is incomplete', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1, { idleMs: 600_000 });
    try {
      const abort = new AbortController();
      let seen = 0;
      const complete = await pool.scan(
        files,
        () => {
          if (++seen === 1) abort.abort();
        },
        { signal: abort.signal },
      );
      assert.equal(complete, false);
      assert.ok(seen < files.length, `nothing more is reported once aborted (${seen} of ${files.length})`);
      await waitFor(() => scanWorkers(process.pid).length === 0, 'the worker process outlived the cancelled run');
      const again = await pool.scan(files.slice(0, 5), () => undefined);
      assert.equal(again, true, 'the pool serves the next run');
    } finally {
      await pool.close();
    }
  });

  it('lists a folder in a worker, apart from what the exclude globs leave out, and ends that worker when cancelled', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1, { idleMs: 600_000 });
    try {
      const listing = await pool.list({ root: dir, exclude: ['src/f1*.ts'], folders: [dir] });
      assert.ok(listing);
      assert.deepEqual([...listing.files, ...listing.excluded].sort(), [...files].sort());
      assert.ok(listing.excluded.includes(path.join(dir, 'src', 'f12.ts')) && listing.files.includes(path.join(dir, 'src', 'f2.ts')));
      const abort = new AbortController();
      const cancelled = pool.list({ root: dir, exclude: [], folders: [dir] }, abort.signal);
      abort.abort();
      assert.equal(await cancelled, undefined);
      await waitFor(() => scanWorkers(process.pid).length === 0, 'the worker process outlived the cancelled listing');
    } finally {
      await pool.close();
    }
  });

  it('serves an urgent run before the rest of a background one', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1);
    try {
      let background = 0;
      let backgroundWhenUrgentCame = -1;
      const pass = pool.scan(files, () => void background++);
      const urgent = await pool.scan(
        [files[3]],
        (_, result) => {
          backgroundWhenUrgentCame = background;
          assert.equal(result.findings.length, 1);
        },
        { urgent: true },
      );
      assert.equal(urgent, true);
      assert.ok(
        backgroundWhenUrgentCame >= 0 && backgroundWhenUrgentCame < files.length,
        `the urgent file came back before the background run ended (${backgroundWhenUrgentCame} of ${files.length} done)`,
      );
      assert.equal(await pass, true);
      assert.equal(background, files.length);
    } finally {
      await pool.close();
    }
  });

  it('holds a background run back while the editor has the floor, and lets urgent runs through', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1);
    let background = 0;
    pool.yieldFor(600_000);
    const pass = pool.scan(files, () => void background++);
    const urgent = await pool.scan([files[57]], (_, result) => assert.equal(result.findings.length, 1), { urgent: true });
    assert.equal(urgent, true);
    assert.equal(background, 0, 'no background file was handed out while held');
    const failed = assert.rejects(pass, /closed/, 'the held run fails with the pool rather than hanging');
    await pool.close();
    await failed;
  });

  it('fails the runs of a worker that cannot start instead of waiting for ever', async () => {
    for (const threads of [false, true]) {
      const pool = new ScanWorkerPool(path.join(dir, 'missing.js'), OPTIONS, 1, { threads });
      await assert.rejects(
        pool.scan(files.slice(0, 3), () => undefined),
        threads ? /Cannot find module/ : /exited with code 1/,
        threads ? 'a thread' : 'a process',
      );
      await pool.close();
    }
  });

  it('scans in threads of its own process when asked to, and ends them with close', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 2, { threads: true });
    try {
      const results = new Map<number, FileScanResult>();
      assert.equal(await pool.scan(files, (i, result) => results.set(i, result)), true);
      const found = [...results].filter(([, r]) => r.findings.length).map(([i]) => i);
      assert.deepEqual(
        found.sort((a, b) => a - b),
        [...SECRET_AT],
      );
      assert.equal(pool.workers, 2);
      assert.deepEqual(scanWorkers(process.pid), []);
    } finally {
      await pool.close();
    }
    assert.equal(pool.workers, 0);
  });

  it('applies new ignored values from the next batch on', async () => {
    const pool = new ScanWorkerPool(WORKER, OPTIONS, 1);
    try {
      const token = /"(.*)"/.exec(readFileSync(files[3], 'utf8'))![1];
      const found = async (): Promise<number> => {
        let n = 0;
        await pool.scan([files[3]], (_, result) => (n = result.findings.length));
        return n;
      };
      assert.equal(await found(), 1);
      pool.configure({ ...OPTIONS, ignoredValues: [fingerprint(token)] });
      assert.equal(await found(), 0);
    } finally {
      await pool.close();
    }
  });

  it('leaves no worker process behind when the language server is killed', async () => {
    const server: ChildProcess = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    const connection = createMessageConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
    connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
    connection.onNotification(() => undefined);
    connection.listen();
    try {
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: { workspace: { configuration: true } },
        workspaceFolders: null,
      });
      await connection.sendNotification('initialized', {});
      const result = await connection.sendRequest(secretFilePassRequest, { pass: 1, folder: dir });
      assert.equal(result.secret.length, SECRET_AT.size);
      // Done with the pass, the workers wait for more work: exactly what a crash must not leave running.
      const workers = scanWorkers(server.pid!);
      assert.ok(workers.length > 0, 'the pass ran in worker processes of the server');
      for (const pid of workers)
        assert.ok(
          readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(WORKER),
          'a worker loads the scan worker bundle, not the server',
        );
      server.kill('SIGKILL');
      await waitFor(() => workers.every((pid) => !alive(pid)), `worker processes ${workers.join(', ')} outlived the killed server`);
    } finally {
      connection.dispose();
      server.kill('SIGKILL');
    }
  });
});
