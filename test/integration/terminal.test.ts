import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { DEFAULT_HOLD_MS, DEFAULT_TOKEN } from '../../src/core/mask';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals } from './support/approval';
import {
  BASH,
  PROMPT,
  WAIT_MS,
  assertNoValue,
  closedWith,
  count,
  emitted,
  openMasked,
  token,
  unique,
  vaultedToken,
  writeFile,
} from './support/maskedTerminal';
import { watchForPlaintext } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

describe('masked terminal', function () {
  this.timeout(4 * WAIT_MS);
  // These terminals are opened by a driven command, so each injection is approved like a user's Allow once.
  before(() => answerApprovals('allow-once'));
  after(() => answerApprovals(undefined));
  afterEach(() => {
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('injects a .env reference and masks the value, its base64 and its hex in every byte emitted', async () => {
    const { name, value, envFile } = await vaultedToken('terminal/token');
    const terminal = await openMasked({ ...BASH, envFiles: [envFile] });
    await emitted(terminal, (out) => out.includes(PROMPT), 'the bash prompt');
    // xxd may be missing; od's bytes with the spaces taken out are the same hex.
    const hex =
      'if command -v xxd >/dev/null; then printf %s "$TOKEN" | xxd -p; else printf %s "$TOKEN" | od -An -tx1 | tr -d " \\n"; echo; fi';
    terminal.terminal.sendText(`printenv TOKEN; echo "$TOKEN" | base64; ${hex}; exit 0`);
    assert.equal(await closedWith(terminal, 'the shell to exit'), 0);
    const output = terminal.output();
    assertNoValue(output, value, 'printenv, base64 and xxd');
    assert.ok(count(output, token(name)) >= 3, `one token per printed form, got ${count(output, token(name))}`);
  });

  it('shows all the output of a shell that prints and exits at once', async () => {
    // Linux drops a PTY's queued output when its last slave closes: 100 kB then exit, three times.
    for (let attempt = 0; attempt < 3; attempt++) {
      const terminal = await openMasked({ ...BASH, envFiles: [], command: 'seq 1 20000; echo "END-$((6*7))"; exit 0' });
      assert.equal(await closedWith(terminal, 'the shell to exit'), 0);
      const output = terminal.output();
      assert.ok(
        output.includes('\r\n20000\r\nEND-42'),
        `attempt ${attempt + 1}: the last lines were lost: ${JSON.stringify(output.slice(-200))}`,
      );
    }
  });

  it('masks the echo of typed input', async () => {
    const { name, value, envFile } = await vaultedToken('terminal/echo');
    const terminal = await openMasked({ ...BASH, envFiles: [envFile] });
    await emitted(terminal, (out) => out.includes(PROMPT), 'the bash prompt');
    terminal.terminal.sendText(`: ${value}`);
    await emitted(terminal, (out) => out.includes(token(name)), 'the masked echo');
    terminal.terminal.sendText('exit 0');
    await closedWith(terminal, 'the shell to exit');
    assertNoValue(terminal.output(), value, 'typed input');
  });

  it('reports the exit code of the default shell', async () => {
    const terminal = await openMasked({ envFiles: [], command: 'exit 3' });
    assert.equal(await closedWith(terminal, 'the shell to exit with 3'), 3);
    await waitFor(() => (terminal.terminal.exitStatus?.code === 3 ? true : undefined), 'VS Code to see exit code 3', WAIT_MS);
  });

  it('starts nothing when a reference is missing, and names the secret', async () => {
    const missing = unique('terminal/missing');
    const envFile = `${unique('terminal')}.env`;
    await writeFile(envFile, `PLAIN=1\nTOKEN=vault:${missing}\n`);
    const before = vscode.window.terminals.length;
    await assert.rejects(
      Promise.resolve(
        vscode.commands.executeCommand('vaultify.newMaskedTerminal', { cwd: folder('alpha').uri.fsPath, envFiles: [envFile] }),
      ),
      (error: Error) => error.message.includes(missing) && error.message.includes(envFile),
    );
    assert.equal(vscode.window.terminals.length, before, 'no terminal was created');
  });

  it('starts nothing when a picked secret is missing', async () => {
    const missing = unique('terminal/absent');
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vaultify.newMaskedTerminal', { envFiles: [], secrets: [missing] })),
      new RegExp(missing.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')),
    );
  });

  it('injects picked secrets under their variable names', async () => {
    const name = unique('picked/api-key');
    const value = watchForPlaintext(fakeGitHubToken());
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
    const variable = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const terminal = await openMasked({
      ...BASH,
      envFiles: [],
      secrets: [name],
      command: `printf '%s\\n' "len=\${#${variable}}" "$${variable}"; exit 0`,
    });
    assert.equal(await closedWith(terminal, 'the shell to exit'), 0);
    const output = terminal.output();
    assert.ok(output.includes(`len=${value.length}`), `$${variable} holds the value`);
    assert.ok(output.includes(token(name)));
    assertNoValue(output, value, 'picked secret');
  });

  it('keeps masking the old and the new value after a rotation and a deletion', async () => {
    const { name, value, envFile } = await vaultedToken('terminal/rotated');
    const terminal = await openMasked({ ...BASH, envFiles: [envFile] });
    await emitted(terminal, (out) => out.includes(PROMPT), 'the bash prompt');
    const rotated = watchForPlaintext(fakeGitHubToken());
    await vscode.commands.executeCommand('vaultify.rotateSecret', { name, value: rotated });
    await terminal.masksCurrent();
    terminal.terminal.sendText(`printf '%s\\n' "$TOKEN" ${rotated} ROTATED-$((20+1))`);
    await emitted(terminal, (out) => out.includes('ROTATED-21'), 'both values printed after the rotation');

    await vscode.commands.executeCommand('vaultify.deleteSecret', { name, force: true });
    await terminal.masksCurrent();
    terminal.terminal.sendText(`printf '%s\\n' "$TOKEN" ${rotated}; exit 0`);
    await closedWith(terminal, 'the shell to exit');
    const output = terminal.output();
    assertNoValue(output, value, 'old value');
    assertNoValue(output, rotated, 'new value');
    assert.ok(count(output, token(name)) >= 6, 'both values masked, echo and output, before and after deletion');
  });

  it('falls back to pipes when node-pty cannot load, says what is lost, and still masks', async () => {
    const { name, value, envFile } = await vaultedToken('terminal/pipe');
    const terminal = await openMasked({ shell: '/bin/sh', pipe: true, envFiles: [envFile] });
    await emitted(terminal, (out) => out.includes('over pipes'), 'the fallback notice');
    terminal.terminal.sendText(`printenv TOKEN; printf %s "$TOKEN" | base64; echo "$TOKEN" >&2; : ${value}`);
    await emitted(terminal, (out) => count(out, token(name)) >= 4, 'output, stderr and echo masked');
    terminal.terminal.sendText('exit 5');
    assert.equal(await closedWith(terminal, 'the shell to exit with 5'), 5);
    const output = terminal.output();
    assert.match(output, /no tty/);
    assertNoValue(output, value, 'pipe fallback');
  });

  it('says so in the terminal when the shell does not exist, and closes with an error code', async () => {
    const terminal = await openMasked({ shell: '/nonexistent/vaultify-shell', envFiles: [] });
    await emitted(terminal, (out) => out.includes('Press any key'), 'the failure message');
    assert.match(terminal.output(), /\/nonexistent\/vaultify-shell was not found/);
    terminal.terminal.sendText('x', false);
    assert.equal(await closedWith(terminal, 'the terminal to close after a key'), 127);
  });

  it('passes a burst of output through, paced and masked to the end', async () => {
    const { name, value, envFile } = await vaultedToken('terminal/burst');
    const megabytes = 10;
    const terminal = await openMasked({
      ...BASH,
      envFiles: [envFile],
      command: `head -c ${megabytes * 1_000_000} /dev/zero | tr '\\0' a; echo; printenv TOKEN; exit 0`,
    });
    assert.equal(await closedWith(terminal, 'the burst to end'), 0);
    const output = terminal.output();
    assert.ok(terminal.emittedChars() > megabytes * 1_000_000, `the whole burst was emitted (${terminal.emittedChars()} chars)`);
    assert.ok(output.includes(token(name)), 'the value after the burst is masked');
    assertNoValue(output.slice(-10_000), value, 'after the burst');
  });

  it('kills the shell and its program when the terminal is closed mid-write', async () => {
    const terminal = await openMasked({ ...BASH, envFiles: [], command: 'echo "PID=$$"; yes vaultify' });
    const pid = Number(
      /PID=(\d+)/.exec(await emitted(terminal, (out) => /PID=\d+/.test(out) && out.length > 100_000, 'a stream of output'))![1],
    );
    const closed = new Promise<void>((resolve) => vscode.window.onDidCloseTerminal((t) => t === terminal.terminal && resolve()));
    terminal.terminal.dispose();
    await closed;
    await waitFor(
      () => {
        try {
          process.kill(pid, 0);
          return undefined;
        } catch {
          return true;
        }
      },
      'the shell to be gone',
      WAIT_MS,
    );
  });

  it('runs the script a CodeLens offers in a masked terminal', async () => {
    const name = unique('lens/deploy-key');
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value: watchForPlaintext(fakeGitHubToken()), scope: 'workspace' });
    const variable = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const dir = unique('lens');
    const pkg = await writeFile(
      `${dir}/package.json`,
      JSON.stringify({ scripts: { build: 'tsc', deploy: `curl -H "Authorization: $${variable}" x` } }, null, 2),
    );
    const make = await writeFile(`${dir}/Makefile`, `build:\n\tcc main.c\n\ndeploy: build\n\t./push --token "$$${variable}"\n`);
    const script = await writeFile(`${dir}/release.sh`, `#!/usr/bin/env bash\ncurl -H "Authorization: {{vault:${name}}}" x\n`);
    const plain = await writeFile(`${dir}/other.sh`, '#!/bin/sh\necho hello\n');

    const lensesOf = async (uri: vscode.Uri): Promise<{ line: number; command: string }[]> => {
      // The CodeLens API command reads the document's model, so the document must be open.
      await vscode.workspace.openTextDocument(uri);
      const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
      return lenses
        .filter((lens) => lens.command?.command === 'vaultify.newMaskedTerminal')
        .map((lens) => ({ line: lens.range.start.line, command: lens.command!.arguments![0].command }));
    };
    assert.deepEqual(await lensesOf(pkg), [{ line: 3, command: 'npm run deploy' }]);
    assert.deepEqual(await lensesOf(make), [{ line: 3, command: 'make deploy' }]);
    assert.deepEqual(await lensesOf(script), [{ line: 0, command: 'bash ./release.sh' }]);
    assert.deepEqual(await lensesOf(plain), []);
  });

  it('takes its mask token and hold time defaults from the core masker', () => {
    assert.equal(vscode.workspace.getConfiguration('vaultify.mask').inspect('token')?.defaultValue, DEFAULT_TOKEN);
    assert.equal(vscode.workspace.getConfiguration('vaultify.terminal').inspect('holdMs')?.defaultValue, DEFAULT_HOLD_MS);
  });
});
