import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { type Server, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fingerprint } from '../../src/core/detect';
import { readForScan } from '../../src/core/workspace/fileScan';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { type CliRun, runCli } from '../support/cliProcess';
import { fakes } from './rulesFakeCredentials';

// Built by `npm run build` before the unit tests run.

function vaultify(args: string[], cwd: string, uid?: number): Promise<CliRun> {
  return runCli(args, { cwd, uid });
}

const findingsOf = (run: CliRun): { file: string }[] => JSON.parse(run.stdout) as { file: string }[];

describe('vaultify scan on hostile trees', function () {
  // Each test starts a node process; generous on a loaded machine, never a speed check.
  this.timeout(120_000);
  const dirs: string[] = [];
  const servers: Server[] = [];
  const tree = (): string => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-hostile-'));
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const s of servers) s.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('follows no symlink into /proc, /sys or /dev, nor out of the scanned folder', async () => {
    const outside = tree();
    writeFileSync(path.join(outside, 'elsewhere.env'), `T=${fakeGitHubToken()}\n`);
    const dir = tree();
    writeFileSync(path.join(dir, 'app.env'), `T=${fakeGitHubToken()}\n`);
    symlinkSync('/proc/self/pagemap', path.join(dir, 'pagemap'));
    symlinkSync('/dev/zero', path.join(dir, 'zero'));
    symlinkSync('/sys', path.join(dir, 'sys'));
    symlinkSync(path.join(outside, 'elsewhere.env'), path.join(dir, 'out.env'));
    symlinkSync(outside, path.join(dir, 'out-dir'));
    symlinkSync(path.join(dir, 'app.env'), path.join(dir, 'inside.env'));
    const run = await vaultify(['scan', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      findingsOf(run).map((f) => f.file),
      ['app.env', 'inside.env'],
    );
    assert.match(run.stderr, /skipped pagemap: symlink into \/proc\/\d+\/pagemap: not followed/);
    assert.match(run.stderr, /skipped zero: symlink into \/dev\/zero: not followed/);
    assert.match(run.stderr, /skipped sys: symlink into \/sys: not followed/);
    assert.match(run.stderr, /skipped out\.env: symlink to a path outside the scanned folder: not followed/);
    assert.match(run.stderr, /skipped out-dir: symlink to a path outside the scanned folder: not followed/);
  });

  it('names every FIFO and socket it skips, and does not block on them', async () => {
    const dir = tree();
    writeFileSync(path.join(dir, 'app.env'), `T=${fakeGitHubToken()}\n`);
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(path.join(dir, 'sock'), resolve));
    const run = await vaultify(['scan', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /skipped pipe: FIFO \(named pipe\) skipped/);
    assert.match(run.stderr, /skipped sock: socket skipped/);
  });

  it('reads at most maxFileSizeKB whatever stat says', async () => {
    // pagemap claims size 0 and holds 8 bytes per page of the address space: gigabytes.
    const read = await readForScan('/proc/self/pagemap', 4);
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.reason, /larger than vaultify\.detection\.maxFileSizeKB .*read stopped there/);
    const status = await readForScan('/proc/self/status', 64);
    assert.ok(status.ok && status.text.includes('Name:'), 'a small kernel file that claims size 0 is read whole');
  });

  it('exits 2 naming the files it could not read, and does not say the tree is clean', async function () {
    const dir = tree();
    chmodSync(dir, 0o755);
    writeFileSync(path.join(dir, 'readable.ts'), 'export const port = 8080;\n');
    writeFileSync(path.join(dir, 'locked.env'), `T=${fakeGitHubToken()}\n`);
    mkdirSync(path.join(dir, 'locked-dir'));
    writeFileSync(path.join(dir, 'locked-dir', 'a.env'), 'A=1\n');
    chmodSync(path.join(dir, 'locked.env'), 0o000);
    chmodSync(path.join(dir, 'locked-dir'), 0o000);
    // Root reads any file whatever its mode: run the CLI as nobody then.
    const run = await vaultify(['scan', '.'], dir, process.getuid?.() === 0 ? 65534 : undefined);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /could not read 2 paths, so the scan is incomplete: locked-dir, locked\.env|could not read 2 paths, so the scan is incomplete: locked\.env, locked-dir/,
    );
    assert.doesNotMatch(run.stdout, /^No secrets found\.$/m);
  });

  it("ignores a workspace's detection.exclude and lower maxFileSizeKB, naming them, unless --accept-settings", async () => {
    const dir = tree();
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(path.join(dir, 'payments.env'), `STRIPE_SECRET_KEY=sk_live_${fakes(4).mixed(99)}\n`);
    writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      '{ "vaultify.detection.exclude": ["**"], "vaultify.detection.maxFileSizeKB": 1 }',
    );
    const settingsFile = path.join(dir, '.vscode', 'settings.json');
    const run = await vaultify(['scan', '.', '--format', 'json'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      findingsOf(run).map((f) => f.file),
      ['payments.env'],
    );
    for (const [key, value] of [
      ['detection.maxFileSizeKB', '1'],
      ['detection.exclude', '["**"]'],
    ]) {
      assert.ok(
        run.stderr.includes(
          `vaultify: ignored "vaultify.${key}": ${value} from ${settingsFile}: a workspace cannot weaken Vaultify's protection; pass --accept-settings`,
        ),
        run.stderr,
      );
    }
    const accepted = await vaultify(['scan', '.', '--accept-settings'], dir);
    assert.equal(accepted.code, 0, accepted.stderr);
    assert.match(accepted.stdout, /^No secrets found\.$/m);
  });

  it('honours vaultify.detection.exclude, ignoredValues and maxFileSizeKB from .vscode/settings.json it is told to accept', async () => {
    const dir = tree();
    const ignored = fakeGitHubToken();
    mkdirSync(path.join(dir, '.vscode'));
    mkdirSync(path.join(dir, 'fixtures'));
    writeFileSync(path.join(dir, 'fixtures', 'sample.env'), `T=${fakeGitHubToken()}\n`);
    writeFileSync(path.join(dir, 'marked.env'), `T=${ignored}\n`);
    writeFileSync(path.join(dir, 'big.env'), `T=${fakeGitHubToken()}\n${'#'.repeat(3 * 1024)}\n`);
    writeFileSync(path.join(dir, 'live.env'), `T=${fakeGitHubToken()}\n`);
    writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      `{
        // comments and trailing commas, as VS Code writes them
        "vaultify.detection.exclude": ["**/fixtures/**"],
        "vaultify.detection.ignoredValues": ["${fingerprint(ignored)}"],
        "vaultify.detection.maxFileSizeKB": 2,
      }`,
    );
    const run = await vaultify(['scan', '.', '--format', 'json', '--accept-settings'], dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(
      findingsOf(run).map((f) => f.file),
      ['live.env'],
    );
    assert.match(run.stderr, /skipped fixtures\/sample\.env: matches vaultify\.detection\.exclude pattern "\*\*\/fixtures\/\*\*"/);
    assert.match(run.stderr, /skipped big\.env: larger than vaultify\.detection\.maxFileSizeKB/);
    // The flag still wins over the setting.
    const flagged = await vaultify(['scan', '.', '--format', 'json', '--max-file-size-kb', '64', '--accept-settings'], dir);
    assert.deepEqual(
      findingsOf(flagged)
        .map((f) => f.file)
        .sort(),
      ['big.env', 'live.env'],
    );
    // A value marked "not a secret" must not fail CI.
    rmSync(path.join(dir, 'live.env'));
    rmSync(path.join(dir, 'big.env'));
    const clean = await vaultify(['scan', '.', '--format', 'json', '--accept-settings'], dir);
    assert.equal(clean.code, 0, clean.stderr);
  });
});
