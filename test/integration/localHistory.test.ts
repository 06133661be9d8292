import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { watchForPlaintext } from './support/plaintextWatch';
import { filesContaining } from './support/plaintextSearch';
import { waitFor } from './support/wait';
import { closeAllEditors, openFile } from './support/workspace';

const historyDir = (): string => path.join(process.env.VAULTIFY_TEST_USER_DATA!, 'User', 'History');

describe('Local History', () => {
  afterEach(closeAllEditors);

  it('keeps no copy of a vaultified value', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const editor = await openFile('history.env', `T=${token}\n`);
    // An edit and a save make VS Code write a Local History entry holding the literal.
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), 'PORT=1\n'));
    await editor.document.save();
    await waitFor(() => (filesContaining(historyDir(), [token]).length ? true : undefined), 'Local History to record the saved literal');

    const start = editor.document.getText().indexOf(token);
    const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + token.length));
    const name = `history/token-${Date.now().toString(36)}`;
    await vscode.commands.executeCommand('vaultify.vaultifySecret', { uri: editor.document.uri, range, name, scope: 'workspace' });
    await editor.document.save();

    assert.deepEqual(filesContaining(historyDir(), [token]), [], 'no Local History entry holds the value');
    const entries = fs.readdirSync(historyDir(), { recursive: true }).map(String);
    const cleaned = entries.map((e) => path.join(historyDir(), e)).filter((f) => fs.statSync(f).isFile() && fs.readFileSync(f, 'utf8').includes(`vault:${name}`));
    assert.ok(cleaned.length >= 1, 'the history entry now holds the reference');
  });
});
