import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { type ShellEvents, type ShellLaunch, type ShellProcess, signalExitCode } from './shellProcess';

/** What the user loses when the shell runs over pipes: said once, in the terminal. */
export const PIPE_LIMITS = 'no tty, so no prompt, no line editing and no full-screen programs, and Ctrl-C stops the shell itself';

/** Escape sequences of keys that have no meaning without a tty (arrows, function keys). */
const KEY_SEQUENCE = /^\x1b(?:\[[0-9;?]*[ -/]*[@-~]|O.|.)?/;

/**
 * The fallback when node-pty cannot load: the shell as a child process over pipes. Without a tty
 * nothing echoes what is typed or turns Enter into a line, so this does a terminal's smallest
 * job itself: it echoes input (through the output stream, so that the echo is masked like any
 * output), keeps one line that Backspace edits, sends it on Enter, and maps Ctrl-C and Ctrl-D.
 * Output line feeds become CRLF, as a tty's output processing would make them.
 */
export function spawnPipe(launch: ShellLaunch, events: ShellEvents): ShellProcess {
  const child: ChildProcessWithoutNullStreams = spawn(launch.file, launch.args, {
    cwd: launch.cwd,
    env: launch.env,
    stdio: 'pipe',
    // Its own process group, so that Ctrl-C reaches whatever the shell is running too.
    detached: process.platform !== 'win32',
    windowsHide: true,
  });
  let exited = false;
  const finish = (code: number): void => {
    if (exited) return;
    exited = true;
    events.exit(code);
  };
  const lastWasCr = [false, false];
  const forward = (stream: number) => (text: string) => {
    let out = '';
    for (const ch of text) {
      if (ch === '\n' && !lastWasCr[stream]) out += '\r';
      out += ch;
      lastWasCr[stream] = ch === '\r';
    }
    events.data(out, stream);
  };
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', forward(0));
  child.stderr.on('data', forward(1));
  // Input written after the shell exits fails with EPIPE; there is nobody left to tell.
  child.stdin.on('error', () => undefined);
  child.on('error', (error) => {
    events.data(`\r\nVaultify: the shell failed: ${error.message}\r\n`, 1);
    finish(1);
  });
  child.on('close', (code, signal) => finish(code ?? signalExitCode(signal ? constants.signals[signal] : 1)));

  const signalAll = (signal: NodeJS.Signals): void => {
    try {
      if (process.platform === 'win32' || child.pid === undefined) child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };

  let line = '';
  let lastKeyWasCr = false;
  const echo = (text: string): void => events.data(text, 0);
  return {
    streams: 2,
    write: (input) => {
      if (exited) return;
      for (let i = 0; i < input.length;) {
        const sequence = input[i] === '\x1b' ? KEY_SEQUENCE.exec(input.slice(i)) : null;
        if (sequence) {
          i += sequence[0].length;
          continue;
        }
        const ch = String.fromCodePoint(input.codePointAt(i)!);
        i += ch.length;
        const wasCr = lastKeyWasCr;
        lastKeyWasCr = ch === '\r';
        if (ch === '\r' || ch === '\n') {
          if (ch === '\n' && wasCr) continue;
          echo('\r\n');
          child.stdin.write(`${line}\n`);
          line = '';
        } else if (ch === '\x7f' || ch === '\b') {
          if (!line) continue;
          line = [...line].slice(0, -1).join('');
          echo('\b \b');
        } else if (ch === '\x03') {
          echo('^C\r\n');
          line = '';
          signalAll('SIGINT');
        } else if (ch === '\x04') {
          if (line) child.stdin.write(line);
          line = '';
          child.stdin.end();
        } else if (ch >= ' ' || ch === '\t') {
          line += ch;
          echo(ch);
        }
      }
    },
    // Pipes have no size; programs that ask get none.
    resize: () => undefined,
    pause: () => {
      child.stdout.pause();
      child.stderr.pause();
    },
    resume: () => {
      child.stdout.resume();
      child.stderr.resume();
    },
    kill: () => {
      if (!exited) signalAll('SIGHUP');
    },
  };
}
