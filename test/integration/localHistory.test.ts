import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { watchForPlaintext } from './support/plaintextWatch';
import { filesContaining } from './support/plaintextSearch';
import { vaultifyLog } from './support/vaultifyLog';
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
    const cleaned = entries
      .map((e) => path.join(historyDir(), e))
      .filter((f) => fs.statSync(f).isFile() && fs.readFileSync(f, 'utf8').includes(`vault:${name}`));
    assert.ok(cleaned.length >= 1, 'the history entry now holds the reference');
  });

  it('skips a folder that appears in Local History while it watches for new entries', async () => {
    const vaultifyNew = async (label: string): Promise<{ token: string; name: string }> => {
      const token = watchForPlaintext(fakeGitHubToken());
      const editor = await openFile(`history-${label}.env`, `T=${token}\n`);
      const start = editor.document.getText().indexOf(token);
      const range = new vscode.Range(editor.document.positionAt(start), editor.document.positionAt(start + token.length));
      const name = `history/${label}-${Date.now().toString(36)}`;
      await vscode.commands.executeCommand('vaultify.vaultifySecret', { uri: editor.document.uri, range, name, scope: 'workspace' });
      return { token, name };
    };
    // Written again until the watcher cleans it: the first write may come before the watch is in place.
    const cleanedByWatcher = (entry: string, { token, name }: { token: string; name: string }, what: string): Promise<true> =>
      waitFor(() => {
        if (fs.existsSync(entry) && fs.readFileSync(entry, 'utf8').includes(`vault:${name}`)) return true;
        fs.writeFileSync(entry, `T=${token}\n`);
        return undefined;
      }, what);

    const known = path.join(historyDir(), `vaultify-test-${Date.now().toString(36)}-a`);
    fs.mkdirSync(known, { recursive: true });
    const first = await vaultifyNew('probe');
    await cleanedByWatcher(path.join(known, 'Probe.env'), first, 'the watcher to clean an entry in a known folder');
    // What VS Code does for a file's first entry: a new folder, then the entry in it.
    const folder = path.join(historyDir(), `vaultify-test-${Date.now().toString(36)}-b`);
    fs.mkdirSync(folder);
    const second = await vaultifyNew('folder');
    await cleanedByWatcher(path.join(folder, 'AbCd.env'), second, 'the entry in the new folder to be cleaned');
    // Entries are checked in the watcher's order: the first report naming the second secret comes
    // from an entry written after the folder appeared, so anything said about the folder is above it.
    const log = await waitFor(() => {
      const lines = vaultifyLog().split('\n');
      return lines.some((line) => line.includes(`"${second.name}"`) && line.includes('with references in 1 Local History entry.'))
        ? lines
        : undefined;
    }, 'the Vaultify log to report the cleaned entry');
    const aboutFolder = log.filter((line) => line.includes(path.basename(folder)) && !line.includes('AbCd.env'));
    assert.deepEqual(aboutFolder, [], 'the new folder is not read as an entry');
  });
});
