import * as assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CliIo, UsageError } from '../../src/cli/cliIo';
import { runGuard } from '../../src/cli/guardCommand';
import { fakeGitHubToken } from '../support/fakeCredentials';

interface Captured {
  io: CliIo;
  out: string[];
  err: string[];
}

function capture(cwd: string): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, out, err };
}

async function guard(
  cwd: string,
  args: { dir?: string; tools?: string; check?: boolean; dryRun?: boolean; acceptSettings?: boolean } = {},
): Promise<Captured & { code: number }> {
  const c = capture(cwd);
  const code = await runGuard({ check: false, dryRun: false, acceptSettings: false, ...args }, c.io, __filename);
  return { ...c, code };
}

describe('vaultify guard', function () {
  this.timeout(30000);
  let root: string;
  let dir: string;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'vaultify-cli-guard-'));
    dir = path.join(root, 'ws');
    mkdirSync(path.join(dir, 'deploy'), { recursive: true });
    writeFileSync(path.join(dir, '.env'), 'API_KEY=not-real\n');
    writeFileSync(path.join(dir, '.env.example'), 'API_KEY=\n');
    writeFileSync(path.join(dir, 'deploy/id_ed25519'), 'not a key\n');
    writeFileSync(path.join(dir, 'app.ts'), 'export {};\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the files, after which --check passes', async () => {
    const write = await guard(root, { dir: 'ws' });
    assert.equal(write.code, 0, write.err.join('\n'));
    assert.deepEqual(write.out, [`created ${path.join('ws', '.copilotignore')}`, `created ${path.join('ws', '.cursorignore')}`]);
    const check = await guard(root, { dir: 'ws', check: true });
    assert.equal(check.code, 0, check.err.join('\n'));
    assert.match(check.out.join('\n'), /2 guard files up to date/);
    const again = await guard(dir);
    assert.equal(again.code, 0);
    assert.match(again.out.join('\n'), /already up to date/);
  });

  it('--check exits 1 and lists the stale files, writing nothing', async () => {
    await guard(dir);
    writeFileSync(path.join(dir, 'deploy/prod.pem'), 'x');
    mkdirSync(path.join(dir, 'envs'));
    writeFileSync(path.join(dir, 'envs/prod.yaml'), 'x');
    const before = readFileSync(path.join(dir, '.copilotignore'), 'utf8');
    const check = await guard(dir, { check: true, tools: 'copilot,cursor,aider' });
    assert.equal(check.code, 1);
    assert.deepEqual(check.out, [
      'stale: .copilotignore (out of date)',
      'stale: .cursorignore (out of date)',
      'stale: .aiderignore (missing)',
    ]);
    assert.equal(readFileSync(path.join(dir, '.copilotignore'), 'utf8'), before);
    assert.ok(!existsSync(path.join(dir, '.aiderignore')));
  });

  it('--dry-run shows the lines that would change and writes nothing', async () => {
    await guard(dir);
    mkdirSync(path.join(dir, 'envs'));
    writeFileSync(path.join(dir, 'envs/prod.yaml'), 'x');
    const dry = await guard(dir, { dryRun: true, tools: 'copilot' });
    assert.equal(dry.code, 0);
    assert.deepEqual(dry.out, [
      'would update .copilotignore',
      '  + # folders named as key stores (secrets/, .ssh/, credentials/, ...)',
      '  + /envs/',
    ]);
    assert.doesNotMatch(readFileSync(path.join(dir, '.copilotignore'), 'utf8'), /envs/);
  });

  it('adds a file where detection finds a literal secret, naming the file only', async () => {
    const token = fakeGitHubToken();
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ token }) + '\n');
    const write = await guard(dir, { tools: 'copilot' });
    assert.equal(write.code, 0);
    const text = readFileSync(path.join(dir, '.copilotignore'), 'utf8');
    assert.match(text, /^\/config\.json$/m);
    assert.ok(!text.includes(token));
    assert.ok(![...write.out, ...write.err].some((line) => line.includes(token)));
  });

  it("reads vaultify.guard.tools and extraPatterns from the folder's .vscode/settings.json", async () => {
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/settings.json'),
      '{\n  // team\n  "vaultify.guard.tools": ["copilot", "cursor", "roo", "vscode"],\n  "vaultify.guard.extraPatterns": ["*.secret"],\n}\n',
    );
    const write = await guard(dir);
    assert.equal(write.code, 0, write.err.join('\n'));
    assert.deepEqual(write.out, ['created .copilotignore', 'created .cursorignore', 'created .rooignore', 'updated .vscode/settings.json']);
    assert.match(readFileSync(path.join(dir, '.rooignore'), 'utf8'), /^\*\.secret$/m);
    assert.match(readFileSync(path.join(dir, '.vscode/settings.json'), 'utf8'), /^ {2}\/\/ team$/m);
  });

  it('ignores a vaultify.guard.tools that drops a guarded tool, naming the setting and file, unless --accept-settings', async () => {
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(path.join(dir, '.vscode/settings.json'), '{ "vaultify.guard.tools": [] }\n');
    const ignored = await guard(dir);
    assert.equal(ignored.code, 0, ignored.err.join('\n'));
    assert.deepEqual(ignored.out, ['created .copilotignore', 'created .cursorignore']);
    assert.deepEqual(ignored.err, [
      `vaultify: ignored "vaultify.guard.tools": [] from ${path.join(dir, '.vscode', 'settings.json')}: a workspace cannot weaken Vaultify's protection; pass --accept-settings if you accept this workspace's value`,
    ]);
    writeFileSync(
      path.join(dir, '.vscode/settings.json'),
      '{ "vaultify.guard.tools": ["roo", "vscode"], "vaultify.guard.extraPatterns": ["*.secret"] }\n',
    );
    const write = await guard(dir, { acceptSettings: true });
    assert.equal(write.code, 0, write.err.join('\n'));
    assert.deepEqual(write.out, ['created .rooignore', 'updated .vscode/settings.json']);
    assert.match(readFileSync(path.join(dir, '.rooignore'), 'utf8'), /^\*\.secret$/m);
  });

  it('"--tools auto" picks the tools the folder shows signs of using', async () => {
    mkdirSync(path.join(dir, '.claude'));
    writeFileSync(path.join(dir, '.aider.conf.yml'), '');
    const write = await guard(dir, { tools: 'copilot,auto' });
    assert.deepEqual(write.out, [
      'created .copilotignore',
      'created .aiderignore',
      'created .claude/settings.json',
      'created .claude/settings.local.json',
    ]);
  });

  it('rejects an unknown tool as a usage error (exit 2)', async () => {
    await assert.rejects(
      guard(dir, { tools: 'copilot,chatgpt' }),
      (error: Error) => error instanceof UsageError && /"chatgpt"/.test(error.message),
    );
    assert.ok(!existsSync(path.join(dir, '.copilotignore')));
  });

  it('exits 2 for a folder that does not exist', async () => {
    const run = await guard(root, { dir: 'missing' });
    assert.equal(run.code, 2);
    assert.match(run.err.join('\n'), /cannot guard missing: no such file or directory/);
  });

  it('exits 1 and names the file when one must be skipped, writing the others', async () => {
    mkdirSync(path.join(dir, '.claude'));
    writeFileSync(path.join(dir, '.claude/settings.json'), '{ "permissions": ');
    const write = await guard(dir, { tools: 'copilot,claude' });
    assert.equal(write.code, 1);
    assert.deepEqual(write.out, ['created .copilotignore']);
    assert.match(write.err.join('\n'), /skipped .claude\/settings\.json: it is not valid JSON/);
    assert.equal(readFileSync(path.join(dir, '.claude/settings.json'), 'utf8'), '{ "permissions": ');
    const check = await guard(dir, { tools: 'copilot,claude', check: true });
    assert.equal(check.code, 1);
  });

  it('names the line and column of a .vscode/settings.json that is not valid JSON, and says its settings are ignored', async () => {
    mkdirSync(path.join(dir, '.vscode'));
    writeFileSync(
      path.join(dir, '.vscode/settings.json'),
      '{\n  "vaultify.guard.extraPatterns": ["internal/"]\n  "vaultify.guard.tools": ["copilot"]\n}\n',
    );
    const write = await guard(root, { dir: 'ws', tools: 'copilot' });
    assert.equal(write.code, 0, write.err.join('\n'));
    assert.match(
      write.err.join('\n'),
      /^vaultify: ws\/\.vscode\/settings\.json:3:3: comma expected: the settings file is not valid JSON, so its vaultify\.\* settings \(guard\.tools, guard\.extraPatterns, detection\) are ignored and the defaults apply; fix the file and run again$/m,
    );
  });

  it('guards a copy of the demo workspace, after which --check passes', async () => {
    const demo = path.join(root, 'demo');
    cpSync(path.resolve(__dirname, '../../../demo'), demo, { recursive: true });
    assert.equal((await guard(root, { dir: 'demo' })).code, 0);
    const check = await guard(root, { dir: 'demo', check: true });
    assert.equal(check.code, 0, check.out.join('\n'));
  });
});
