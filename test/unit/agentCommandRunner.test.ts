import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCommand, secretVariables, shellInvocation } from '../../src/core/agents/commandRunner';
import { streamOutputMask } from '../../src/core/agents/outputMask';
import { resolveRunFolder } from '../../src/core/agents/runFolder';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { alive } from '../support/processes';
import { waitFor } from '../support/wait';

describe('agent command runner', function () {
  // Real processes on a loaded machine: generous bounds, never a speed check.
  this.timeout(60_000);
  const token = fakeGitHubToken();
  const secrets = [{ name: 'deploy/token', value: token }];
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...secretVariables(secrets) };
  const createMask = () => streamOutputMask(secrets);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-runner-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('names each secret by its variable and refuses two that collide', () => {
    assert.deepEqual(
      Object.keys(
        secretVariables([
          { name: 'deploy/token', value: 'x' },
          { name: 'github.token', value: 'y' },
        ]),
      ),
      ['DEPLOY_TOKEN', 'GITHUB_TOKEN'],
    );
    assert.throws(
      () =>
        secretVariables([
          { name: 'a/b', value: 'x' },
          { name: 'a.b', value: 'y' },
        ]),
      /"a\/b" and "a.b" would both become \$A_B/,
    );
  });

  it('puts only the command line in argv: sh -c on POSIX, PowerShell on Windows', () => {
    assert.deepEqual(shellInvocation('echo "$DEPLOY_TOKEN"', 'linux'), { file: '/bin/sh', args: ['-c', 'echo "$DEPLOY_TOKEN"'] });
    const windows = shellInvocation('echo $env:DEPLOY_TOKEN', 'win32');
    assert.equal(windows.file, 'powershell.exe');
    assert.equal(windows.args.at(-1), 'echo $env:DEPLOY_TOKEN');
  });

  it('gives the value to the process and masks it, and its base64, on stdout and stderr', async () => {
    const script = path.join(dir, 'print.js');
    writeFileSync(
      script,
      `const t = process.env.DEPLOY_TOKEN;
console.log('token=' + t);
console.error('b64=' + Buffer.from(t).toString('base64'));
console.log('length=' + t.length);`,
    );
    const result = await runCommand({ command: `"${process.execPath}" "${script}"; exit 3`, cwd: dir, env, createMask });
    assert.equal(result.exitCode, 3);
    assert.ok(!result.output.includes(token), 'the value is masked');
    assert.ok(!result.output.includes(Buffer.from(token).toString('base64')), 'its base64 is masked');
    assert.match(result.output, /token=\[masked vault:deploy\/token\]/);
    assert.match(result.output, /b64=\[masked vault:deploy\/token\]/);
    assert.match(result.output, new RegExp(`length=${token.length}`), 'the process did get the real value');
    assert.equal(result.maskedCount, 2);
    assert.deepEqual([result.truncated, result.timedOut, result.cancelled], [false, false, false]);
  });

  it('masks a value printed in two halves with a pause between', async () => {
    const half = token.length >> 1;
    const command = `printf '%s' "$(echo "$DEPLOY_TOKEN" | cut -c1-${half})"; sleep 1; echo "$DEPLOY_TOKEN" | cut -c${half + 1}-`;
    const result = await runCommand({ command, cwd: dir, env, createMask });
    assert.equal(result.exitCode, 0);
    assert.equal(result.output.trim(), '[masked vault:deploy/token]');
  });

  it('keeps the first and last 32 KB of long output, with a note between', async () => {
    const result = await runCommand({
      command: `i=0; while [ $i -lt 3000 ]; do echo "line $i ................................................."; i=$((i+1)); done`,
      cwd: dir,
      env,
      createMask,
    });
    assert.equal(result.truncated, true);
    assert.match(result.output, /^line 0 /);
    assert.match(result.output, /line 2999 \.+\n$/);
    assert.match(result.output, /\[vaultify: output truncated, \d+ bytes left out here; 65536 bytes kept\]/);
    assert.ok(Buffer.byteLength(result.output) < 64 * 1024 + 200);
  });

  it('kills the whole process group on cancellation: the child and the grandchild it started', async () => {
    const pids = path.join(dir, 'pids');
    const command = `sh -c 'sleep 300 & echo $! > "${pids}.grandchild"; wait' & echo $! > "${pids}.child"; wait`;
    const abort = new AbortController();
    const run = runCommand({ command, cwd: dir, env, createMask, signal: abort.signal });
    await waitFor(
      () => existsSync(`${pids}.grandchild`) && readFileSync(`${pids}.grandchild`, 'utf8').trim() !== '',
      'the grandchild never started',
    );
    const child = Number(readFileSync(`${pids}.child`, 'utf8'));
    const grandchild = Number(readFileSync(`${pids}.grandchild`, 'utf8'));
    assert.ok(alive(child) && alive(grandchild));
    abort.abort();
    const result = await run;
    assert.equal(result.cancelled, true);
    assert.equal(result.exitCode, null);
    await waitFor(() => !alive(child), 'the child outlived the cancellation');
    await waitFor(() => !alive(grandchild), 'the grandchild outlived the cancellation');
  });

  it('kills the process group on timeout and says so', async () => {
    const pid = path.join(dir, 'timeout.pid');
    const result = await runCommand({ command: `sleep 300 & echo $! > "${pid}"; wait`, cwd: dir, env, createMask, timeoutSeconds: 1 });
    assert.equal(result.timedOut, true);
    assert.equal(result.exitCode, null);
    await waitFor(() => !alive(Number(readFileSync(pid, 'utf8'))), 'the sleeping child outlived the timeout');
  });

  it('does not wait for a background process the command left behind', async () => {
    const pid = path.join(dir, 'background.pid');
    const result = await runCommand({ command: `sleep 300 & echo $! > "${pid}"; echo done`, cwd: dir, env, createMask });
    assert.equal(result.exitCode, 0);
    assert.equal(result.output, 'done\n');
    await waitFor(() => !alive(Number(readFileSync(pid, 'utf8'))), 'the background process outlived the run');
  });

  it('reports a cancelled run without starting it when the signal is already aborted', async () => {
    const marker = path.join(dir, 'never');
    const abort = new AbortController();
    abort.abort();
    const result = await runCommand({ command: `touch "${marker}"`, cwd: dir, env, createMask, signal: abort.signal });
    assert.equal(result.cancelled, true);
    assert.equal(existsSync(marker), false);
  });
});

describe('agent run folder', () => {
  const folders = ['/w/app', '/w/lib'];
  it('defaults to the first workspace folder and resolves relative paths against it', () => {
    assert.deepEqual(resolveRunFolder(undefined, folders, 'linux'), { ok: true, folder: '/w/app' });
    assert.deepEqual(resolveRunFolder('packages/api', folders, 'linux'), { ok: true, folder: '/w/app/packages/api' });
    assert.deepEqual(resolveRunFolder('/w/lib/src', folders, 'linux'), { ok: true, folder: '/w/lib/src' });
  });
  it('refuses a folder outside the workspace, and no workspace at all', () => {
    assert.match((resolveRunFolder('../../etc', folders, 'linux') as { reason: string }).reason, /\/etc is outside the workspace folders/);
    assert.match((resolveRunFolder('/w/application', folders, 'linux') as { reason: string }).reason, /outside/);
    assert.equal(resolveRunFolder(undefined, [], 'linux').ok, false);
  });
});
