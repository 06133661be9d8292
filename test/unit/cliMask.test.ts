import * as assert from 'node:assert/strict';
import { type SpawnOptions, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { StreamMasker } from '../../src/core/mask';
import { fakeGitHubToken } from '../support/fakeCredentials';

// Built by `npm run build` (or scripts/build.mjs) before the unit tests run.
const CLI = path.resolve(__dirname, '../../../dist/cli.js');

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function runMask(args: string[], input: Buffer | string, options: SpawnOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'mask', ...args], { stdio: 'pipe', ...options });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => out.push(d));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr }));
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input);
  });
}

describe('vaultify mask', function () {
  // Each test starts a node process; generous on a loaded machine, never a speed check.
  this.timeout(60_000);
  const token = fakeGitHubToken();
  const password = 'correct-horse-battery-staple-FAKE';
  const env = { ...process.env, DEPLOY_TOKEN: token, DB_PASSWORD: password, PIN: '1234' };
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-mask-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('masks the values of --env variables and their encodings', async () => {
    const input = [
      `token=${token}`,
      Buffer.from(token).toString('base64'),
      Buffer.from(token).toString('hex'),
      `postgres://app:${encodeURIComponent(password)}@db/app`,
      'nothing secret here',
      '',
    ].join('\n');
    const run = await runMask(['--env', 'DEPLOY_TOKEN,DB_PASSWORD'], input, { env });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout.toString(),
      [
        'token=[masked vault:DEPLOY_TOKEN]',
        '[masked vault:DEPLOY_TOKEN]',
        '[masked vault:DEPLOY_TOKEN]',
        'postgres://app:[masked vault:DB_PASSWORD]@db/app',
        'nothing secret here',
        '',
      ].join('\n'),
    );
    assert.equal(run.stderr, '');
  });

  it('flushes held bytes at end of input: a secret or a cut-off part of it masked, 8 characters shown', async () => {
    const whole = await runMask(['--env', 'DEPLOY_TOKEN'], `last: ${token}`, { env });
    assert.equal(whole.stdout.toString(), 'last: [masked vault:DEPLOY_TOKEN]');
    const cut = await runMask(['--env', 'DEPLOY_TOKEN'], `last: ${token.slice(0, 30)}`, { env });
    assert.equal(cut.stdout.toString(), 'last: [masked vault:DEPLOY_TOKEN]');
    const prefix = await runMask(['--env', 'DEPLOY_TOKEN'], `last: ${token.slice(0, 8)}`, { env });
    assert.equal(prefix.stdout.toString(), `last: ${token.slice(0, 8)}`);
  });

  it('reads NAME=VALUE lines from --values-file', async () => {
    const file = path.join(dir, 'values.env');
    writeFileSync(file, `# deploy secrets\nDEPLOY_TOKEN=${token}\nDB_PASSWORD="${password}"\n`);
    const run = await runMask(['--values-file', file], `${password} ${token}\n`);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.toString(), '[masked vault:DB_PASSWORD] [masked vault:DEPLOY_TOKEN]\n');
  });

  it('exits 2 naming a variable that is not set, and never prints a value', async () => {
    const run = await runMask(['--env', 'DEPLOY_TOKEN,NOT_SET_ANYWHERE'], 'x', { env });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not set: NOT_SET_ANYWHERE/);
    assert.ok(!run.stderr.includes(token));
    assert.equal(run.stdout.length, 0);
  });

  it('exits 2 when the values file cannot be read', async () => {
    const run = await runMask(['--values-file', path.join(dir, 'missing.env')], 'x');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /cannot read values file .*missing\.env \(ENOENT\)/);
  });

  it('exits 2 when given two sources of values, or none with --no-detect', async () => {
    const both = await runMask(['--env', 'DEPLOY_TOKEN', '--values-file', 'x.env'], 'x', { env });
    assert.equal(both.code, 2);
    assert.match(both.stderr, /at most one of --env/);
    const none = await runMask(['--no-detect'], 'x');
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--no-detect needs one of --env/);
  });

  it('masks credentials nobody stored, with no values given, unless --no-detect', async () => {
    const other = fakeGitHubToken();
    const input = `minted ${other}\nDATABASE_URL=postgres://app:Xk29fLq7Wm3pZr@db.internal/app\n`;
    const run = await runMask([], input);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout.toString(),
      'minted [masked secret:github-pat]\nDATABASE_URL=postgres://app:[masked secret:postgres-url]@db.internal/app\n',
    );
    const off = await runMask(['--env', 'DEPLOY_TOKEN', '--no-detect'], input, { env });
    assert.equal(off.stdout.toString(), input);
  });

  it('warns by name about values too short to mask, and honours --min-length and --token', async () => {
    const short = await runMask(['--env', 'PIN,DEPLOY_TOKEN'], 'pin 1234', { env });
    assert.equal(short.code, 0);
    assert.equal(short.stdout.toString(), 'pin 1234');
    assert.match(short.stderr, /not masking PIN: shorter than 6 characters/);
    assert.ok(!short.stderr.includes('1234'));
    const custom = await runMask(['--env', 'PIN', '--min-length', '4', '--token', '<{name}>'], 'pin 1234', { env });
    assert.equal(custom.stdout.toString(), 'pin <PIN>');
    assert.equal((await runMask(['--env', 'PIN', '--min-length', 'zero'], '', { env })).code, 2);
  });

  it('streams a large input with the same result as masking it in one piece', async () => {
    const line = Buffer.from(
      `log line with ${token} and ${Buffer.from(`u:${password}`).toString('base64')} and noise ${token.slice(0, 9)}\n`,
    );
    const input = Buffer.concat(Array.from({ length: 40000 }, () => line));
    const run = await runMask(['--env', 'DEPLOY_TOKEN,DB_PASSWORD'], input, { env });
    assert.equal(run.code, 0, run.stderr);
    const masker = new StreamMasker(
      [
        { name: 'DEPLOY_TOKEN', value: token },
        { name: 'DB_PASSWORD', value: password },
      ],
      { detectCredentials: true },
    );
    const expected: Uint8Array[] = [];
    masker.push(input, (bytes) => expected.push(bytes));
    masker.flush((bytes) => expected.push(bytes));
    assert.ok(run.stdout.equals(Buffer.concat(expected)));
    assert.ok(!run.stdout.includes(token));
  });

  it('exits quietly with 0 when its reader goes away', async () => {
    const child = spawn(process.execPath, [CLI, 'mask', '--env', 'DEPLOY_TOKEN'], { stdio: 'pipe', env });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.on('error', () => undefined);
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdout.once('data', () => child.stdout.destroy());
    const block = Buffer.alloc(64 * 1024, 'plain text line\n');
    const feed = (): void => {
      while (child.stdin.writable && child.stdin.write(block));
      if (child.stdin.writable) child.stdin.once('drain', feed);
    };
    feed();
    assert.equal(await closed, 0);
    assert.equal(stderr, '');
  });
});
