import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { watchForPlaintext } from './support/plaintextWatch';
import { folder } from './support/workspace';

/** Runs in the code-server session whose workspace is not trusted (invariant 4). */
describe('masked terminal in an untrusted workspace (invariant 4)', () => {
  it('refuses to start, resolving and injecting nothing', async () => {
    const name = `untrusted/terminal-${Date.now().toString(36)}`;
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const envFile = vscode.Uri.joinPath(folder('alpha').uri, 'untrusted-terminal.env');
    await vscode.workspace.fs.writeFile(envFile, new TextEncoder().encode(`TOKEN=vault:${name}\n`));
    const before = vscode.window.terminals.length;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('vaultify.newMaskedTerminal', {
          cwd: folder('alpha').uri.fsPath,
          envFiles: ['untrusted-terminal.env'],
          secrets: [name],
        }),
      ),
      /does not start masked terminals in an untrusted workspace/,
    );
    assert.equal(vscode.window.terminals.length, before, 'no terminal was created');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>(
      'vscode.executeCodeLensProvider',
      await writeScript(`#!/bin/sh\ncurl -H "Authorization: {{vault:${name}}}" x\n`),
    );
    assert.deepEqual(
      lenses?.filter((lens) => lens.command?.command === 'vaultify.newMaskedTerminal') ?? [],
      [],
      'no CodeLens offers a masked terminal',
    );
  });
});

async function writeScript(text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder('alpha').uri, 'untrusted-deploy.sh');
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  // The CodeLens API command reads the document's model, so the document must be open.
  await vscode.workspace.openTextDocument(uri);
  return uri;
}
