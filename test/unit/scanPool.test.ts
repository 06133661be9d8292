import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fingerprint } from '../../src/core/detect';
import type { FileScanResult } from '../../src/core/workspace/scanFile';
import { ScanWorkerPool } from '../../src/core/workspace/scanPool';
import { fakeGitHubToken } from '../support/fakeCredentials';

/** The language server's bundle is its own scan workers' script, as the CLI's is. */
const SERVER = path.resolve(__dirname, '../../../dist/server.js');
const OPTIONS = { maxFileSizeKB: 2048, ignoredValues: [] };

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
    const pool = new ScanWorkerPool(SERVER, OPTIONS, 2);
    try {
      const results = new Map<number, FileScanResult>();
      const complete = await pool.scan(files, (i, result) => results.set(i, result));
      assert.equal(complete, true);
      assert.equal(results.size, files.length);
      const found = [...results].filter(([, r]) => r.findings.length).map(([i]) => i).sort((a, b) => a - b);
      assert.deepEqual(found, [...SECRET_AT]);
      assert.equal(results.get(3)!.findings[0].ruleId.includes('github'), true);
    } finally {
      await pool.close();
    }
  });

  it('stops handing out files when the signal aborts, and says the run is incomplete', async () => {
    const pool = new ScanWorkerPool(SERVER, OPTIONS, 1);
    try {
      const abort = new AbortController();
      let seen = 0;
      const complete = await pool.scan(files, () => {
        if (++seen === 1) abort.abort();
      }, { signal: abort.signal });
      assert.equal(complete, false);
      assert.ok(seen < files.length, `only the batches already in the worker come back (${seen} of ${files.length})`);
      const again = await pool.scan(files.slice(0, 5), () => undefined);
      assert.equal(again, true, 'the pool serves the next run');
    } finally {
      await pool.close();
    }
  });

  it('serves an urgent run before the rest of a background one', async () => {
    const pool = new ScanWorkerPool(SERVER, OPTIONS, 1);
    try {
      let background = 0;
      let backgroundWhenUrgentCame = -1;
      const pass = pool.scan(files, () => void background++);
      const urgent = await pool.scan([files[3]], (_, result) => {
        backgroundWhenUrgentCame = background;
        assert.equal(result.findings.length, 1);
      }, { urgent: true });
      assert.equal(urgent, true);
      assert.ok(backgroundWhenUrgentCame >= 0 && backgroundWhenUrgentCame < files.length, `the urgent file came back before the background run ended (${backgroundWhenUrgentCame} of ${files.length} done)`);
      assert.equal(await pass, true);
      assert.equal(background, files.length);
    } finally {
      await pool.close();
    }
  });

  it('holds a background run back while the editor has the floor, and lets urgent runs through', async () => {
    const pool = new ScanWorkerPool(SERVER, OPTIONS, 1);
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
    const pool = new ScanWorkerPool(path.join(dir, 'missing.js'), OPTIONS, 1);
    await assert.rejects(pool.scan(files.slice(0, 3), () => undefined));
    await pool.close();
  });

  it('applies new ignored values from the next batch on', async () => {
    const pool = new ScanWorkerPool(SERVER, OPTIONS, 1);
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
});
