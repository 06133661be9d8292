import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  createSopsFile,
  decryptDataKey,
  decryptSopsFile,
  encryptDataKey,
  generateAgeIdentity,
  parseAgeIdentities,
  recipientOf,
} from '../../src/core/sops';

// The reference age implementation, which `.ci/run` installs from Debian's packages.
const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';

describe('age interoperability with the age CLI', function () {
  this.timeout(60_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-age-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the age CLI decrypts the data key Vaultify wrote into a team file', async () => {
    const identity = await generateAgeIdentity();
    const keyFile = path.join(dir, 'vaultify-key.txt');
    writeFileSync(keyFile, identity + '\n', { mode: 0o600 });
    assert.equal(execFileSync(AGE_KEYGEN, ['-y', keyFile], { encoding: 'utf8' }).trim(), await recipientOf(identity));

    const { text, decrypted } = await createSopsFile({
      file: 'team.yaml',
      recipients: [await recipientOf(identity)],
      values: [{ path: ['token'], value: { type: 'str', text: 'FAKE-token-value' } }],
    });
    assert.match(text, /-----BEGIN AGE ENCRYPTED FILE-----/);
    const opened = execFileSync(AGE, ['--decrypt', '--identity', keyFile], { input: decrypted.metadata.age[0].enc });
    assert.deepEqual(new Uint8Array(opened), decrypted.dataKey);
  });

  it('Vaultify decrypts a data key the age CLI encrypted, and a whole file built on it', async () => {
    const keyFile = path.join(dir, 'cli-key.txt');
    execFileSync(AGE_KEYGEN, ['-o', keyFile], { stdio: 'ignore' });
    const [identity] = parseAgeIdentities(readFileSync(keyFile, 'utf8'), keyFile);
    const recipient = execFileSync(AGE_KEYGEN, ['-y', keyFile], { encoding: 'utf8' }).trim();
    const dataKey = randomBytes(32);
    const enc = execFileSync(AGE, ['--encrypt', '--armor', '--recipient', recipient], { input: dataKey, encoding: 'utf8' });
    assert.deepEqual(Buffer.from(await decryptDataKey([{ recipient, enc }], [identity], 'cli')), dataKey);

    // Swap Vaultify's own `enc` for the CLI's, re-encrypting values under the CLI's data key.
    const built = await createSopsFile({
      file: 'team.json',
      recipients: [recipient],
      values: [{ path: ['a'], value: { type: 'str', text: 'FAKE-value-a' } }],
    });
    const cliEnc = execFileSync(AGE, ['--encrypt', '--armor', '--recipient', recipient], {
      input: built.decrypted.dataKey,
      encoding: 'utf8',
    });
    const swapped = built.text.replace(JSON.stringify(built.decrypted.metadata.age[0].enc), JSON.stringify(cliEnc));
    assert.notEqual(swapped, built.text);
    const read = await decryptSopsFile(swapped, 'team.json', [identity]);
    assert.equal(read.values[0].value.text, 'FAKE-value-a');
  });

  it('encrypts a data key that the age CLI opens, for each of several recipients', async () => {
    const files = ['one.txt', 'two.txt'].map((name) => path.join(dir, name));
    for (const file of files) execFileSync(AGE_KEYGEN, ['-o', file], { stdio: 'ignore' });
    const dataKey = randomBytes(32);
    for (const file of files) {
      const recipient = execFileSync(AGE_KEYGEN, ['-y', file], { encoding: 'utf8' }).trim();
      const enc = await encryptDataKey(dataKey, recipient);
      assert.deepEqual(execFileSync(AGE, ['-d', '-i', file], { input: enc }), dataKey);
    }
  });
});
