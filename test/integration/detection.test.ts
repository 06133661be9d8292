import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { vaultifyLog } from './support/vaultifyLog';
import { vaultifyDiagnostics, waitFor, waitForDiagnostics } from './support/wait';
import { closeAllEditors, folder, openFile } from './support/workspace';

describe('live secret detection', () => {
  afterEach(closeAllEditors);

  it('underlines a GitHub token in .env at its exact range, without its value in the message', async () => {
    const token = fakeGitHubToken();
    const editor = await openFile('detect-1.env', `# local settings\nAPP_NAME=demo\nGITHUB_TOKEN=${token}\n`);
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'a Vaultify diagnostic on the token');
    assert.deepEqual(
      [diagnostic.range.start.line, diagnostic.range.start.character, diagnostic.range.end.line, diagnostic.range.end.character],
      [2, 'GITHUB_TOKEN='.length, 2, 'GITHUB_TOKEN='.length + token.length],
    );
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.source, 'Vaultify');
    assert.ok(typeof diagnostic.code === 'string' && diagnostic.code.includes('github'), `code was ${String(diagnostic.code)}`);
    assert.ok(!diagnostic.message.includes(token.slice(4)), 'the message must not contain the value');
    assert.match(diagnostic.message, /…\(40 chars\)/);
    // The editor's hover shows the message: it says what the finding rests on.
    assert.match(diagnostic.message, /vendor prefix ghp_ \+ checksum/);
  });

  it('says which service a prefix-less key belongs to, and that its name is the evidence', async () => {
    const key = 'q8Zr2Lw5Tn0Vx7Yb3Kd6Hm1Pj4Gs9Fc2';
    const editor = await openFile('detect-service.py', `import tableau\n\nclient = tableau.Client(api_key="${key}")\n`);
    const [diagnostic] = await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'a Vaultify diagnostic on the Tableau key');
    assert.equal(diagnostic.range.start.line, 2);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(diagnostic.message, /^Tableau credential in plain text \(…\(32 chars\); service name nearby \(Tableau\) \+ entropy\)/);
    assert.ok(!diagnostic.message.includes(key.slice(0, 4)), 'the message must not contain the value');
  });

  it("says a prefix-less secret rests on the public id beside it, and finds an env lookup's fallback", async () => {
    const secret = 'T7nEJDqLYE93EaeOxircL9sJlqeaZ4';
    const fallback = 'h3Vq9Lr2Zt7Wn5Kc8Pm1Xs4Bd6Gy0Jw2';
    const editor = await openFile(
      'detect-paired.py',
      `import os\nimport oss2\n\nauth = oss2.Auth("LTAIQo3ijmexnrzxIjEYyEtI", "${secret}")\nTOKEN = os.getenv("API_TOKEN", "${fallback}")\n`,
    );
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.length === 2, 'the AccessKey secret and the fallback');
    assert.deepEqual(
      diagnostics.map((d) => [d.range.start.line, d.range.end.character - d.range.start.character]),
      [
        [3, secret.length],
        [4, fallback.length],
      ],
    );
    assert.match(diagnostics[0].message, /^Alibaba Cloud AccessKey secret in plain text \(…\(30 chars\); public id nearby\)/);
    assert.match(diagnostics[1].message, /key name \+ entropy\)/);
    for (const d of diagnostics)
      assert.ok(!d.message.includes(secret.slice(0, 4)) && !d.message.includes(fallback.slice(0, 4)), 'no value in the message');
  });

  it('clears the diagnostic when the token is edited away', async () => {
    const token = fakeGitHubToken();
    const editor = await openFile('detect-2.env', `GITHUB_TOKEN=${token}\n`);
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'a diagnostic before the edit');
    const line = editor.document.lineAt(0);
    await editor.edit((edit) => edit.replace(line.range, 'GITHUB_TOKEN=vault:github/token'));
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0, 'the diagnostic to clear after the edit');
  });

  it('leaves placeholders and vault references alone', async () => {
    const token = fakeGitHubToken();
    // The real token on the last line proves the document was scanned, so the absence above it means something.
    const editor = await openFile(
      'detect-3.env',
      `PLACEHOLDER_TOKEN=your-token-here\nREF_TOKEN=vault:x\nOTHER=op://Private/GitHub/token\nREAL=${token}\n`,
    );
    const diagnostics = await waitForDiagnostics(editor.document.uri, (d) => d.length > 0, 'the scan of the document');
    assert.deepEqual(
      diagnostics.map((d) => d.range.start.line),
      [3],
    );
  });

  it('follows edits in a large file, where it rescans around the edit first', async () => {
    const filler = Array.from({ length: 3000 }, (_, i) => `export const value${i} = compute(${i}, "label-${i}");`).join('\n');
    const token = fakeGitHubToken();
    const editor = await openFile('detect-large.ts', `${filler}\nexport const token = "${token}";\n${filler}\n`);
    assert.ok(editor.document.getText().length > 64 * 1024, 'the document is large enough for incremental scans');
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1 && d[0].range.start.line === 3000, 'the token in the large file');
    await editor.edit((edit) => edit.insert(new vscode.Position(10, 0), `const second = "${fakeGitHubToken()}";\n`));
    await waitForDiagnostics(
      editor.document.uri,
      (d) => d.length === 2 && d[0].range.start.line === 10 && d[1].range.start.line === 3001,
      'a second finding at the edit, and the first one shifted down a line',
    );
    await editor.edit((edit) => edit.delete(new vscode.Range(10, 0, 11, 0)));
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 1 && d[0].range.start.line === 3000, 'the inserted token to clear');
  });

  it('keeps exact ranges through a multi-cursor edit of a CRLF file with characters outside the BMP', async () => {
    const lines = Array.from({ length: 1200 }, (_, i) => `export const label${i} = "😀 ${i} ünï 𝒳";`);
    const tokens = [fakeGitHubToken(), fakeGitHubToken()];
    lines[300] = `const 𝒳 = "😀"; const first = "${tokens[0]}";`;
    lines[900] = `const 😀second = "${tokens[1]}";`;
    const editor = await openFile('detect-crlf.ts', lines.join('\r\n') + '\r\n');
    const { document } = editor;
    assert.equal(document.eol, vscode.EndOfLine.CRLF);
    // Where VS Code's own document has each token that is still whole.
    const tokenRanges = () =>
      tokens.flatMap((token) => {
        const at = document.getText().indexOf(token);
        return at === -1
          ? []
          : [`${document.positionAt(at).line}:${document.positionAt(at).character}-${document.positionAt(at + token.length).character}`];
      });
    const shownRanges = (diagnostics: vscode.Diagnostic[]) =>
      diagnostics.map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character}`);
    await waitForDiagnostics(document.uri, (d) => shownRanges(d).join() === tokenRanges().join(), 'the two tokens at their exact ranges');
    const third = fakeGitHubToken();
    tokens.unshift(third);
    // One edit of several changes, one notification: a token typed after a surrogate pair, a line
    // break removed above the first token, a surrogate pair put before the second one.
    await editor.edit((edit) => {
      edit.insert(new vscode.Position(100, 0), `const 😀third = "${third}";\r\n`);
      edit.delete(new vscode.Range(199, lines[199].length, 200, 0));
      edit.insert(new vscode.Position(900, 0), '𝒳 ');
    });
    await waitForDiagnostics(
      document.uri,
      (d) => shownRanges(d).join() === tokenRanges().join(),
      `diagnostics at the three tokens' ranges after the edit (${tokenRanges().join(', ')})`,
    );
  });

  it("follows each workspace folder's own detection settings in its files' diagnostics, as they change", async () => {
    const detection = (scope?: vscode.Uri): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vaultify.detection', scope);
    const alpha = folder('alpha').uri;
    // The user's limit is 1 KB; folder alpha raises it (a folder may raise it, never lower it).
    await detection().update('maxFileSizeKB', 1, vscode.ConfigurationTarget.Global);
    await detection(alpha).update('maxFileSizeKB', 64, vscode.ConfigurationTarget.WorkspaceFolder);
    const text = `GITHUB_TOKEN=${fakeGitHubToken()}\n${'# padding line\n'.repeat(200)}`;
    const inAlpha = await openFile('folder-settings.env', text, 'alpha');
    const inBeta = await openFile('folder-settings.env', text, 'beta');
    try {
      await waitForDiagnostics(inAlpha.document.uri, (d) => d.length === 1, "the token in alpha's file, under alpha's 64 KB limit");
      const skipped = (uri: vscode.Uri): boolean =>
        vaultifyLog().includes(`Not scanning ${uri.fsPath}: larger than vaultify.detection.maxFileSizeKB`);
      await waitFor(() => skipped(inBeta.document.uri) || undefined, "beta's 3 KB file skipped under the user's 1 KB limit");
      assert.equal(vaultifyDiagnostics(inBeta.document.uri).length, 0);
      assert.ok(!skipped(inAlpha.document.uri), "alpha's file was never skipped");

      // Typing in alpha's file is rescanned with alpha's settings too.
      // Its editor is behind beta's now: the edit goes through the workspace, as a refactoring's would.
      const typed = new vscode.WorkspaceEdit();
      typed.insert(inAlpha.document.uri, new vscode.Position(1, 0), `SECOND_TOKEN=${fakeGitHubToken()}\n`);
      assert.ok(await vscode.workspace.applyEdit(typed));
      await waitForDiagnostics(inAlpha.document.uri, (d) => d.length === 2, 'a token typed in alpha underlined');
      // Without alpha's own value, its file falls under the user's limit as well.
      await detection(alpha).update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await waitForDiagnostics(inAlpha.document.uri, (d) => d.length === 0, "alpha's file skipped once its folder setting is removed");
      await waitFor(() => skipped(inAlpha.document.uri) || undefined, "alpha's file skipped, and said so");
    } finally {
      await detection(alpha).update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      await detection().update('maxFileSizeKB', undefined, vscode.ConfigurationTarget.Global);
      await closeAllEditors();
      await vscode.workspace.fs.delete(inAlpha.document.uri);
      await vscode.workspace.fs.delete(inBeta.document.uri);
    }
  });

  it('scans untitled buffers in any language', async () => {
    const token = fakeGitHubToken();
    const document = await vscode.workspace.openTextDocument({ language: 'python', content: `client = Github("${token}")\n` });
    await vscode.window.showTextDocument(document);
    await waitForDiagnostics(document.uri, (d) => d.length === 1, 'a diagnostic in an untitled Python buffer');
  });

  it('"Ignore this finding" holds for `vaultify scan` on the settings the quick fix wrote', async () => {
    const token = fakeGitHubToken();
    // Plain text has no line comments: the quick fix writes a salted entry and its salt.
    const editor = await openFile('ignored-for-cli.txt', `deploy token ${token}\n`);
    const [finding] = await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token in plain text to be found');
    const detection = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('vaultify.detection', editor.document.uri);
    const result = await vscode.commands.executeCommand<{ how: string }>('vaultify.ignoreFinding', {
      uri: editor.document.uri.toString(),
      range: finding.range,
    });
    assert.equal(result.how, 'fingerprint');
    await waitForDiagnostics(editor.document.uri, (d) => d.length === 0, 'the ignored finding to clear in the editor');
    const written = {
      'vaultify.detection.ignoredValues': detection().inspect<string[]>('ignoredValues')?.workspaceValue,
      'vaultify.detection.ignoredValuesSalt': detection().inspect<string>('ignoredValuesSalt')?.workspaceValue,
    };
    assert.match(written['vaultify.detection.ignoredValues']?.join() ?? '', /^scrypt1:/);
    // The same file and the quick fix's settings in a repository of their own, as CI checks it out.
    const repo = mkdtempSync(path.join(tmpdir(), 'vaultify-ignored-'));
    try {
      writeFileSync(path.join(repo, 'ignored-for-cli.txt'), editor.document.getText());
      const cli = path.join(vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify')!.extensionPath, 'dist', 'cli.js');
      const scan = (): { status: number | null; stdout: string; stderr: string } =>
        spawnSync(process.execPath, [cli, 'scan', '.', '--format', 'json'], { cwd: repo, encoding: 'utf8' });
      assert.equal(scan().status, 1, 'without the settings, the CLI flags the token');
      mkdirSync(path.join(repo, '.vscode'));
      writeFileSync(path.join(repo, '.vscode', 'settings.json'), JSON.stringify(written, null, 2));
      const ignored = scan();
      assert.equal(ignored.status, 0, ignored.stdout + ignored.stderr);
    } finally {
      rmSync(repo, { recursive: true, force: true });
      await vscode.workspace.fs.delete(editor.document.uri);
      await detection().update('ignoredValues', undefined, vscode.ConfigurationTarget.Workspace);
      await detection().update('ignoredValuesSalt', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('Restart detection server clears the underlines and a fresh server puts them back', async () => {
    const editor = await openFile('restart-check.txt', `deploy token ${fakeGitHubToken()}\n`);
    try {
      await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token to be underlined before the restart');
      const counts: number[] = [];
      const listening = vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((u) => u.toString() === editor.document.uri.toString()))
          counts.push(vaultifyDiagnostics(editor.document.uri).length);
      });
      try {
        await vscode.commands.executeCommand('vaultify.restartDetectionServer');
        await waitFor(
          () => (counts.includes(0) && counts.lastIndexOf(1) > counts.indexOf(0) ? true : undefined),
          'the underline to clear and come back',
        );
      } finally {
        listening.dispose();
      }
    } finally {
      await vscode.workspace.fs.delete(editor.document.uri);
    }
  });
});
