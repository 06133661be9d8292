import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals } from './support/approval';
import { stopWatching, watchForPlaintext } from './support/plaintextWatch';
import { registerReadonlyFiles } from './support/readonlyFileSystem';
import { waitFor } from './support/wait';
import { closeAllEditors, openFile } from './support/workspace';

interface VaultifyResult {
  name: string;
  reference: string;
}

function vaultify(args: object): Thenable<VaultifyResult> {
  return vscode.commands.executeCommand<VaultifyResult>('vaultify.vaultifySecret', args);
}

/** Restoring a literal by a driven command is a release: each one is approved like a user's Allow once. */
function restore(uri: vscode.Uri, range: vscode.Range): Thenable<{ name: string }> {
  answerApprovals('allow-once');
  return vscode.commands.executeCommand('vaultify.restoreLiteral', { uri, range });
}

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const start = document.getText().indexOf(needle);
  assert.ok(start >= 0, `"${needle.slice(0, 12)}…" is not in ${document.fileName}`);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + needle.length));
}

/** assert.rejects for the Thenables that executeCommand returns. */
function rejects(thenable: Thenable<unknown>, expected: RegExp, message?: string): Promise<void> {
  return assert.rejects(Promise.resolve(thenable), expected, message);
}

let counter = 0;
const uniqueName = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;

describe('Vaultify secret', () => {
  afterEach(closeAllEditors);

  it('replaces a token in .env with vault:NAME, and restore brings the exact value back', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('github/token');
    const editor = await openFile('vaultify-1.env', `# app\nGITHUB_TOKEN=${token}\nPORT=1\n`);
    const result = await vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' });
    assert.deepEqual(result, { name, reference: `vault:${name}` });
    assert.equal(editor.document.getText(), `# app\nGITHUB_TOKEN=vault:${name}\nPORT=1\n`);

    stopWatching(token);
    await restore(editor.document.uri, rangeOf(editor.document, `vault:${name}`));
    assert.equal(editor.document.getText(), `# app\nGITHUB_TOKEN=${token}\nPORT=1\n`, 'SecretStorage round-trips the value');
  });

  it('keeps comments and formatting in JSON with comments', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('ci/token');
    const before = `{\n  // CI settings\n  "ci": {\n    "token": "${token}", /* rotate yearly */\n    "retries": 3\n  }\n}\n`;
    const editor = await openFile('vaultify-2.jsonc', before);
    await vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' });
    assert.equal(editor.document.getText(), before.replace(token, `vault:${name}`));
  });

  it('replaces only the scalar in YAML, quotes kept', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('deploy/token');
    const before = `deploy:\n  token: '${token}'\n  region: eu\n`;
    const editor = await openFile('vaultify-3.yaml', before);
    await vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' });
    assert.equal(editor.document.getText(), `deploy:\n  token: 'vault:${name}'\n  region: eu\n`);
  });

  it('replaces the string literal in TypeScript', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('octokit/token');
    const before = `import { Octokit } from 'octokit';\nconst octokit = new Octokit({ auth: "${token}" });\n`;
    const editor = await openFile('vaultify-4.ts', before);
    await vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' });
    assert.equal(editor.document.getText(), before.replace(token, `vault:${name}`));
  });

  it('puts {{vault:NAME}} in place of just the password inside a postgres URL', async () => {
    const password = watchForPlaintext(`pw${Date.now().toString(36)}Xq9Lm2Zr7`);
    const name = uniqueName('db/password');
    const editor = await openFile('vaultify-5.env', `DATABASE_URL=postgres://app:${password}@db:5432/app\n`);
    const result = await vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, password), name, scope: 'workspace' });
    assert.equal(result.reference, `{{vault:${name}}}`);
    assert.equal(editor.document.getText(), `DATABASE_URL=postgres://app:{{vault:${name}}}@db:5432/app\n`);
  });

  it('is undone by Undo, which brings the literal back', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const editor = await openFile('vaultify-6.env', `TOKEN=${token}\n`);
    await vaultify({
      uri: editor.document.uri,
      range: rangeOf(editor.document, token),
      name: uniqueName('undo/token'),
      scope: 'workspace',
    });
    assert.ok(!editor.document.getText().includes(token));
    await vscode.window.showTextDocument(editor.document);
    stopWatching(token);
    await vscode.commands.executeCommand('undo');
    await waitFor(() => (editor.document.getText() === `TOKEN=${token}\n` ? true : undefined), 'undo to restore the literal');
  });

  it('reuses the name of a value that is already stored', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('shared/token');
    const first = await openFile('vaultify-7a.env', `A=${token}\n`);
    await vaultify({ uri: first.document.uri, range: rangeOf(first.document, token), name, scope: 'workspace' });
    const second = await openFile('vaultify-7b.env', `B=${token}\n`);
    const result = await vaultify({
      uri: second.document.uri,
      range: rangeOf(second.document, token),
      name: uniqueName('other'),
      scope: 'workspace',
    });
    assert.equal(result.name, name);
    assert.equal(second.document.getText(), `B=vault:${name}\n`);
  });

  it('vaultifies every detected secret in a file in one edit', async () => {
    const a = watchForPlaintext(fakeGitHubToken());
    const b = watchForPlaintext(fakeGitHubToken('ghs'));
    const editor = await openFile('vaultify-8.env', `FIRST_TOKEN=${a}\nSECOND_TOKEN=${b}\n`);
    const result = await vscode.commands.executeCommand<{ secrets: VaultifyResult[] }>('vaultify.vaultifyFile', {
      uri: editor.document.uri,
      scope: 'workspace',
    });
    assert.equal(result.secrets.length, 2);
    const text = editor.document.getText();
    assert.ok(!text.includes(a) && !text.includes(b));
    assert.equal(text, `FIRST_TOKEN=${result.secrets[0].reference}\nSECOND_TOKEN=${result.secrets[1].reference}\n`);
  });

  it('renames a secret and its references in two files', async () => {
    const name = uniqueName('rename/me');
    const renamed = uniqueName('renamed/now');
    await vscode.commands.executeCommand('vaultify.addSecret', {
      name,
      value: watchForPlaintext(`value-${name}-long`),
      scope: 'workspace',
    });
    const one = await openFile('rename-1.env', `X=vault:${name}\n`);
    const two = await openFile('rename-2.json', `{ "url": "https://u:{{vault:${name}}}@host" }\n`);
    const result = await vscode.commands.executeCommand<{ files: number }>('vaultify.renameSecret', { name, newName: renamed });
    assert.equal(result.files, 2);
    assert.equal(one.document.getText(), `X=vault:${renamed}\n`);
    assert.equal(two.document.getText(), `{ "url": "https://u:{{vault:${renamed}}}@host" }\n`);
  });

  it('refuses to delete a referenced secret unless forced', async () => {
    const name = uniqueName('delete/me');
    await vscode.commands.executeCommand('vaultify.addSecret', {
      name,
      value: watchForPlaintext(`value-${name}-long`),
      scope: 'workspace',
    });
    await openFile('delete-1.env', `X=vault:${name}\n`);
    await rejects(vscode.commands.executeCommand('vaultify.deleteSecret', { name }), /still referenced/);
    const result = await vscode.commands.executeCommand<{ deleted: boolean }>('vaultify.deleteSecret', { name, force: true });
    assert.equal(result.deleted, true);
  });
});

describe('Vaultify secret: bad input', () => {
  afterEach(closeAllEditors);

  it('says so when the selection is empty', async () => {
    const editor = await openFile('bad-1.env', 'A=b\n');
    await rejects(
      vaultify({ uri: editor.document.uri, range: new vscode.Range(0, 2, 0, 2), name: uniqueName('x'), scope: 'workspace' }),
      /selection is empty/,
    );
  });

  it('rejects invalid names without storing anything', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const editor = await openFile('bad-2.env', `T=${token}\n`);
    await rejects(
      vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name: 'bad name', scope: 'workspace' }),
      /not allowed/,
    );
    assert.equal(editor.document.getText(), `T=${token}\n`);
  });

  it('rejects a name that already holds a different secret', async () => {
    const name = uniqueName('taken');
    await vscode.commands.executeCommand('vaultify.addSecret', {
      name,
      value: watchForPlaintext(`value-${name}-long`),
      scope: 'workspace',
    });
    const token = watchForPlaintext(fakeGitHubToken());
    const editor = await openFile('bad-3.env', `T=${token}\n`);
    await rejects(
      vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' }),
      /already holds a different secret/,
    );
  });

  it('refuses a huge selection', async () => {
    const editor = await openFile('bad-4.txt', 'x'.repeat(70 * 1024));
    await rejects(
      vaultify({ uri: editor.document.uri, range: new vscode.Range(0, 0, 0, 70 * 1024), name: uniqueName('huge'), scope: 'workspace' }),
      /at most 64 KB/,
    );
  });

  it('keeps the value stored and says where when the file is read-only', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('readonly/token');
    const registration = registerReadonlyFiles('vaultify-readonly', { '/ro.env': `T=${token}\n` });
    try {
      const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('vaultify-readonly:/ro.env'));
      await rejects(
        vaultify({ uri: document.uri, range: rangeOf(document, token), name, scope: 'workspace' }),
        new RegExp(`Stored "${name.replace(/[/.]/g, '\\$&')}" in the vault \\(workspace scope\\), but .* could not be edited`),
      );
      assert.equal(document.getText(), `T=${token}\n`);
      await rejects(
        vscode.commands.executeCommand('vaultify.addSecret', { name, value: 'anything-else', scope: 'workspace' }),
        /already exists/,
        'the value stays stored under its name',
      );
    } finally {
      registration.dispose();
    }
  });

  it('places the reference correctly when the document is edited while the value is stored', async () => {
    const token = watchForPlaintext(fakeGitHubToken());
    const name = uniqueName('moving/token');
    const editor = await openFile('bad-5.env', `T=${token}\n`);
    const pending = vaultify({ uri: editor.document.uri, range: rangeOf(editor.document, token), name, scope: 'workspace' });
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# inserted meanwhile\n'));
    await pending;
    assert.equal(editor.document.getText(), `# inserted meanwhile\nT=vault:${name}\n`);
  });

  it('says a reference to a missing secret cannot be restored', async () => {
    const editor = await openFile('bad-6.env', 'T=vault:never/stored\n');
    await rejects(restore(editor.document.uri, rangeOf(editor.document, 'vault:never/stored')), /not in the vault/);
  });
});

describe('vault scopes', () => {
  afterEach(() => {
    delete process.env.VAULTIFY_TEST_WORKSPACE_ID;
    return closeAllEditors();
  });

  it('hides a workspace-scoped secret from another workspace, but not a global one', async () => {
    const local = uniqueName('scoped/local');
    const shared = uniqueName('scoped/global');
    await vscode.commands.executeCommand('vaultify.addSecret', {
      name: local,
      value: watchForPlaintext(`value-${local}-long`),
      scope: 'workspace',
    });
    // Restored into a file below on purpose, so not watched for plaintext copies.
    await vscode.commands.executeCommand('vaultify.addSecret', { name: shared, value: `value-${shared}-long`, scope: 'global' });
    const editor = await openFile('scopes.env', `A=vault:${local}\nB=vault:${shared}\n`, 'beta');

    process.env.VAULTIFY_TEST_WORKSPACE_ID = 'another-workspace';
    await rejects(restore(editor.document.uri, rangeOf(editor.document, `vault:${local}`)), /not in the vault/);
    await restore(editor.document.uri, rangeOf(editor.document, `vault:${shared}`));
    assert.ok(editor.document.getText().includes(`B=value-${shared}-long`));
  });
});

describe('known values', () => {
  afterEach(closeAllEditors);

  it('flags a stored value that appears in plain text, and its quick fix puts the reference back', async () => {
    const name = uniqueName('known/value');
    const value = watchForPlaintext(`kv-${Date.now().toString(36)}-Zq8Lm3Xr9Tw2`);
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
    const editor = await openFile('known-value.txt', `pasted from the wiki: ${value}\n`);
    const [diagnostic] = await waitFor(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.code === 'vaultify/known-value');
      return found.length ? found : undefined;
    }, 'an error on the stored value in plain text');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.message, `Vault secret "${name}" appears in plain text. Put its reference back with "Vaultify secret".`);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      editor.document.uri,
      diagnostic.range,
    );
    const fix = actions.find((a) => a.title === 'Put the vault reference back');
    assert.ok(fix?.command, 'a quick fix puts the reference back');
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(editor.document.getText(), `pasted from the wiki: vault:${name}\n`);
  });
});
