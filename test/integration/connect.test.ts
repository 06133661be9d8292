import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { RUN_TOOL_NAME } from '../../src/core/agents/agentSettings';
import { type ConnectResult, KEPT_RULE_NOTE } from '../../src/extension/agents/connectAgents';
import { type CliRun, runProcess } from '../support/cliProcess';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { watchForPlaintext } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

interface ClaudeHookEntry {
  matcher: string;
  hooks: { type: string; command: string }[];
}
interface ClaudeLocalSettings {
  hooks?: { PreToolUse?: ClaudeHookEntry[]; PostToolUse?: ClaudeHookEntry[]; UserPromptSubmit?: ClaudeHookEntry[] };
  permissions?: unknown;
}

const root = (): string => folder('alpha').uri.fsPath;
const hooksFile = (): string => path.join(root(), '.claude', 'settings.local.json');
const readJsonc = <T>(file: string): T => parse(readFileSync(file, 'utf8')) as T;
const vaultifyCommands = (entries: ClaudeHookEntry[] | undefined): string[] =>
  (entries ?? []).flatMap((e) => e.hooks.map((h) => h.command)).filter((c) => /vaultify/.test(c));

/** Runs the command a hook entry holds, as Claude Code does: through a shell, one JSON call on stdin. */
function runHookCommand(command: string, call: object): Promise<CliRun> {
  return runProcess('/bin/sh', ['-c', command], { cwd: root(), env: process.env, input: JSON.stringify(call) });
}

/**
 * Connect AI agents, through the extension in code-server: the Claude Code hooks are offered
 * beside the MCP configs, written only when chosen, and the command they hold answers as a hook.
 */
describe('Connect AI agents: the Claude Code hooks', function () {
  this.timeout(120_000);

  afterEach(() => {
    for (const name of ['.mcp.json', '.cursor', '.claude']) rmSync(path.join(root(), name), { recursive: true, force: true });
  });

  it('driven with claude-hooks: writes the PreToolUse and PostToolUse hooks, whose command denies `cat .env`', async () => {
    const result = await vscode.commands.executeCommand<{ changed: string[] }>('vaultify.connectAgents', {
      folder: root(),
      targets: ['claude', 'claude-hooks'],
    });
    assert.deepEqual(result.changed.map((f) => path.relative(root(), f)).sort(), ['.claude/settings.local.json', '.mcp.json']);
    const settings = readJsonc<ClaudeLocalSettings>(hooksFile());
    const pre = vaultifyCommands(settings.hooks?.PreToolUse);
    assert.equal(pre.length, 1, JSON.stringify(settings));
    assert.equal(vaultifyCommands(settings.hooks?.PostToolUse).length, 1);

    // The written command runs the per-user launcher Connect wrote into this host's home folder.
    const answer = await runHookCommand(pre[0], {
      hook_event_name: 'PreToolUse',
      cwd: root(),
      tool_name: 'Bash',
      tool_input: { command: 'cat .env' },
    });
    assert.equal(answer.code, 0, answer.stderr);
    const out = JSON.parse(answer.stdout) as { hookSpecificOutput: { permissionDecision: string; permissionDecisionReason: string } };
    assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
    assert.match(out.hookSpecificOutput.permissionDecisionReason, /reads \.env.*run_with_secrets/);
  });

  it('driven with claude-hooks and cursor-hooks: the prompt hooks are written, said what they do, and stop a pasted token', async () => {
    const result = await vscode.commands.executeCommand<{ changed: string[]; hooks: string[] }>('vaultify.connectAgents', {
      folder: root(),
      targets: ['claude-hooks', 'cursor-hooks'],
    });
    assert.deepEqual(result.changed.map((f) => path.relative(root(), f)).sort(), ['.claude/settings.local.json', '.cursor/hooks.json']);
    assert.equal(result.hooks.length, 2);
    assert.match(result.hooks[0], /^Claude Code hooks: .*UserPromptSubmit stops a prompt that holds a credential/);
    assert.match(result.hooks[1], /^Cursor hooks: .*beforeSubmitPrompt stops a prompt that holds a credential/);
    const token = watchForPlaintext(fakeGitHubToken());

    const [claude] = vaultifyCommands(readJsonc<ClaudeLocalSettings>(hooksFile()).hooks?.UserPromptSubmit);
    const blocked = await runHookCommand(claude, {
      hook_event_name: 'UserPromptSubmit',
      session_id: 's',
      cwd: root(),
      prompt: `deploy with ${token}`,
    });
    assert.equal(JSON.parse(blocked.stdout).decision, 'block', blocked.stderr);
    assert.ok(!blocked.stdout.includes(token));

    const cursorHooks = readJsonc<{ hooks: Record<string, { command: string }[]> }>(path.join(root(), '.cursor', 'hooks.json')).hooks;
    const stopped = await runHookCommand(cursorHooks.beforeSubmitPrompt[0].command, {
      hook_event_name: 'beforeSubmitPrompt',
      workspace_roots: [root()],
      prompt: `deploy with ${token}`,
      attachments: [],
    });
    assert.equal(JSON.parse(stopped.stdout).continue, false, stopped.stderr);
    const ordinary = await runHookCommand(cursorHooks.beforeSubmitPrompt[0].command, {
      hook_event_name: 'beforeSubmitPrompt',
      workspace_roots: [root()],
      prompt: 'add a test',
      attachments: [],
    });
    assert.deepEqual(JSON.parse(ordinary.stdout), { continue: true });
  });

  it('driven without claude-hooks: writes .mcp.json and no hooks', async () => {
    await vscode.commands.executeCommand('vaultify.connectAgents', { folder: root(), targets: ['claude'] });
    assert.ok(existsSync(path.join(root(), '.mcp.json')));
    assert.ok(!existsSync(hooksFile()), 'no hooks were asked for');
  });

  it('refuses a target it does not know, naming the ones it does', async () => {
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.connectAgents', { folder: root(), targets: ['claude-hook'] })),
      /Unknown target "claude-hook": use "claude", "cursor", "copilot-cli", "claude-hooks"/,
    );
  });

  it("Disconnect removes Vaultify's hooks and keeps the person's own settings and comments", async () => {
    mkdirSync(path.dirname(hooksFile()), { recursive: true });
    writeFileSync(hooksFile(), '{\n  // mine\n  "permissions": { "allow": ["Bash(npm test)"] }\n}\n');
    await vscode.commands.executeCommand('vaultify.connectAgents', { folder: root(), targets: ['claude-hooks'] });
    assert.equal(vaultifyCommands(readJsonc<ClaudeLocalSettings>(hooksFile()).hooks?.PreToolUse).length, 1);
    await vscode.commands.executeCommand('vaultify.disconnectAgents', { folder: root(), targets: ['claude-hooks'] });
    const text = readFileSync(hooksFile(), 'utf8');
    const after = parse(text) as ClaudeLocalSettings;
    assert.deepEqual([vaultifyCommands(after.hooks?.PreToolUse), vaultifyCommands(after.hooks?.PostToolUse)], [[], []]);
    assert.deepEqual(after.permissions, { allow: ['Bash(npm test)'] });
    assert.ok(text.includes('// mine'));
  });

  it('a driven Disconnect asking for { settings: true } keeps the user\'s "always ask" rule for the run tool', async () => {
    const chatTools = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('chat.tools');
    const terminal = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('chat.tools.terminal');
    const rule = (): unknown => chatTools().inspect<Record<string, unknown>>('eligibleForAutoApproval')?.globalValue?.[RUN_TOOL_NAME];
    const before = {
      eligible: chatTools().inspect('eligibleForAutoApproval')?.globalValue,
      autoApprove: terminal().inspect('autoApprove')?.globalValue,
    };
    try {
      // Driven Connect may add the rule: it protects more.
      const connected = await vscode.commands.executeCommand<ConnectResult>('vaultify.connectAgents', {
        folder: root(),
        targets: ['cursor'],
        settings: true,
      });
      assert.deepEqual(connected.notes, []);
      assert.equal(rule(), false, 'Connect set the rule');
      // Another extension calls Disconnect exactly so: arguments, no person.
      const disconnected = await vscode.commands.executeCommand<ConnectResult>('vaultify.disconnectAgents', {
        folder: root(),
        targets: ['cursor'],
        settings: true,
      });
      assert.equal(rule(), false, 'the rule is still in the user settings');
      assert.deepEqual(disconnected.notes, [KEPT_RULE_NOTE]);
    } finally {
      await chatTools().update('eligibleForAutoApproval', before.eligible, vscode.ConfigurationTarget.Global);
      await terminal().update('autoApprove', before.autoApprove, vscode.ConfigurationTarget.Global);
    }
  });

  it("a person's Connect from the palette offers the hooks picked: accepting the pick as shown writes them", async () => {
    const before = vscode.workspace.getConfiguration('chat.tools').inspect('eligibleForAutoApproval')?.globalValue;
    // No arguments: the person's flow. Its pick is accepted as shown (Enter), and the offer to
    // change VS Code settings that follows is dismissed, as a person who closes it does. The pick
    // reaches the workbench with its items and their checks in one update, so an Enter sent before
    // it is there finds no pick and does nothing, and one sent after finds the items: the loop waits
    // for the pick to be on screen with them, whatever the machine's load.
    let settled = false;
    const running = Promise.resolve(vscode.commands.executeCommand('vaultify.connectAgents')).finally(() => (settled = true));
    await waitFor(
      async () => {
        if (!settled) {
          await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          await vscode.commands.executeCommand('notifications.clearAll');
        }
        return settled ? true : undefined;
      },
      'Connect AI agents to finish once its pick was accepted and its settings offer dismissed',
      60_000,
    );
    await running;
    assert.equal(
      vaultifyCommands(readJsonc<ClaudeLocalSettings>(hooksFile()).hooks?.PreToolUse).length,
      1,
      'the hooks were picked by default',
    );
    for (const file of ['.mcp.json', '.cursor/mcp.json', '.cursor/hooks.json'])
      assert.ok(existsSync(path.join(root(), file)), `${file} was picked by default`);
    assert.deepEqual(
      vscode.workspace.getConfiguration('chat.tools').inspect('eligibleForAutoApproval')?.globalValue,
      before,
      'the dismissed offer changed no setting',
    );
  });
});
