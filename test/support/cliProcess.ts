import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The built CLI, as the bundled test files (out/test/<layer>/) find it. */
export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Written to stdin, which is then closed; without it, stdin is closed at once. */
  input?: string;
  /** Run as this user (and group), to meet files the test made unreadable. */
  uid?: number;
}

let sharedCopy: string | undefined;

/**
 * The bundle copied to a world-readable temporary folder, for runs as another user: the checkout
 * may sit under a private (0700) folder that user cannot enter. The bundle is one file, so the
 * copy runs as the original does.
 */
function cliForOtherUsers(): string {
  if (sharedCopy) return sharedCopy;
  const dir = mkdtempSync(path.join(tmpdir(), 'vaultify-cli-'));
  chmodSync(dir, 0o755);
  const copy = path.join(dir, 'cli.js');
  copyFileSync(CLI, copy);
  chmodSync(copy, 0o644);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return (sharedCopy = copy);
}

/** Runs `vaultify ARGS…` from the build and collects its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  const cli = options.uid !== undefined && options.uid !== process.getuid?.() ? cliForOtherUsers() : CLI;
  return runProcess(process.execPath, [cli, ...args], options);
}

/** Runs a program and collects its exit code and output. */
export function runProcess(file: string, args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: 'pipe',
      ...(options.uid !== undefined && { uid: options.uid, gid: options.uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command that exits without reading its input closes the pipe first: its exit is the result, not EPIPE.
    child.stdin.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') reject(error);
    });
    child.stdin.end(options.input ?? '');
  });
}
