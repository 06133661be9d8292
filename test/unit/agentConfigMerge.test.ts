import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import { LIST_SECRETS_DESCRIPTION, REQUEST_SECRET_DESCRIPTION, RUN_WITH_SECRETS_DESCRIPTION } from '../../src/core/agents/agentToolText';
import {
  RUN_TOOL_NAME,
  terminalDenyRules,
  withRunToolNeverAutoApproved,
  withTerminalDenyRules,
  withoutRunToolRule,
} from '../../src/core/agents/agentSettings';
import { launcherScript } from '../../src/core/agents/launcher';
import { mcpServerEntry, planMcpConfig } from '../../src/core/agents/mcpConfig';
import { planClaudeHooks, planCursorHooks, planVscodeHooks } from '../../src/core/guard/agentHooks';
import { selectTools } from '../../src/core/guard/guardTools';
import type { JsonEdit } from '../../src/core/guard/jsoncMerge';

const ROOT = path.resolve(__dirname, '../../..');
const text = (edit: JsonEdit): string => {
  assert.ok(edit.ok, edit.ok ? '' : edit.reason);
  return edit.text;
};

describe('connecting agents: config merges', () => {
  const launcher = '/home/dev/.vaultify/bin/vaultify';

  describe('MCP config files', () => {
    const claude = mcpServerEntry('claude', 'linux', launcher);

    it('writes entries that hold no machine-specific path in workspace files', () => {
      assert.deepEqual(claude, { type: 'stdio', command: '${HOME}/.vaultify/bin/vaultify', args: ['mcp'] });
      assert.deepEqual(mcpServerEntry('cursor', 'darwin', launcher), { command: '${userHome}/.vaultify/bin/vaultify', args: ['mcp'] });
      assert.deepEqual(mcpServerEntry('copilot-cli', 'linux', launcher), { type: 'local', command: launcher, args: ['mcp'], tools: ['*'] });
      assert.equal(mcpServerEntry('claude', 'win32', launcher).command, '${USERPROFILE}\\.vaultify\\bin\\vaultify.cmd');
    });

    it('adds the entry beside the user’s servers and comments, idempotently, and removes it again byte for byte', () => {
      const before = '{\n  // team servers\n  "mcpServers": {\n    "github": { "command": "gh-mcp" }\n  }\n}\n';
      const added = text(planMcpConfig(before, claude, 'add'));
      assert.match(added, /\/\/ team servers/);
      assert.deepEqual(parse(added).mcpServers, { github: { command: 'gh-mcp' }, vaultify: claude });
      assert.equal(text(planMcpConfig(added, claude, 'add')), added, 'idempotent');
      assert.equal(text(planMcpConfig(added, claude, 'remove')), before, 'reversible');
    });

    it('creates the file when there is none, and updates an entry an older version wrote', () => {
      const created = text(planMcpConfig(undefined, claude, 'add'));
      assert.deepEqual(parse(created), { mcpServers: { vaultify: claude } });
      const old = JSON.stringify(
        { mcpServers: { vaultify: { command: '${HOME}/.vaultify/bin/vaultify', args: ['mcp', '--old'] } } },
        null,
        2,
      );
      assert.deepEqual(parse(text(planMcpConfig(old, claude, 'add'))).mcpServers.vaultify, claude);
    });

    it('leaves a `vaultify` entry the user wrote for something else alone, with a note', () => {
      const theirs = '{ "mcpServers": { "vaultify": { "command": "my-own-vaultify" } } }';
      const edit = planMcpConfig(theirs, claude, 'add');
      assert.ok(edit.ok);
      assert.equal(edit.text, theirs);
      assert.match(edit.notes[0], /not written by Vaultify/);
    });

    it('refuses a file that is not valid JSON', () => {
      const edit = planMcpConfig('{ "mcpServers": ', claude, 'add');
      assert.equal(edit.ok, false);
    });
  });

  describe('hook configs (the claude-hooks, cursor-hooks and vscode-hooks guard tools)', () => {
    it('Claude: PreToolUse for Read|Grep|Glob|Bash, PostToolUse for every tool and UserPromptSubmit, beside the user’s hooks', () => {
      const before =
        JSON.stringify(
          { hooks: { PreToolUse: [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] }] }, model: 'opus' },
          null,
          2,
        ) + '\n';
      const added = text(planClaudeHooks(before));
      const hooks = parse(added).hooks;
      assert.equal(hooks.PreToolUse.length, 2);
      assert.equal(hooks.PreToolUse[1].matcher, 'Read|Grep|Glob|Bash');
      assert.equal(hooks.PreToolUse[1].hooks[0].command, '"$HOME/.vaultify/bin/vaultify" hook claude');
      assert.equal(hooks.PostToolUse[0].matcher, '*');
      assert.deepEqual(hooks.UserPromptSubmit, [
        { hooks: [{ type: 'command', command: '"$HOME/.vaultify/bin/vaultify" hook claude', timeout: 15 }] },
      ]);
      assert.equal(text(planClaudeHooks(added)), added, 'idempotent');
      const removed = parse(text(planClaudeHooks(added, 'remove')));
      assert.deepEqual(removed.hooks.PreToolUse, [{ matcher: 'Edit', hooks: [{ type: 'command', command: 'prettier --check' }] }]);
      assert.deepEqual(removed.hooks.PostToolUse, []);
      assert.deepEqual(removed.hooks.UserPromptSubmit, []);
      assert.equal(removed.model, 'opus');
    });

    it('Cursor: version 1 with beforeShellExecution, beforeReadFile and beforeSubmitPrompt', () => {
      const added = text(planCursorHooks(undefined));
      assert.deepEqual(parse(added), {
        version: 1,
        hooks: {
          beforeShellExecution: [{ command: '"$HOME/.vaultify/bin/vaultify" hook cursor' }],
          beforeReadFile: [{ command: '"$HOME/.vaultify/bin/vaultify" hook cursor' }],
          beforeSubmitPrompt: [{ command: '"$HOME/.vaultify/bin/vaultify" hook cursor' }],
        },
      });
      assert.equal(text(planCursorHooks(added)), added);
      assert.deepEqual(parse(text(planCursorHooks(added, 'remove'))).hooks, {
        beforeShellExecution: [],
        beforeReadFile: [],
        beforeSubmitPrompt: [],
      });
    });

    it('VS Code: a PreToolUse command with a Windows variant', () => {
      const hook = parse(text(planVscodeHooks(undefined))).hooks.PreToolUse[0];
      assert.equal(hook.type, 'command');
      assert.equal(hook.command, '"$HOME/.vaultify/bin/vaultify" hook vscode');
      assert.match(hook.windows, /%USERPROFILE%\\\.vaultify\\bin\\vaultify\.cmd" hook vscode$/);
    });

    it('refuses a hooks value of the wrong type instead of overwriting it', () => {
      assert.equal(planClaudeHooks('{ "hooks": [] }').ok, false);
      assert.equal(planCursorHooks('{ "hooks": { "beforeReadFile": {} } }').ok, false);
    });

    it('auto adds them where the folder shows signs of that agent', () => {
      assert.deepEqual(selectTools(['auto'], ['.claude', 'src']).tools, ['claude', 'claude-hooks']);
      assert.deepEqual(selectTools(['auto'], ['.cursor']).tools, ['cursor', 'cursor-hooks']);
      assert.deepEqual(selectTools(['auto'], ['.vscode']).tools, ['vscode', 'vscode-hooks']);
      assert.deepEqual(selectTools(['claude-hooks'], []).tools, ['claude-hooks']);
    });
  });

  describe('VS Code settings that keep the run tool honest', () => {
    it('never auto-approves vaultify_runWithSecrets, keeping the user’s other choices, and takes only that back', () => {
      const next = withRunToolNeverAutoApproved({ other_tool: true })!;
      assert.deepEqual(next, { other_tool: true, [RUN_TOOL_NAME]: false });
      assert.equal(withRunToolNeverAutoApproved(next), undefined, 'nothing to change');
      assert.deepEqual(withoutRunToolRule(next), { other_tool: true });
      assert.equal(withoutRunToolRule({ other_tool: true }), undefined);
    });

    it('adds deny rules for sensitive paths and environment dumps, leaving keys the user set', () => {
      const rules = terminalDenyRules();
      assert.ok(rules.some((r) => new RegExp(r.slice(1, -1)).test('cat .env')));
      assert.ok(rules.some((r) => new RegExp(r.slice(1, -1)).test('printenv')));
      const user = { [rules[0]]: true, 'npm test': true };
      const next = withTerminalDenyRules(user, rules)!;
      assert.equal(next[rules[0]], true, "the user's own value for a key wins");
      assert.equal(next['npm test'], true);
      assert.equal(next[rules[1]], false);
      assert.equal(withTerminalDenyRules(next, rules), undefined);
    });
  });

  it('package.json describes the LM tools with the same words as the MCP tools', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const tools = Object.fromEntries((pkg.contributes.languageModelTools as { name: string }[]).map((t) => [t.name, t])) as Record<
      string,
      Record<string, unknown>
    >;
    assert.equal(tools.vaultify_listSecrets.modelDescription, LIST_SECRETS_DESCRIPTION);
    assert.equal(tools.vaultify_runWithSecrets.modelDescription, RUN_WITH_SECRETS_DESCRIPTION);
    assert.equal(tools.vaultify_requestSecret.modelDescription, REQUEST_SECRET_DESCRIPTION);
    for (const tool of Object.values(tools)) {
      assert.equal(tool.canBeReferencedInPrompt, true);
      assert.equal(typeof tool.toolReferenceName, 'string');
    }
    assert.deepEqual(pkg.contributes.mcpServerDefinitionProviders, [{ id: 'vaultify.mcp', label: 'Vaultify' }]);
  });

  it('the launcher runs the CLI with the given node, quoting paths', () => {
    assert.equal(
      launcherScript("/opt/it's/cli.js", '/usr/bin/node', 'linux').split('\n')[2],
      `ELECTRON_RUN_AS_NODE=1 exec '/usr/bin/node' '/opt/it'\\''s/cli.js' "$@"`,
    );
    assert.match(
      launcherScript('C:\\ext\\dist\\cli.js', 'C:\\code\\Code.exe', 'win32'),
      /set ELECTRON_RUN_AS_NODE=1\r\n"C:\\code\\Code\.exe" "C:\\ext\\dist\\cli\.js" %\*\r\n$/,
    );
  });
});
