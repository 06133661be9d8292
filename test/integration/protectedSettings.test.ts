import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals, auditDir, auditRecords } from './support/approval';
import { vaultifyApi } from './support/extensionApi';
import { waitFor, waitForDiagnostics } from './support/wait';
import { closeAllEditors, openFile } from './support/workspace';

describe('protected settings from the workspace', () => {
  const config = () => vscode.workspace.getConfiguration('vaultify');
  afterEach(async () => {
    answerApprovals(undefined);
    await vscode.commands.executeCommand('vaultify.revokeAcceptedSettings', { key: 'detection.exclude' });
    await config().update('detection.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  it('ignores a workspace detection.exclude that hides everything, says so, and applies it only once a person accepts it, revocably', async () => {
    // The test workspace is multi-root: its workspace settings live in the .code-workspace file.
    await config().update('detection.exclude', ['**'], vscode.ConfigurationTarget.Workspace);
    const editor = await openFile('protected-exclude.env', `GITHUB_TOKEN=${fakeGitHubToken()}\n`);
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token underlined despite the workspace exclude');
    const file = vscode.workspace.asRelativePath(vscode.workspace.workspaceFile!);
    const messages = (await vaultifyApi()).ignoredSettings;
    await waitFor(
      () => messages().find((m) => m.includes('"vaultify.detection.exclude": ["**"]') && m.includes(file)),
      `a message naming vaultify.detection.exclude and ${file}: ${messages().join(' | ')}`,
    );

    const dir = await auditDir();
    const before = auditRecords(dir).length;
    answerApprovals('deny');
    assert.deepEqual(await vscode.commands.executeCommand('vaultify.acceptWorkspaceSetting', { key: 'detection.exclude' }), {
      accepted: false,
    });
    answerApprovals('allow-once');
    assert.deepEqual(await vscode.commands.executeCommand('vaultify.acceptWorkspaceSetting', { key: 'detection.exclude' }), {
      accepted: true,
    });
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0, 'the accepted exclude to apply');
    // Other records (an earlier test's terminal session ending) may land in between: pick the setting's own.
    const settingRecords = () =>
      auditRecords(dir)
        .slice(before)
        .filter((r) => r.event === 'setting');
    const [acceptance, ...more] = settingRecords();
    assert.equal(more.length, 0, 'one record for one acceptance');
    assert.equal(acceptance.requester.kind, 'driven');
    assert.match(acceptance.purpose!, /^accepting "vaultify\.detection\.exclude": \["\*\*"\] from /);

    assert.deepEqual(await vscode.commands.executeCommand('vaultify.revokeAcceptedSettings', { key: 'detection.exclude' }), { revoked: 1 });
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token underlined again once the acceptance is revoked');
    assert.match(settingRecords().at(-1)!.purpose!, /^revoking the acceptance of "vaultify\.detection\.exclude"/);
  });

  it('binds an acceptance to the exact value: a changed exclude is ignored again', async () => {
    await config().update('detection.exclude', ['**/generated/**'], vscode.ConfigurationTarget.Workspace);
    const messages = (await vaultifyApi()).ignoredSettings;
    await waitFor(
      () => messages().find((m) => m.includes('"vaultify.detection.exclude": ["**/generated/**"]')),
      'the narrower exclude to be ignored first',
    );
    answerApprovals('allow-once');
    assert.deepEqual(await vscode.commands.executeCommand('vaultify.acceptWorkspaceSetting', { key: 'detection.exclude' }), {
      accepted: true,
    });
    await config().update('detection.exclude', ['**'], vscode.ConfigurationTarget.Workspace);
    const editor = await openFile('protected-changed.env', `GITHUB_TOKEN=${fakeGitHubToken()}\n`);
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token underlined under the changed, unaccepted value');
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), `SECOND_TOKEN=${fakeGitHubToken()}\n`));
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 2, 'a token typed after the change underlined too');
  });
});
