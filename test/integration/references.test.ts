import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TestHooks } from '../../src/extension/testHooks';
import { Vault } from '../../src/extension/vault/vault';
import { PERSON } from '../../src/core/policy';
import { GLOBAL_SCOPE } from '../../src/extension/vault/vaultScope';
import { relativeTime } from '../../src/extension/vaultView/secretDetails';
import { VaultTreeProvider } from '../../src/extension/vaultView/vaultTree';
import { MemoryMemento, MemorySecrets } from './support/memoryStorage';
import { watchForPlaintext } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { closeAllEditors, openFile } from './support/workspace';

let counter = 0;
const uniqueName = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;
const syntheticValue = (): string => watchForPlaintext(`refs-test-value-${randomUUID()}`);

function addSecret(name: string, value: string): Thenable<unknown> {
  return vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
}

function deleteSecret(name: string): Thenable<unknown> {
  return vscode.commands.executeCommand('vaultify.deleteSecret', { name, scope: 'workspace', force: true });
}

function markdownOf(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

/** The decoded argument of each `command:ID?ARGS` link in a Markdown text, by command id. */
function commandLinks(markdown: string): Map<string, unknown> {
  const links = new Map<string, unknown>();
  for (const match of markdown.matchAll(/\(command:([\w.]+)\?([^)]+)\)/g)) {
    links.set(match[1], JSON.parse(decodeURIComponent(match[2]))[0]);
  }
  return links;
}

function missingSecretDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Vaultify' && d.code === 'missing-secret');
}

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('vault references in the editor', () => {
  const stored = uniqueName('refs/api-key');
  const value = syntheticValue();

  before(() => addSecret(stored, value));
  after(() => deleteSecret(stored));
  afterEach(closeAllEditors);

  it('hovers a reference with its metadata and Reveal, Copy and Rotate links, never its value', async () => {
    const editor = await openFile('refs-hover.env', `API_KEY=vault:${stored}\nURL=https://u:{{vault:${stored}}}@example.test\n`);
    for (const position of [new vscode.Position(0, 'API_KEY=vault:'.length + 2), new vscode.Position(1, 'URL=https://u:{{'.length)]) {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, position);
      const markdown = markdownOf(hovers);
      assert.ok(markdown.includes(`vault:${stored}`), markdown);
      assert.match(markdown, /\*\*Scope:\*\* workspace/);
      assert.match(markdown, /\*\*Created:\*\* (just now|\d+ minutes? ago) \\\(\d{4}-\d{2}-\d{2}\\\)/);
      assert.match(markdown, /\*\*Last used:\*\* never/);
      assert.match(markdown, /\*\*Expires:\*\* no expiry set/);
      assert.ok(!markdown.includes(value), 'the hover must not hold the value');
      const links = commandLinks(markdown);
      for (const command of ['vaultify.revealSecret', 'vaultify.copySecret', 'vaultify.rotateSecret']) {
        const { person, ...target } = links.get(command) as { person: string };
        assert.deepEqual(target, { name: stored, scope: 'workspace' }, command);
        assert.match(person, /^[0-9a-f]{32}$/, `${command} carries a link token, so a click counts as a person's`);
      }
    }
  });

  it('says in the hover when a name is not in the vault', async () => {
    const missing = uniqueName('refs/nowhere');
    const editor = await openFile('refs-hover-missing.yaml', `token: vault:${missing}\n`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      editor.document.uri,
      new vscode.Position(0, 'token: vault:'.length),
    );
    const markdown = markdownOf(hovers);
    assert.ok(markdown.includes(`vault:${missing}`) && markdown.includes('is not in the vault'), markdown);
    const { person: _token, ...target } = commandLinks(markdown).get('vaultify.addSecret') as { person: string };
    assert.deepEqual(target, { name: missing });
  });

  it('completes stored names after vault: with kind and scope, and closes {{vault:', async () => {
    const editor = await openFile('refs-complete.env', `A=vault:\nB=postgres://app:{{vault:@db/app\n`);
    const bare = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(0, 'A=vault:'.length),
      ':',
    );
    const item = bare.items.find((i) => labelOf(i) === stored);
    assert.ok(item, `${stored} is offered among ${bare.items.map(labelOf).join(', ')}`);
    assert.equal(item.detail, 'secret · workspace scope');
    assert.equal(item.insertText, stored);

    const embedded = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(1, 'B=postgres://app:{{vault:'.length),
      ':',
    );
    assert.equal(embedded.items.find((i) => labelOf(i) === stored)?.insertText, `${stored}}}`);
  });

  it('offers nothing where vault: is part of a longer word', async () => {
    const editor = await openFile('refs-complete-word.txt', 'myvault:\n');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      new vscode.Position(0, 'myvault:'.length),
      ':',
    );
    assert.equal(
      list.items.find((i) => labelOf(i) === stored),
      undefined,
    );
  });

  it('warns on a missing name, offers Add to vault, and clears once the secret is added', async () => {
    const missing = uniqueName('refs/db-password');
    const added = syntheticValue();
    const editor = await openFile(
      'refs-missing.json',
      `{\n  "ok": "vault:${stored}",\n  "db": "postgres://app:{{vault:${missing}}}@db/app"\n}\n`,
    );
    const uri = editor.document.uri;
    const [diagnostic] = await waitFor(() => {
      const found = missingSecretDiagnostics(uri);
      return found.length ? found : undefined;
    }, 'a missing-secret warning');
    assert.equal(missingSecretDiagnostics(uri).length, 1, 'only the unknown name is flagged');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(editor.document.getText(diagnostic.range), `{{vault:${missing}}}`);
    assert.ok(diagnostic.message.includes(missing));

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range);
    const fix = actions.find((a) => a.title.startsWith(`Add "${missing}" to the vault`));
    assert.ok(fix, `an Add to vault quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(fix.command?.command, 'vaultify.addSecret');
    assert.deepEqual(fix.command?.arguments, [{ name: missing }]);

    await addSecret(missing, added);
    try {
      await waitFor(
        () => (missingSecretDiagnostics(uri).length === 0 ? true : undefined),
        'the warning to clear once the secret is stored',
      );
    } finally {
      await deleteSecret(missing);
    }
    await waitFor(
      () => (missingSecretDiagnostics(uri).length === 1 ? true : undefined),
      'the warning to return once the secret is deleted',
    );
  });

  it('follows edits: a reference typed to an unknown name warns, and fixing the name clears it', async () => {
    const editor = await openFile('refs-edit.ts', `const key = "vault:${stored}";\n`);
    const uri = editor.document.uri;
    const line = editor.document.lineAt(0).range;
    await editor.edit((edit) => edit.replace(line, `const key = "vault:${stored}-typo";`));
    await waitFor(() => (missingSecretDiagnostics(uri).length === 1 ? true : undefined), 'a warning on the misspelt name');
    await editor.edit((edit) => edit.replace(editor.document.lineAt(0).range, `const key = "vault:${stored}";`));
    await waitFor(() => (missingSecretDiagnostics(uri).length === 0 ? true : undefined), 'the warning to clear after the fix');
  });
});

describe('the Vault view', () => {
  const DAY = 86_400_000;
  let log: vscode.LogOutputChannel;
  let vault: Vault;
  let clock: Date;
  let tree: VaultTreeProvider;

  beforeEach(() => {
    log = vscode.window.createOutputChannel('Vaultify view test', { log: true });
    vault = new Vault(new MemorySecrets(), new MemoryMemento(), new TestHooks(), log);
    clock = new Date();
    tree = new VaultTreeProvider(vault, { now: () => clock });
  });

  afterEach(() => {
    tree.dispose();
    log.dispose();
  });

  it('has no nodes while the vault is empty, so the welcome view shows', () => {
    assert.deepEqual(tree.getChildren(), []);
  });

  it('lists scopes, then secrets with kind and age, as the arguments the menu commands take', async () => {
    const value = syntheticValue();
    const workspaceScope = vault.scopeId('workspace')!;
    const token = await vault.store(
      'github/token',
      value,
      workspaceScope,
      { kind: 'github-token', origin: '.env', environment: 'staging' },
      PERSON,
    );
    await vault.store(
      'npm/token',
      syntheticValue(),
      GLOBAL_SCOPE,
      { expires: new Date(Date.now() + DAY).toISOString(), policy: 'person-only' },
      PERSON,
    );
    clock = new Date(Date.parse(token.updated) + 3 * DAY + 60_000);

    const scopes = tree.getChildren();
    assert.deepEqual(scopes, [{ scopeKind: 'workspace' }, { scopeKind: 'global' }]);
    assert.deepEqual(
      scopes.map((s) => tree.getTreeItem(s).label),
      ['Workspace', 'Global'],
    );
    const [secret] = tree.getChildren(scopes[0]);
    assert.deepEqual(secret, { name: 'github/token', scope: 'workspace' });
    assert.deepEqual(tree.getChildren(scopes[1]), [{ name: 'npm/token', scope: 'global' }]);

    const item = tree.getTreeItem(secret);
    assert.equal(item.label, 'github/token');
    assert.equal(item.contextValue, 'secret');
    assert.equal(item.description, 'staging · github-token · updated 3 days ago');
    const tooltip = (item.tooltip as vscode.MarkdownString).value;
    assert.match(tooltip, /\*\*Origin:\*\* \.env/);
    assert.ok(!tooltip.includes(value) && !String(item.description).includes(value), 'no value in the view');

    assert.equal(
      tree.getTreeItem({ name: 'npm/token', scope: 'global' }).description,
      'secret · updated 3 days ago · person only · expired',
    );
  });

  it('refreshes when the vault changes', async () => {
    let refreshed = 0;
    tree.onDidChangeTreeData(() => refreshed++);
    await vault.store('svc/key', syntheticValue(), GLOBAL_SCOPE, {}, PERSON);
    assert.equal(refreshed, 1);
    await vault.delete('svc/key', GLOBAL_SCOPE, PERSON);
    assert.equal(refreshed, 2);
    assert.deepEqual(tree.getChildren(), []);
  });

  it('tells ages in words, past and future', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    assert.equal(relativeTime('2026-03-10T11:59:30Z', now), 'just now');
    assert.equal(relativeTime('2026-03-10T11:59:00Z', now), '1 minute ago');
    assert.equal(relativeTime('2026-03-10T07:00:00Z', now), '5 hours ago');
    assert.equal(relativeTime('2026-03-07T12:00:00Z', now), '3 days ago');
    assert.equal(relativeTime('2025-03-10T12:00:00Z', now), '1 year ago');
    assert.equal(relativeTime('2026-03-12T12:00:00Z', now), 'in 2 days');
    assert.equal(relativeTime('not a date', now), 'not a date');
  });
});

/**
 * The injection grammar, tokenized by the vscode-textmate and Oniguruma of the running VS Code,
 * over the grammars its extensions contribute (this one's package.json included).
 */
describe('the reference grammar', () => {
  const SECRET_NAME = 'variable.other.constant.secret-name.vaultify';
  let tokenize: (scopeName: string, text: string) => Promise<{ text: string; scopes: string[] }[]>;

  before(async function () {
    const modules = path.join(vscode.env.appRoot, 'node_modules');
    if (!fs.existsSync(path.join(modules, 'vscode-textmate'))) this.skip();
    const textmate = require(path.join(modules, 'vscode-textmate'));
    const oniguruma = require(path.join(modules, 'vscode-oniguruma'));
    await oniguruma.loadWASM(fs.readFileSync(path.join(modules, 'vscode-oniguruma/release/onig.wasm')).buffer);

    const grammarFiles = new Map<string, string>();
    const injections = new Map<string, string[]>();
    for (const extension of vscode.extensions.all) {
      for (const grammar of extension.packageJSON.contributes?.grammars ?? []) {
        grammarFiles.set(grammar.scopeName, path.join(extension.extensionPath, grammar.path));
        for (const target of grammar.injectTo ?? []) injections.set(target, [...(injections.get(target) ?? []), grammar.scopeName]);
      }
    }
    const registry = new textmate.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (text: string) => new oniguruma.OnigString(text),
      }),
      loadGrammar: async (scopeName: string) => {
        const file = grammarFiles.get(scopeName);
        return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      // As VS Code's TMGrammarFactory does: an injectTo entry reaches every scope it is a
      // dot-separated prefix of, so "source" reaches source.yaml, source.dotenv, ...
      getInjections: (scopeName: string) => {
        const parts = scopeName.split('.');
        return parts.flatMap((_, i) => injections.get(parts.slice(0, i + 1).join('.')) ?? []);
      },
    });
    tokenize = async (scopeName, text) => {
      const grammar = await registry.loadGrammar(scopeName);
      assert.ok(grammar, `VS Code has a grammar for ${scopeName}`);
      let state = textmate.INITIAL;
      const tokens: { text: string; scopes: string[] }[] = [];
      for (const line of text.split('\n')) {
        const result = grammar.tokenizeLine(line, state);
        for (const token of result.tokens) tokens.push({ text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
        state = result.ruleStack;
      }
      return tokens;
    };
  });

  const samples: [scopeName: string, text: string][] = [
    ['source.dotenv', 'DB_PASSWORD=vault:db/password'],
    ['source.dotenv', 'DATABASE_URL="postgres://app:{{vault:db/password}}@db:5432/app"'],
    ['source.json', '{ "password": "vault:db/password" }'],
    ['source.json.comments', '{ /* rotate vault:db/password yearly */ "url": "postgres://app:{{vault:db/password}}@db" }'],
    ['source.yaml', 'password: vault:db/password'],
    ['source.yaml', 'url: postgres://app:{{vault:db/password}}@db:5432/app'],
    ['source.yaml', '# the password is vault:db/password'],
    ['source.ts', 'const password = "vault:db/password";'],
    ['source.ts', '// read from vault:db/password'],
    ['source.python', 'password = os.environ.get("P", "vault:db/password")  # or vault:db/password'],
    ['text.html.markdown', 'The password is vault:db/password.'],
  ];
  for (const [scopeName, text] of samples) {
    it(`highlights every reference in ${scopeName}: ${text}`, async () => {
      const names = (await tokenize(scopeName, text)).filter((t) => t.scopes.includes(SECRET_NAME));
      const expected = text.match(/vault:db\/password/g)!.length;
      assert.deepEqual(
        names.map((t) => t.text),
        Array(expected).fill('db/password'),
      );
    });
  }

  it('leaves look-alikes alone', async () => {
    const tokens = await tokenize('source.ts', 'const a = "myvault:x"; const b = "{vault:y}"; const c = "vault:";');
    assert.deepEqual(
      tokens.filter((t) => t.scopes.includes(SECRET_NAME)),
      [],
    );
  });
});
