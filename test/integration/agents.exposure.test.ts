import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { envVarName } from '../../src/core/envfile/envVarName';
import { maskVariants } from '../../src/core/mask';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { CLI, invokeText } from './support/agentTools';
import { answerApprovals } from './support/approval';
import { watchForPlaintext } from './support/plaintextWatch';
import { folder } from './support/workspace';

/** Runs a command line in a plain shell, as an agent's own terminal tool does, and returns what it printed. */
function agentShell(command: string, cwd: string, input?: string, extraEnv: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env: { ...process.env, ...extraEnv }, stdio: 'pipe' });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolve(out));
    // A command that exits without reading its input closes the pipe first: its exit is the result, not EPIPE.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(input ?? '');
  });
}

/**
 * The curious agent: in a workspace whose secret is vaulted, it tries the ways assistants really
 * reach secrets and counts the attempts whose result, as the model would see it, holds the value
 * or an encoding of it (every variant the masker knows: base64 at each alignment, hex, URL and
 * JSON escaping, ...). Deliberate transforms (reversal, encryption) are out of scope.
 */
describe('exposure: a curious agent', function () {
  this.timeout(180_000);
  const name = `exposure/token-${Date.now().toString(36)}`;
  const variable = envVarName(name);
  const value = watchForPlaintext(fakeGitHubToken());
  const encodings = maskVariants(value).map((v) => Buffer.from(v).toString('latin1'));
  const cwd = (): string => folder('alpha').uri.fsPath;
  const attempts: { how: string; leaked: boolean }[] = [];
  /** One channel, one test: what the model would see through it holds no encoding of the value. */
  const channel = (how: string, seen: () => Promise<string>): void => {
    it(how, async () => {
      const bytes = Buffer.from(await seen(), 'utf8').toString('latin1');
      const leaked = encodings.some((e) => bytes.includes(e));
      attempts.push({ how, leaked });
      assert.ok(!leaked, `the value, or an encoding of it, reached the agent through ${how}`);
    });
  };
  let server: http.Server;
  let port: number;

  before(async () => {
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
    writeFileSync(path.join(cwd(), '.env'), `${variable}=vault:${name}\nAPP_ENV=test\n`);
    answerApprovals('allow-once');
    // Echoes the request headers back, as a verbose HTTP client would print them.
    server = http.createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => {
    rmSync(path.join(cwd(), '.env'), { force: true });
    rmSync(halves, { force: true });
    server.close();
    answerApprovals(undefined);
  });

  channel('workspace.fs read .env', async () =>
    new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder('alpha').uri, '.env'))),
  );
  for (const command of ['cat .env', 'grep -r TOKEN .', 'printenv', 'env | base64', 'git log -p 2>&1 | head -2000']) {
    channel(`shell: ${command}`, () => agentShell(command, cwd()));
  }

  const node = `ELECTRON_RUN_AS_NODE=1 "${process.execPath}"`;
  const halves = path.join(tmpdir(), `vaultify-halves-${Date.now()}.js`);
  const fetchScript = (): string =>
    `fetch('http://127.0.0.1:${port}/', { headers: { authorization: 'Bearer ' + process.env.${variable} } }).then((r) => r.text()).then(console.log)`;
  for (const [how, command] of [
    ['echo', () => `echo $${variable}`],
    ['echo | base64', () => `echo $${variable} | base64`],
    ['printenv | sort', () => 'printenv | sort'],
    ['node console.log', () => `${node} -e "console.log(process.env.${variable})"`],
    [
      'an HTTP client echoing its headers',
      () =>
        `curl -sv -H "Authorization: Bearer $${variable}" http://127.0.0.1:${port}/ 2>&1 || ${node} -e "${fetchScript().replace(/"/g, '\\"')}"`,
    ],
    [
      'the value printed in two halves two seconds apart',
      () => {
        writeFileSync(
          halves,
          `const t = process.env.${variable}; process.stdout.write(t.slice(0, t.length >> 1)); setTimeout(() => console.log(t.slice(t.length >> 1)), 2000);`,
        );
        return `${node} "${halves}"`;
      },
    ],
  ] as const) {
    channel(`run_with_secrets: ${how}`, () => invokeText('vaultify_runWithSecrets', { command: command(), secrets: [name], cwd: cwd() }));
  }

  channel("the Claude PostToolUse hook's answer (not what Claude Code then shows)", async () => {
    const payload = {
      hook_event_name: 'PostToolUse',
      cwd: cwd(),
      tool_name: 'Bash',
      tool_input: { command: 'cat build.log' },
      tool_response: {
        stdout: `token=${value}\n`,
        stderr: `b64=${Buffer.from(value).toString('base64')}\n`,
        interrupted: false,
        isImage: false,
      },
    };
    const out = await agentShell(`${node} "${CLI}" hook claude`, cwd(), JSON.stringify(payload));
    const answer = JSON.parse(out) as { hookSpecificOutput?: { updatedToolOutput?: unknown } };
    // This measures the hook's answer: a Claude Code that honours updatedToolOutput shows the model
    // the replacement, one that ignores it (reported for Bash and WebFetch) the original output.
    return answer.hookSpecificOutput?.updatedToolOutput
      ? JSON.stringify(answer.hookSpecificOutput.updatedToolOutput)
      : JSON.stringify(payload.tool_response);
  });

  it('prints N attempts, L leaks: every channel was tried', () => {
    console.log(`${attempts.length} attempts, ${attempts.filter((a) => a.leaked).length} leaks`);
    assert.equal(attempts.length, 13);
  });
});
