import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanFile } from '../../src/core/workspace/scanFile';
import { createDetector } from '../../src/core/detect';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { type CliRun, runCli } from '../support/cliProcess';

// Built by `npm run build` before the unit tests run.

function vaultify(args: string[], cwd: string): Promise<CliRun> {
  return runCli(args, { cwd });
}

interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  kind: string;
  preview: string;
  evidence: string;
}

describe('vaultify scan', function () {
  // Each test starts a node process; generous on a loaded machine, never a speed check.
  this.timeout(120_000);
  let dir: string;
  const token = fakeGitHubToken();

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-scan-'));
    mkdirSync(path.join(dir, 'app', '.aws'), { recursive: true });
    mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(path.join(dir, 'app', '.env'), `# local\nGITHUB_TOKEN=${token}\n`);
    writeFileSync(path.join(dir, 'app', '.aws', 'notes.txt'), `token ${token}\n`);
    writeFileSync(path.join(dir, 'app', 'clean.ts'), 'export const port = 8080;\n');
    writeFileSync(path.join(dir, 'node_modules', 'dep', 'index.js'), `const t = "${token}";\n`);
    writeFileSync(path.join(dir, 'app', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(path.join(dir, 'app', 'big.log'), 'x'.repeat(3 * 1024 * 1024));
    writeFileSync(path.join(dir, '.gitignore'), 'app/.env\n');
    symlinkSync(dir, path.join(dir, 'app', 'loop'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the JSON contract, 1-based and relative to the cwd, and exits 1', async () => {
    const run = await vaultify(['scan', 'app', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    const findings = JSON.parse(run.stdout) as JsonFinding[];
    const env = findings.find((f) => f.file === path.join('app', '.env'));
    assert.deepEqual(env && { ...env, ruleId: typeof env.ruleId }, {
      file: path.join('app', '.env'),
      line: 2,
      column: 'GITHUB_TOKEN='.length + 1,
      endLine: 2,
      endColumn: 'GITHUB_TOKEN='.length + 1 + token.length,
      ruleId: 'string',
      kind: 'github-pat',
      preview: 'ghp_…(40 chars)',
      evidence: 'vendor prefix ghp_ + checksum',
    });
    assert.ok(
      findings.some((f) => f.file === path.join('app', '.aws', 'notes.txt')),
      'hidden folders are scanned',
    );
    assert.ok(!run.stdout.includes(token.slice(4)), 'no value in the output');
  });

  it('scans git-ignored files by default, and only tracked ones with --gitignore', async () => {
    const all = JSON.parse((await vaultify(['scan', '.', '--format', 'json'], dir)).stdout) as JsonFinding[];
    const tracked = JSON.parse((await vaultify(['scan', '.', '--format', 'json', '--gitignore'], dir)).stdout) as JsonFinding[];
    assert.ok(all.some((f) => f.file === path.join('app', '.env')));
    assert.ok(!tracked.some((f) => f.file === path.join('app', '.env')));
  });

  it('skips vendor folders silently, and binary, oversized files and symlink loops with a reason', async () => {
    const run = await vaultify(['scan', '.', '--format', 'json'], dir);
    const files = (JSON.parse(run.stdout) as JsonFinding[]).map((f) => f.file);
    assert.ok(!files.some((f) => f.startsWith('node_modules')));
    assert.match(run.stderr, /skipped app\/logo\.png: binary file/);
    assert.match(run.stderr, /skipped app\/big\.log: larger than vaultify\.detection\.maxFileSizeKB/);
    assert.match(run.stderr, /skipped app\/loop: symlink loop/);
  });

  it('says why it skips a file it cannot read', async () => {
    // Root reads every file whatever its mode, so the unreadable case is a file gone between walk and read.
    const result = await scanFile(path.join(dir, 'app', 'vanished.env'), createDetector(), { maxFileSizeKB: 2048, ignoredValues: [] });
    assert.equal(result.skipped, 'no such file or directory');
    assert.deepEqual(result.findings, []);
  });

  it('exits 0 with nothing found, and 2 with a clear message for a missing path', async () => {
    const clean = await vaultify(['scan', path.join('app', 'clean.ts'), '--format', 'json'], dir);
    assert.equal(clean.code, 0);
    assert.deepEqual(JSON.parse(clean.stdout), []);
    const missing = await vaultify(['scan', 'no/such/dir'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot scan no\/such\/dir: no such file or directory/);
  });

  it('writes SARIF 2.1.0 with the same findings', async () => {
    const run = await vaultify(['scan', 'app', '--format', 'sarif'], dir);
    const sarif = JSON.parse(run.stdout) as {
      version: string;
      runs: { results: { locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0].results.some((r) => r.locations[0].physicalLocation.region.startLine === 2));
  });

  it('rejects an unknown format, and answers --help and --version', async () => {
    assert.equal((await vaultify(['scan', '--format', 'xml'], dir)).code, 2);
    const help = await vaultify(['--help'], dir);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /vaultify scan \[PATH\.\.\.\]/);
    assert.match((await vaultify(['--version'], dir)).stdout, /^\d+\.\d+\.\d+/);
  });

  it('gives the same findings on a worker per core as in-process', async () => {
    // Over 4 MB of files makes the CLI fan out to workers.
    const many = path.join(dir, 'many');
    mkdirSync(many);
    for (let i = 0; i < 60; i++) {
      const filler = `export const value${i} = compute(${i});\n`.repeat(2500);
      writeFileSync(path.join(many, `file${i}.ts`), i % 7 === 0 ? `${filler}const t = "${fakeGitHubToken()}";\n` : filler);
    }
    const parallel = JSON.parse((await vaultify(['scan', 'many', '--format', 'json'], dir)).stdout) as JsonFinding[];
    const serial: JsonFinding[] = [];
    for (let i = 0; i < 60; i += 20) {
      // Each call stays under the threshold, so it runs in-process.
      const paths = Array.from({ length: 20 }, (_, k) => path.join('many', `file${i + k}.ts`));
      serial.push(...(JSON.parse((await vaultify(['scan', ...paths, '--format', 'json'], dir)).stdout) as JsonFinding[]));
    }
    const byFile = (a: JsonFinding, b: JsonFinding): number => a.file.localeCompare(b.file);
    assert.equal(parallel.length, 9);
    assert.deepEqual([...parallel].sort(byFile), serial.sort(byFile));
  });

  it('scans a long listing of small files in-process, after starting workers for it while listing', async () => {
    // Enough files to start workers during the walk, too few bytes to use them.
    const small = path.join(dir, 'small');
    mkdirSync(small);
    for (let i = 0; i < 300; i++)
      writeFileSync(path.join(small, `f${i}.ts`), i === 150 ? `const t = "${token}";\n` : `export const v${i} = ${i};\n`);
    const run = await vaultify(['scan', 'small', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      (JSON.parse(run.stdout) as JsonFinding[]).map((f) => [f.file, f.line]),
      [[path.join('small', 'f150.ts'), 1]],
    );
  });
});

describe('vaultify scan --gitignore in a nested repository', function () {
  this.timeout(60_000);
  it('applies no .gitignore from above a folder that is its own work tree', async () => {
    const outer = mkdtempSync(path.join(tmpdir(), 'vaultify-outer-'));
    try {
      writeFileSync(path.join(outer, '.gitignore'), 'inner/\n');
      mkdirSync(path.join(outer, 'inner', '.git'), { recursive: true });
      writeFileSync(path.join(outer, 'inner', 'app.env'), `T=${fakeGitHubToken()}\n`);
      const run = await vaultify(['scan', 'inner', '--gitignore', '--format', 'json'], outer);
      assert.equal((JSON.parse(run.stdout) as JsonFinding[]).length, 1, run.stderr);
    } finally {
      rmSync(outer, { recursive: true, force: true });
    }
  });
});
