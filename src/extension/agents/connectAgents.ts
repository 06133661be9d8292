import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { withRunToolNeverAutoApproved, withTerminalDenyRules, withoutRunToolRule } from '../../core/agents/agentSettings';
import { launcherPath } from '../../core/agents/launcher';
import { MCP_CONFIG_FILES, type McpConfigTarget, mcpServerEntry, planMcpConfig } from '../../core/agents/mcpConfig';
import { writeFileAtomic } from '../../core/guard/atomicWrite';
import { openTarget } from '../../core/guard/targetFile';
import { UserError } from '../vaultify/userError';

export interface ConnectArgs {
  /** Workspace folder path; default the first folder. */
  folder?: string;
  /** Default: picked by the user; driven calls default to `claude` and `cursor`. */
  targets?: McpConfigTarget[];
  /** Also set the VS Code settings that keep the run tool honest. Driven default: false. */
  settings?: boolean;
}

export interface ConnectResult {
  /** Files changed, absolute. */
  changed: string[];
  notes: string[];
}

const TARGET_LABELS: Record<McpConfigTarget, { label: string; detail: string }> = {
  claude: { label: '.mcp.json', detail: 'Claude Code and the Copilot harness (project file, safe to commit)' },
  cursor: { label: '.cursor/mcp.json', detail: 'Cursor (project file; Cursor starts new servers disabled until you enable them)' },
  'copilot-cli': { label: '~/.copilot/mcp-config.json', detail: 'GitHub Copilot CLI (your user config)' },
};

/** Connect AI agents: merges the `vaultify` MCP entry into each chosen config file. */
export async function connectAgents(cliPath: string, args: ConnectArgs | undefined, ensureLauncher: (cliPath: string) => Promise<string>): Promise<ConnectResult | undefined> {
  const folder = pickFolder(args?.folder);
  const targets = args?.targets ?? (args ? ['claude', 'cursor'] : await pickTargets('Connect AI agents to Vaultify', ['claude', 'cursor']));
  if (!targets) return undefined;
  await ensureLauncher(cliPath);
  const result = await apply(folder, targets, 'add');
  const wantSettings = args ? args.settings === true : await offerSettings();
  if (wantSettings) result.notes.push(...(await applySettings('add')));
  if (!args) {
    const names = result.changed.map((f) => path.relative(folder, f) || f);
    void vscode.window.showInformationMessage(
      names.length ? `Vaultify: connected agents through ${names.join(', ')}.` : 'Vaultify: agents were already connected.',
    );
    for (const note of result.notes) void vscode.window.showWarningMessage(`Vaultify: ${note}`);
  }
  return result;
}

/** Disconnect AI agents: removes exactly what Connect added, and the run tool's approval rule. */
export async function disconnectAgents(args: ConnectArgs | undefined): Promise<ConnectResult | undefined> {
  const folder = pickFolder(args?.folder);
  const targets = args?.targets ?? (args ? (['claude', 'cursor', 'copilot-cli'] as McpConfigTarget[]) : await pickTargets('Disconnect AI agents from Vaultify', ['claude', 'cursor', 'copilot-cli']));
  if (!targets) return undefined;
  const result = await apply(folder, targets, 'remove');
  if (!args || args.settings) result.notes.push(...(await applySettings('remove')));
  if (!args) void vscode.window.showInformationMessage(result.changed.length ? `Vaultify: removed the vaultify entry from ${result.changed.length} file(s).` : 'Vaultify: no agent was connected.');
  return result;
}

function pickFolder(given: string | undefined): string {
  const folder = given ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (!folder) throw new UserError('Open a folder first: the agents are connected per project.');
  return folder;
}

async function pickTargets(title: string, preselected: McpConfigTarget[]): Promise<McpConfigTarget[] | undefined> {
  const items = (Object.keys(TARGET_LABELS) as McpConfigTarget[]).map((target) => ({ ...TARGET_LABELS[target], target, picked: preselected.includes(target) }));
  const picked = await vscode.window.showQuickPick(items, { title, canPickMany: true, placeHolder: 'The config files to change' });
  return picked?.map((p) => p.target);
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

async function apply(folder: string, targets: readonly McpConfigTarget[], mode: 'add' | 'remove'): Promise<ConnectResult> {
  const changed: string[] = [];
  const notes: string[] = [];
  for (const target of targets) {
    const relative = MCP_CONFIG_FILES[target];
    const entry = mcpServerEntry(target, process.platform, launcherPath());
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
    const plan = planMcpConfig(before, entry, mode);
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
  const update = async (section: string, key: string, compute: (current: unknown) => Record<string, unknown> | undefined): Promise<void> => {
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
