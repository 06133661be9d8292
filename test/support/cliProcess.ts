import { spawn } from 'node:child_process';
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

/** Runs `vaultify ARGS…` from the build and collects its exit code and output. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliRun> {
  return runProcess(process.execPath, [CLI, ...args], options);
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
    child.stdin.end(options.input ?? '');
  });
}
