import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as pty from '@lydell/node-pty';
import { MaskStream } from '../../src/core/mask';
import { holdPtySlave } from '../../src/extension/terminal/ptySlave';
import { fakeGitHubToken } from '../support/fakeCredentials';

/** Waits for the shell to exit: a command of the test hangs or the machine is very busy otherwise. */
const EXIT_MS = 60_000;

/**
 * Runs `commands` in bash behind a real PTY, each typed at the prompt as a person would, with
 * TOKEN in its environment, and gives back what the mask stream made of its output. No hold
 * timer: what is masked must not depend on timing, only on the bytes the PTY delivers.
 */
function maskedSession(value: string, commands: string[]): Promise<{ raw: string; masked: string }> {
  return new Promise((resolve, reject) => {
    const shell = pty.spawn('/bin/bash', ['--norc', '--noprofile'], {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: process.cwd(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', TOKEN: value, PS1: '$ ', HISTFILE: '/dev/null' },
    });
    // As the masked terminal does: a shell that exits right after its last command keeps that output.
    const releaseSlave = holdPtySlave(shell);
    let raw = '';
    let masked = '';
    const stream = new MaskStream([{ name: 'github/token', value }], { text: (text) => (masked += text) }, { detectCredentials: true });
    const timer = setTimeout(() => {
      shell.kill();
      reject(new Error(`bash did not exit within ${EXIT_MS} ms; masked so far: ${JSON.stringify(masked.slice(-400))}`));
    }, EXIT_MS);
    shell.onData((text) => {
      raw += text;
      stream.write(text);
    });
    shell.onExit(() => {
      releaseSlave();
      clearTimeout(timer);
      stream.end();
      resolve({ raw, masked });
    });
    shell.write(`${commands.join('\r')}\rexit\r`);
  });
}

function assertNoRun(text: string, form: string, size: number, label: string): void {
  for (let i = 0; i + size <= form.length; i++)
    assert.ok(!text.includes(form.slice(i, i + size)), `${label}: "${form.slice(i, i + size)}" shows in ${JSON.stringify(text)}`);
}

describe('masking what a real PTY delivers', function () {
  this.timeout(2 * EXIT_MS);

  it('masks dumps, wrapped encodings and colours that are the first output after the prompt', async () => {
    const value = fakeGitHubToken();
    const renderings = [
      'printf %s "$TOKEN" | xxd',
      'printf %s "$TOKEN" | xxd -p',
      'printf %s "$TOKEN" | hexdump -C',
      'printf %s "$TOKEN" | od -c',
      'printf %s "$TOKEN" | od -An -c',
      'printf %s "$TOKEN" | od -tx1',
      'printf %s "$TOKEN" | od -An -tx1',
      'printf "%s\\n" "$TOKEN" | base64 -w 20',
      'echo "$TOKEN" | grep --color=always "${TOKEN:6:12}"',
    ];
    const { raw, masked } = await maskedSession(value, renderings);
    assert.ok(raw.includes('\x1b[?2004l\r'), 'bash wrote its lead-in before the output, as it does in a terminal');
    const plain = masked.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    const squeezed = plain.replace(/\s+/g, '');
    assertNoRun(plain, value, 9, 'text');
    assertNoRun(squeezed, value, 9, 'od -c cells');
    assertNoRun(squeezed, Buffer.from(value).toString('hex'), 18, 'hex cells');
    assertNoRun(squeezed, Buffer.from(`${value}\n`).toString('base64'), 12, 'base64');
    assert.ok(masked.split('[masked vault:github/token]').length - 1 >= renderings.length, 'one token per rendering at least');
  });
});

describe('a PTY whose output is still queued when node-pty gives up on it', function () {
  this.timeout(EXIT_MS);

  it('reads the queued output before the socket is destroyed, as after an event-loop stall at the exit', async () => {
    // The shell prints a few kilobytes (less than the PTY queues) and waits; nothing reads them
    // while the test stalls. Destroying the socket then is what node-pty's exit timer does.
    const shell = pty.spawn('/bin/bash', ['-c', 'seq 1 600; echo "END-$((6*7))"; exec sleep 30'], { cwd: process.cwd() });
    const releaseSlave = holdPtySlave(shell);
    let output = '';
    shell.onData((text) => (output += text));
    try {
      const deadline = Date.now() + EXIT_MS;
      // Busy-wait on purpose: the event loop must not read the PTY until the output is all queued.
      while (!fs.readFileSync(`/proc/${shell.pid}/cmdline`, 'latin1').startsWith('sleep')) {
        assert.ok(Date.now() < deadline, `the shell did not reach its sleep within ${EXIT_MS} ms`);
      }
      assert.equal(output, '', 'nothing was read yet');
      (shell as unknown as { _socket: { destroy(): void } })._socket.destroy();
      assert.ok(output.includes('\r\n600\r\nEND-42\r\n'), `the queued tail arrives: ${JSON.stringify(output.slice(-40))}`);
    } finally {
      shell.kill();
      releaseSlave();
    }
  });
});
