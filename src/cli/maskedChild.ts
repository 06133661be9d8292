import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { type MaskSecret, MaskTransform } from '../core/mask';

export interface MaskedChildOptions {
  command: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The values to mask in the child's output, by name. */
  secrets: readonly MaskSecret[];
  stdout: Writable;
  stderr: Writable;
}

/**
 * Runs a command with its stdout and stderr each through its own masker, stdin passed through.
 * Resolves with the child's exit code, or 128 + the signal number when a signal ended it, as a
 * shell reports it; 127 when the command cannot be started.
 */
export function runMaskedChild(options: MaskedChildOptions, onError: (message: string) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(options.command, [...options.args], { cwd: options.cwd, env: options.env, stdio: ['inherit', 'pipe', 'pipe'] });
    // The parent's stdout and stderr stay open after the child's end.
    const pipe = (from: NodeJS.ReadableStream, to: Writable): Promise<void> =>
      new Promise((done) => from.pipe(new MaskTransform(options.secrets)).on('end', done).pipe(to, { end: false }));
    const piped = Promise.all([pipe(child.stdout, options.stdout), pipe(child.stderr, options.stderr)]);
    child.on('error', (error: NodeJS.ErrnoException) => {
      onError(`cannot run ${options.command}: ${error.code === 'ENOENT' ? 'command not found' : error.message}`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      void piped.then(() => resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0)));
    });
  });
}
