import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  createSopsFile,
  decryptSopsFile,
  editSopsFile,
  formatForFile,
  generateAgeIdentity,
  recipientOf,
  type ScalarValue,
  SopsError,
  type SopsFormat,
  type SopsWrite,
} from '../../src/core/sops';
import { formatGoFloat } from '../../src/core/sops/scalarValue';
import { parseMetadata } from '../../src/core/sops/sopsMetadata';

const FILES: Record<SopsFormat, string> = { yaml: 'team.yaml', json: 'team.json', dotenv: 'team.env' };

async function rejectsWith(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof SopsError, `expected a SopsError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    assert.match(error.message, message);
    return true;
  });
}

const str = (text: string): ScalarValue => ({ type: 'str', text });

describe('sops files', function () {
  this.timeout(120_000);
  let identity: string;
  let recipient: string;

  before(async () => {
    identity = await generateAgeIdentity();
    recipient = await recipientOf(identity);
  });

  const sample: SopsWrite[] = [
    { path: ['payments', 'stripe'], value: str('sk_test_FAKE_value_1') },
    { path: ['payments', 'paypal'], value: str('pp-FAKE-2') },
    { path: ['db', 'password'], value: str('correct horse: battery # staple') },
    { path: ['db', 'port'], value: { type: 'int', text: '5432' } },
    { path: ['ratio'], value: { type: 'float', text: '0.25' } },
    { path: ['enabled'], value: { type: 'bool', text: 'True' } },
  ];
  const flat: SopsWrite[] = [
    { path: ['STRIPE_KEY'], value: str('sk_test_FAKE_value_1') },
    { path: ['MULTI'], value: str('line one\nline two') },
  ];

  for (const format of ['yaml', 'json', 'dotenv'] as const) {
    const values = format === 'dotenv' ? flat : sample;

    it(`${format}: writes only ciphertext and reads back every value with the MAC verified`, async () => {
      const { text } = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
      for (const v of values) if (v.value.text.length > 3) assert.ok(!text.includes(v.value.text), `${v.path.join('.')} is in the file`);
      assert.match(text, /ENC\[AES256_GCM,data:[^,]+,iv:[^,]+,tag:[^,]+,type:str\]/);
      const decrypted = await decryptSopsFile(text, FILES[format], [identity]);
      assert.deepEqual(
        decrypted.values.map((v) => [v.path, v.value]),
        values.map((v) => [v.path, v.value]),
      );
      assert.equal(decrypted.metadata.version, '3.13.2');
    });

    it(`${format}: a one-value change changes that value's ciphertext and the MAC lines only`, async () => {
      const created = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
      const { text } = await editSopsFile(created.decrypted, { set: [{ path: values[0].path, value: str('a-new-FAKE-value') }] });
      const before = created.text.split('\n');
      const after = text.split('\n');
      assert.equal(after.length, before.length);
      const changed = after.map((line, i) => (line === before[i] ? undefined : line)).filter((l) => l !== undefined);
      const valueLines = changed.filter((l) => !/lastmodified|mac/.test(l));
      assert.equal(valueLines.length, 1, `changed: ${changed.join('\n')}`);
      assert.ok(changed.length <= 3);
      const decrypted = await decryptSopsFile(text, FILES[format], [identity]);
      assert.equal(decrypted.values[0].value.text, 'a-new-FAKE-value');
      assert.deepEqual(
        decrypted.values.slice(1).map((v) => v.stored),
        created.decrypted.values.slice(1).map((v) => v.stored),
      );
    });

    it(`${format}: tampering with a value, a key path, lastmodified or the MAC is detected`, async () => {
      const { text, decrypted } = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
      const first = String(decrypted.values[0].stored);
      const tamperedData = first.replace(/data:(.)/, (_m, c: string) => `data:${c === 'A' ? 'B' : 'A'}`);
      await rejectsWith(decryptSopsFile(text.replace(first, tamperedData), FILES[format], [identity]), 'decrypt', /cannot decrypt/);

      const key = values[0].path[values[0].path.length - 1];
      const renamed =
        format === 'json' ? text.replace(`"${key}"`, `"${key}x"`) : text.replace(`${key}:`, `${key}x:`).replace(`${key}=`, `${key}x=`);
      await rejectsWith(decryptSopsFile(renamed, FILES[format], [identity]), 'decrypt', /cannot decrypt/);

      const lastModified = decrypted.metadata.lastModified;
      const earlier = text.replace(lastModified, lastModified.replace(/^\d{4}/, '1999'));
      await rejectsWith(
        decryptSopsFile(earlier, FILES[format], [identity]),
        'mac',
        new RegExp(`${FILES[format]}: the MAC cannot be decrypted`),
      );

      const other = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
      const swappedMac = text.replace(decrypted.metadata.mac, other.decrypted.metadata.mac);
      await rejectsWith(decryptSopsFile(swappedMac, FILES[format], [identity]), 'mac', /MAC/);

      // Dropping a value keeps every other ciphertext valid; only the MAC notices.
      const lines = text.split('\n');
      const dropped = lines.filter((line) => !line.includes(String(decrypted.values[0].stored))).join('\n');
      await rejectsWith(decryptSopsFile(dropped, FILES[format], [identity]), 'mac', new RegExp(`${FILES[format]}: MAC mismatch`));
    });
  }

  it('random trees round-trip through write and read in every format', async () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);
    const scalar: fc.Arbitrary<ScalarValue> = fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }).map(str),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((n) => ({ type: 'int' as const, text: n.toString() })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => ({ type: 'float' as const, text: formatGoFloat(n) })),
      fc.boolean().map((b) => ({ type: 'bool' as const, text: b ? 'True' : 'False' })),
    );
    type Tree = { [k: string]: Tree | ScalarValue };
    const tree = fc.letrec<{ tree: Tree; node: Tree | ScalarValue }>((tie) => ({
      tree: fc.dictionary(
        key.filter((k) => k !== 'sops'),
        tie('node'),
        { minKeys: 1, maxKeys: 4 },
      ),
      node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('tree')),
    })).tree;
    const leaves = (t: Tree, prefix: string[] = []): SopsWrite[] =>
      Object.entries(t).flatMap(([k, v]) =>
        'type' in v && typeof v.type === 'string' ? [{ path: [...prefix, k], value: v as ScalarValue }] : leaves(v as Tree, [...prefix, k]),
      );
    await fc.assert(
      fc.asyncProperty(tree, fc.constantFrom<SopsFormat>('yaml', 'json'), async (t, format) => {
        const values = leaves(t);
        const { text } = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
        const read = await decryptSopsFile(text, FILES[format], [identity]);
        assert.deepEqual(
          read.values.map((v) => [v.path, v.value]),
          values.map((v) => [v.path, v.value]),
        );
      }),
      { numRuns: 60 },
    );
    // A one-value change changes that value's ciphertext and no other.
    await fc.assert(
      fc.asyncProperty(
        tree,
        fc.constantFrom<SopsFormat>('yaml', 'json'),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 12 }),
        async (t, format, pick, fresh) => {
          const values = leaves(t);
          const created = await createSopsFile({ file: FILES[format], recipients: [recipient], values });
          const target = values[pick % values.length];
          const { decrypted } = await editSopsFile(created.decrypted, { set: [{ path: target.path, value: str(fresh + '\u0000') }] });
          const changed = decrypted.values.filter((v, i) => v.stored !== created.decrypted.values[i].stored);
          assert.deepEqual(
            changed.map((v) => v.path),
            [target.path],
          );
        },
      ),
      { numRuns: 40 },
    );
    const envKey = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,8}$/).filter((k) => !k.startsWith('SOPS_'));
    const envValue = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((v) => !v.includes('\\') && !v.includes('\r'));
    await fc.assert(
      fc.asyncProperty(fc.dictionary(envKey, envValue, { minKeys: 1, maxKeys: 6 }), async (vars) => {
        const values = Object.entries(vars).map(([k, v]) => ({ path: [k], value: str(v) }));
        const { text } = await createSopsFile({ file: '.env', recipients: [recipient], values });
        const read = await decryptSopsFile(text, '.env', [identity]);
        assert.deepEqual(
          read.values.map((v) => [v.path, v.value]),
          values.map((v) => [v.path, v.value]),
        );
      }),
      { numRuns: 40 },
    );
  });

  it('follows the encryption rules: unencrypted_suffix, encrypted_regex and mac_only_encrypted', async () => {
    const values = [
      { path: ['host_unencrypted'], value: str('db.example.test') },
      { path: ['password'], value: str('FAKE-password-1') },
    ];
    const suffix = await createSopsFile({ file: 'a.yaml', recipients: [recipient], values, rules: { unencryptedSuffix: '_unencrypted' } });
    assert.match(suffix.text, /^host_unencrypted: db\.example\.test$/m);
    assert.match(suffix.text, /unencrypted_suffix: _unencrypted/);
    // A plaintext value is still under the MAC.
    await rejectsWith(
      decryptSopsFile(suffix.text.replace('db.example.test', 'evil.example.test'), 'a.yaml', [identity]),
      'mac',
      /MAC mismatch/,
    );

    const regex = await createSopsFile({
      file: 'a.json',
      recipients: [recipient],
      values,
      rules: { encryptedRegex: '^pass', macOnlyEncrypted: true },
    });
    assert.match(regex.text, /"host_unencrypted": "db\.example\.test"/);
    const read = await decryptSopsFile(regex.text, 'a.json', [identity]);
    assert.deepEqual(
      read.values.map((v) => v.encrypted),
      [false, true],
    );
    // With mac_only_encrypted, plaintext values are outside the MAC, as in sops.
    await decryptSopsFile(regex.text.replace('db.example.test', 'other.example.test'), 'a.json', [identity]);
    await rejectsWith(
      editSopsFile(read, { set: [{ path: ['host_unencrypted'], value: str('x-FAKE-secret') }] }),
      'format',
      /stored unencrypted/,
    );
  });

  it('refuses what it does not support, naming it', async () => {
    const age = [{ recipient, enc: '-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n' }];
    const base = { age, lastmodified: '2026-01-01T00:00:00Z', mac: '', version: '3.13.1' };
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ ...base, pgp: [{ fp: 'FBC7B9E2', enc: 'x' }] }, /f\.yaml: PGP keys are not supported/],
      [{ ...base, kms: [{ arn: 'arn:aws:kms:x', enc: 'x' }] }, /AWS KMS keys \(kms\) are not supported/],
      [{ ...base, gcp_kms: [{ resource_id: 'x', enc: 'x' }] }, /GCP KMS keys/],
      [{ ...base, azure_kv: [{ vault_url: 'x', enc: 'x' }] }, /Azure Key Vault keys/],
      [{ ...base, hc_vault: [{ vault_address: 'x', enc: 'x' }] }, /HashiCorp Vault keys/],
      [
        { ...base, age: undefined, key_groups: [{ age }, { age }], shamir_threshold: 2 },
        /several key groups \(Shamir secret sharing\) are not supported/,
      ],
      [{ ...base, unencrypted_comment_regex: 'x' }, /unencrypted_comment_regex is not supported/],
      [{ ...base, encrypted_comment_regex: 'x' }, /encrypted_comment_regex is not supported/],
    ];
    for (const [metadata, message] of refusals) {
      assert.throws(
        () => parseMetadata(metadata, 'f.yaml'),
        (error: unknown) => error instanceof SopsError && error.code === 'unsupported' && message.test(error.message),
      );
    }
    assert.equal(parseMetadata({ ...base, age: undefined, key_groups: [{ age }] }, 'f.yaml').age[0].recipient, recipient);
    assert.throws(() => formatForFile('secrets.ini'), /secrets\.ini: INI files are not supported/);
    assert.throws(() => formatForFile('id_rsa.bin'), /id_rsa\.bin: binary files .* are not supported/);
    await rejectsWith(
      decryptSopsFile('a: 1\n---\nb: 2\n', 'two.yaml', [identity]),
      'unsupported',
      /several YAML documents in one file are not supported/,
    );
    await rejectsWith(
      decryptSopsFile('a: &x 1\nb: *x\n', 'alias.yaml', [identity]),
      'unsupported',
      /anchors and aliases are not supported/,
    );
    await rejectsWith(decryptSopsFile('a: 1\n', 'plain.yaml', [identity]), 'format', /plain\.yaml is not a sops file/);
  });

  it('keeps YAML layout: a quoted or flow-style value stays valid when it changes', async () => {
    const created = await createSopsFile({
      file: 'f.yaml',
      recipients: [recipient],
      values: [
        { path: ['a', 'b'], value: str('FAKE-1') },
        { path: ['c'], value: str('FAKE-2') },
      ],
    });
    const [b, c] = created.decrypted.values.map((v) => String(v.stored));
    // The same ciphertexts (their key paths unchanged), laid out by hand: a flow mapping and a quoted value.
    const text = created.text.replace(`a:\n    b: ${b}\n`, `# a note\na: {b: "${b}"}\n`).replace(`c: ${c}`, `c: '${c}'`);
    const opened = await decryptSopsFile(text, 'f.yaml', [identity]);
    const { text: edited } = await editSopsFile(opened, {
      set: [
        { path: ['a', 'b'], value: str('FAKE-3') },
        { path: ['c'], value: str('FAKE-4') },
      ],
    });
    assert.match(edited, /^# a note\na: \{b: "ENC\[/m);
    assert.match(edited, /^c: "ENC\[/m);
    assert.deepEqual(
      (await decryptSopsFile(edited, 'f.yaml', [identity])).values.map((v) => v.value.text),
      ['FAKE-3', 'FAKE-4'],
    );
  });

  it('names the recipients when no identity opens the data key', async () => {
    const { text } = await createSopsFile({ file: 't.yaml', recipients: [recipient], values: sample });
    const stranger = await generateAgeIdentity();
    await rejectsWith(
      decryptSopsFile(text, 't.yaml', [stranger]),
      'no-identity',
      new RegExp(`none of your age identities is among its recipients \\(${recipient}\\)`),
    );
    await rejectsWith(decryptSopsFile(text, 't.yaml', []), 'no-identity', /no age identity/);
  });

  it('formats floats as Go does', () => {
    assert.equal(formatGoFloat(1e21), '1000000000000000000000');
    assert.equal(formatGoFloat(1.5e-7), '0.00000015');
    assert.equal(formatGoFloat(2), '2');
    assert.equal(formatGoFloat(-0.1), '-0.1');
  });
});
