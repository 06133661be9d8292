import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The launcher: a small per-user script at a fixed place that runs the installed extension's
 * CLI. Workspace files (`.mcp.json`, hook configs) name it through `$HOME`, never through the
 * versioned extension folder, so they can be committed and work for every teammate.
 */
export const LAUNCHER_RELATIVE_POSIX = '.vaultify/bin/vaultify';
export const LAUNCHER_RELATIVE_WINDOWS = '.vaultify\\bin\\vaultify.cmd';

export function launcherPath(platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  return platform === 'win32' ? path.win32.join(home, LAUNCHER_RELATIVE_WINDOWS) : path.posix.join(home, LAUNCHER_RELATIVE_POSIX);
}

/** The script's text: node (the one VS Code runs extensions with when given) on the CLI bundle. */
export function launcherScript(cliPath: string, nodePath: string | undefined, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    const run = nodePath ? `set ELECTRON_RUN_AS_NODE=1\r\n"${nodePath}"` : 'node';
    return `@echo off\r\nrem Written by the Vaultify extension: runs its CLI. Rewritten when the extension updates.\r\n${run} "${cliPath}" %*\r\n`;
  }
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
  // VS Code's own node runs the CLI as node when ELECTRON_RUN_AS_NODE is set; a plain node needs nothing.
  const run = nodePath ? `ELECTRON_RUN_AS_NODE=1 exec ${quote(nodePath)} ${quote(cliPath)} "$@"` : `exec node ${quote(cliPath)} "$@"`;
  return `#!/bin/sh\n# Written by the Vaultify extension: runs its CLI. Rewritten when the extension updates.\n${run}\n`;
}

/** The shell command a hook config holds: expands `$HOME` at run time, on every machine. */
export function hookCommand(client: string): { posix: string; windows: string } {
  return {
    posix: `"$HOME/${LAUNCHER_RELATIVE_POSIX}" hook ${client}`,
    windows: `"%USERPROFILE%\\${LAUNCHER_RELATIVE_WINDOWS}" hook ${client}`,
  };
}

/** Whether a command string is one of Vaultify's hook commands (written by any version). */
export function isVaultifyHookCommand(command: unknown): boolean {
  return typeof command === 'string' && /vaultify(\.cmd)?["']?\s+hook\s/.test(command);
}
