import * as assert from 'node:assert/strict';
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  BLOCK_BEGIN,
  DEFAULT_TOOLS,
  applyGuardPlan,
  filesHiddenByTools,
  listWorkspaceFiles,
  planGuard,
  readGuardFiles,
  selectTools,
  toolsInUse,
} from '../../src/core/guard';

function makeWorkspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-guard-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const BASIC = {
  '.env': 'API_KEY=not-a-real-key\n',
  '.env.example': 'API_KEY=\n',
  'secrets/prod.env': 'DB_PASSWORD=fake\n',
  'deploy/id_ed25519': 'not a key\n',
  'deploy/id_ed25519.pub': 'ssh-ed25519 AAAA fake\n',
  'src/index.ts': 'export {};\n',
};

describe('guard: tool selection', () => {
  it('defaults to Copilot and Cursor', () => {
    assert.deepEqual(selectTools(DEFAULT_TOOLS, []).tools, ['copilot', 'cursor']);
  });

  it('"auto" adds each tool the folder shows signs of using', () => {
    const root = [
      '.claude',
      '.aider.conf.yml',
      '.idea',
      '.windsurfrules',
      '.kiro',
      '.roo',
      '.continue',
      '.gemini',
      '.cursor',
      'src',
      '.aiexclude',
    ];
    assert.deepEqual(toolsInUse(root), [
      'cursor',
      'gemini-code-assist',
      'windsurf',
      'gemini-cli',
      'aider',
      'roo',
      'jetbrains',
      'continue',
      'kiro',
      'claude',
      'claude-hooks',
      'cursor-hooks',
    ]);
    assert.deepEqual(toolsInUse(['.augmentignore', '.vscode']), ['augment', 'vscode', 'vscode-hooks']);
    assert.deepEqual(toolsInUse(['src', 'package.json']), []);
    assert.deepEqual(selectTools(['copilot', 'auto'], ['.claude']).tools, ['copilot', 'claude', 'claude-hooks']);
  });

  it('accepts names and aliases, each once, and reports unknown names', () => {
    const selection = selectTools(['Codeium', 'aiexclude', 'junie', 'windsurf', 'chatgpt', ' '], []);
    assert.deepEqual(selection.tools, ['gemini-code-assist', 'windsurf', 'jetbrains']);
    assert.deepEqual(selection.unknown, ['chatgpt']);
  });
});

describe('guard: plan and write', () => {
  const dirs: string[] = [];
  const workspace = (files: Record<string, string>): string => {
    const dir = makeWorkspace(files);
    dirs.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("lists the folder's files, leaving vendor folders out", async () => {
    const dir = workspace({ ...BASIC, 'node_modules/x/.env': '', '.git/config': '' });
    symlinkSync(path.join(dir, 'src/index.ts'), path.join(dir, 'linked.ts'));
    symlinkSync(path.join(dir, 'src'), path.join(dir, 'linked-src'));
    const files = (await listWorkspaceFiles(dir)).sort();
    assert.deepEqual(files, [
      '.env',
      '.env.example',
      'deploy/id_ed25519',
      'deploy/id_ed25519.pub',
      'linked.ts',
      'secrets/prod.env',
      'src/index.ts',
    ]);
  });

  it('writes the default files, then finds nothing to change and writes nothing', async () => {
    const dir = workspace(BASIC);
    const first = await planGuard(dir);
    assert.deepEqual(
      first.files.map((f) => [f.file, f.action]),
      [
        ['.copilotignore', 'create'],
        ['.cursorignore', 'create'],
      ],
    );
    assert.deepEqual(
      (await applyGuardPlan(first)).map((r) => r.outcome),
      ['created', 'created'],
    );
    const text = readFileSync(path.join(dir, '.cursorignore'), 'utf8');
    assert.ok(text.startsWith(BLOCK_BEGIN));
    const before = statSync(path.join(dir, '.cursorignore'));

    const second = await planGuard(dir);
    assert.deepEqual(
      second.files.map((f) => f.action),
      ['unchanged', 'unchanged'],
    );
    assert.deepEqual(
      (await applyGuardPlan(second)).map((r) => r.outcome),
      ['unchanged', 'unchanged'],
    );
    const after = statSync(path.join(dir, '.cursorignore'));
    assert.equal(after.ino, before.ino, 'not rewritten');
    assert.equal(after.mtimeMs, before.mtimeMs);
  });

  it('shrinks the lists again when the last file of a sensitive folder goes', async () => {
    const dir = workspace({ 'src/a.ts': '', 'deploy/envs/prod.yaml': '' });
    await applyGuardPlan(await planGuard(dir));
    assert.match(readFileSync(path.join(dir, '.copilotignore'), 'utf8'), /^\/deploy\/envs\/$/m);
    rmSync(path.join(dir, 'deploy'), { recursive: true });
    await applyGuardPlan(await planGuard(dir));
    assert.doesNotMatch(readFileSync(path.join(dir, '.copilotignore'), 'utf8'), /deploy/);
  });

  it('creates .claude/settings.json and .vscode/settings.json when asked', async () => {
    const dir = workspace(BASIC);
    const plan = await planGuard(dir, { tools: ['claude', 'vscode'] });
    await applyGuardPlan(plan);
    assert.match(readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'), /"Read\(\.\/\*\*\/\.env\)"/);
    assert.match(readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8'), /"dotenv": false/);
  });

  it('carries files with a detected secret and extra patterns into every file', async () => {
    const dir = workspace({ ...BASIC, 'config/app.json': '{}', 'local.properties': '' });
    const plan = await planGuard(dir, {
      tools: ['copilot', 'gemini-code-assist'],
      secretFiles: ['config/app.json'],
      extraPatterns: ['local.properties'],
    });
    for (const file of plan.files) {
      assert.match(file.after!, /^\/config\/app\.json$/m, file.file);
      assert.match(file.after!, /^local\.properties$/m, file.file);
    }
  });

  it('skips a read-only file and leaves it as it was', async () => {
    const dir = workspace({ ...BASIC, '.cursorignore': 'mine\n' });
    chmodSync(path.join(dir, '.cursorignore'), 0o444);
    const plan = await planGuard(dir);
    const cursor = plan.files.find((f) => f.file === '.cursorignore')!;
    assert.equal(cursor.action, 'skip');
    assert.match(cursor.reason!, /read-only/);
    const results = await applyGuardPlan(plan);
    assert.deepEqual(
      results.map((r) => r.outcome),
      ['created', 'skipped'],
    );
    assert.equal(readFileSync(path.join(dir, '.cursorignore'), 'utf8'), 'mine\n');
  });

  it('reports malformed settings and does not overwrite them', async () => {
    const broken = '{ "permissions": { "deny": [ "Read(./x)" ] ';
    const dir = workspace({ ...BASIC, '.claude/settings.json': broken });
    const plan = await planGuard(dir, { tools: ['claude'] });
    assert.equal(plan.files[0].action, 'skip');
    assert.match(plan.files[0].reason!, /not valid JSON/);
    await applyGuardPlan(plan);
    assert.equal(readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'), broken);
  });

  it('follows a symlinked ignore file inside the folder, keeping the link', async () => {
    const dir = workspace({ ...BASIC, 'shared/ai.ignore': 'mine\n' });
    symlinkSync('shared/ai.ignore', path.join(dir, '.cursorignore'));
    await applyGuardPlan(await planGuard(dir, { tools: ['cursor'] }));
    const target = readFileSync(path.join(dir, 'shared/ai.ignore'), 'utf8');
    assert.ok(target.startsWith('mine\n'));
    assert.ok(target.includes(BLOCK_BEGIN));
    assert.ok(lstatSync(path.join(dir, '.cursorignore')).isSymbolicLink());
    assert.equal((await planGuard(dir, { tools: ['cursor'] })).files[0].action, 'unchanged');
  });

  it('skips a symlink that leads outside the folder, and a dangling one', async () => {
    const outside = workspace({ 'global.ignore': 'theirs\n' });
    const dir = workspace(BASIC);
    symlinkSync(path.join(outside, 'global.ignore'), path.join(dir, '.copilotignore'));
    symlinkSync(path.join(dir, 'missing.ignore'), path.join(dir, '.cursorignore'));
    mkdirSync(path.join(outside, 'claude'));
    symlinkSync(path.join(outside, 'claude'), path.join(dir, '.claude'));
    const plan = await planGuard(dir, { tools: ['copilot', 'cursor', 'claude'] });
    assert.deepEqual(
      plan.files.map((f) => f.action),
      ['skip', 'skip', 'skip'],
    );
    assert.match(plan.files[0].reason!, /outside the workspace folder/);
    assert.match(plan.files[1].reason!, /missing file/);
    assert.match(plan.files[2].reason!, /outside the workspace folder/);
    await applyGuardPlan(plan);
    assert.equal(readFileSync(path.join(outside, 'global.ignore'), 'utf8'), 'theirs\n');
    assert.deepEqual(readdirSync(path.join(outside, 'claude')), []);
  });

  it('does not overwrite a file that changed after it was planned', async () => {
    const dir = workspace({ ...BASIC, '.copilotignore': 'v1\n' });
    const plan = await planGuard(dir, { tools: ['copilot'] });
    writeFileSync(path.join(dir, '.copilotignore'), 'v2\n');
    const [result] = await applyGuardPlan(plan);
    assert.equal(result.outcome, 'skipped');
    assert.equal(readFileSync(path.join(dir, '.copilotignore'), 'utf8'), 'v2\n');
  });
});

describe('guard: what AI assistants cannot see', () => {
  it('lists, per tool, the workspace files its guard file hides', async () => {
    const dir = makeWorkspace({ ...BASIC, '.cursorignore': 'src/\n' });
    try {
      await applyGuardPlan(await planGuard(dir, { tools: ['copilot', 'cursor', 'claude', 'vscode'] }));
      const files = await listWorkspaceFiles(dir);
      const hidden = filesHiddenByTools(files, await readGuardFiles(dir));
      assert.deepEqual(
        hidden.map((h) => h.file),
        ['.copilotignore', '.cursorignore', '.claude/settings.json'],
      );
      const sensitive = ['.env', 'deploy/id_ed25519', 'secrets/prod.env'];
      assert.deepEqual(hidden[0].hidden, sensitive);
      assert.deepEqual(hidden[1].hidden, [...sensitive, 'src/index.ts'], "the user's own lines count too");
      assert.deepEqual(hidden[2].hidden, sensitive);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads an empty .aiexclude as hiding everything', () => {
    const [result] = filesHiddenByTools(['a.ts', 'b/c.md'], [{ tool: 'gemini-code-assist', text: '' }]);
    assert.deepEqual(result.hidden, ['a.ts', 'b/c.md']);
  });
});
