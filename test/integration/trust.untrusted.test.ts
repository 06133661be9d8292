import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { waitForDiagnostics } from './support/wait';
import { closeAllEditors, openFile } from './support/workspace';

/** Runs in a separate code-server session whose workspace is not trusted (invariant 4). */
describe('untrusted workspace (invariant 4)', () => {
  afterEach(closeAllEditors);

  it('runs in an untrusted workspace', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still detects secrets', async () => {
    const editor = await openFile('untrusted.env', `TOKEN=${fakeGitHubToken()}\n`);
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'a diagnostic in the untrusted workspace');
  });

  it('refuses to reveal, copy or restore values', async () => {
    const name = `untrusted/${Date.now().toString(36)}`;
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value: 'value-that-must-stay-hidden', scope: 'workspace' });
    const editor = await openFile('untrusted-ref.env', `TOKEN=vault:${name}\n`);
    const range = new vscode.Range(0, 6, 0, 6 + `vault:${name}`.length);
    const refused = /does not .* in an untrusted workspace/;
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.restoreLiteral', { uri: editor.document.uri, range })),
      refused,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vaultify.revealSecret', { name })), refused);
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vaultify.copySecret', { name })), refused);
    assert.equal(editor.document.getText(), `TOKEN=vault:${name}\n`);
  });

  it('refuses a rename, which would read the value to move it, and keeps the secret', async () => {
    const name = `untrusted/rename-${Date.now().toString(36)}`;
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value: 'another-value-that-stays-hidden', scope: 'workspace' });
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.renameSecret', { name, newName: `${name}-moved` })),
      /does not rename secrets .* in an untrusted workspace/,
    );
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.addSecret', { name, value: 'x-long-enough', scope: 'workspace' })),
      /already exists/,
      'the secret is still there under its name',
    );
  });
});
