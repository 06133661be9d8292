import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { BLOCK_BEGIN, listedSecretFiles } from '../../src/core/guard';
import { appendToGitignore, filesToGitignore } from '../../src/extension/guard/gitignoreOffer';
import type { GuardFolderSummary } from '../../src/extension/guard/guardUpkeep';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { waitFor, waitForDiagnostics } from './support/wait';
import { closeAllEditors, folder, openFile } from './support/workspace';

/**
 * The AI guard in a real VS Code: files written at each folder's top, kept current by the
 * watcher and by detection, merged into settings files without loss, and shown in the "what AI
 * can't see" document. Every file a test creates sits in a `guard-*` folder or is put back as it
 * was, since the other suites share the workspace.
 */
describe('AI guard', function () {
  this.timeout(150_000);
  const WAIT_MS = 30_000;
  /** A file event's rescan goes to the language server's worker, which may have to start first. */
  const SCAN_WAIT_MS = 60_000;
  afterEach(closeAllEditors);

  const root = (name: 'alpha' | 'beta'): string => folder(name).uri.fsPath;
  const read = (file: string): string | undefined => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
  const write = (file: string, text: string): void => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  };
  const hides = (text: string | undefined, file: string): boolean => text !== undefined && ignore().add(text).ignores(file);

  /** Puts the given files (and the folders that did not exist) back as they were, whatever the test did. */
  function keep(...paths: string[]): () => void {
    const saved = paths.map((p) => ({
      p,
      existed: fs.existsSync(p),
      bytes: fs.existsSync(p) && fs.statSync(p).isFile() ? fs.readFileSync(p) : undefined,
    }));
    return () => {
      for (const { p, existed, bytes } of saved.reverse()) {
        if (bytes) fs.writeFileSync(p, bytes);
        else if (!existed) fs.rmSync(p, { recursive: true, force: true });
      }
    };
  }

  async function guardWorkspace(tools: string[]): Promise<GuardFolderSummary[]> {
    return await vscode.commands.executeCommand<GuardFolderSummary[]>('vaultify.guardWorkspace', { tools });
  }

  /**
   * Files the fixture puts in alpha before code-server starts, which no test opens unless it says
   * so: an AWS key pair in a JSON file and a Slack token in a shell script. The fixture's
   * committed .cursorignore lists them, as a teammate's Vaultify wrote it; .copilotignore is not
   * committed.
   */
  describe('files no editor opened', () => {
    const UNOPENED = ['guard-unopened/settings.json', 'guard-unopened/notify.sh'];
    const COMMITTED = fs.readFileSync(path.resolve(__dirname, '../../../test/integration/fixtures/.cursorignore'), 'utf8');
    const listFile = (name: '.copilotignore' | '.cursorignore'): string => path.join(root('alpha'), name);
    const listed = (name: '.copilotignore' | '.cursorignore'): string[] => listedSecretFiles(read(listFile(name)) ?? '');
    const isOpen = (file: string): boolean => vscode.workspace.textDocuments.some((d) => d.uri.fsPath === path.join(root('alpha'), file));
    /** Waits until both lists name (or no longer name) `file`. */
    const waitForListing = async (file: string, present: boolean, why: string): Promise<void> => {
      for (const name of ['.copilotignore', '.cursorignore'] as const) {
        await waitFor(
          () => (listed(name).includes(file) === present ? true : undefined),
          `${name} ${present ? 'to list' : 'to drop'} ${file} ${why}`,
          SCAN_WAIT_MS,
        );
      }
    };

    it('lists them in .copilotignore and .cursorignore without any editor opening them', async () => {
      for (const file of UNOPENED) assert.ok(!isOpen(file), `${file} was never opened`);
      for (const file of UNOPENED) await waitForListing(file, true, 'found by the background scan');
      assert.ok(!read(listFile('.copilotignore'))!.includes('AKIA'), 'the list names the file, never the value');
      for (const file of UNOPENED) assert.ok(!isOpen(file), `${file} is still not open`);
    });

    it("lists them in the document of what AI can't see", async () => {
      for (const file of UNOPENED) await waitForListing(file, true, 'before the document is shown');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('vaultify.showAiHiddenFiles');
      const text = (await vscode.workspace.openTextDocument(uri)).getText();
      const alpha = text.split(/^## /m).find((part) => part.startsWith('alpha\n'))!;
      for (const tool of ['GitHub Copilot', 'Cursor']) {
        const section = alpha.split(/^### /m).find((part) => part.startsWith(tool));
        for (const file of UNOPENED) assert.ok(section?.includes(`- \`${file}\``), `the ${tool} section lists ${file}`);
      }
      assert.ok(!alpha.includes('still scanning'), 'the scan of alpha is complete');
      for (const file of UNOPENED) assert.ok(!isOpen(file), `${file} was not opened to list it`);
    });

    it('keeps every line of the committed .cursorignore after activation and after Generate AI ignore files', async () => {
      const committedLines = COMMITTED.split('\n').filter(Boolean);
      const missing = (): string[] => {
        const now = new Set((read(listFile('.cursorignore')) ?? '').split('\n'));
        return committedLines.filter((line) => !now.has(line));
      };
      assert.deepEqual(listedSecretFiles(COMMITTED), [...UNOPENED].sort(), 'the fixture commits both files in the list');
      assert.deepEqual(missing(), [], 'no committed line was removed after activation');
      await guardWorkspace(['copilot', 'cursor']);
      assert.deepEqual(missing(), [], 'no committed line was removed by Generate AI ignore files');
    });

    it('keeps an entry while the credential is on disk: its editor showing none (unsaved) or its tab closed', async () => {
      const file = 'guard-unopened/settings.json';
      await waitForListing(file, true, 'before the file opens');
      const uri = vscode.Uri.file(path.join(root('alpha'), file));
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await waitForDiagnostics(uri, (d) => d.length > 0, `the AWS key pair in ${file} to be underlined`);
      const text = editor.document.getText();
      const whole = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(text.length));
      await editor.edit((edit) => edit.replace(whole, text.replace(/"(AKIA\w+|[\w+/]{40})"/g, '"vault:aws/unsaved"')));
      await waitForDiagnostics(uri, (d) => d.length === 0, `the editor of ${file} to show no credential after the unsaved edit`);
      // The command plans from everything known now, the editor's empty diagnostics included.
      await guardWorkspace(['copilot', 'cursor']);
      assert.ok(
        listed('.copilotignore').includes(file) && listed('.cursorignore').includes(file),
        `${file} stays listed while its editor shows no credential`,
      );
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
      await waitFor(() => (vscode.window.tabGroups.all.some((g) => g.tabs.length) ? undefined : true), 'the tab to close');
      await guardWorkspace(['copilot', 'cursor']);
      assert.ok(
        listed('.copilotignore').includes(file) && listed('.cursorignore').includes(file),
        `${file} stays listed after its tab closed`,
      );
    });

    it('drops a file cleaned on disk outside the editor, and lists it again when the credential comes back', async () => {
      const file = 'guard-unopened/notify.sh';
      const absolute = path.join(root('alpha'), file);
      const restore = keep(absolute);
      try {
        await waitForListing(file, true, 'before it is cleaned');
        fs.writeFileSync(absolute, read(absolute)!.replace(/Bearer \S+"/, 'Bearer $SLACK_TOKEN"'));
        await waitForListing(file, false, 'once it is scanned clean');
      } finally {
        restore();
      }
      await waitForListing(file, true, 'once the token is back on disk');
    });

    it('drops a file deleted on disk, and lists it again when it is back', async () => {
      const file = 'guard-unopened/settings.json';
      const absolute = path.join(root('alpha'), file);
      const restore = keep(absolute);
      try {
        await waitForListing(file, true, 'before it is deleted');
        fs.rmSync(absolute);
        await waitForListing(file, false, 'once it is gone');
      } finally {
        restore();
      }
      await waitForListing(file, true, 'once it is back');
    });

    it('answers Stop background credential scan with whether a scan was running', async () => {
      await guardWorkspace(['copilot', 'cursor']);
      assert.equal(
        await vscode.commands.executeCommand('vaultify.stopCredentialScan'),
        false,
        'no scan runs once the command has waited for the complete one',
      );
    });
  });

  it('writes .copilotignore and .cursorignore at the top of each workspace folder after activation', async () => {
    for (const name of ['alpha', 'beta'] as const) {
      for (const file of ['.copilotignore', '.cursorignore']) {
        const text = await waitFor(
          () => (read(path.join(root(name), file))?.includes(BLOCK_BEGIN) ? read(path.join(root(name), file)) : undefined),
          `${name}/${file} with Vaultify's block`,
          WAIT_MS,
        );
        assert.ok(hides(text, '.env') && !hides(text, '.env.example'), `${name}/${file} hides .env and leaves .env.example readable`);
      }
    }
  });

  it('updates .copilotignore and .cursorignore when secrets/prod.env and deploy/id_ed25519 are created, keeping the user lines', async () => {
    const files = ['.copilotignore', '.cursorignore'].map((f) => path.join(root('alpha'), f));
    const restore = keep(...files, path.join(root('alpha'), 'guard-upkeep'));
    try {
      // A team's own lists, without Vaultify's block yet (Vaultify ignores events on its own files).
      for (const file of files) write(file, '# team list\nbuild/\n');
      write(path.join(root('alpha'), 'guard-upkeep/secrets/prod.env'), 'APP_MODE=production\n');
      write(path.join(root('alpha'), 'guard-upkeep/deploy/id_ed25519'), 'synthetic key material for a test\n');
      for (const file of files) {
        const text = await waitFor(
          () => {
            const now = read(file);
            return hides(now, 'guard-upkeep/secrets/prod.env') && hides(now, 'guard-upkeep/deploy/id_ed25519') ? now : undefined;
          },
          `${path.basename(file)} to hide guard-upkeep/secrets/prod.env and guard-upkeep/deploy/id_ed25519 after they were created`,
          WAIT_MS,
        );
        assert.ok(text.startsWith('# team list\nbuild/\n'), `the user's lines stay first and untouched in ${path.basename(file)}`);
        assert.ok(text.includes(BLOCK_BEGIN));
      }
    } finally {
      restore();
    }
  });

  it('adds a file with a detected secret to the lists, and drops it once the vault reference is saved', async () => {
    const copilot = path.join(root('alpha'), '.copilotignore');
    const cursor = path.join(root('alpha'), '.cursorignore');
    const restore = keep(path.join(root('alpha'), 'guard-secret'));
    try {
      const token = fakeGitHubToken();
      const editor = await openFile('guard-secret/service.json', `{\n  "token": "${token}"\n}\n`);
      await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token in guard-secret/service.json to be detected');
      for (const file of [copilot, cursor]) {
        await waitFor(
          () => (read(file)?.includes('/guard-secret/service.json') ? true : undefined),
          `${path.basename(file)} to name guard-secret/service.json`,
          WAIT_MS,
        );
      }
      assert.ok(!read(copilot)!.includes(token.slice(4)), 'the ignore file names the file, never the value');
      const line = editor.document.lineAt(1);
      await editor.edit((edit) => edit.replace(line.range, '  "token": "vault:guard/token"'));
      await waitForDiagnostics(editor.document.uri, (d) => d.length === 0, 'the finding to clear once the value is a reference');
      // Until saved, the literal is still on disk for any assistant that reads files.
      // On a loaded machine the workbench can abort a save whose will-save participants overrun
      // their time budget; a person presses Save again, and so does the test.
      await waitFor(async () => (await editor.document.save()) || !editor.document.isDirty, 'the reference to be saved', WAIT_MS);
      for (const file of [copilot, cursor]) {
        await waitFor(
          () => (read(file)?.includes('/guard-secret/') === false ? true : undefined),
          `${path.basename(file)} to drop guard-secret/service.json`,
          WAIT_MS,
        );
      }
    } finally {
      await closeAllEditors();
      restore();
      // The next test compares the lists with what they were when it started: none of this one's
      // files may still be on its way out of them then.
      for (const file of [copilot, cursor]) {
        await waitFor(
          () => (read(file)?.includes('/guard-secret/') === false ? true : undefined),
          `${path.basename(file)} to name nothing under guard-secret/ once the folder is removed`,
          WAIT_MS,
        );
      }
    }
  });

  it('shrinks the lists again when the last file with a detected secret is deleted', async () => {
    const copilot = path.join(root('alpha'), '.copilotignore');
    const before = await waitFor(() => read(copilot), 'alpha/.copilotignore', WAIT_MS);
    const restore = keep(path.join(root('alpha'), 'guard-deleted'));
    try {
      const editor = await openFile('guard-deleted/client.ts', `export const token = "${fakeGitHubToken()}";\n`);
      await waitForDiagnostics(editor.document.uri, (d) => d.length === 1, 'the token in guard-deleted/client.ts to be detected');
      await waitFor(
        () => (read(copilot)?.includes('/guard-deleted/client.ts') ? true : undefined),
        '.copilotignore to name guard-deleted/client.ts',
        WAIT_MS,
      );
      // The editor stays open, so the finding outlives the file: the file's absence must win.
      await vscode.workspace.fs.delete(editor.document.uri);
      const after = await waitFor(
        () => (read(copilot)?.includes('/guard-deleted/') === false ? read(copilot) : undefined),
        '.copilotignore to shrink after the delete',
        WAIT_MS,
      );
      assert.equal(after, before, 'the list is back to what it was before the file appeared');
    } finally {
      await closeAllEditors();
      restore();
    }
  });

  it('merges Claude Code deny rules into an existing .claude/settings.json without losing comments or other keys', async () => {
    const settings = path.join(root('beta'), '.claude', 'settings.json');
    const restore = keep(path.join(root('alpha'), '.claude'), path.join(root('beta'), '.claude'));
    try {
      const original = [
        '{',
        '  // Team settings: keep this comment',
        '  "model": "sonnet",',
        '  "permissions": {',
        '    "allow": ["Bash(npm test)"], // tests may run',
        '    "deny": ["Read(./private/**)"]',
        '  },',
        '  "env": { "LOG_LEVEL": "debug" }',
        '}',
        '',
      ].join('\n');
      write(settings, original);
      const summary = await guardWorkspace(['claude']);
      const beta = summary.find((s) => s.folder === 'beta');
      assert.deepEqual(beta?.files, [{ file: '.claude/settings.json', outcome: 'updated' }]);
      const merged = read(settings)!;
      for (const line of [
        '  // Team settings: keep this comment',
        '  "model": "sonnet",',
        '    "allow": ["Bash(npm test)"], // tests may run',
        '  "env": { "LOG_LEVEL": "debug" }',
      ]) {
        assert.ok(merged.includes(line), `the merged file keeps ${line.trim()}`);
      }
      const parsed = parse(merged) as { model: string; env: unknown; permissions: { allow: string[]; deny: string[] } };
      assert.equal(parsed.model, 'sonnet');
      assert.deepEqual(parsed.env, { LOG_LEVEL: 'debug' });
      assert.deepEqual(parsed.permissions.allow, ['Bash(npm test)']);
      assert.ok(parsed.permissions.deny.includes('Read(./private/**)'), "the user's own deny rule stays");
      assert.ok(
        parsed.permissions.deny.includes('Read(./**/.env)'),
        `Vaultify's rules are added: ${parsed.permissions.deny.slice(0, 5).join(', ')}…`,
      );
      assert.ok(!parsed.permissions.deny.some((rule) => rule.includes('.env.example')), 'no rule hides .env.example');

      const again = await guardWorkspace(['claude']);
      assert.deepEqual(again.find((s) => s.folder === 'beta')?.files, [{ file: '.claude/settings.json', outcome: 'unchanged' }]);
      assert.equal(read(settings), merged, 'a second run leaves the file byte-identical');
    } finally {
      restore();
    }
  });

  it('reports a malformed .vscode/settings.json and leaves it byte-identical', async () => {
    const settings = path.join(root('beta'), '.vscode', 'settings.json');
    const restore = keep(
      path.join(root('alpha'), '.vscode'),
      path.join(root('alpha'), '.vscode', 'settings.json'),
      path.join(root('beta'), '.vscode'),
    );
    try {
      const malformed = '{\r\n  "editor.tabSize": 2,\r\n  "files.exclude": {\r\n    "**/dist": true\r\n\r\n';
      write(settings, malformed);
      const summary = await guardWorkspace(['vscode']);
      const [beta] = summary.find((s) => s.folder === 'beta')!.files;
      assert.equal(beta.file, '.vscode/settings.json');
      assert.equal(beta.outcome, 'skipped');
      assert.match(beta.reason ?? '', /not valid JSON/);
      assert.ok(!beta.reason!.includes('dist'), 'the reason never quotes the file');
      assert.equal(fs.readFileSync(settings, 'latin1'), malformed, 'the file is left byte-identical');
    } finally {
      restore();
    }
  });

  it('rejects unknown tool names given to the command', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.guardWorkspace', { tools: ['copilot', 'notepad'] })),
      /Unknown AI tool "notepad"/,
    );
  });

  it("lists .env under Copilot and not .env.example in the document of what AI can't see", async () => {
    const restore = keep(path.join(root('alpha'), 'guard-view'));
    try {
      write(path.join(root('alpha'), 'guard-view/.env'), 'APP_MODE=demo\n');
      write(path.join(root('alpha'), 'guard-view/.env.example'), 'APP_MODE=\n');
      const uri = await vscode.commands.executeCommand<vscode.Uri>('vaultify.showAiHiddenFiles');
      assert.equal(uri?.scheme, 'vaultify-hidden');
      const copilot = await waitFor(
        async () => {
          const text = (await vscode.workspace.openTextDocument(uri)).getText();
          const alpha = text.split(/^## /m).find((part) => part.startsWith('alpha\n'));
          const section = alpha?.split(/^### /m).find((part) => part.startsWith('GitHub Copilot'));
          return section?.includes('- `guard-view/.env`') ? section : undefined;
        },
        'the Copilot section of alpha to list guard-view/.env',
        WAIT_MS,
      );
      assert.ok(!copilot.includes('guard-view/.env.example'), '.env.example stays readable');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the document is shown');
      assert.equal(vscode.window.activeTextEditor?.document.languageId, 'markdown');
    } finally {
      restore();
    }
  });

  describe('the .gitignore offer', () => {
    it('finds .env-like and key files git would commit, reading nested .gitignore files', async () => {
      const dir = path.join(root('alpha'), 'guard-git');
      const restore = keep(dir);
      try {
        write(path.join(dir, '.gitignore'), '*.pem\r\n');
        write(path.join(dir, 'api/.gitignore'), '.env\n');
        const files = ['.gitignore', 'api/.gitignore', '.env', 'api/.env', 'keys/deploy.pem', 'keys/id_ed25519', 'config.json', 'app.ts'];
        const sensitive = ['.env', 'api/.env', 'keys/deploy.pem', 'keys/id_ed25519', 'config.json'];
        assert.deepEqual(await filesToGitignore(dir, sensitive, files), ['.env', 'keys/id_ed25519']);
      } finally {
        restore();
      }
    });

    it('appends exact paths in the file’s own line endings, after which they are ignored', async () => {
      const dir = path.join(root('alpha'), 'guard-git');
      const restore = keep(dir);
      try {
        write(path.join(dir, '.gitignore'), 'node_modules/\r\n*.pem');
        await appendToGitignore(dir, ['.env', 'keys/id_ed25519']);
        assert.equal(
          read(path.join(dir, '.gitignore')),
          'node_modules/\r\n*.pem\r\n\r\n# secret files (added by Vaultify)\r\n/.env\r\n/keys/id_ed25519\r\n',
        );
        assert.deepEqual(await filesToGitignore(dir, ['.env', 'keys/id_ed25519'], ['.gitignore', '.env', 'keys/id_ed25519']), []);
      } finally {
        restore();
      }
    });
  });
});
