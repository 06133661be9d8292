import * as assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse } from 'jsonc-parser';
import { type CliRun, runProcess } from '../support/cliProcess';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { auditDir, auditRecords } from './support/approval';
import { watchForPlaintext } from './support/plaintextWatch';
import { folder } from './support/workspace';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const root = (): string => folder('alpha').uri.fsPath;

interface PostAnswer {
  decision?: string;
  reason?: string;
  hookSpecificOutput?: { updatedToolOutput?: { stdout: string; stderr: string }; additionalContext?: string };
}

/**
 * Claude Code's hooks against the live extension in code-server: the PostToolUse command that
 * Connect AI agents writes, run as Claude Code runs it (a shell, one JSON call on stdin).
 */
describe('Claude Code hooks against the live extension', function () {
  this.timeout(180_000);
  const name = `hooks/token-${Date.now().toString(36)}`;
  const value = watchForPlaintext(fakeGitHubToken());
  let command: string;

  before(async () => {
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
    await vscode.commands.executeCommand('vaultify.connectAgents', { folder: root(), targets: ['claude-hooks'] });
    const settings = parse(readFileSync(path.join(root(), '.claude', 'settings.local.json'), 'utf8')) as {
      hooks: { PostToolUse: { hooks: { command: string }[] }[] };
    };
    command = settings.hooks.PostToolUse.flatMap((e) => e.hooks.map((h) => h.command)).find((c) => /vaultify/.test(c))!;
    assert.ok(command, 'Connect wrote a PostToolUse hook');
  });
  after(() => rmSync(path.join(root(), '.claude'), { recursive: true, force: true }));

  /** One Bash tool call's PostToolUse, its stdout as given, from `cwd`. */
  async function postToolUse(stdout: string, cwd = root()): Promise<{ run: CliRun; answer: PostAnswer }> {
    const call = {
      hook_event_name: 'PostToolUse',
      cwd,
      tool_name: 'Bash',
      tool_input: { command: 'cat guesses.txt' },
      tool_response: { stdout, stderr: '', interrupted: false, isImage: false },
    };
    const run = await runProcess('/bin/sh', ['-c', command], { cwd, env: process.env, input: JSON.stringify(call) });
    assert.equal(run.code, 0, run.stderr);
    return { run, answer: run.stdout ? (JSON.parse(run.stdout) as PostAnswer) : {} };
  }

  it('masks the whole value and its renderings', async () => {
    const { answer } = await postToolUse(`token ${value}\nbase64 ${Buffer.from(value).toString('base64')}\n`);
    const shown = answer.hookSpecificOutput?.updatedToolOutput?.stdout ?? '';
    assert.equal(shown, `token [masked vault:${name}]\nbase64 [masked vault:${name}]\n`);
  });

  it('is no oracle: guessing the value a character at a time, every guess in one call, learns nothing', async () => {
    // The reported attack: knowing the first 8 characters, offer each next character and keep
    // the one whose 9-character run comes back masked.
    let known = value.slice(0, 8);
    for (let round = 0; round < 3; round++) {
      const guesses = [...ALPHABET].map((c) => known.slice(-8) + c);
      const { run, answer } = await postToolUse(guesses.join('\n'));
      const shown = (answer.hookSpecificOutput?.updatedToolOutput?.stdout ?? guesses.join('\n')).split('\n');
      const hits = guesses.filter((g, i) => shown[i] !== g);
      assert.deepEqual(hits, [], `round ${round}: no guess is told apart`);
      assert.equal(run.stdout, '', 'the same answer for every guess: none');
      known += value[known.length];
    }
    const records = auditRecords(await auditDir()).filter((r) => r.event === 'mask');
    assert.ok(records.length >= 4, 'each mask request is recorded');
    const whole = records.find((r) => r.secrets.some((s) => s.name === name));
    assert.deepEqual(whole?.secrets, [{ name, scope: whole?.secrets[0].scope, count: 2 }], 'names and counts');
    assert.match(whole?.purpose ?? '', /^masking 1 text \(\d+ characters\) of a tool's output$/);
    const text = JSON.stringify(records);
    assert.ok(!text.includes(value.slice(0, 9)) && !text.includes('guesses'), 'no text of the requests in the trail');
  });

  it('withholds the output, blocking the call, when no window has the folder open', async () => {
    const elsewhere = tmpdir();
    const { answer } = await postToolUse(`token ${value}\n`, elsewhere);
    assert.equal(answer.decision, 'block');
    assert.match(
      answer.reason ?? '',
      /withheld this tool output because it could not check it for secrets: no VS Code window with Vaultify has this folder open/,
    );
    assert.ok(!JSON.stringify(answer).includes(value));
  });
});
