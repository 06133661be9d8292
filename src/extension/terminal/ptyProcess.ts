import type * as NodePty from '@lydell/node-pty';
import { holdPtySlave } from './ptySlave';
import { type ShellEvents, type ShellLaunch, type ShellProcess, signalExitCode } from './shellProcess';

export type PtyModule = typeof NodePty;

/**
 * Loads the native module when a terminal opens, never at activation: it is the costliest thing
 * the extension loads, and only masked terminals need it.
 */
export function loadNodePty(): PtyModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a native addon, loaded on first use only
  return require('@lydell/node-pty') as PtyModule;
}

/** The shell behind a real PTY: a tty, so prompts, line editing, colours, Ctrl-C and full-screen programs work. */
export function spawnPty(pty: PtyModule, launch: ShellLaunch, size: { columns: number; rows: number }, events: ShellEvents): ShellProcess {
  const child = pty.spawn(launch.file, launch.args, {
    name: 'xterm-256color',
    cols: size.columns,
    rows: size.rows,
    cwd: launch.cwd,
    env: launch.env,
  });
  const releaseSlave = holdPtySlave(child);
  let exited = false;
  child.onData((text) => events.data(text, 0));
  // With the slave held, node-pty reports the exit after its grace period for late output (200 ms).
  child.onExit(({ exitCode, signal }) => {
    exited = true;
    releaseSlave();
    events.exit(signal ? signalExitCode(signal) : exitCode);
  });
  return {
    streams: 1,
    write: (input) => {
      if (!exited) child.write(input);
    },
    resize: (columns, rows) => {
      if (!exited) child.resize(columns, rows);
    },
    pause: () => child.pause(),
    resume: () => child.resume(),
    kill: () => {
      if (!exited) child.kill();
    },
  };
}
