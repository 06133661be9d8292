import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAtomicWriteTemp } from '../../src/core/files/atomicWrite';
import { TeamFile, generateAgeIdentity, recipientOf } from '../../src/core/sops';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { startEchoServer, testTls } from '../support/wireServers';
import { invokeText } from './support/agentTools';
import { answerApprovals } from './support/approval';
import { asPerson } from './support/extensionApi';
import { BASH, PROMPT, WAIT_MS, assertNoValue, closedWith, openMasked, token, unique, writeFile } from './support/maskedTerminal';
import { watchForPlaintext } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { closeAllEditors, folder, openFile } from './support/workspace';

const TEAM_FILE = 'team.sops.yaml';
const run = <T>(command: string, args: object): Promise<T> => Promise.resolve(vscode.commands.executeCommand<T>(command, args));
const root = (): string => folder('alpha').uri.fsPath;
const teamText = (): string => fs.readFileSync(path.join(root(), TEAM_FILE), 'utf8');
const sopsConfig = (): string => fs.readFileSync(path.join(root(), '.sops.yaml'), 'utf8');
/** Every encrypted value of the file, as written. */
const ciphertexts = (text: string): string[] => text.match(/ENC\[AES256_GCM,[^\]]*\]/g) ?? [];
/** The encrypted value on the line of `key`. */
const ciphertextOf = (text: string, key: string): string | undefined =>
  text
    .split('\n')
    .find((line) => line.trimStart().startsWith(`${key}:`))
    ?.match(/ENC\[[^\]]*\]/)?.[0];

function rangeOf(document: vscode.TextDocument, needle: string): vscode.Range {
  const start = document.getText().indexOf(needle);
  assert.ok(start >= 0, 'the value is in the document');
  return new vscode.Range(document.positionAt(start), document.positionAt(start + needle.length));
}

/** Waits until the vault no longer (or again) knows `name`; a denied copy releases nothing either way. */
async function untilKnown(name: string, known: boolean): Promise<void> {
  answerApprovals('deny');
  await waitFor(
    async () => {
      const error = await run('vaultify.copySecret', { name }).then(
        () => undefined,
        (e: Error) => e,
      );
      const missing = !!error && /is not in the vault/.test(error.message);
      return missing !== known ? true : undefined;
    },
    `"${name}" to be ${known ? 'known' : 'unknown'} to the vault`,
    WAIT_MS,
  );
}

describe('team secrets in SOPS files', function () {
  this.timeout(4 * WAIT_MS);
  let recipient: string;
  const name = unique('payments/stripe');
  const [group, key] = name.split('/');
  const value = watchForPlaintext(fakeGitHubToken());
  /** The file the literal was vaultified from: on disk it still holds the value (the edit is unsaved). */
  const literalFile = `${unique('team')}.env`;

  before(async () => {
    ({ recipient } = await run<{ recipient: string }>('vaultify.setUpTeamKey', await asPerson({ generate: true })));
    assert.match(recipient, /^age1[0-9a-z]{58}$/, 'the key set-up gives the public recipient');
    await writeFile('.sops.yaml', `# team recipients\ncreation_rules:\n  - path_regex: team\\.sops\\.yaml$\n    age: ${recipient}\n`);
  });

  after(async () => {
    answerApprovals(undefined);
    for (const terminal of vscode.window.terminals) terminal.dispose();
    await closeAllEditors();
    // The rest of the suite runs without a team scope, as it was written for.
    for (const file of [TEAM_FILE, '.sops.yaml']) fs.rmSync(path.join(root(), file), { force: true });
  });

  it('refuses a driven key set-up and a driven member change', async () => {
    await assert.rejects(run('vaultify.setUpTeamKey', { generate: true }), /Only you can set up your team key/);
    await assert.rejects(run('vaultify.addTeamMember', { recipient }), /Only you can change who is in the team/);
  });

  it('vaultifies a secret into the team file: ciphertext only, and vault:payments/stripe resolves from payments.stripe', async () => {
    const editor = await openFile(literalFile, `STRIPE_KEY=${value}\n`);
    const result = await run<{ name: string; reference: string }>('vaultify.vaultifySecret', {
      uri: editor.document.uri,
      range: rangeOf(editor.document, value),
      name,
      scope: 'team',
    });
    assert.deepEqual(result, { name, reference: `vault:${name}` });
    assert.equal(editor.document.getText(), `STRIPE_KEY=vault:${name}\n`, 'the reference took the value’s place');

    const text = teamText();
    assert.ok(!text.includes(value), 'no plaintext in the team file');
    assert.ok(!text.includes(Buffer.from(value).toString('base64').slice(0, 24)), 'nor its base64');
    assert.match(
      text,
      new RegExp(`^${group}:\\n\\s+${key.replace(/[.-]/g, '\\$&')}: ENC\\[AES256_GCM,`, 'm'),
      'nested under payments, encrypted',
    );
    assert.ok(text.includes(recipient), 'encrypted to the recipient of .sops.yaml');
  });

  it('resolves the team reference in a masked terminal and masks it there', async () => {
    const envFile = `${unique('team')}.env`;
    await writeFile(envFile, `TOKEN=vault:${name}\nHISTFILE=/dev/null\nPS1="${PROMPT}"\n`);
    answerApprovals('allow-once');
    const terminal = await openMasked({ ...BASH, envFiles: [envFile], command: 'printf "len=%s\\n" "${#TOKEN}"; printenv TOKEN; exit 0' });
    assert.equal(await closedWith(terminal, 'the shell to exit'), 0);
    const output = terminal.output();
    assert.ok(output.includes(`len=${value.length}`), 'the terminal received the team value');
    assert.ok(output.includes(token(name)), 'and shows it as its token');
    assertNoValue(output, value, 'team secret in a masked terminal');
  });

  it('masks a team value that a masked terminal prints without having been given it', async () => {
    // A file that still holds the literal, as a log or a copy elsewhere would.
    const copy = `${unique('team-copy')}.txt`;
    await writeFile(copy, `STRIPE_KEY=${value}\n`);
    const terminal = await openMasked({ ...BASH, envFiles: [], command: `cat ${copy}; rm ${copy}; exit 0` });
    assert.equal(await closedWith(terminal, 'cat to finish'), 0);
    const output = terminal.output();
    assert.ok(output.includes(`STRIPE_KEY=${token(name)}`), 'the masker knows the team value by its name');
    assertNoValue(output, value, 'team value read from a file');
  });

  it("keeps a team value's hosts in the team file, and an agent run gets a placeholder: the value only on the wire to them", async () => {
    const bound = watchForPlaintext(fakeGitHubToken());
    const boundName = unique('team/bound');
    const variable = boundName.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
    const [server, other] = await Promise.all([startEchoServer(testTls()), startEchoServer(testTls())]);
    try {
      await run('vaultify.addSecret', {
        name: boundName,
        value: bound,
        scope: 'team',
        hosts: [`localhost:${server.port}`, `localhost:${other.port}`],
      });
      const stored = teamText();
      assert.match(stored, /^vaultify_hosts: ENC\[AES256_GCM,/m, 'the hosts are in the team file, encrypted under its MAC');
      assert.ok(!stored.includes(`localhost:${server.port}`));
      // A driven call narrows them, in the file too: every member sees the same hosts.
      const narrowed = await run<{ hosts?: string[] }>('vaultify.setSecretAccess', {
        name: boundName,
        hosts: [`localhost:${server.port}`],
      });
      assert.deepEqual(narrowed.hosts, [`localhost:${server.port}`]);
      assert.notEqual(ciphertextOf(teamText(), 'vaultify_hosts'), ciphertextOf(stored, 'vaultify_hosts'), 'the hosts changed in the file');

      answerApprovals('allow-once');
      const text = await invokeText('vaultify_runWithSecrets', {
        command: [
          `curl -sS --fail "https://localhost:${server.port}/team" -H "Authorization: Bearer $${variable}"`,
          `curl -sS "https://localhost:${other.port}/team?t=$${variable}"`,
        ].join(' && '),
        secrets: [boundName],
        cwd: root(),
      });
      assert.match(text, /Exit code: 0/, text);
      assert.ok(text.includes(`only on the wire to localhost:${server.port}`), `the result names the bound host:\n${text}`);
      assert.equal(server.received.at(-1)?.headers.authorization, `Bearer ${bound}`, 'the bound host receives the value');
      assert.ok(!other.allReceived().includes(bound), 'the host the narrowing left out gets only the placeholder');
      assert.ok(/t=ghp_[A-Za-z0-9]{36}/.test(other.received.at(-1)?.url ?? ''), 'a token-shaped placeholder');
      assertNoValue(text, bound, 'an agent run of a bound team value');
    } finally {
      answerApprovals(undefined);
      await Promise.all([server.close(), other.close()]);
    }
  });

  it('adds, rotates, renames and deletes team secrets, each a change to its own line', async () => {
    const bulk = Array.from({ length: 9 }, (_, i) => ({ name: `${unique('team')}-${i}`, value: watchForPlaintext(fakeGitHubToken()) }));
    for (const secret of bulk) await run('vaultify.addSecret', { ...secret, scope: 'team' });
    const before = teamText();
    for (const secret of bulk)
      assert.ok(ciphertextOf(before, secret.name) && !before.includes(secret.value), `${secret.name} is encrypted in the file`);

    const rotated = watchForPlaintext(fakeGitHubToken());
    await run('vaultify.rotateSecret', { name: bulk[0].name, value: rotated, scope: 'team' });
    const after = teamText();
    assert.notEqual(ciphertextOf(after, bulk[0].name), ciphertextOf(before, bulk[0].name), 'the rotated value has new ciphertext');
    for (const secret of bulk.slice(1))
      assert.equal(ciphertextOf(after, secret.name), ciphertextOf(before, secret.name), `${secret.name} keeps its ciphertext`);

    const renamed = `${bulk[1].name}-renamed`;
    await run('vaultify.renameSecret', { name: bulk[1].name, newName: renamed, scope: 'team', preview: false });
    await run('vaultify.deleteSecret', { name: bulk[2].name, scope: 'team', force: true });
    const last = teamText();
    assert.ok(ciphertextOf(last, renamed) && !ciphertextOf(last, bulk[1].name), 'renamed in the file');
    assert.ok(!ciphertextOf(last, bulk[2].name), 'deleted from the file');
    for (const v of [rotated, ...bulk.map((s) => s.value)]) assert.ok(!last.includes(v), 'no plaintext after the changes');
  });

  it('replaces the team file through a temporary file the guard knows as its own, keeping the file’s mode', async () => {
    const file = path.join(root(), TEAM_FILE);
    fs.chmodSync(file, 0o640);
    const seen = new Set<string>();
    const watcher = fs.watch(root(), (_event, name) => {
      if (name?.includes(TEAM_FILE)) seen.add(name);
    });
    try {
      await run('vaultify.addSecret', { name: unique('team-mode'), value: watchForPlaintext(fakeGitHubToken()), scope: 'team' });
      await waitFor(() => (seen.has(TEAM_FILE) ? true : undefined), 'the rename over the team file to be reported', WAIT_MS);
    } finally {
      watcher.close();
    }
    const temporary = [...seen].filter((name) => name !== TEAM_FILE);
    assert.ok(temporary.length > 0, 'the file was written beside itself first');
    for (const name of temporary) assert.ok(isAtomicWriteTemp(name), `${name} is a temporary name the guard skips`);
    assert.equal(fs.statSync(file).mode & 0o777, 0o640);
  });

  it('adds a member (the data key is encrypted to them) and removes one (new data key, every value re-encrypted, every name to rotate)', async () => {
    const identity = await generateAgeIdentity();
    const member = await recipientOf(identity);
    const unchanged = teamText();
    answerApprovals('deny');
    assert.equal(await run('vaultify.addTeamMember', await asPerson({ recipient: member })), undefined, 'a person who says no adds nobody');
    assert.equal(teamText(), unchanged, 'and the file is as it was');
    answerApprovals('allow-once');
    const added = await run<{ recipient: string; files: string[] }>('vaultify.addTeamMember', await asPerson({ recipient: member }));
    assert.deepEqual(added.files, [`alpha/${TEAM_FILE}`], 'named as the workspace shows it');
    const shared = teamText();
    const opened = await TeamFile.open(shared, TEAM_FILE, [identity]);
    assert.equal(opened.get(name), value, 'the new member can decrypt the file');
    assert.ok(sopsConfig().includes(member), '.sops.yaml lists the new member for files created later');
    assert.ok(sopsConfig().startsWith('# team recipients'), '.sops.yaml keeps its comments');

    const names = opened.entries().map((e) => e.name);
    const removed = await run<{ mustRotate: string[]; files: string[] }>(
      'vaultify.removeTeamMember',
      await asPerson({ recipient: member }),
    );
    assert.deepEqual([...removed.mustRotate].sort(), [...names].sort(), 'every team secret is named for rotation');
    const after = teamText();
    assert.ok(!after.includes(member) && !sopsConfig().includes(member), 'the member is gone from the file and from .sops.yaml');
    await assert.rejects(TeamFile.open(after, TEAM_FILE, [identity]), /none of your age identities/, 'the removed key opens nothing new');
    const old = new Set(ciphertexts(shared));
    assert.ok(ciphertexts(after).length === old.size && ciphertexts(after).every((c) => !old.has(c)), 'every value was re-encrypted');
    for (const v of [value]) assert.ok(!after.includes(v), 'still no plaintext');
  });

  it('names who was added to a team file that changed under you, and writes nothing into it until you accept', async () => {
    const good = teamText();
    const identity = await generateAgeIdentity();
    const planted = await recipientOf(identity);
    // A file encrypted to your recipient and to someone else's arrives, as through a git pull.
    const pulled = await TeamFile.create(TEAM_FILE, [recipient, planted], [identity], { 'pulled/flag': 'from-the-pull' });
    const shown = `alpha/${TEAM_FILE}`;
    try {
      await writeFile(TEAM_FILE, pulled.text);
      await untilKnown('pulled/flag', true);
      const stored = { name: unique('team/after-pull'), value: watchForPlaintext(fakeGitHubToken()), scope: 'team' };
      const added = new RegExp(
        `${shown}: its recipients changed since you accepted them \\(added ${planted}\\), so nothing is written into it`,
      );
      await assert.rejects(run('vaultify.addSecret', stored), added);
      await assert.rejects(run('vaultify.deleteSecret', { name: 'pulled/flag', scope: 'team', force: true }), added);
      assert.equal(teamText(), pulled.text, 'the file is as it arrived');
      await assert.rejects(run('vaultify.acceptTeamRecipients', {}), /Only you can change who is in the team/);

      answerApprovals('allow-once');
      assert.deepEqual(await run('vaultify.acceptTeamRecipients', await asPerson({})), { file: shown, added: [planted], removed: [] });
      await run('vaultify.addSecret', stored);
      assert.ok(ciphertextOf(teamText(), stored.name.split('/')[1]), 'written once accepted');
    } finally {
      await writeFile(TEAM_FILE, good);
      await untilKnown(name, true);
    }
    answerApprovals('allow-once');
    assert.deepEqual(
      await run('vaultify.acceptTeamRecipients', await asPerson({})),
      { file: shown, added: [], removed: [planted] },
      'the way back is a change too',
    );
  });

  it('uses no value from a file whose MAC fails, and uses it again once the file is mended', async () => {
    const good = teamText();
    const forged = good.replace(/^(\s*mac: ENC\[AES256_GCM,data:)(.)/m, (_, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
    assert.notEqual(forged, good, 'the MAC was altered');
    await writeFile(TEAM_FILE, forged);
    await untilKnown(name, false);
    await writeFile(TEAM_FILE, good);
    await untilKnown(name, true);
  });
});
