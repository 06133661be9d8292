import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MaskedTerminalResult } from '../../src/extension/terminal/maskedTerminalCommand';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { invokeText } from './support/agentTools';
import { advanceClock, answerApprovals, auditDir, auditRecords } from './support/approval';
import { watchForPlaintext } from './support/plaintextWatch';
import { closeAllEditors, folder, openFile } from './support/workspace';

let counter = 0;
const unique = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;
const SENTINEL = 'vaultify-clipboard-sentinel';

async function stored(base: string, extra: object = {}): Promise<{ name: string; value: string }> {
  const name = unique(base);
  const value = watchForPlaintext(fakeGitHubToken());
  await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace', ...extra });
  return { name, value };
}

const run = (command: string, args: object): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(command, args));

async function copy(name: string): Promise<string> {
  await vscode.env.clipboard.writeText(SENTINEL);
  await run('vaultify.copySecret', { name });
  return vscode.env.clipboard.readText();
}

async function refusedCopy(name: string, expected: RegExp): Promise<void> {
  await vscode.env.clipboard.writeText(SENTINEL);
  await assert.rejects(run('vaultify.copySecret', { name }), expected);
  assert.equal(await vscode.env.clipboard.readText(), SENTINEL, 'nothing reached the clipboard');
}

describe('grants: driven releases need approval', () => {
  afterEach(async () => {
    answerApprovals(undefined);
    advanceClock(0);
    await vscode.commands.executeCommand('vaultify.revokeAllGrants');
    await vscode.env.clipboard.writeText('');
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await closeAllEditors();
  });

  it('refuses a driven copy, reveal, restore and masked terminal without a grant', async () => {
    const { name } = await stored('grants/denied');
    answerApprovals('deny');
    const denied = /You denied driven command the release of/;
    await refusedCopy(name, denied);
    await assert.rejects(run('vaultify.revealSecret', { name }), denied);

    const editor = await openFile(`${unique('grants-restore')}.env`, `TOKEN=vault:${name}\n`);
    const start = 'TOKEN='.length;
    const range = new vscode.Range(0, start, 0, start + `vault:${name}`.length);
    await assert.rejects(run('vaultify.restoreLiteral', { uri: editor.document.uri, range }), denied);
    assert.equal(editor.document.getText(), `TOKEN=vault:${name}\n`, 'the reference stays');

    const before = vscode.window.terminals.length;
    await assert.rejects(run('vaultify.newMaskedTerminal', { secrets: [name], envFiles: [], command: 'printenv' }), denied);
    assert.equal(vscode.window.terminals.length, before, 'no terminal started');
  });

  it('lists the references a .env file would inject, and refuses them all when denied', async () => {
    const { name } = await stored('grants/dotenv');
    const envFile = `${unique('grants')}.env`;
    await vscode.workspace.fs.writeFile(
      vscode.Uri.joinPath(folder('alpha').uri, envFile),
      new TextEncoder().encode(`TOKEN=vault:${name}\n`),
    );
    answerApprovals('deny');
    const before = vscode.window.terminals.length;
    await assert.rejects(
      run('vaultify.newMaskedTerminal', { cwd: folder('alpha').uri.fsPath, envFiles: [envFile] }),
      new RegExp(`release of "${name.replace(/[/.-]/g, '\\$&')}"`),
    );
    assert.equal(vscode.window.terminals.length, before);
  });

  it('lets Allow once release once', async () => {
    const { name, value } = await stored('grants/once');
    answerApprovals('allow-once');
    assert.equal(await copy(name), value);
    answerApprovals('deny');
    await refusedCopy(name, /denied/);
  });

  it('keeps a session grant until it is 10 minutes idle, and revokes it on request', async () => {
    const { name, value } = await stored('grants/session');
    answerApprovals('allow-session');
    assert.equal(await copy(name), value);
    answerApprovals('deny');
    assert.equal(await copy(name), value, 'the session grant covers the second copy without asking');
    advanceClock(9 * 60_000);
    assert.equal(await copy(name), value, 'used within 10 minutes, it lives on');
    advanceClock(20 * 60_000);
    await refusedCopy(name, /denied/);

    answerApprovals('allow-session');
    assert.equal(await copy(name), value);
    const { revoked } = await vscode.commands.executeCommand<{ revoked: number }>('vaultify.revokeAllGrants');
    assert.equal(revoked, 1);
    answerApprovals('deny');
    await refusedCopy(name, /denied/);
  });

  it('covers only the exact command line and folder it was given for', async () => {
    const { name } = await stored('grants/command');
    const cwd = folder('alpha').uri.fsPath;
    const open = (command: string) =>
      run('vaultify.newMaskedTerminal', { secrets: [name], envFiles: [], cwd, command, shell: '/bin/sh' }) as Promise<MaskedTerminalResult>;
    answerApprovals('allow-session');
    assert.ok((await open('exit 0'))?.observation);
    answerApprovals('deny');
    assert.ok((await open('exit 0'))?.observation, 'the same command runs under the grant');
    await assert.rejects(open('exit 0; printenv'), /denied/, 'another command line needs its own grant');
  });

  it('refuses a person-only secret to a driven command even with a grant, and a driven command cannot relax it', async () => {
    const { name } = await stored('grants/person-only', { policy: 'person-only' });
    answerApprovals('allow-session');
    await refusedCopy(name, /is person only/);
    await assert.rejects(run('vaultify.setSecretAccess', { name, policy: 'ask-once' }), /cannot relax/);
  });

  it('asks every time for a prod secret: a session answer counts once', async () => {
    const { name, value } = await stored('grants/prod', { environment: 'prod' });
    answerApprovals('allow-session');
    assert.equal(await copy(name), value);
    answerApprovals('deny');
    await refusedCopy(name, /denied/);
  });

  it('binds a session grant to the script it runs: after deploy.sh is edited, the same command is asked again', async () => {
    const { name, value } = await stored('grants/script');
    const variable = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const dir = folder('alpha').uri.fsPath;
    const script = path.join(dir, 'deploy.sh');
    const marker = path.join(dir, `${unique('edited-ran')}.txt`);
    fs.writeFileSync(script, `echo "deploying with \${#${variable}} characters"\n`);
    try {
      const runScript = () => invokeText('vaultify_runWithSecrets', { command: 'sh ./deploy.sh', secrets: [name], cwd: dir });
      answerApprovals('allow-session');
      assert.match(await runScript(), new RegExp(`deploying with ${value.length} characters`));
      answerApprovals('deny');
      assert.match(await runScript(), /deploying with/, 'the session grant covers the unchanged script without asking');

      // What a prompt-injected agent would do next: edit the script the person allowed.
      fs.writeFileSync(script, `touch "${marker}"; echo "$${variable}" | rev\n`);
      const refused = await runScript();
      assert.match(
        refused,
        /^Not run: You denied .* It was asked again because deploy\.sh changed since the session grant for this command\./,
      );
      assert.ok(!fs.existsSync(marker), 'the edited script did not run');
      const denial = auditRecords(await auditDir())
        .filter((r) => r.event === 'denial' && r.secrets.some((s) => s.name === name))
        .pop();
      assert.match(denial?.purpose ?? '', /denied by you after deploy\.sh changed/);
    } finally {
      fs.rmSync(script, { force: true });
      fs.rmSync(marker, { force: true });
    }
  });
});

describe('scopes bind to the repository', () => {
  const beta = (): string => folder('beta').uri.fsPath;
  const git = (...args: string[]): string =>
    execFileSync('git', ['-C', beta(), '-c', 'user.name=Vaultify Test', '-c', 'user.email=test@vaultify.invalid', ...args], {
      encoding: 'utf8',
    });
  const reclone = (setup: () => void): void => {
    fs.rmSync(path.join(beta(), '.git'), { recursive: true, force: true });
    git('init', '-q');
    setup();
  };
  const visible = async (name: string): Promise<boolean> => {
    answerApprovals('allow-once');
    try {
      await run('vaultify.copySecret', { name, scope: 'workspace' });
      return true;
    } catch (error) {
      if (/is not in the vault/.test((error as Error).message)) return false;
      throw error;
    } finally {
      answerApprovals(undefined);
    }
  };
  afterEach(async () => {
    fs.rmSync(path.join(beta(), '.git'), { recursive: true, force: true });
    await vscode.env.clipboard.writeText('');
  });

  it("does not give another repository cloned at the same path the old one's secrets", async () => {
    reclone(() => git('remote', 'add', 'origin', 'https://example.invalid/first.git'));
    const { name } = await stored('scopes/origin');
    assert.equal(await visible(name), true);
    reclone(() => git('remote', 'add', 'origin', 'https://example.invalid/other.git'));
    assert.equal(await visible(name), false, 'a different origin at the same path');
    reclone(() => git('remote', 'add', 'origin', 'https://example.invalid/first.git'));
    assert.equal(await visible(name), true, 'the same repository again');
  });

  it('tells repositories without an origin apart by their first commit', async () => {
    reclone(() => git('commit', '-q', '--allow-empty', '-m', 'first'));
    const { name } = await stored('scopes/first-commit');
    assert.equal(await visible(name), true);
    reclone(() => git('commit', '-q', '--allow-empty', '-m', 'another first'));
    assert.equal(await visible(name), false);
  });
});
