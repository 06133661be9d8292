import { getNodeValue } from 'jsonc-parser';
import { JsoncDocument, type JsonEdit } from '../guard/jsoncMerge';
import { LAUNCHER_RELATIVE_POSIX, LAUNCHER_RELATIVE_WINDOWS } from './launcher';

/** The name Vaultify's MCP server goes by in every client's config. */
export const MCP_SERVER_NAME = 'vaultify';

/** The MCP config files Connect AI agents writes, and how each client spells an entry. */
export type McpConfigTarget = 'claude' | 'cursor' | 'copilot-cli';

export const MCP_CONFIG_FILES: Readonly<Record<McpConfigTarget, string>> = {
  /** Claude Code, and VS Code's Copilot harness, read `.mcp.json` at the project root. */
  claude: '.mcp.json',
  cursor: '.cursor/mcp.json',
  /** Relative to the home folder: user level, never in a workspace. */
  'copilot-cli': '.copilot/mcp-config.json',
};

/**
 * The `vaultify` entry for a client. Workspace entries name the launcher through a variable the
 * client expands (`${HOME}` for Claude Code, `${userHome}` for Cursor), so a committed file holds
 * no machine's path; the Copilot CLI's file is the user's own, so it holds the absolute path.
 */
export function mcpServerEntry(target: McpConfigTarget, platform: NodeJS.Platform, launcherAbsolute: string): Record<string, unknown> {
  const relative = platform === 'win32' ? LAUNCHER_RELATIVE_WINDOWS : LAUNCHER_RELATIVE_POSIX;
  const sep = platform === 'win32' ? '\\' : '/';
  switch (target) {
    case 'claude':
      return { type: 'stdio', command: `\${${platform === 'win32' ? 'USERPROFILE' : 'HOME'}}${sep}${relative}`, args: ['mcp'] };
    case 'cursor':
      return { command: `\${userHome}${sep}${relative}`, args: ['mcp'] };
    case 'copilot-cli':
      return { type: 'local', command: launcherAbsolute, args: ['mcp'], tools: ['*'] };
  }
}

/** Whether an entry is one Vaultify wrote: it runs the launcher with `mcp`. */
function isOwnedEntry(value: unknown): boolean {
  const entry = value as { command?: unknown; args?: unknown } | null;
  return (
    typeof entry?.command === 'string' &&
    /\.vaultify[\\/]bin[\\/]vaultify(\.cmd)?$/.test(entry.command) &&
    Array.isArray(entry.args) &&
    entry.args[0] === 'mcp'
  );
}

/**
 * Adds (or brings up to date) `mcpServers.vaultify`, or removes it. Idempotent; other servers,
 * comments and formatting stay as they are. A `vaultify` entry the user wrote for something else
 * is left alone, with a note.
 */
export function planMcpConfig(existing: string | undefined, entry: Record<string, unknown>, mode: 'add' | 'remove'): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: true, tabSize: 2 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  const servers = doc.get(['mcpServers']);
  if (servers && servers.type !== 'object') return { ok: false, reason: '"mcpServers" is not an object' };
  const current = doc.get(['mcpServers', MCP_SERVER_NAME]);
  const currentValue: unknown = current && getNodeValue(current);
  if (current && !isOwnedEntry(currentValue)) {
    doc.notes.push(`"mcpServers.${MCP_SERVER_NAME}" was not written by Vaultify; left as is`);
    return doc.result();
  }
  if (mode === 'remove') {
    if (current) doc.remove(['mcpServers', MCP_SERVER_NAME]);
    return doc.result();
  }
  if (current && JSON.stringify(currentValue) === JSON.stringify(entry)) return doc.result();
  if (current) doc.remove(['mcpServers', MCP_SERVER_NAME]);
  doc.add(['mcpServers', MCP_SERVER_NAME], entry);
  return doc.result();
}
