import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ExposureReport } from '../../src/extension/exposure/exposureCheck';
import type { CleanTranscriptsResult } from '../../src/extension/exposure/exposureCommands';
import type { RotationResult } from '../../src/extension/exposure/rotation';
import { PERSON } from '../../src/core/policy';
import { TestHooks } from '../../src/extension/testHooks';
import { Vault } from '../../src/extension/vault/vault';
import { GLOBAL_SCOPE } from '../../src/extension/vault/vaultScope';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals } from './support/approval';
import { vaultRow } from './support/extensionApi';
import { BASH, PROMPT, assertNoValue, closedWith, count, emitted, openMasked, token, unique, writeFile } from './support/maskedTerminal';
import { watchForPlaintext, watchRetired } from './support/plaintextWatch';
import { MemoryMemento, MemorySecrets } from './support/memoryStorage';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

const SENTINEL = 'vaultify-exposure-sentinel';
/** A git repository in a folder changes the workspace scope id; pinned, the secrets stay visible while it exists. */
const PINNED_SCOPE = 'exposure-test';

async function store(base: string, value: string): Promise<string> {
  const name = unique(base);
  await vscode.commands.executeCommand('vaultify.addSecret', { name, value: watchForPlaintext(value), scope: 'workspace' });
  return name;
}

async function copied(name: string): Promise<string> {
  await vscode.env.clipboard.writeText(SENTINEL);
  await vscode.commands.executeCommand('vaultify.copySecret', { name });
  return vscode.env.clipboard.readText();
}

/** A JWT whose `exp` lies an hour in the past; the signature is random, as nothing verifies it. */
function expiredJwt(): string {
  const part = (json: object): string => Buffer.from(JSON.stringify(json)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub: 'vaultify-test', exp: Math.floor(Date.now() / 1000) - 3600 })}.${randomBytes(32).toString('base64url')}`;
}

describe('exposure, expiry and rotation', function () {
  this.timeout(180_000);
  const beta = (): string => folder('beta').uri.fsPath;
  const git = (...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.name=Vaultify Test', '-c', 'user.email=test@vaultify.invalid', '-c', 'commit.gpgsign=false', ...args],
      { cwd: beta(), encoding: 'utf8' },
    );

  before(() => {
    process.env.VAULTIFY_TEST_WORKSPACE_ID = PINNED_SCOPE;
  });
  after(async () => {
    delete process.env.VAULTIFY_TEST_WORKSPACE_ID;
    answerApprovals(undefined);
    fs.rmSync(path.join(beta(), '.git'), { recursive: true, force: true });
    for (const file of ['service.env', 'CHANGES.md', 'exposure-shell.env']) fs.rmSync(path.join(beta(), file), { force: true });
    await vscode.commands.executeCommand('vaultify.revokeAllGrants');
    await vscode.env.clipboard.writeText('');
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('finds a value committed two commits back, marks it exposed, and rotation answers it', async () => {
    const old = fakeGitHubToken();
    const name = await store('exposure/git', old);
    git('init', '-q');
    fs.writeFileSync(path.join(beta(), 'service.env'), `TOKEN=${old}\n`);
    git('add', 'service.env');
    git('commit', '-q', '-m', 'add the service token');
    fs.writeFileSync(path.join(beta(), 'service.env'), `TOKEN=vault:${name}\n`);
    git('commit', '-q', '-am', 'use the vault reference');
    fs.writeFileSync(path.join(beta(), 'CHANGES.md'), '# changes\n');
    git('add', 'CHANGES.md');
    git('commit', '-q', '-m', 'a later commit');
    const added = git('rev-list', '--max-count=1', '--skip=2', 'HEAD').trim();

    const report = await vscode.commands.executeCommand<ExposureReport[]>('vaultify.checkExposure', {});
    const mine = report.filter((r) => r.name === name);
    assert.deepEqual(
      mine,
      [{ name, kind: 'git', location: `${added}:service.env` }],
      'found once, in the commit that added it, not in the work tree',
    );
    const exposed = await vaultRow(name);
    assert.match(String(exposed.description), /exposed/);
    assert.match(String(exposed.contextValue), /^secret\b.*\bexposed\b/, 'the item offers Rotate inline');
    const tooltip = (exposed.tooltip as vscode.MarkdownString).value;
    assert.ok(tooltip.includes(added.slice(0, 12)) && !tooltip.includes(old), 'where, never the value');

    answerApprovals('allow-once');
    assert.equal(await copied(name), old, 'a release of the old value');
    answerApprovals('allow-session');
    assert.equal(await copied(name), old, 'a release under a session grant');

    const fresh = watchForPlaintext(fakeGitHubToken());
    watchRetired(old);
    const result = await vscode.commands.executeCommand<RotationResult>('vaultify.rotateSecret', { name, value: fresh });
    assert.equal(result.revokedGrants, 1, 'the session grant is revoked');
    answerApprovals('deny');
    await vscode.env.clipboard.writeText(SENTINEL);
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.copySecret', { name })),
      /denied/,
      'no grant covers the new value',
    );
    assert.equal(await vscode.env.clipboard.readText(), SENTINEL);

    const releases = result.releases.filter((r) => r.channel === 'clipboard');
    assert.equal(releases.length, 2, `both copies of the old value are listed, got ${JSON.stringify(result.releases)}`);
    assert.ok(releases.every((r) => r.requester === 'driven command' && !Number.isNaN(Date.parse(r.at))));
    assert.ok(result.closedExposures >= 1, 'the exposure record is closed');
    // The view re-reads the ledger on its change event, which may land after the command returns.
    await waitFor(
      async () => (/exposed/.test(String((await vaultRow(name)).description)) ? undefined : true),
      `the Vault view to drop the exposed mark of ${name} after rotation`,
    );

    // HISTFILE: the value is typed into bash, whose history must not keep it on disk.
    await writeFile('exposure-shell.env', `HISTFILE=/dev/null\nPS1="${PROMPT}"\n`, 'beta');
    const terminal = await openMasked({ ...BASH, envFiles: ['exposure-shell.env'] }, 'beta');
    // Typed, not passed as `command`: a command line is recorded in the audit trail.
    await emitted(terminal, (out) => out.includes(PROMPT), 'the bash prompt');
    terminal.terminal.sendText(`printf '%s\\n' ${old} RETIRED-$((40+2)); exit 0`);
    await closedWith(terminal, 'the shell to exit');
    const output = terminal.output();
    assert.ok(output.includes('RETIRED-42'), 'the command ran');
    assertNoValue(output, old, 'the retired value');
    assert.ok(count(output, token(name)) >= 2, 'masked in the echo and in the output');
  });

  it('shows an expired JWT, and an entered expiry date, with a badge', async () => {
    const jwt = await store('exposure/jwt', expiredJwt());
    const item = await vaultRow(jwt);
    assert.match(String(item.description), /· expired$/);
    assert.match(String(item.contextValue), /\bexpired\b/);
    assert.match((item.tooltip as vscode.MarkdownString).value, /JWT/);

    const plain = await store('exposure/dated', fakeGitHubToken());
    assert.doesNotMatch(String((await vaultRow(plain)).description), /expire/);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    await vscode.commands.executeCommand('vaultify.setSecretExpiry', { name: plain, expires: yesterday });
    assert.match(String((await vaultRow(plain)).description), /· expired$/);
    await vscode.commands.executeCommand('vaultify.setSecretExpiry', { name: plain, expires: null });
    assert.doesNotMatch(String((await vaultRow(plain)).description), /expire/, 'cleared');
  });

  it('cleans an AI transcript with the mask token and minimum length the user set', async () => {
    // Random hex, which no detector rule takes for a credential: only the vault masks it.
    const long = `tx-${randomBytes(16).toString('hex')}`;
    const short = randomBytes(4).toString('hex');
    const [longName, shortName] = [await store('exposure/transcript', long), await store('exposure/short', short)];
    const history = path.join(beta(), '.aider.chat.history.md');
    fs.writeFileSync(history, `#### deploy with ${long}\n\nand the pin ${short}\n`);
    // User settings: a workspace's token or minimum length would be ignored (invariant 7).
    const config = vscode.workspace.getConfiguration('vaultify');
    const user = vscode.ConfigurationTarget.Global;
    await config.update('mask.token', '<<{name}>>', user);
    await config.update('mask.minLength', short.length + 1, user);
    await config.update('exposure.transcriptQuietSeconds', 0, user);
    try {
      const result = await vscode.commands.executeCommand<CleanTranscriptsResult>('vaultify.cleanTranscripts', { confirm: true });
      assert.deepEqual(
        result.cleaned.map((f) => f.path),
        [history],
      );
      assert.equal(
        fs.readFileSync(history, 'utf8'),
        `#### deploy with <<${longName}>>\n\nand the pin ${short}\n`,
        `the token is the user's, and "${shortName}" is shorter than their minimum`,
      );
    } finally {
      for (const key of ['mask.token', 'mask.minLength', 'exposure.transcriptQuietSeconds']) await config.update(key, undefined, user);
      fs.rmSync(history, { force: true });
    }
  });

  it('keeps a retired value only in SecretStorage, masks it for its days, then deletes it', async () => {
    const secrets = new MemorySecrets();
    const state = new MemoryMemento();
    const log = vscode.window.createOutputChannel('Vaultify retirement test', { log: true });
    try {
      const vault = new Vault(secrets, state, new TestHooks(), log);
      const [old, fresh] = [watchForPlaintext(fakeGitHubToken()), watchForPlaintext(fakeGitHubToken())];
      await vault.store('svc/key', old, GLOBAL_SCOPE, {}, PERSON);
      await assert.rejects(vault.rotate('svc/key', old, GLOBAL_SCOPE, PERSON), /same as the old one/);
      const { previousValue } = await vault.rotate('svc/key', fresh, GLOBAL_SCOPE, PERSON);
      assert.equal(previousValue, old);
      const [retired] = vault.lookup('svc/key', GLOBAL_SCOPE)!.retired!;
      assert.equal(await secrets.get(retired.storageKey), old, 'the old value is kept in SecretStorage');
      assert.ok(!JSON.stringify(state.keys().map((k) => state.get(k))).includes(old), 'and not in the metadata');

      const masker = { actor: 'masker', purpose: 'test' } as const;
      assert.deepEqual(await vault.maskValues(masker, 30), [
        { name: 'svc/key', value: fresh },
        { name: 'svc/key', value: old },
      ]);
      assert.deepEqual(await vault.maskValues(masker, 0), [{ name: 'svc/key', value: fresh }], 'past its days it is no longer masked');
      assert.equal(await secrets.get(retired.storageKey), undefined, 'and it is deleted');
      assert.deepEqual(vault.lookup('svc/key', GLOBAL_SCOPE)!.retired, []);

      await vault.rotate('svc/key', watchForPlaintext(fakeGitHubToken()), GLOBAL_SCOPE, PERSON);
      await vault.delete('svc/key', GLOBAL_SCOPE, PERSON);
      assert.deepEqual(await secrets.keys(), [], 'deleting the secret deletes its retired values too');
    } finally {
      log.dispose();
    }
  });
});
