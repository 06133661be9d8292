import * as assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import * as vscode from 'vscode';
import { fakeGitHubToken } from '../support/fakeCredentials';
import {
  BASH,
  PROMPT,
  WAIT_MS,
  assertAtMostBound,
  closedWith,
  count,
  openMasked,
  token,
  unique,
  vaultedToken,
  writeFile,
} from './support/maskedTerminal';
import { answerApprovals } from './support/approval';

describe('masking in a masked terminal', function () {
  this.timeout(4 * WAIT_MS);
  // These terminals are opened by a driven command, so each injection is approved like a user's Allow once.
  beforeEach(() => answerApprovals('allow-once'));
  afterEach(() => {
    answerApprovals(undefined);
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  it('shows no more than the bound of a token in a 3 MB burst, whatever the pacing', async () => {
    const { name, value, envFile } = await vaultedToken('mask/burst');
    const terminal = await openMasked({
      ...BASH,
      envFiles: [envFile],
      command: 'yes "TOKEN=$TOKEN and more text" | head -c 3000000; echo; exit 0',
    });
    assert.equal(await closedWith(terminal, 'the burst to end'), 0);
    const output = terminal.output();
    assert.ok(terminal.emittedChars() === output.length, 'the whole burst was recorded');
    const lines = Math.ceil(3_000_000 / `TOKEN=${value} and more text\n`.length);
    assert.equal(count(output, token(name)), lines, 'every line masked, the one cut short by head -c too');
    assertAtMostBound(output, value, 'burst');
  });

  it('masks a value split by colour codes (grep --color=always)', async () => {
    const { name, value, envFile } = await vaultedToken('mask/colour');
    const file = `${unique('colour')}.txt`;
    await writeFile(file, `before\n${value}\nafter\n`);
    const terminal = await openMasked({ ...BASH, envFiles: [envFile], command: `grep --color=always "\${TOKEN:6:12}" ${file}; exit 0` });
    assert.equal(await closedWith(terminal, 'grep to finish'), 0);
    const output = terminal.output();
    assert.ok(output.includes(token(name)), 'the coloured value shows as its token');
    assertAtMostBound(output, value, 'grep --color');
  });

  it('masks base64, xxd, hexdump -C and od -c of a file whose value straddles a line wrap', async () => {
    const { name, value, envFile } = await vaultedToken('mask/dump');
    const file = `${unique('dump')}.bin`;
    // 40 bytes before the value: its base64 straddles both the 64- and the 76-column wrap.
    await writeFile(file, `${'x'.repeat(40)}${value}${'y'.repeat(120)}\n`);
    const tools = ['base64', 'openssl base64 -in', 'xxd', 'xxd -p', 'hexdump -C', 'od -c'];
    const marks = tools.map((tool, i) => `echo "== ${i}"; ${tool} ${file}`).join('; ');
    const terminal = await openMasked({ ...BASH, envFiles: [envFile], command: `${marks}; exit 0` });
    assert.equal(await closedWith(terminal, 'the dumps to finish'), 0);
    const output = terminal.output();
    const sections = output.split(/== \d+\r?\n/).slice(1);
    assert.equal(sections.length, tools.length, 'every tool printed');
    sections.forEach((section, i) => {
      assert.ok(section.includes(token(name)), `${tools[i]}: the value shows as its token`);
      assertAtMostBound(section, value, tools[i]);
    });
  });

  it('masks a credential a .env injects that nobody vaulted, and leaves plain settings readable', async () => {
    const slack = `xoxb-${Date.now()}-${Math.floor(Math.random() * 1e12)}-${unique('AbCdEfGhIjKlMnOpQrStUvWx').replace(/[^A-Za-z0-9]/g, '')}`;
    const envFile = `${unique('unvaulted')}.env`;
    await writeFile(envFile, `SLACK_BOT_TOKEN=${slack}\nAPP_PORT=8080\nHISTFILE=/dev/null\nPS1="${PROMPT}"\n`);
    const terminal = await openMasked({
      ...BASH,
      envFiles: [envFile],
      command: `printenv SLACK_BOT_TOKEN; printenv APP_PORT; cat ${envFile}; exit 0`,
    });
    assert.equal(await closedWith(terminal, 'printenv to finish'), 0);
    const output = terminal.output();
    assert.ok(count(output, '[masked env:SLACK_BOT_TOKEN]') >= 2, 'printenv and cat both show the env token');
    assert.match(output, /8080/, 'a plain setting stays readable');
    assertAtMostBound(output, slack, 'unvaulted .env token');
  });

  it('masks a freshly printed GitHub token and a PEM private key that nobody stored', async () => {
    const minted = fakeGitHubToken();
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const script = `${unique('mint')}.sh`;
    await writeFile(script, `printf 'new token: %s\\n' '${minted}'\ncat <<'KEY'\n${pem}KEY\necho done-minting\n`);
    const terminal = await openMasked({ ...BASH, envFiles: [], command: `bash ${script}; exit 0` });
    assert.equal(await closedWith(terminal, 'the script to finish'), 0);
    const output = terminal.output();
    assert.match(output, /new token: \[masked secret:[^\]]+\]/);
    assert.match(output, /done-minting/);
    assertAtMostBound(output, minted, 'minted token');
    for (const line of pem.split('\n').filter((l) => l.length > 40)) assertAtMostBound(output, line, 'PEM body line');
    assert.ok(terminal.caught().length >= 2, 'both credentials were caught');
    assert.ok(
      terminal.caught().every((c) => c.kind && c.suggestedName && !c.suggestedName.includes(minted)),
      'caught by kind and name only',
    );
  });

  it('ignores a workspace setting that would switch masking off, and says so naming the setting and the file', async () => {
    const { name, value, envFile } = await vaultedToken('mask/setting');
    // The test workspace is multi-root: its workspace settings live in the .code-workspace file.
    const config = vscode.workspace.getConfiguration('vaultify');
    await config.update('mask.minLength', 100000, vscode.ConfigurationTarget.Workspace);
    await config.update('mask.token', 'ok', vscode.ConfigurationTarget.Workspace);
    try {
      const terminal = await openMasked({ ...BASH, envFiles: [envFile], command: 'printenv TOKEN; exit 0' });
      assert.equal(await closedWith(terminal, 'printenv to finish'), 0);
      assert.ok(terminal.output().includes(token(name)), 'still masked, with the real token');
      assertAtMostBound(terminal.output(), value, 'with a weakening workspace setting');
      const file = vscode.workspace.asRelativePath(vscode.workspace.workspaceFile!);
      const messages = terminal.ignoredSettings();
      for (const setting of ['vaultify.mask.minLength', 'vaultify.mask.token']) {
        assert.ok(
          messages.some((m) => m.includes(setting) && m.includes(file)),
          `the message names ${setting} and ${file}: ${messages.join(' | ')}`,
        );
      }
    } finally {
      await config.update('mask.minLength', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('mask.token', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
