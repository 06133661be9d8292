import * as assert from 'node:assert/strict';
import ignore from 'ignore';
import { parse } from 'jsonc-parser';
import { claudeDenyRules, computeSensitiveSet, planClaudeSettings, planVscodeSettings } from '../../src/core/guard';

const FIXTURE = ['.env', '.env.local', '.env.example', 'secrets/prod.env', 'deploy/id_ed25519', 'deploy/id_ed25519.pub', 'src/index.ts'];
const set = computeSensitiveSet({ files: FIXTURE, secretFiles: ['config/app.json'] });

function merged(edit: ReturnType<typeof planClaudeSettings>): string {
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  return edit.text;
}

/** Every original line is still there, in order (the last entry of a list may have gained a comma). */
function assertLinesKept(before: string, after: string): void {
  const out = after.split(/\r?\n/);
  let at = 0;
  for (const line of before.split(/\r?\n/)) {
    const found = out.findIndex((l, i) => i >= at && (l === line || l === line + ','));
    assert.ok(found >= 0, `line kept: ${JSON.stringify(line)}`);
    at = found + 1;
  }
}

describe('guard: Claude Code settings', () => {
  const USER = `{
  // team settings
  "model": "sonnet",
  "permissions": {
    "allow": ["Bash(npm test)", "Bash(git status)"],
    /* our own */
    "deny": [
      "Read(./private/**)"
    ]
  },
  "env": { "FOO": "bar" }
}
`;

  it('writes Read(./...) deny rules: gitignore globs without negation', () => {
    const rules = claudeDenyRules(set);
    assert.ok(rules.length > 20);
    for (const rule of rules) assert.match(rule, /^Read\(\.\/[^!].*\)$/);
    assert.ok(rules.includes('Read(./**/.env)'));
    assert.ok(rules.includes('Read(./**/.env.local)'));
    assert.ok(rules.includes('Read(./**/secrets/**)'));
    assert.ok(rules.includes('Read(./config/app.json)'));
    assert.ok(!rules.includes('Read(./**/.env.*)'), 'would deny .env.example');
  });

  it('denies every sensitive file and no exception, read the way Claude Code reads them (gitignore)', () => {
    const rules = ignore().add(claudeDenyRules(set).map((r) => '/' + r.slice('Read(./'.length, -1)));
    for (const file of set.sensitiveFiles) assert.ok(rules.ignores(file), file);
    for (const file of ['.env.example', 'deploy/id_ed25519.pub', 'src/index.ts']) assert.ok(!rules.ignores(file), file);
  });

  it('merges into existing settings: comments, other keys and layout survive', () => {
    const text = merged(planClaudeSettings(USER, set));
    assertLinesKept(USER, text);
    const value = parse(text);
    assert.equal(value.model, 'sonnet');
    assert.deepEqual(value.env, { FOO: 'bar' });
    assert.deepEqual(value.permissions.allow, ['Bash(npm test)', 'Bash(git status)']);
    assert.equal(value.permissions.deny[0], 'Read(./private/**)');
    assert.deepEqual(value.permissions.deny.slice(1), claudeDenyRules(set));
    assert.ok(text.includes('\n      "Read(./**/.env)",\n'), 'new entries indented like the existing one');
  });

  it('is idempotent', () => {
    const once = merged(planClaudeSettings(USER, set));
    assert.equal(merged(planClaudeSettings(once, set)), once);
  });

  it('drops a rule of its own it no longer plans, never a user rule', () => {
    const stale = USER.replace('"Read(./private/**)"', '"Read(./private/**)",\n      "Read(./**/.env.*)"');
    const value = parse(merged(planClaudeSettings(stale, set)));
    assert.ok(!value.permissions.deny.includes('Read(./**/.env.*)'));
    assert.ok(value.permissions.deny.includes('Read(./private/**)'));
  });

  it('creates the file, and the permissions object, when missing', () => {
    const created = merged(planClaudeSettings(undefined, set));
    assert.deepEqual(parse(created), { permissions: { deny: claudeDenyRules(set) } });
    assert.ok(created.startsWith('{\n  "permissions": {\n    "deny": [\n      "Read('));
    assert.ok(created.endsWith('}\n'));
    const added = parse(merged(planClaudeSettings('{ "model": "opus" }', set)));
    assert.deepEqual(added, { model: 'opus', permissions: { deny: claudeDenyRules(set) } });
  });

  it('keeps a one-line layout on one line, and a trailing comma', () => {
    const oneLine = '{"permissions": {"deny": ["Bash(curl *)",]}, "x": 1}';
    const text = merged(planClaudeSettings(oneLine, set));
    assert.equal(text.split('\n').length, 1);
    assert.deepEqual(parse(text, [], { allowTrailingComma: true }).permissions.deny, ['Bash(curl *)', ...claudeDenyRules(set)]);
  });

  it('refuses malformed JSON, saying where', () => {
    const edit = planClaudeSettings('{\n  "permissions": { "deny": [ }\n', set);
    assert.equal(edit.ok, false);
    assert.match(edit.ok ? '' : edit.reason, /not valid JSON .* line 2/);
  });

  it('refuses settings of an unexpected shape', () => {
    assert.equal(planClaudeSettings('[]', set).ok, false);
    assert.equal(planClaudeSettings('{"permissions": []}', set).ok, false);
    assert.equal(planClaudeSettings('{"permissions": {"deny": "Read(x)"}}', set).ok, false);
  });
});

describe('guard: VS Code workspace settings', () => {
  it("turns Copilot off for dotenv, starting from Copilot's default map", () => {
    const value = parse(merged(planVscodeSettings(undefined, set)));
    assert.deepEqual(value['github.copilot.enable'], { '*': true, plaintext: false, markdown: false, scminput: false, dotenv: false });
  });

  it('adds dotenv to an existing map and keeps "*"', () => {
    const value = parse(merged(planVscodeSettings('{"github.copilot.enable": {"markdown": true}}', set)));
    assert.deepEqual(value['github.copilot.enable'], { markdown: true, '*': true, dotenv: false });
    const kept = parse(merged(planVscodeSettings('{"github.copilot.enable": {"*": false, "dotenv": true}}', set)));
    assert.deepEqual(kept['github.copilot.enable'], { '*': false, dotenv: true });
  });

  it('denies auto-approval of terminal commands that name a sensitive path', () => {
    const value = parse(merged(planVscodeSettings(undefined, set)));
    const rules = value['chat.tools.terminal.autoApprove'] as Record<string, unknown>;
    assert.equal(rules['/\\.env\\b/'], false);
    const regexes = Object.keys(rules).map((key) => {
      assert.equal(rules[key], false);
      const match = /^\/(.+)\/$/.exec(key);
      assert.ok(match, key);
      return new RegExp(match[1]);
    });
    const denied = (command: string): boolean => regexes.some((r) => r.test(command));
    for (const command of [
      'cat .env',
      'grep -r KEY secrets/prod.env',
      'less deploy/id_ed25519',
      'cat config/app.json',
      'cp ~/.npmrc /tmp',
    ]) {
      assert.ok(denied(command), command);
    }
    for (const command of ['npm test', 'ls src', 'git status']) assert.ok(!denied(command), command);
  });

  it('keeps sensitive files out of Local History', () => {
    const value = parse(merged(planVscodeSettings(undefined, set)));
    const globs = value['workbench.localHistory.exclude'] as Record<string, unknown>;
    for (const glob of ['**/.env', '**/.env.*', '**/secrets/**', '**/*_ed25519', 'config/app.json']) assert.equal(globs[glob], true, glob);
  });

  it("leaves the user's other settings byte-identical: tabs, CRLF, comments, one-line arrays", () => {
    const user = '{\r\n\t// editor\r\n\t"editor.rulers": [80, 120], // mine\r\n\t"files.exclude": {"**/.git": true}\r\n}';
    const text = merged(planVscodeSettings(user, set));
    assertLinesKept(user, text);
    assert.ok(text.includes('\t"editor.rulers": [80, 120], // mine\r\n'));
    assert.ok(!/[^\r]\n/.test(text), 'CRLF everywhere');
    assert.ok(text.endsWith('}'), 'no final newline added');
    assert.ok(text.includes('\r\n\t"github.copilot.enable": {\r\n\t\t"*": true,'));
    assert.equal(merged(planVscodeSettings(text, set)), text);
  });

  it("keeps a user value for a key it would write, and the user's other keys", () => {
    const user = JSON.stringify({
      'chat.tools.terminal.autoApprove': { '/\\.env\\b/': true, rm: false },
      'workbench.localHistory.exclude': { '**/dist/**': true },
    });
    const value = parse(merged(planVscodeSettings(user, set)));
    assert.equal(value['chat.tools.terminal.autoApprove']['/\\.env\\b/'], true);
    assert.equal(value['chat.tools.terminal.autoApprove']['rm'], false);
    assert.equal(value['workbench.localHistory.exclude']['**/dist/**'], true);
  });

  it('refuses malformed settings, and notes a setting of the wrong type without touching it', () => {
    assert.equal(planVscodeSettings('{"a": 1,, }', set).ok, false);
    const edit = planVscodeSettings('{"github.copilot.enable": true}', set);
    assert.ok(edit.ok);
    assert.equal(parse(edit.text)['github.copilot.enable'], true);
    assert.match(edit.notes.join('\n'), /github\.copilot\.enable/);
  });
});
