import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withRunToolNeverAutoApproved, withTerminalDenyRules, withoutRunToolRule } from '../../core/agents/agentSettings';
import { launcherPath } from '../../core/agents/launcher';
import { MCP_CONFIG_FILES, type McpConfigTarget, mcpServerEntry, planMcpConfig } from '../../core/agents/mcpConfig';
import { planClaudeHooks, planCursorHooks } from '../../core/guard/agentHooks';
import { writeFileAtomic } from '../../core/files/atomicWrite';
import { guardTool } from '../../core/guard/guardTools';
import type { JsonEdit } from '../../core/guard/jsoncMerge';
import { openTarget } from '../../core/guard/targetFile';
import type { Requester } from '../../core/policy';
import { UserError } from '../userError';

/** What Connect AI agents writes: an MCP config file, Claude Code's hooks in its per-user project settings, or Cursor's hooks. */
export type ConnectTarget = McpConfigTarget | 'claude-hooks' | 'cursor-hooks';

export interface ConnectArgs {
  /** Workspace folder path; default the first folder. */
  folder?: string;
  /** Default: picked by the user; driven calls default to `claude` and `cursor`. */
  targets?: string[];
  /** Also set the VS Code settings that keep the run tool honest. Driven default: false. */
  settings?: boolean;
}

export interface ConnectResult {
  /** Files changed, absolute. */
  changed: string[];
  notes: string[];
  /** What each hook connected does, in words (Connect only). */
  hooks?: string[];
}

const TARGET_LABELS: Record<ConnectTarget, { label: string; detail: string }> = {
  claude: { label: '.mcp.json', detail: 'Claude Code and the Copilot harness (project file, safe to commit)' },
  'claude-hooks': {
    label: 'Claude Code hooks (.claude/settings.local.json)',
    detail: 'Deny reads of .env, keys and env dumps; mask tool output; stop prompts holding a key and offer to vault it',
  },
  cursor: { label: '.cursor/mcp.json', detail: 'Cursor (project file; Cursor starts new servers disabled until you enable them)' },
  'cursor-hooks': {
    label: 'Cursor hooks (.cursor/hooks.json)',
    detail: 'Deny shell commands and file reads of secrets; stop prompts holding a key and offer to vault it',
  },
  'copilot-cli': { label: '~/.copilot/mcp-config.json', detail: 'GitHub Copilot CLI (your user config)' },
};

/** Where each target is written: relative to the workspace folder, the Copilot CLI's to the home folder. */
const TARGET_FILES: Record<ConnectTarget, string> = {
  ...MCP_CONFIG_FILES,
  'claude-hooks': guardTool('claude-hooks').file,
  'cursor-hooks': guardTool('cursor-hooks').file,
};

/** What each hook does, said after connecting: a person should know what now runs on their prompts. */
const HOOK_NOTES: Partial<Record<ConnectTarget, string>> = {
  'claude-hooks':
    'Claude Code hooks: PreToolUse denies reading .env files, keys and the environment; PostToolUse asks Claude Code to show tool output masked (best-effort: some versions ignore it); UserPromptSubmit stops a prompt that holds a credential or a vaulted value before the model sees it, VS Code offers to store the key, and the copy Claude Code keeps in its transcript is cleaned.',
  'cursor-hooks':
    'Cursor hooks: beforeShellExecution and beforeReadFile deny reading .env files, keys and the environment; beforeSubmitPrompt stops a prompt that holds a credential or a vaulted value, and VS Code offers to store the key. Cursor cannot mask command output.',
};

/** Said after connecting Claude Code: the route that never shows a value, and what holds it to that route. */
function claudeNote(targets: readonly ConnectTarget[]): string | undefined {
  const route = 'In Claude Code, commands that need a secret go through the vaultify MCP tool run_with_secrets';
  if (targets.includes('claude-hooks')) return `${route}; the hooks deny reading secrets directly.`;
  if (targets.includes('claude')) return `${route}; without the Claude Code hooks nothing stops it reading .env itself.`;
  return undefined;
}

/** Connect AI agents: merges the `vaultify` MCP entry into each chosen config file, and Claude Code's hooks when chosen. */
export async function connectAgents(
  cliPath: string,
  args: ConnectArgs | undefined,
  ensureLauncher: (cliPath: string) => Promise<string>,
): Promise<ConnectResult | undefined> {
  const folder = pickFolder(args?.folder);
  const targets =
    givenTargets(args) ??
    (args
      ? ['claude', 'cursor']
      : await pickTargets('Connect AI agents to Vaultify', ['claude', 'claude-hooks', 'cursor', 'cursor-hooks']));
  if (!targets) return undefined;
  await ensureLauncher(cliPath);
  const result: ConnectResult = { ...(await apply(folder, targets, 'add')), hooks: targets.flatMap((t) => HOOK_NOTES[t] ?? []) };
  const wantSettings = args ? args.settings === true : await offerSettings();
  if (wantSettings) result.notes.push(...(await applySettings('add')));
  if (!args) {
    const names = result.changed.map((f) => path.relative(folder, f) || f);
    const connected = names.length ? `Vaultify: connected agents through ${names.join(', ')}.` : 'Vaultify: agents were already connected.';
    void vscode.window.showInformationMessage([connected, claudeNote(targets)].filter(Boolean).join(' '));
    for (const hook of result.hooks ?? []) void vscode.window.showInformationMessage(`Vaultify: ${hook}`);
    for (const note of result.notes) void vscode.window.showWarningMessage(`Vaultify: ${note}`);
  }
  return result;
}

/**
 * Disconnect AI agents: removes exactly what Connect added and, for a person, the run tool's
 * approval rule. That rule protects every project, so a driven call (another extension, a task)
 * never removes it, whatever its arguments ask: the result names what was kept.
 */
export async function disconnectAgents(args: ConnectArgs | undefined, requester: Requester): Promise<ConnectResult | undefined> {
  const folder = pickFolder(args?.folder);
  const everything = Object.keys(TARGET_LABELS) as ConnectTarget[];
  const targets = givenTargets(args) ?? (args ? everything : await pickTargets('Disconnect AI agents from Vaultify', everything));
  if (!targets) return undefined;
  const result = await apply(folder, targets, 'remove');
  const removeSettings = !args || args.settings === true;
  if (removeSettings && requester.kind === 'person') result.notes.push(...(await applySettings('remove')));
  else if (removeSettings) result.notes.push(KEPT_RULE_NOTE);
  if (!args)
    void vscode.window.showInformationMessage(
      result.changed.length
        ? `Vaultify: removed the vaultify entry from ${result.changed.length} file(s).`
        : 'Vaultify: no agent was connected.',
    );
  return result;
}

/** Why a driven Disconnect left the user's approval rule in place. */
export const KEPT_RULE_NOTE =
  'the user setting "always ask before vaultify_runWithSecrets" was kept: only a person removes it, from Disconnect AI agents in the palette';

/** Driven targets, checked: a name Connect does not know is refused, naming the ones it does. */
const isTarget = (target: string): target is ConnectTarget => Object.hasOwn(TARGET_FILES, target);

function givenTargets(args: ConnectArgs | undefined): ConnectTarget[] | undefined {
  const unknown = args?.targets?.filter((t) => !isTarget(t));
  if (unknown?.length)
    throw new UserError(
      `Unknown target ${unknown.map((t) => JSON.stringify(t)).join(', ')}: use ${Object.keys(TARGET_FILES)
        .map((t) => `"${t}"`)
        .join(', ')}.`,
    );
  return args?.targets?.filter(isTarget);
}

function pickFolder(given: string | undefined): string {
  const folder = given ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new UserError('Open a folder first: the agents are connected per project.');
  return folder;
}

async function pickTargets(title: string, preselected: ConnectTarget[]): Promise<ConnectTarget[] | undefined> {
  const items = (Object.keys(TARGET_LABELS) as ConnectTarget[]).map((target) => ({
    ...TARGET_LABELS[target],
    target,
    picked: preselected.includes(target),
  }));
  // createQuickPick, not showQuickPick: showQuickPick shows the pick first and sends its items after,
  // so an Enter that arrives between them (a keybinding, automation on a busy machine) accepts an
  // empty pick and connects nothing. Here the items, their checks and the pick go in one update.
  const pick = vscode.window.createQuickPick<(typeof items)[number]>();
  pick.title = title;
  pick.placeholder = 'The config files to change';
  pick.canSelectMany = true;
  pick.items = items;
  pick.selectedItems = items.filter((item) => item.picked);
  try {
    return await new Promise<ConnectTarget[] | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems.map((p) => p.target)));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
  } finally {
    pick.dispose();
  }
}

async function offerSettings(): Promise<boolean> {
  const yes = 'Always ask';
  const answer = await vscode.window.showInformationMessage(
    'Make VS Code always ask before vaultify_runWithSecrets runs, and before terminal commands that read .env files, keys or the environment?',
    yes,
    'Not now',
  );
  return answer === yes;
}

/** The new text of a target's file: the `vaultify` MCP entry, or Claude Code's or Cursor's hooks. */
function planTarget(target: ConnectTarget, before: string | undefined, mode: 'add' | 'remove'): JsonEdit {
  if (target === 'claude-hooks') return planClaudeHooks(before, mode);
  if (target === 'cursor-hooks') return planCursorHooks(before, mode);
  return planMcpConfig(before, mcpServerEntry(target, process.platform, launcherPath()), mode);
}

async function apply(folder: string, targets: readonly ConnectTarget[], mode: 'add' | 'remove'): Promise<ConnectResult> {
  const changed: string[] = [];
  const notes: string[] = [];
  for (const target of targets) {
    const relative = TARGET_FILES[target];
    let file: string;
    let before: string | undefined;
    let mode0: number | undefined;
    if (target === 'copilot-cli') {
      file = path.join(os.homedir(), relative);
      before = await fs.readFile(file, 'utf8').catch(() => undefined);
    } else {
      const opened = await openTarget(folder, relative);
      if (!opened.ok) {
        notes.push(`${relative} left alone: ${opened.reason}`);
        continue;
      }
      ({ path: file, text: before, mode: mode0 } = opened);
    }
    if (mode === 'remove' && before === undefined) continue;
    const plan = planTarget(target, before, mode);
    if (!plan.ok) {
      notes.push(`${relative} left alone: ${plan.reason}`);
      continue;
    }
    notes.push(...plan.notes.map((n) => `${relative}: ${n}`));
    if (plan.text === before) continue;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, plan.text, mode0);
    changed.push(file);
  }
  return { changed, notes };
}

/** Returns notes for settings this host does not know (no chat support installed): nothing to protect there. */
async function applySettings(mode: 'add' | 'remove'): Promise<string[]> {
  const notes: string[] = [];
  const update = async (
    section: string,
    key: string,
    compute: (current: unknown) => Record<string, unknown> | undefined,
  ): Promise<void> => {
    const config = vscode.workspace.getConfiguration(section);
    const next = compute(config.inspect(key)?.globalValue);
    if (!next) return;
    try {
      // User settings: a workspace must not be able to weaken them, and they protect every project.
      await config.update(key, Object.keys(next).length ? next : undefined, vscode.ConfigurationTarget.Global);
    } catch (error) {
      notes.push(`${section}.${key} was not set: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (mode === 'add') {
    await update('chat.tools', 'eligibleForAutoApproval', withRunToolNeverAutoApproved);
    await update('chat.tools.terminal', 'autoApprove', (current) => withTerminalDenyRules(current));
  } else {
    await update('chat.tools', 'eligibleForAutoApproval', withoutRunToolRule);
  }
  return notes;
}
