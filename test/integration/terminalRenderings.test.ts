import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PACE_BUDGET_CHARS } from '../../src/extension/terminal/outputPacer';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { answerApprovals } from './support/approval';
import {
  BASH,
  PROMPT,
  WAIT_MS,
  assertAtMostBound,
  count,
  emitted,
  holdsRun,
  openMasked,
  shown,
  token,
  unique,
  vaultedToken,
  writeFile,
} from './support/maskedTerminal';
import { watchForPlaintext } from './support/plaintextWatch';

/**
 * The renderings the masking unit tests cover, printed through the masked terminal a person opens
 * (its real PTY, bash's line editor, the output pacer), and checked where the person looks: the
 * terminal's buffer. Each command is typed at the prompt, so each rendering is the first output
 * after the shell's lead-in, as it is for a person.
 */
describe('renderings in a masked terminal', function () {
  this.timeout(4 * WAIT_MS);
  beforeEach(() => answerApprovals('allow-once'));
  afterEach(() => {
    answerApprovals(undefined);
    for (const terminal of vscode.window.terminals) terminal.dispose();
  });

  /** Opens a masked bash with the .env's references resolved and waits for its prompt. */
  async function bashWith(envFile: string): Promise<Awaited<ReturnType<typeof openMasked>>> {
    const terminal = await openMasked({ ...BASH, envFiles: [envFile] });
    await emitted(terminal, (out) => out.includes(PROMPT), 'the bash prompt');
    return terminal;
  }

  /** Types the commands, then a marker whose output (not its echo) says they all ran; returns the buffer then. */
  async function typeAndShow(terminal: Awaited<ReturnType<typeof openMasked>>, commands: string[], marker: string): Promise<string> {
    terminal.terminal.sendText([...commands, `echo "${marker}-$((6*7))"`].join('\n'));
    return shown(
      terminal.terminal,
      (buffer) => buffer.includes(`${marker}-42`),
      `the output of ${commands.length} commands in the terminal`,
    );
  }

  /** Writes each rendering as a script of its own, so the commands typed are short and need no quoting; returns them. */
  async function scripts(renderings: string[]): Promise<string[]> {
    const dir = unique('renderings');
    return Promise.all(
      renderings.map(async (source, i) => {
        await writeFile(`${dir}/r${i}.sh`, `${source}\n`);
        return `bash ${dir}/r${i}.sh`;
      }),
    );
  }

  it('shows no more than 8 characters of a vaulted value in any rendering, on the terminal screen', async () => {
    const { name, value } = await vaultedToken('render/token');
    // A second value with the characters that encoders escape, in the same terminal.
    const pwName = unique('render/password');
    const pw = watchForPlaintext(`a<b>&c/d"e\\f-${randomBytes(6).toString('hex')}`);
    await vscode.commands.executeCommand('vaultify.addSecret', { name: pwName, value: pw, scope: 'workspace' });
    const envFile = `${unique('render')}.env`;
    await writeFile(envFile, `TOKEN=vault:${name}\nPW=vault:${pwName}\nHISTFILE=/dev/null\nPS1="${PROMPT}"\n`);

    const tokenRenderings = [
      String.raw`printenv TOKEN`,
      String.raw`printf %s "$TOKEN" | xxd`,
      String.raw`printf %s "$TOKEN" | xxd -p`,
      String.raw`printf %s "$TOKEN" | xxd -p -u`,
      String.raw`printf %s "$TOKEN" | hexdump -C`,
      String.raw`printf %s "$TOKEN" | od -c`,
      String.raw`printf %s "$TOKEN" | od -An -c`,
      String.raw`printf %s "$TOKEN" | od -tx1`,
      String.raw`printf %s "$TOKEN" | od -An -tx1`,
      String.raw`printf %s "$TOKEN" | od -An -tx1 | tr -d ' \n'; echo`,
      String.raw`printf %s "$TOKEN" | base64`,
      String.raw`printf x%s "$TOKEN" | base64`,
      String.raw`printf xx%s "$TOKEN" | base64 -w 20`,
      String.raw`printf %s "$TOKEN" | base64 | tr +/ -_`,
      String.raw`echo "$TOKEN" | grep --color=always "$(printf %s "$TOKEN" | cut -c7-18)"`,
      String.raw`printf %s "$TOKEN" | while IFS= read -r -n1 c; do printf '\e[3%dm%s' $((n++ % 8)) "$c"; done; printf '\e[0m\n'`,
      String.raw`printf '%70s%s\n' '' "$TOKEN"`,
    ];
    const pwRenderings = [
      String.raw`printenv PW`,
      String.raw`printf '{"v":"%s"}\n' "$(printf %s "$PW" | sed 's/\\/\\\\/g; s/"/\\"/g')"`,
      String.raw`printf %s "$PW" | while IFS= read -r -n1 c; do printf '\\u%04x' "'$c"; done; echo`,
      String.raw`printf %s "$PW" | while IFS= read -r -n1 c; do case $c in [A-Za-z0-9._~-]) printf %s "$c";; *) printf '%%%02X' "'$c";; esac; done; echo`,
      String.raw`printf '%q\n' "$PW"`,
      'echo "${PW@Q}"',
    ];
    const title = String.raw`printf '\e]0;deploy %s\a' "$TOKEN"`;
    const terminal = await bashWith(envFile);
    const buffer = await typeAndShow(terminal, await scripts([...tokenRenderings, ...pwRenderings, title]), 'renderings');

    assertAtMostBound(buffer, value, 'the terminal buffer');
    assertAtMostBound(terminal.output(), value, 'what the terminal emitted, title included');
    assert.ok(
      count(buffer, token(name)) >= tokenRenderings.length,
      `a token for each of the ${tokenRenderings.length} renderings of the token, got ${count(buffer, token(name))}`,
    );
    const pwForms = [
      pw,
      JSON.stringify(pw).slice(1, -1),
      [...pw].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''),
      encodeURIComponent(pw),
    ];
    for (const form of pwForms) assert.ok(!holdsRun(buffer, form, 9), `9 characters of ${JSON.stringify(form)} on screen`);
    assert.ok(
      count(buffer, token(pwName)) >= pwRenderings.length,
      `a token for each of the ${pwRenderings.length} renderings of the password, got ${count(buffer, token(pwName))}`,
    );
  });

  it('holds the bound when dumps drip out in pieces slower than the hold and in a burst the pacer must pause', async () => {
    const { name, value, envFile } = await vaultedToken('render/stress');
    // Five bytes at a time, 50 ms apart: longer than the 30 ms hold, so holds run out mid-line.
    const drip = String.raw`perl -e '$|=1; while (read(STDIN, my $b, 5)) { print $b; select(undef, undef, undef, 0.05) }'`;
    // The value at every offset of a 16-byte dump line, 100 times over: masked, several times the pacer's budget.
    const everyOffset = String.raw`for r in $(seq 100); do for i in $(seq 0 15); do printf '%*s%s\n' "$i" '' "$TOKEN"; done; done`;
    const terminal = await bashWith(envFile);
    const buffer = await typeAndShow(
      terminal,
      await scripts([
        `printf %s "$TOKEN" | xxd | ${drip}`,
        `printf %s "$TOKEN" | hexdump -C | ${drip}`,
        `printf %s "$TOKEN" | od -c | ${drip}`,
        `printf '%s\\n' "$TOKEN" | base64 -w 20 | ${drip}`,
        `${everyOffset} | xxd`,
        `${everyOffset} | hexdump -C`,
        `${everyOffset} | od -c`,
        `${everyOffset} | base64`,
      ]),
      'stress',
    );
    assert.ok(terminal.emittedChars() > 2 * PACE_BUDGET_CHARS, `the pacer paused the burst (${terminal.emittedChars()} characters)`);
    assertAtMostBound(terminal.output(), value, 'everything emitted');
    assertAtMostBound(buffer, value, 'the terminal buffer');
    assert.ok(buffer.includes(token(name)));
  });

  it('shows no part of the secret halves of pairs that `cat` prints from a config file nobody vaulted', async () => {
    const randomOf = (alphabet: string, length: number): string =>
      [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
    const base62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    const keyId = `AKIA${randomOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    // Random, with each character class the detector asks of a key guaranteed.
    const secretKey = `${randomOf(base62, 35)}Q7z/+`;
    const accountKey = randomBytes(64).toString('base64');
    const clientSecret = `${randomOf(base62, 3)}8Q~${randomOf(base62, 34)}`;
    const file = `${unique('pairs')}.json`;
    await writeFile(
      file,
      [
        '{',
        `  "accessKeyId": "${keyId}",`,
        '  "region": "eu-west-1",',
        `  "secretAccessKey": "${secretKey}",`,
        `  "storage": { "AccountName": "assets", "AccountKey": "${accountKey}" },`,
        `  "auth": { "clientId": "0b5c2a4e-1f3d-4e6a-9b8c-7d6e5f4a3b2c", "clientSecret": "${clientSecret}" }`,
        '}',
        '',
      ].join('\n'),
    );
    const { envFile } = await vaultedToken('render/pairs');
    const terminal = await bashWith(envFile);
    const buffer = await typeAndShow(terminal, [`cat ${file}`], 'pairs');
    for (const [label, secret] of [
      ['AWS secret access key', secretKey],
      ['Azure account key', accountKey],
      ['Entra ID client secret', clientSecret],
    ]) {
      assert.ok(!holdsRun(buffer, secret, 9), `${label}: part of it is on screen`);
    }
    for (const kind of ['aws-access-key-id', 'aws-secret-access-key', 'azure-storage-account-key', 'azure-client-secret']) {
      assert.ok(buffer.includes(`[masked secret:${kind}]`), `${kind} masked`);
    }
    assert.match(buffer, /"region": "eu-west-1"/, 'the rest of the file stays readable');
  });

  it('masks a vaulted value as its vault token and offers to store only what nobody stored', async () => {
    const { name, envFile } = await vaultedToken('render/stored');
    const terminal = await bashWith(envFile);
    await typeAndShow(terminal, ['echo $TOKEN'], 'stored');
    await shown(terminal.terminal, (buffer) => buffer.includes(token(name)), 'the vaulted value as its vault token');
    assert.deepEqual(terminal.caught(), [], 'a vaulted value is not offered for storing');

    // A token nobody stored, printed whole though typed in two halves (so its echo shows no token).
    const minted = fakeGitHubToken();
    await typeAndShow(terminal, [`printf "minted: %s%s\\n" ${minted.slice(0, 12)} ${minted.slice(12)}`], 'minted');
    await shown(terminal.terminal, (buffer) => /minted: \[masked secret:github-[a-z]+\]/.test(buffer), 'the new token masked');
    assert.equal(terminal.caught().length, 1, 'the credential nobody stored is offered');
    assert.match(terminal.caught()[0].kind, /^github-/);
  });
});
