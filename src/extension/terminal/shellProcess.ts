import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** What to start: the shell, its arguments, where, and with which environment. */
export interface ShellLaunch {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/** What a running shell reports. `stream` is 0 for a PTY's single stream; over pipes, 0 is stdout and 1 stderr. */
export interface ShellEvents {
  data(text: string, stream: number): void;
  exit(code: number): void;
}

/** A started shell, behind a PTY or over pipes. */
export interface ShellProcess {
  /** How many output streams `data` reports: 1 for a PTY, 2 over pipes. */
  readonly streams: number;
  write(input: string): void;
  resize(columns: number, rows: number): void;
  /** Stops reading output, so that a fast producer blocks instead of filling memory. */
  pause(): void;
  resume(): void;
  kill(): void;
}

/** The user's default shell, as VS Code's own terminals pick it. */
export function defaultShell(): { file: string; args: string[] } {
  const file =
    vscode.env.shell || (process.platform === 'win32' ? (process.env.COMSPEC ?? 'powershell.exe') : (process.env.SHELL ?? '/bin/sh'));
  // VS Code starts macOS shells as login shells, as Terminal.app does.
  return { file, args: process.platform === 'darwin' ? ['-l'] : [] };
}

/**
 * Why the launch cannot start, in words for the terminal; undefined when it can. node-pty reports
 * a missing shell only as a line of its child's output, so both are checked before spawning.
 */
export function launchProblem(launch: ShellLaunch): string | undefined {
  if (!isDirectory(launch.cwd)) return `The working folder ${launch.cwd} does not exist.`;
  if (process.platform === 'win32') return undefined;
  const candidates = launch.file.includes('/')
    ? [path.resolve(launch.cwd, launch.file)]
    : (launch.env.PATH ?? '')
        .split(path.delimiter)
        .filter(Boolean)
        .map((dir) => path.join(dir, launch.file));
  if (candidates.some(isExecutableFile)) return undefined;
  return `The shell ${launch.file} was not found or is not executable. Set your default terminal profile, or $SHELL, to an installed shell.`;
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The exit code a shell reports for a process ended by `signal`. */
export function signalExitCode(signal: number): number {
  return 128 + signal;
}
