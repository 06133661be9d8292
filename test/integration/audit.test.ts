import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type AuditRecord, canonicalJson } from '../../src/core/audit';
import type { AuditVerification } from '../../src/extension/broker/auditTrail';
import type { MaskedTerminalResult } from '../../src/extension/terminal/maskedTerminalCommand';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals, auditDir, auditRecords, segmentFiles } from './support/approval';
import { watchForPlaintext, watchRetired } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

let counter = 0;
const unique = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;
const run = (command: string, args?: object): Promise<unknown> => Promise.resolve(vscode.commands.executeCommand(command, args));
const verify = async (): Promise<AuditVerification> =>
  await vscode.commands.executeCommand<AuditVerification>('vaultify.verifyAuditTrail', {});

/** `vaultify ARGS…` with this build's CLI. */
function vaultifyCli(args: readonly string[]): { status: number | null; stdout: string } {
  const cli = path.join(vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify')!.extensionPath, 'dist', 'cli.js');
  return spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
}

/** The command line Verify audit trail shows, as a shell would split it. */
function runShownCommand(command: string): { status: number | null; stdout: string } {
  const [program, ...args] = command.match(/'[^']*'|\S+/g)!.map((word) => word.replace(/^'(.*)'$/, '$1'));
  assert.equal(program, 'vaultify');
  return vaultifyCli(args);
}

const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function recordsOf(dir: string, name: string): AuditRecord[] {
  return auditRecords(dir).filter((r) => r.secrets.some((s) => s.name === name) || r.newName === name);
}

describe('the audit trail', () => {
  let dir: string;
  before(async () => {
    dir = await auditDir();
  });
  afterEach(async () => {
    answerApprovals(undefined);
    await vscode.commands.executeCommand('vaultify.revokeAllGrants');
    await vscode.env.clipboard.writeText('');
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('records every event with its fields, a fingerprint and never the value', async () => {
    const name = unique('audit/token');
    const renamed = unique('audit/renamed');
    const value = watchForPlaintext(fakeGitHubToken());
    const rotated = watchForPlaintext(fakeGitHubToken());
    await run('vaultify.addSecret', { name, value, scope: 'workspace', environment: 'staging' });
    await run('vaultify.rotateSecret', { name, value: rotated });
    answerApprovals('deny');
    await assert.rejects(run('vaultify.copySecret', { name }), /denied/);
    answerApprovals('allow-session');
    await run('vaultify.copySecret', { name });
    const cwd = folder('alpha').uri.fsPath;
    const terminal = (
      await vscode.commands.executeCommand<MaskedTerminalResult>('vaultify.newMaskedTerminal', {
        secrets: [name],
        envFiles: [],
        cwd,
        shell: '/bin/sh',
        command: 'printenv; exit 4',
      })
    ).observation!;
    await waitFor(() => terminal.exitCode(), 'the terminal to exit', 60_000);
    await waitFor(() => (recordsOf(dir, name).some((r) => r.event === 'session') ? true : undefined), 'the session record', 30_000);
    await run('vaultify.revokeAllGrants');
    await run('vaultify.renameSecret', { name, newName: renamed });
    await run('vaultify.deleteSecret', { name: renamed, force: true });

    const records = [...recordsOf(dir, name), ...recordsOf(dir, renamed).filter((r) => r.event === 'delete')];
    const events = records.map((r) => r.event);
    for (const event of ['store', 'rotate', 'denial', 'grant', 'release', 'session', 'revocation', 'rename', 'delete']) {
      assert.ok(events.includes(event as AuditRecord['event']), `a ${event} record among ${events.join(', ')}`);
    }
    for (const r of records) {
      assert.ok(Number.isInteger(r.seq) && !Number.isNaN(Date.parse(r.ts)), `seq and ts of ${r.event}`);
      assert.match(r.hash, /^[0-9a-f]{64}$/);
      assert.match(r.prev, /^[0-9a-f]{64}$/);
      assert.ok(r.requester.kind && r.requester.label, `requester of ${r.event}`);
      assert.ok(
        r.secrets.every((s) => s.name && s.scope),
        `secret names and scopes of ${r.event}`,
      );
    }
    const releases = records.filter((r) => r.event === 'release');
    assert.ok(releases.length >= 2, 'the copy and the terminal');
    for (const r of releases) {
      assert.deepEqual(r.requester, { kind: 'driven', label: 'driven command' });
      assert.match(r.secrets[0].fingerprint!, /^[0-9a-f]{64}$/);
    }
    const store = records.find((r) => r.event === 'store')!;
    const rotate = records.find((r) => r.event === 'rotate')!;
    assert.notEqual(store.secrets[0].fingerprint, rotate.secrets[0].fingerprint, 'the fingerprint tells the two values apart');
    const session = records.find((r) => r.event === 'session')!;
    assert.equal(session.exitCode, 4);
    assert.equal(session.cwd, cwd);
    assert.equal(session.command, 'printenv; exit 4');
    assert.ok(
      typeof session.maskedCount === 'number' && session.maskedCount >= 1,
      `printenv showed the value masked (${session.maskedCount})`,
    );
    const terminalRelease = releases.find((r) => r.channel === 'process')!;
    assert.equal(terminalRelease.command, 'printenv; exit 4');

    for (const file of segmentFiles(dir)) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes(value) && !text.includes(rotated), `${file} holds no value`);
    }
    const verified = await verify();
    assert.deepEqual([verified.ok, verified.records, verified.keyChecked], [true, auditRecords(dir).length, true]);
  });

  it('masks every vaulted value, retired ones and credentials nobody stored in what it records', async () => {
    const name = unique('audit/used');
    const other = unique('audit/other');
    await run('vaultify.addSecret', { name, value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const retired = watchRetired(fakeGitHubToken());
    await run('vaultify.addSecret', { name: other, value: retired, scope: 'global' });
    const live = watchForPlaintext(fakeGitHubToken());
    await run('vaultify.rotateSecret', { name: other, value: live });
    const nobodyStored = watchForPlaintext(fakeGitHubToken('ghs'));
    const command = `echo ${live} | rev; echo ${retired}; echo ${nobodyStored}; exit 0`;
    const before = auditRecords(dir).length;

    answerApprovals('deny');
    await assert.rejects(run('vaultify.newMaskedTerminal', { secrets: [name], envFiles: [], shell: '/bin/sh', command }), /denied/);
    answerApprovals('allow-session');
    const terminal = (
      await vscode.commands.executeCommand<MaskedTerminalResult>('vaultify.newMaskedTerminal', {
        secrets: [name],
        envFiles: [],
        shell: '/bin/sh',
        command,
      })
    ).observation!;
    await waitFor(() => terminal.exitCode(), 'the terminal to exit', 60_000);
    await waitFor(() => (recordsOf(dir, name).some((r) => r.event === 'session') ? true : undefined), 'the session record', 30_000);
    await run('vaultify.revokeAllGrants');

    const written = auditRecords(dir)
      .slice(before)
      .filter((r) => r.command !== undefined);
    assert.deepEqual([...new Set(written.map((r) => r.event))].sort(), ['denial', 'grant', 'release', 'revocation', 'session']);
    for (const r of written) {
      for (const value of [live, retired, nobodyStored])
        assert.ok(!JSON.stringify(r).includes(value), `the ${r.event} record holds no value: ${r.command}`);
      const token = literally(`[masked vault:${other}]`);
      assert.match(r.command!, new RegExp(`^echo ${token} \\| rev; echo ${token}; echo \\[masked secret:[^\\]]+\\]; exit 0$`), r.event);
    }
  });

  it('shows the head and a command that anchors a copy of the trail to it; a rewrite without the key fails', async () => {
    await run('vaultify.addSecret', { name: unique('audit/anchor'), value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    await run('vaultify.addSecret', { name: unique('audit/anchor'), value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const verified = await verify();
    assert.equal(verified.ok, true, verified.firstBad?.message);
    const records = auditRecords(dir);
    assert.equal(verified.head, records[records.length - 1].hash);
    assert.match(verified.command, new RegExp(`^vaultify audit verify --head ${verified.head} `));
    const anchored = runShownCommand(verified.command);
    assert.equal(anchored.status, 0, anchored.stdout);
    assert.equal(anchored.stdout.trim(), `intact: ${records.length} records up to the head you gave`);

    // Someone without the key edits the last record and re-hashes it: consistent, but not sealed.
    const files = segmentFiles(dir);
    const file = files[files.length - 1];
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n').filter(Boolean);
    const { hash: _hash, mac, ...body } = JSON.parse(lines[lines.length - 1]) as AuditRecord;
    const forgedBody = { ...body, requester: { kind: 'person', label: 'you' } };
    const { createHash } = await import('node:crypto');
    const forged = { ...forgedBody, hash: createHash('sha256').update(canonicalJson(forgedBody)).digest('hex'), mac };
    try {
      fs.writeFileSync(file, [...lines.slice(0, -1), JSON.stringify(forged), ''].join('\n'));
      const result = await verify();
      assert.deepEqual([result.ok, result.firstBad?.problem, result.firstBad?.seq], [false, 'unsealed', forged.seq]);
      const unanchored = vaultifyCli(['audit', 'verify', dir]);
      assert.match(unanchored.stdout, /the chain is consistent; not anchored/);
      assert.doesNotMatch(unanchored.stdout, /intact/);
      const failed = runShownCommand(verified.command);
      assert.equal(failed.status, 1, failed.stdout);
      assert.match(failed.stdout, /head-missing/);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal((await verify()).ok, true);
  });

  it('reports an edited, a removed and a truncated record', async () => {
    await run('vaultify.addSecret', { name: unique('audit/tamper'), value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    await run('vaultify.addSecret', { name: unique('audit/tamper'), value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const files = segmentFiles(dir);
    const file = files[files.length - 1];
    const original = fs.readFileSync(file, 'utf8');
    const lines = original.split('\n').filter(Boolean);
    assert.ok(lines.length >= 2);
    try {
      const last = JSON.parse(lines[lines.length - 1]) as AuditRecord;
      fs.writeFileSync(
        file,
        [...lines.slice(0, -1), JSON.stringify({ ...last, requester: { kind: 'person', label: 'you' } }), ''].join('\n'),
      );
      let result = await verify();
      assert.deepEqual([result.ok, result.firstBad?.problem, result.firstBad?.seq], [false, 'edited', last.seq]);

      if (lines.length >= 3) {
        fs.writeFileSync(file, [...lines.slice(0, -2), lines[lines.length - 1], ''].join('\n'));
        result = await verify();
        assert.deepEqual([result.ok, result.firstBad?.problem], [false, 'removed']);
      }

      fs.writeFileSync(file, [...lines.slice(0, -1), ''].join('\n'));
      result = await verify();
      assert.deepEqual([result.ok, result.firstBad?.problem, result.firstBad?.seq], [false, 'truncated', last.seq]);
    } finally {
      fs.writeFileSync(file, original);
    }
    assert.equal((await verify()).ok, true);
  });

  it('refuses a release it cannot record, and releases nothing', async () => {
    const name = unique('audit/unwritable');
    await run('vaultify.addSecret', { name, value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const files = segmentFiles(dir);
    const file = files[files.length - 1];
    // A folder where the segment file was: every append fails, whoever the tests run as.
    fs.renameSync(file, `${file}.aside`);
    fs.mkdirSync(file);
    try {
      answerApprovals('allow-once');
      await vscode.env.clipboard.writeText('vaultify-unchanged');
      await assert.rejects(run('vaultify.copySecret', { name }), /could not write its audit trail.*nothing was released/);
      assert.equal(await vscode.env.clipboard.readText(), 'vaultify-unchanged');
      const before = vscode.window.terminals.length;
      await assert.rejects(
        run('vaultify.newMaskedTerminal', { secrets: [name], envFiles: [], command: 'printenv' }),
        /could not write its audit trail/,
      );
      assert.equal(vscode.window.terminals.length, before, 'no terminal started');
    } finally {
      fs.rmdirSync(file);
      fs.renameSync(`${file}.aside`, file);
    }
    assert.equal((await verify()).ok, true, 'the trail is whole again');
  });

  it('shows the trail as a table by day, filtered by secret', async () => {
    const name = unique('audit/shown');
    await run('vaultify.addSecret', { name, value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const { uri } = await vscode.commands.executeCommand<{ uri: string }>('vaultify.showAuditTrail', { secret: name });
    const text = (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();
    assert.match(text, new RegExp(`## \\d{4}-\\d{2}-\\d{2}`));
    assert.match(text, /1 of \d+ records, for secret/);
    assert.ok(text.includes(`| store | driven command | ${name.replace(/[_*[\]<>|`\\]/g, '\\$&')} (workspace `), text);
  });

  it('has every contributed command registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    const manifest = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify')!.packageJSON as {
      contributes: { commands: { command: string }[] };
    };
    for (const { command } of manifest.contributes.commands) assert.ok(registered.has(command), command);
  });
});
