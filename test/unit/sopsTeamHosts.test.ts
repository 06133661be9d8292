import * as assert from 'node:assert/strict';
import {
  SopsError,
  TEAM_HOSTS_KEY,
  TeamFile,
  TeamScope,
  decryptSopsFile,
  editSopsFile,
  generateAgeIdentity,
  readTeamHosts,
  recipientOf,
} from '../../src/core/sops';

const encOf = (text: string): string[] => [...text.matchAll(/ENC\[AES256_GCM,[^\]]+\]/g)].map((m) => m[0]);

describe('team values bound to hosts (the hosts home in the team file)', function () {
  this.timeout(60_000);
  let alice: string;
  let aliceRecipient: string;

  before(async () => {
    alice = await generateAgeIdentity();
    aliceRecipient = await recipientOf(alice);
  });

  const create = async (file = 'team.yaml') =>
    (await TeamFile.create(file, [aliceRecipient], [alice], { 'payments/stripe': 'sk_test_FAKE_51Hx0000000000', 'db/password': 'FAKE-db' }))
      .team;

  it('binds a value in the file, encrypted, reads it back, and keeps the home out of the names', async () => {
    const team = await create();
    assert.deepEqual(team.hostsOf('payments/stripe'), []);
    const bound = await team.setHosts('payments/stripe', ['api.stripe.com', '*.stripe.com']);
    assert.deepEqual(bound.team.hostsOf('payments/stripe'), ['api.stripe.com', '*.stripe.com']);
    assert.deepEqual(bound.team.hostsOf('db/password'), []);
    assert.match(bound.text, new RegExp(`^${TEAM_HOSTS_KEY}: ENC\\[AES256_GCM,`, 'm'), 'the home is encrypted under the data key');
    assert.ok(!bound.text.includes('api.stripe.com'));
    assert.deepEqual(
      bound.team.entries().map((e) => e.name),
      ['payments/stripe', 'db/password'],
    );
    assert.ok(encOf(bound.text).includes(encOf(team.text)[0]), 'the values keep their ciphertext');
    const reopened = await TeamFile.open(bound.text, 'team.yaml', [alice]);
    assert.deepEqual(reopened.hostsOf('payments/stripe'), ['api.stripe.com', '*.stripe.com']);

    const cleared = await reopened.setHosts('payments/stripe', []);
    assert.deepEqual(cleared.team.hostsOf('payments/stripe'), []);
    assert.ok(!cleared.text.includes(TEAM_HOSTS_KEY), 'nothing bound: no home');
  });

  it('keeps a value bound across a rename, and drops its hosts with it', async () => {
    const bound = (await (await create()).setHosts('payments/stripe', ['api.stripe.com'])).team;
    const renamed = (await bound.rename('payments/stripe', 'billing/stripe')).team;
    assert.deepEqual(renamed.hostsOf('billing/stripe'), ['api.stripe.com']);
    assert.deepEqual(renamed.hostsOf('payments/stripe'), []);
    const deleted = await renamed.delete('billing/stripe');
    assert.ok(!deleted.text.includes(TEAM_HOSTS_KEY));
  });

  it('refuses the reserved name, hosts that are not hosts, and a home of the wrong shape, naming the file', async () => {
    const team = await create();
    await assert.rejects(team.set(TEAM_HOSTS_KEY, 'x'.repeat(12)), /reserved/);
    await assert.rejects(team.setHosts('payments/stripe', ['https://api.stripe.com/v1']), (e: Error) => {
      assert.ok(e instanceof SopsError);
      assert.match(e.message, /team\.yaml: vaultify_hosts for payments\/stripe: .*not a host/);
      return true;
    });
    await assert.rejects(team.setHosts('payments/stripe', ['localhost']), /this machine: name the one port/);
    await assert.rejects(team.setHosts('nope/nothing', ['api.stripe.com']), /no secret nope\/nothing/);
    for (const text of ['not json', '["api.stripe.com"]', '{"payments/stripe":"api.stripe.com"}']) {
      const decrypted = await decryptSopsFile(team.text, 'team.yaml', [alice]);
      const { text: edited } = await editSopsFile(decrypted, { set: [{ path: [TEAM_HOSTS_KEY], value: { type: 'str', text } }] });
      await assert.rejects(TeamFile.open(edited, 'team.yaml', [alice]), /team\.yaml: vaultify_hosts /);
    }
  });

  it('a home that is changed without the data key fails the MAC, and the file gives nothing', async () => {
    const bound = await (await create()).setHosts('payments/stripe', ['api.stripe.com']);
    const other = await (await create()).setHosts('payments/stripe', ['evil.example']);
    // Someone without the key replaces the home with another file's (valid) ciphertext for it.
    const home = (text: string) => new RegExp(`^${TEAM_HOSTS_KEY}: .*$`, 'm').exec(text)![0];
    const tampered = bound.text.replace(home(bound.text), home(other.text));
    await assert.rejects(TeamFile.open(tampered, 'team.yaml', [alice]), (e: Error) => e instanceof SopsError);
    // Nor can a value's home be dropped: the MAC covers every value.
    const dropped = bound.text.replace(`${home(bound.text)}\n`, '');
    await assert.rejects(TeamFile.open(dropped, 'team.yaml', [alice]), (e: Error) => e instanceof SopsError && e.code === 'mac');
  });

  it("a file cannot bind another file's value: hosts come from the file that holds it", async () => {
    const holder = await create('a.yaml');
    // Anyone can encrypt a new file to the team's public recipients, with hosts for any name.
    const planted = await (
      await TeamFile.create('b.yaml', [aliceRecipient], [alice], { 'db/password': 'FAKE-planted', 'payments/stripe2': 'FAKE-other' })
    ).team.setHosts('db/password', ['evil.example']);
    const scope = await TeamScope.open(
      [
        { file: 'a.yaml', text: holder.text },
        { file: 'b.yaml', text: planted.text },
      ],
      [alice],
    );
    assert.equal(scope.fileOf('db/password')?.file, 'a.yaml');
    assert.deepEqual(scope.hostsOf('db/password'), []);
  });

  it('never writes the home in plain text, and reads a plain one only where the MAC covers it', async () => {
    const rules = { unencryptedRegex: `^${TEAM_HOSTS_KEY}$` };
    const team = (await TeamFile.create('team.yaml', [aliceRecipient], [alice], { 'payments/stripe': 'sk_test_FAKE_51Hx00000' }, rules))
      .team;
    await assert.rejects(team.setHosts('payments/stripe', ['api.stripe.com']), /vaultify_hosts would be stored unencrypted/);
    // A home someone wrote in plain text with `sops edit`: used only where the MAC covers it.
    const plain = {
      path: [TEAM_HOSTS_KEY],
      address: [TEAM_HOSTS_KEY],
      value: { type: 'str' as const, text: '{"payments/stripe":["api.stripe.com"]}' },
      encrypted: false,
      stored: '{"payments/stripe":["api.stripe.com"]}',
    };
    assert.deepEqual([...readTeamHosts('team.yaml', [plain], false)], [['payments/stripe', ['api.stripe.com']]]);
    assert.throws(
      () => readTeamHosts('team.yaml', [plain], true),
      /team\.yaml: vaultify_hosts is neither encrypted nor covered by the MAC/,
    );
  });
});
