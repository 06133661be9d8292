import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  creationRuleFor,
  creationRuleForFile,
  decryptSopsFile,
  findTeamFiles,
  generateAgeIdentity,
  keyPathOf,
  nameOfKeyPath,
  parseSopsConfig,
  readSopsIdentities,
  recipientOf,
  SopsError,
  sopsUserConfigDir,
  TeamFile,
  TeamScope,
} from '../../src/core/sops';

const encOf = (text: string): string[] => [...text.matchAll(/ENC\[AES256_GCM,[^\]]+\]/g)].map((m) => m[0]);

describe('team files', function () {
  this.timeout(60_000);
  let alice: string;
  let bob: string;
  let aliceRecipient: string;
  let bobRecipient: string;

  before(async () => {
    [alice, bob] = await Promise.all([generateAgeIdentity(), generateAgeIdentity()]);
    [aliceRecipient, bobRecipient] = await Promise.all([recipientOf(alice), recipientOf(bob)]);
  });

  it('maps reference names to key paths with / between keys', () => {
    assert.deepEqual(keyPathOf('payments/stripe'), ['payments', 'stripe']);
    assert.equal(nameOfKeyPath(['payments', 'stripe']), 'payments/stripe');
    assert.equal(nameOfKeyPath(['db.primary', 'password']), 'db.primary/password');
    assert.equal(nameOfKeyPath(['a/b']), undefined);
    assert.equal(nameOfKeyPath(['has space']), undefined);
  });

  it('adds, rotates, renames and deletes secrets, verifying each write', async () => {
    const created = await TeamFile.create('team.yaml', [aliceRecipient], [alice], { 'payments/stripe': 'sk_test_FAKE_1' });
    assert.deepEqual(created.team.entries(), [{ name: 'payments/stripe', keyPath: 'payments.stripe' }]);
    const added = await created.team.set('db/password', 'FAKE-db-password');
    assert.equal(added.team.get('db/password'), 'FAKE-db-password');
    assert.equal(added.team.get('payments/stripe'), 'sk_test_FAKE_1');
    assert.ok(encOf(added.text).includes(encOf(created.text)[0]), 'the untouched value keeps its ciphertext');

    const rotated = await added.team.set('payments/stripe', 'sk_test_FAKE_2');
    assert.equal(rotated.team.get('payments/stripe'), 'sk_test_FAKE_2');
    const renamed = await rotated.team.rename('payments/stripe', 'billing/stripe');
    assert.equal(renamed.team.get('billing/stripe'), 'sk_test_FAKE_2');
    assert.equal(renamed.team.has('payments/stripe'), false);
    assert.doesNotMatch(renamed.text, /^payments:/m, 'an emptied mapping goes with its last key');
    const deleted = await renamed.team.delete('db/password');
    assert.deepEqual(
      deleted.team.entries().map((e) => e.name),
      ['billing/stripe'],
    );
    assert.equal((await deleted.team.confirmSaved(deleted.text)).get('billing/stripe'), 'sk_test_FAKE_2');
    await assert.rejects(deleted.team.confirmSaved(deleted.text + ' '), /saved file differs/);
  });

  for (const file of ['team.json', 'team.env']) {
    it(`${file}: adds, rotates, renames and deletes secrets`, async () => {
      const name = (n: string): string => (file.endsWith('.env') ? n.toUpperCase() : `app/${n}`);
      const { team } = await TeamFile.create(file, [aliceRecipient], [alice], { [name('one')]: 'FAKE-one-1' });
      const added = await team.set(name('two'), 'FAKE-two-2');
      const rotated = await added.team.set(name('one'), 'FAKE-one-3');
      const renamed = await rotated.team.rename(name('two'), name('three'));
      const deleted = await renamed.team.delete(name('one'));
      assert.deepEqual(
        deleted.team.entries().map((e) => [e.name, deleted.team.get(e.name)]),
        [[name('three'), 'FAKE-two-2']],
      );
      const reread = await decryptSopsFile(deleted.text, file, [alice]);
      assert.equal(reread.values.length, 1);
    });
  }

  it('refuses empty values, bad names, clashes and unknown secrets, by name', async () => {
    const { team } = await TeamFile.create('team.json', [aliceRecipient], [alice], { 'a/b': 'FAKE-value-1' });
    await assert.rejects(team.set('a/c', ''), /a\/c: an empty value cannot be a team secret/);
    await assert.rejects(team.set('-bad', 'FAKE-1'), /"-bad" is not a valid secret name/);
    await assert.rejects(team.set('a', 'FAKE-1'), /a cannot be added beside a\.b/);
    await assert.rejects(team.delete('nope'), /no secret nope/);
    await assert.rejects(team.rename('a/b', 'a/b'), /a\/b already exists/);
    await assert.rejects(team.set('sops/x', 'FAKE-1'), /sops\.x is reserved for the sops metadata/);
  });

  it('adding a member re-encrypts only the data key; the new member reads every value', async () => {
    const { team, text } = await TeamFile.create('team.yaml', [aliceRecipient], [alice], { 'a/one': 'FAKE-one-1', 'a/two': 'FAKE-two-2' });
    const added = await team.addMember(bobRecipient);
    assert.deepEqual(added.team.recipients, [aliceRecipient, bobRecipient]);
    assert.deepEqual(encOf(added.text).slice(0, 2), encOf(text).slice(0, 2), 'values keep their ciphertext');
    const asBob = await TeamFile.open(added.text, 'team.yaml', [bob]);
    assert.equal(asBob.get('a/two'), 'FAKE-two-2');
    await assert.rejects(added.team.addMember(bobRecipient), /already a member/);
    await assert.rejects(added.team.addMember('ssh-ed25519 AAAA'), /SSH keys as age recipients are not supported/);
  });

  it('removing a member rotates the data key, re-encrypts every value and lists them all for rotation', async () => {
    const { team } = await TeamFile.create('team.env', [aliceRecipient, bobRecipient], [alice], { ONE: 'FAKE-one-1', TWO: 'FAKE-two-2' });
    const before = await decryptSopsFile(team.text, 'team.env', [bob]);
    const removal = await team.removeMember(bobRecipient);
    assert.deepEqual(removal.mustRotate, ['ONE', 'TWO']);
    assert.deepEqual(removal.team.recipients, [aliceRecipient]);
    const after = await decryptSopsFile(removal.text, 'team.env', [alice]);
    assert.notDeepEqual(Buffer.from(after.dataKey), Buffer.from(before.dataKey));
    for (const [i, v] of after.values.entries()) assert.notEqual(v.stored, before.values[i].stored);
    await assert.rejects(
      TeamFile.open(removal.text, 'team.env', [bob]),
      (e: unknown) => e instanceof SopsError && e.code === 'no-identity',
    );
    await assert.rejects(removal.team.removeMember(aliceRecipient), /cannot remove the last member/);
    const both = await TeamFile.create('t.yaml', [aliceRecipient, bobRecipient], [bob], { X: 'FAKE-x-1' });
    await assert.rejects(both.team.removeMember(bobRecipient), /would leave you unable to read the file/);
  });

  it('removing a member re-encrypts the encrypted comments sops wrote, under their own key path', async () => {
    const { team } = await TeamFile.create('team.yaml', [aliceRecipient, bobRecipient], [alice], { 'app/key': 'FAKE-key-1' });
    const first = await decryptSopsFile(team.text, 'team.yaml', [alice]);
    const { encryptText } = await import('../../src/core/sops/valueCipher');
    const comment = encryptText('the API key', 'comment', first.dataKey, 'app:');
    const withComment = team.text.replace('    key: ', `    #${comment}\n    key: `);
    const reopened = await TeamFile.open(withComment, 'team.yaml', [alice]);
    const removal = await reopened.removeMember(bobRecipient);
    const after = await decryptSopsFile(removal.text, 'team.yaml', [alice]);
    assert.deepEqual(
      after.comments.map((c) => [c.plaintext, c.aad]),
      [['the API key', 'app:']],
    );
    assert.ok(!removal.text.includes(comment));
  });

  it('keeps a comment that opens under no key path, as sops does, and still opens the file', async () => {
    const { team } = await TeamFile.create('team.yaml', [aliceRecipient], [alice], { 'app/key': 'FAKE-key-1' });
    const { encryptText } = await import('../../src/core/sops/valueCipher');
    const stray = encryptText('from elsewhere', 'comment', new Uint8Array(32), 'gone:');
    const text = team.text.replace('app:\n', `app:\n    #${stray}\n`);
    const opened = await TeamFile.open(text, 'team.yaml', [alice]);
    assert.equal(opened.get('app/key'), 'FAKE-key-1');
  });

  it('a team scope resolves a name from the first file that holds it', async () => {
    const one = await TeamFile.create('one.yaml', [aliceRecipient], [alice], { 'shared/x': 'FAKE-from-one' });
    const two = await TeamFile.create('two.yaml', [aliceRecipient], [alice], { 'shared/x': 'FAKE-from-two', 'only/two': 'FAKE-2' });
    const scope = await TeamScope.open(
      [
        { file: 'one.yaml', text: one.text },
        { file: 'two.yaml', text: two.text },
      ],
      [alice],
    );
    assert.equal(scope.get('shared/x'), 'FAKE-from-one');
    assert.equal(scope.fileOf('only/two')?.file, 'two.yaml');
    assert.equal(scope.get('missing'), undefined);
  });
});

describe('.sops.yaml creation rules', () => {
  const recipient = 'age1ggm9gwyqtldppuyqczyeng3fq35k97mcqtalfty6wnf0uslgj3zskatths';
  const other = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

  it('takes the first rule whose path_regex matches, age as a string or a list, or one key group', () => {
    const rules = parseSopsConfig(
      [
        'creation_rules:',
        '  - path_regex: secrets/prod/.*\\.yaml$',
        `    age: "${recipient}, ${other}"`,
        '    encrypted_regex: ^(data|stringData)$',
        '  - path_regex: secrets/.*',
        '    key_groups:',
        '      - age:',
        `          - ${other}`,
        `  - age: ${recipient}`,
      ].join('\n'),
    );
    assert.deepEqual(creationRuleFor(rules, 'secrets/prod/db.yaml')?.recipients, [recipient, other]);
    assert.equal(creationRuleFor(rules, 'secrets/prod/db.yaml')?.rules.encryptedRegex, '^(data|stringData)$');
    assert.deepEqual(creationRuleFor(rules, 'secrets/dev.json')?.recipients, [other]);
    assert.deepEqual(creationRuleFor(rules, 'elsewhere.env')?.recipients, [recipient]);
  });

  it('marks rules Vaultify cannot use, naming why', () => {
    const rules = parseSopsConfig(
      [
        'creation_rules:',
        '  - path_regex: pgp\\.yaml',
        '    pgp: FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4',
        '  - path_regex: kms\\.yaml',
        '    kms: arn:aws:kms:us-east-1:1:key/x',
        '  - path_regex: shamir\\.yaml',
        '    key_groups:',
        `      - age: [${recipient}]`,
        `      - age: [${other}]`,
      ].join('\n'),
      '.sops.yaml',
    );
    assert.match(rules[0].unsupported!, /creation rule 1: PGP keys are not supported/);
    assert.match(rules[1].unsupported!, /creation rule 2: AWS KMS keys \(kms\) are not supported/);
    assert.match(rules[2].unsupported!, /creation rule 3: several key groups \(Shamir secret sharing\) are not supported/);
  });
});

describe('workspace team files and identity sources', function () {
  this.timeout(60_000);
  let dir: string;
  let identity: string;
  let recipient: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-team-'));
    identity = await generateAgeIdentity();
    recipient = await recipientOf(identity);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the files .sops.yaml rules match that hold sops metadata, or the configured ones', async () => {
    const root = path.join(dir, 'ws');
    mkdirSync(path.join(root, 'secrets'), { recursive: true });
    writeFileSync(path.join(root, '.sops.yaml'), `creation_rules:\n  - path_regex: secrets/.*\\.(yaml|json)$\n    age: ${recipient}\n`);
    const { text } = await TeamFile.create('secrets/team.yaml', [recipient], [identity], { 'a/b': 'FAKE-value-1' });
    writeFileSync(path.join(root, 'secrets', 'team.yaml'), text);
    writeFileSync(path.join(root, 'secrets', 'plain.yaml'), 'not: encrypted\n');
    writeFileSync(path.join(root, 'other.yaml'), text);
    assert.deepEqual(await findTeamFiles(root), [path.join(root, 'secrets', 'team.yaml')]);
    assert.deepEqual(await findTeamFiles(root, ['other.yaml']), [path.join(root, 'other.yaml')]);
    assert.deepEqual((await creationRuleForFile(root, 'secrets/new.yaml')).recipients, [recipient]);
    await assert.rejects(creationRuleForFile(root, 'nowhere.yaml'), /no creation rule in \.sops\.yaml matches nowhere\.yaml/);
  });

  it('reads SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and keys.txt in the platform config folder', async () => {
    const other = await generateAgeIdentity();
    const home = path.join(dir, 'home');
    const keysDir = path.join(home, '.config', 'sops', 'age');
    mkdirSync(keysDir, { recursive: true });
    writeFileSync(path.join(keysDir, 'keys.txt'), `# created: 2026-01-01\n# public key: ${recipient}\n${identity}\n`);
    const keyFile = path.join(dir, 'ci-key.txt');
    writeFileSync(keyFile, `${other}\n`);
    const found = await readSopsIdentities({
      env: { SOPS_AGE_KEY: `${other} ${identity}`, SOPS_AGE_KEY_FILE: keyFile },
      platform: 'linux',
      home,
    });
    assert.deepEqual(found.identities, [other, identity]);
    assert.deepEqual(found.sources, ['SOPS_AGE_KEY', keyFile, path.join(keysDir, 'keys.txt')]);
    await assert.rejects(
      readSopsIdentities({ env: { SOPS_AGE_KEY_FILE: path.join(dir, 'missing') }, platform: 'linux', home }),
      /cannot read SOPS_AGE_KEY_FILE/,
    );
    await assert.rejects(
      readSopsIdentities({ env: { SOPS_AGE_KEY: 'AGE-SECRET-KEY-1NOTAKEY' }, platform: 'linux', home }),
      /SOPS_AGE_KEY, line 1: not an age identity/,
    );

    assert.equal(
      sopsUserConfigDir({ env: {}, platform: 'darwin', home: '/Users/a' }),
      path.join('/Users/a', 'Library', 'Application Support'),
    );
    assert.equal(sopsUserConfigDir({ env: { XDG_CONFIG_HOME: '/x' }, platform: 'darwin', home: '/Users/a' }), '/x');
    assert.equal(
      sopsUserConfigDir({ env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, platform: 'win32', home: 'C:\\Users\\a' }),
      'C:\\Users\\a\\AppData\\Roaming',
    );
    assert.equal(sopsUserConfigDir({ env: { XDG_CONFIG_HOME: '/xdg' }, platform: 'linux', home: '/home/a' }), '/xdg');
  });
});
