import * as assert from 'node:assert/strict';
import { isMarkedFake, isNonSecret, nonSecretFilter } from '../../src/core/detect/filters';
import { B62, fakes } from './rulesFakeCredentials';

const f = fakes(31);
const token = 'sk_live_' + f.mixed(32);

/** Whether the filter drops the value at its first occurrence in `text`. */
function dropped(text: string, value: string, options: { filePath?: string; generic?: boolean; verified?: boolean } = {}): boolean {
  const start = text.indexOf(value);
  assert.ok(start >= 0, `${value} is in the text`);
  return nonSecretFilter(
    text,
    options.filePath,
  )({ start, end: start + value.length, generic: options.generic, verified: options.verified });
}

describe('filters', () => {
  it('keeps credentials', () => {
    for (const value of [token, f.mixed(40), f.checksummed('ghp'), `${f.mixed(20)}==`]) assert.equal(isNonSecret(value), false, value);
  });

  it('drops placeholders', () => {
    for (const value of [
      'your-api-key-here',
      'YOUR_TOKEN',
      '<TOKEN>',
      'changeme',
      'change-me',
      'REPLACE_WITH_REAL_KEY',
      'xxxxxxxxxxxxxxxx',
      'sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
      'sk_live_example1234',
      'dummy-password',
      'sk_live_000000000000000000000000',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      '1234567890abcdef1234567890abcdef',
      'abcabcabcabcabcabc',
      '***',
      'sk-…',
    ]) {
      assert.equal(isNonSecret(value), true, value);
    }
  });

  it('drops environment lookups and templates', () => {
    for (const value of [
      '${DB_PASSWORD}',
      '${DB_PASSWORD:-}',
      '$DB_PASSWORD',
      '{{ secrets.NPM_TOKEN }}',
      '${{ secrets.NPM_TOKEN }}',
      '%(db_password)s',
      'process.env.API_KEY',
      "os.environ['API_KEY']",
      'os.environ.get("API_KEY")',
      '$(op read op://ci/npm/token)',
      '%s',
      '{password}',
      '<%= ENV["TOKEN"] %>',
    ]) {
      assert.equal(isNonSecret(value), true, value);
    }
  });

  it("drops vault and other managers' references", () => {
    for (const value of [
      'vault:db/password',
      '{{vault:db/password}}',
      'op://prod/db/password',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db',
      '{{resolve:secretsmanager:prod/db:SecretString:password}}',
      '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/db/)',
      'projects/123/secrets/db/versions/latest',
    ]) {
      assert.equal(isNonSecret(value), true, value);
    }
  });

  it("drops vendors' documented example keys", () => {
    for (const value of [
      'AKIAIOSFODNN7EXAMPLE',
      'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
      'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
    ]) {
      assert.equal(isNonSecret(value), true, value);
    }
  });

  it('drops ciphertext, public keys and integrity hashes', () => {
    for (const value of [
      'ENC[AES256_GCM,data:Tr7s,iv:Q2,tag:ZA==,type:str]',
      'ENC(G6N718UuyPE5bHyWKyuLQSm02auQPUtm)',
      '$ANSIBLE_VAULT;1.1;AES256',
      'vault:v1:8SDd3WHDOjf7mq69CyCqYjBXAiQQAVZRkFM13ok481zoCmHnSeDX9vyf7w==',
      'AgB' + f.chars(400, B62),
      `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${f.mixed(43)} ci@host`,
      `sha512-${f.base64(64)}`,
    ]) {
      assert.equal(isNonSecret(value), true, value.slice(0, 40));
    }
  });

  it('drops everything in an ansible-vault file and in SOPS metadata, and what lies in ENC[...]', () => {
    assert.equal(dropped(`$ANSIBLE_VAULT;1.1;AES256\n${token}\n`, token), true);
    const sops = `password: ENC[AES256_GCM,data:${token},type:str]\nsops:\n  age:\n    - recipient: age1xyz\n      enc: ${f.mixed(40)}\n`;
    assert.equal(dropped(sops, token), true);
    assert.equal(dropped(`api: ${token}\n`, token), false);
  });

  it('drops values in SealedSecret documents only', () => {
    const value = f.mixed(40);
    const doc = (kind: string) => `apiVersion: bitnami.com/v1alpha1\nkind: ${kind}\nspec:\n  encryptedData:\n    token: ${value}\n`;
    assert.equal(dropped(`---\n${doc('Secret')}---\n${doc('SealedSecret')}`, value), false);
    assert.equal(dropped(doc('SealedSecret'), value), true);
  });

  it('drops generic findings that are UUIDs, git SHAs, prose, or in lockfiles and i18n bundles', () => {
    const uuid = '3f2c8a4e-9b1d-4c7a-8e2f-5d6b7a8c9d0e';
    const sha = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
    assert.equal(dropped(`token: ${uuid}`, uuid, { generic: true }), true);
    assert.equal(dropped(`heroku: ${uuid}`, uuid), false);
    assert.equal(dropped(`commit_token: ${sha} # commit`, sha, { generic: true }), true);
    assert.equal(dropped(`secret: Please enter it`, 'Please enter it', { generic: true }), true);
    assert.equal(dropped(`"token": "${token}"`, token, { generic: true, filePath: 'package-lock.json' }), true);
    assert.equal(dropped(`"token": "${token}"`, token, { generic: true, filePath: 'locales/de/messages.json' }), true);
    assert.equal(dropped(`"token": "${token}"`, token, { filePath: 'locales/de/messages.json' }), false);
  });

  it('lets a value marked fake through only when it passed its checksum', () => {
    const text = `const fakeKey = "${token}";\n`;
    assert.equal(isMarkedFake(text, text.indexOf(token), text.indexOf(token) + token.length), true);
    assert.equal(dropped(text, token), true);
    assert.equal(dropped(text, token, { verified: true }), false);
    for (const line of [`FAKE_KEY=${token}`, `dummy_key: ${token}`, `test_api_key = "${token}"`, `key = "fake_${token}"`]) {
      assert.equal(dropped(line, token), true, line);
    }
    for (const line of [`STRIPE_KEY=${token}`, `contest_key = "${token}"`, `key = "sk_test_${f.mixed(24)}"`]) {
      const value = line.slice(line.search(/sk_/));
      assert.equal(dropped(line, value.replace(/"$/, '')), false, line);
    }
  });

  it("drops other secret managers' references and the secret names they pass around", () => {
    for (const value of [
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/billing/db-password-Q1w2E3',
      'arn:aws:ssm:us-east-1:123456789012:parameter/billing/api-token',
      '{{resolve:secretsmanager:prod/billing/db:SecretString:password}}',
      '{{resolve:ssm-secure:/billing/api-key:3}}',
      'projects/billing-prod/secrets/db-password/versions/latest',
      '@Microsoft.KeyVault(SecretUri=https://billing-kv.vault.azure.net/secrets/db-password/)',
      '@Microsoft.KeyVault(VaultName=billing-kv;SecretName=api-token)',
      'doppler://billing/prd/STRIPE_SECRET_KEY',
      'infisical://billing/prod/DB_PASSWORD',
    ]) {
      assert.equal(isNonSecret(value), true, value);
    }
    const text = 'STRIPE_SECRET_ID=prod/billing-api/stripe-secret-key\nKEY=' + token + '\n';
    assert.equal(dropped(text, 'prod/billing-api/stripe-secret-key', { generic: true }), true);
    const base64 = `${f.mixed(12)}/${f.mixed(12)}/${f.mixed(12)}`;
    assert.equal(dropped(`SECRET=${base64}\n`, base64, { generic: true }), false, 'a base64 value with slashes is not a path');
  });

  it('drops public identifiers by shape or by the key and section they sit in', () => {
    const hex = f.chars(32, '0123456789abcdef');
    const cases: [text: string, value: string][] = [
      [`const stripe = loadStripe('pk_live_${f.mixed(40)}');`, `pk_live_`],
      [`CLIENT_ID=123456789012-${f.chars(32, '0123456789abcdefghijklmnopqrstuvwxyz')}.apps.googleusercontent.com`, '123456789012-'],
      [`USDC_TOKEN = '0x${f.chars(40, '0123456789abcdefABCDEF')}'`, '0x'],
      [`<input type="hidden" name="authenticity_token" value="${f.base64(48)}">`, 'value="'],
      [`mixpanel:\n  token: ${hex}\n`, 'token: '],
      [`AMPLITUDE_API_KEY=${hex}`, '='],
      [`import algoliasearch from 'algoliasearch/lite';\nconst searchClient = algoliasearch('APP1234567', '${hex}');`, `'APP1234567', '`],
      [`const firebaseConfig = {\n  apiKey: "AIzaSy${f.chars(33, B62)}",\n  authDomain: "shop.firebaseapp.com",\n};`, 'apiKey: "'],
    ];
    for (const [text, marker] of cases) {
      const start = text.indexOf(marker) + (marker.endsWith('_') || marker.endsWith('-') || marker === '0x' ? 0 : marker.length);
      const rest = text.slice(start);
      const value = /^[^\s'"]+/.exec(rest)![0];
      assert.equal(dropped(text, value, { generic: true }), true, text);
    }
    assert.equal(dropped(`AMPLITUDE_SECRET_KEY=${hex}`, hex, { generic: true }), false, 'the secret half of an analytics pair');
    assert.equal(dropped(`ALGOLIA_ADMIN_API_KEY=${hex}`, hex), false, 'an Algolia admin key');
    const mapsKey = 'AIzaSy' + f.chars(33, B62);
    assert.equal(dropped(`GOOGLE_MAPS_API_KEY=${mapsKey}`, mapsKey), false, 'a Google API key outside a Firebase web config');
    const ethKey = '0x' + f.chars(64, '0123456789abcdef');
    assert.equal(dropped(`PRIVATE_KEY=${ethKey}`, ethKey, { generic: true }), false, 'an Ethereum private key is 32 bytes, not an address');
  });
});
