import * as assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { type CaughtCredential, StreamMasker, maskText } from '../../src/core/mask';
import { base62, crc32 } from '../../src/core/detect/rules/checksums';
import { fakeGitHubToken } from '../support/fakeCredentials';

function scan(text: string): { text: string; caught: CaughtCredential[]; maskedCount: number } {
  const caught: CaughtCredential[] = [];
  const result = maskText(text, [], { detectCredentials: true, onCredential: (c) => caught.push(c) });
  return { ...result, caught };
}

const randomOf = (alphabet: string, length: number): string => [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Scans `input` cut at `cuts` (taken modulo its length), releasing the hold after the chunks `releases` marks. */
function scanInChunks(input: Buffer, cuts: number[], releases: boolean[]): { text: string; released: boolean } {
  const masker = new StreamMasker([], { detectCredentials: true });
  const out: Buffer[] = [];
  const write = (b: Uint8Array): void => void out.push(Buffer.from(b));
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((x, y) => x - y);
  let at = 0;
  let released = false;
  [...points, input.length].forEach((p, i) => {
    masker.push(input.subarray(at, p), write);
    if (releases[i]) {
      masker.release(write);
      released = true;
    }
    at = p;
  });
  masker.flush(write);
  return { text: Buffer.concat(out).toString(), released };
}

describe('output scanning for credentials nobody stored', function () {
  this.timeout(60_000);

  it('masks a checksum-valid GitHub token and hands it over with a suggested name', () => {
    const token = fakeGitHubToken();
    const { text, caught, maskedCount } = scan(`export GITHUB_TOKEN=${token}\n`);
    assert.equal(text, 'export GITHUB_TOKEN=[masked secret:github-pat]\n');
    assert.equal(maskedCount, 1);
    assert.deepEqual(caught, [{ kind: 'github-pat', title: 'GitHub personal access token', value: token, suggestedName: 'github/token' }]);
  });

  it('leaves a GitHub-shaped string whose checksum fails, and placeholders, as they are', () => {
    const token = fakeGitHubToken();
    const broken = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    for (const text of [`x ${broken} y`, 'ghp_your_token_here', 'xoxb-your-bot-token', 'see https://example.com/path']) {
      assert.deepEqual(scan(text), { text, caught: [], maskedCount: 0 });
    }
  });

  it('masks PEM and OpenSSH private key blocks whole, keeping their line count', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pkcs1 = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const body = Buffer.concat([Buffer.from('openssh-key-v1\0'), randomBytes(300)]).toString('base64');
    const openssh = `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.match(/.{1,70}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
    for (const pem of [pkcs1, ed, openssh]) {
      const { text, caught } = scan(`$ cat key\n${pem}$ `);
      assert.ok(text.startsWith('$ cat key\n[masked secret:private-key]'), text);
      assert.ok(text.endsWith('\n$ '));
      assert.equal(text.split('\n').length, `$ cat key\n${pem}$ `.split('\n').length);
      assert.equal(caught.length, 1);
      assert.equal(caught[0].value, pem.trimEnd());
    }
    const certificate = '-----BEGIN CERTIFICATE-----\nMIIB' + 'A'.repeat(60) + '\n-----END CERTIFICATE-----\n';
    assert.equal(scan(certificate).text, certificate);
  });

  it('masks an AWS key pair: the key id and the secret access key', () => {
    const id = 'AKIA' + randomOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    const secret = randomOf(BASE62, 38) + '/+';
    const { text, caught } = scan(`aws_access_key_id = ${id}\naws_secret_access_key = ${secret}\n`);
    assert.equal(
      text,
      'aws_access_key_id = [masked secret:aws-access-key-id]\naws_secret_access_key = [masked secret:aws-secret-access-key]\n',
    );
    assert.deepEqual(
      caught.map((c) => c.kind),
      ['aws-access-key-id', 'aws-secret-access-key'],
    );
    const json = scan(`{"AccessKeyId": "${id.replace('AKIA', 'ASIA')}", "SecretAccessKey": "${secret}"}`);
    assert.equal(
      json.text,
      '{"AccessKeyId": "[masked secret:aws-access-key-id]", "SecretAccessKey": "[masked secret:aws-secret-access-key]"}',
    );
  });

  describe('the secret halves of pairs in structured text', () => {
    const id = 'AKIA' + randomOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    // Random, with each character class the rules ask of a key guaranteed.
    const secret = randomOf(BASE62, 35) + 'Q7z/+';
    const awsForms = [
      `{"accessKeyId": "${id}", "secretAccessKey": "${secret}"}`,
      `{\n  "secretAccessKey": "${secret}",\n  "region": "eu-west-1",\n  "bucket": "assets",\n  "retries": 3,\n  "accessKeyId": "${id}"\n}\n`,
      `{\r\n    "Credentials": {\r\n        "SecretAccessKey": "${secret}",\r\n        "Expiration": "2026-12-06T12:00:00Z"\r\n    }\r\n}\r\n`,
      `aws:\n  access_key_id: ${id}\n  secret_access_key: ${secret}\n`,
      `deploy:\n  secretAccessKey: '${secret}'\n`,
      `[default]\naws_access_key_id=${id}\n\n[prod]\naws_secret_access_key = ${secret}\n`,
      `aws configure set aws_secret_access_key ${secret}\n`,
      `s3cmd --access_key=${id} --secret_key=x --aws-secret-access-key ${secret} ls\n`,
      `tool --aws-secret-access-key=${secret} --region eu-west-1\n`,
      `export AWS_SECRET_ACCESS_KEY="${secret}"\n`,
      `$env:AWS_SECRET_ACCESS_KEY = "${secret}"\r\n`,
    ];

    const noPiece = (text: string, value: string, label: string): void => {
      for (let i = 0; i + 9 <= value.length; i++) assert.ok(!text.includes(value.slice(i, i + 9)), `${label}: ${JSON.stringify(text)}`);
    };

    it('masks an AWS secret access key as a JSON, YAML or INI property and as a command-line flag, beside or apart from its key id', () => {
      for (const form of awsForms) {
        const { text, caught } = scan(form);
        noPiece(text, secret, form);
        assert.ok(text.includes('[masked secret:aws-secret-access-key]'), text);
        assert.ok(
          caught.some((c) => c.kind === 'aws-secret-access-key' && c.value === secret),
          form,
        );
      }
    });

    it('masks an AWS session token as a property', () => {
      const token = randomBytes(240).toString('base64');
      const { text } = scan(`{"AccessKeyId": "${id.replace('AKIA', 'ASIA')}", "SessionToken": "${token}"}\n`);
      noPiece(text, token, 'session token');
      assert.ok(text.includes('[masked secret:aws-session-token]'), text);
    });

    it('masks an Azure storage account key in a connection string and as a property of its own, once', () => {
      const key = randomBytes(64).toString('base64');
      const forms = [
        `DefaultEndpointsProtocol=https;AccountName=assets;AccountKey=${key};EndpointSuffix=core.windows.net\n`,
        `{"AccountName": "assets", "AccountKey": "${key}"}`,
        `storage:\n  account_name: assets\n  accountKey: ${key}\n`,
        `AZURE_STORAGE_ACCOUNT=assets\nAZURE_STORAGE_KEY=${key}\n`,
        `az storage blob list --account-name assets --account-key ${key}\n`,
      ];
      for (const form of forms) {
        const { text, caught } = scan(form);
        noPiece(text, key, form);
        assert.equal(text.split('[masked secret:azure-storage-account-key]').length, 2, text);
        assert.deepEqual(
          caught.map((c) => c.value),
          [key],
          form,
        );
      }
    });

    it('masks client secrets beside their client ids: Entra ID, Google OAuth, PayPal', () => {
      const entra = `${randomOf(BASE62, 3)}7Q~${randomOf(BASE62 + '_~.-', 34)}`;
      const google = `GOCSPX-${randomOf(BASE62 + '_-', 28)}`;
      const paypal = `E${randomOf(BASE62 + '_-', 79)}`;
      const forms: [string, string][] = [
        [entra, `{"clientId": "0b5c2a4e-1f3d-4e6a-9b8c-7d6e5f4a3b2c", "clientSecret": "${entra}"}`],
        [entra, `AZURE_CLIENT_ID=0b5c2a4e-1f3d-4e6a-9b8c-7d6e5f4a3b2c\nAZURE_CLIENT_SECRET=${entra}\n`],
        [google, `{"web":{"client_id":"1234-abc.apps.googleusercontent.com","client_secret":"${google}"}}`],
        [google, `oauth client created: ${google}\n`],
        [paypal, `paypal:\n  client_id: AYSq3RDGsmBLJE\n  client_secret: ${paypal}\n`],
      ];
      for (const [value, form] of forms) {
        const { text, caught } = scan(form);
        noPiece(text, value, form);
        assert.deepEqual(
          caught.map((c) => c.value),
          [value],
          form,
        );
      }
    });

    it('masks a Twilio auth token beside its account SID', () => {
      const sid = `AC${randomOf('0123456789abcdef', 32)}`;
      const token = `f${randomOf(BASE62, 28)}q7Z`;
      const { text, caught } = scan(`TWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=${token}\n`);
      noPiece(text, token, 'twilio');
      assert.ok(
        caught.some((c) => c.value === token),
        text,
      );
    });

    it('leaves innocent text that names these keys as it is, and holds nothing once its line is out', () => {
      const innocent = [
        'client_secret is not set\n',
        'src/aws.ts:3:  secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,\n',
        '{"secretAccessKey": "vault:aws/secret", "accessKeyId": "vault:aws/id"}\n',
        'aws_secret_access_key = {{vault:aws/secret}}\n',
        'AWS_SECRET_ACCESS_KEY=$(aws configure get aws_secret_access_key)\n',
        'aws_secret_access_key: 3f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d2f4a\n',
        'Set secretAccessKey and accessKeyId before calling the client; the SDK reads sessionToken too.\n',
        'account_key_id = 12345\nauth_token: ${AUTH_TOKEN}\nsessionToken: null\nclientSecret: ""\n',
        'secretAccessKey: [masked vault:aws/secret]\n',
        'tool: option --aws-secret-access-key needs a value\n$ ',
      ];
      for (const line of innocent) {
        const { text, caught } = scan(line);
        assert.equal(text, line);
        assert.deepEqual(caught, []);
        const masker = new StreamMasker([], { detectCredentials: true });
        masker.push(Buffer.from(line), () => undefined);
        assert.equal(masker.heldLength, 0, line);
      }
    });

    it('masks the same whatever the chunking, and a held value obeys the hold bound', () => {
      const input = Buffer.from(awsForms.join('\n'));
      const expected = scan(input.toString()).text;
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 12 }), fc.array(fc.boolean(), { maxLength: 13 }), (cuts, releases) => {
          const { text, released } = scanInChunks(input, cuts, releases);
          if (!released) assert.equal(text, expected);
          noPiece(text, secret, 'released');
        }),
        { numRuns: 200 },
      );
    });
  });

  it('masks the password of a URL, named after its scheme and user', () => {
    const { text, caught } = scan('connecting to postgres://app:Xk29fLq7Wm3pZr@db.internal:5432/app ...\n');
    assert.equal(text, 'connecting to postgres://app:[masked secret:postgres-url]@db.internal:5432/app ...\n');
    assert.deepEqual(caught, [
      { kind: 'postgres-url', title: 'password in a PostgreSQL URL', value: 'Xk29fLq7Wm3pZr', suggestedName: 'postgres/app' },
    ]);
  });

  it('masks vendor tokens of other families (Slack, Stripe, npm)', () => {
    const slack = `xoxb-${randomOf('0123456789', 12)}-${randomOf('0123456789', 12)}-${randomOf(BASE62, 24)}`;
    const stripe = `sk_live_${randomOf(BASE62, 32)}`;
    const random = randomOf(BASE62, 30);
    const npm = `npm_${random}${base62(crc32(random), 6)}`;
    const { text } = scan(`${slack} ${stripe} ${npm}`);
    assert.equal(text, '[masked secret:slack-bot-token] [masked secret:stripe-secret-key] [masked secret:npm-access-token]');
  });

  it('lets stored values win: a stored token shows as its vault token and is never handed over', () => {
    const token = fakeGitHubToken();
    const caught: CaughtCredential[] = [];
    const result = maskText(`t=${token}\n`, [{ name: 'github/token', value: token }], {
      detectCredentials: true,
      onCredential: (c) => caught.push(c),
    });
    assert.equal(result.text, 't=[masked vault:github/token]\n');
    assert.deepEqual(caught, []);
  });

  it('lets a stored value win over a credential inside it', () => {
    const token = fakeGitHubToken();
    const caught: CaughtCredential[] = [];
    const secrets = [{ name: 'api/header', value: `Bearer ${token}` }];
    const result = maskText(`-H "Authorization: Bearer ${token}"\n`, secrets, {
      detectCredentials: true,
      onCredential: (c) => caught.push(c),
    });
    assert.equal(result.text, '-H "Authorization: [masked vault:api/header]"\n');
    assert.deepEqual(caught, []);
  });

  it('hands over only the credential nobody stored when a stored one is printed beside it', () => {
    const stored = fakeGitHubToken();
    const other = fakeGitHubToken();
    const caught: CaughtCredential[] = [];
    const result = maskText(`${stored} ${other}\n`, [{ name: 'github/token', value: stored }], {
      detectCredentials: true,
      onCredential: (c) => caught.push(c),
    });
    assert.equal(result.text, '[masked vault:github/token] [masked secret:github-pat]\n');
    assert.deepEqual(
      caught.map((c) => c.value),
      [other],
    );
  });

  it('masks credentials printed one per line, though the view joins lines that look like a wrapped encoding', () => {
    const [first, second] = [fakeGitHubToken(), fakeGitHubToken()];
    assert.equal(scan(`${first}\r\n${second}\r\n$ `).text, '[masked secret:github-pat]\r\n[masked secret:github-pat]\r\n$ ');
    const id = 'AKIA' + randomOf('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
    const secret = randomOf(BASE62, 35) + 'Q7z/+';
    const env = `AWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${secret}\nAWS_REGION=eu-west-1\n`;
    assert.equal(
      scan(env).text,
      'AWS_ACCESS_KEY_ID=[masked secret:aws-access-key-id]\nAWS_SECRET_ACCESS_KEY=[masked secret:aws-secret-access-key]\nAWS_REGION=eu-west-1\n',
    );
  });

  it('lets stored values win whatever the chunking and wherever a hold is released', () => {
    const token = fakeGitHubToken();
    const hex = Buffer.from(token).toString('hex');
    const cases = [
      { input: Buffer.from(`$ echo $GITHUB_TOKEN\r\n${token}\r\n$ `), secret: { name: 'github/token', value: token }, tokens: 1 },
      {
        input: Buffer.from(`-H "Authorization: Bearer ${token}"\r\n`),
        secret: { name: 'github/token', value: `Bearer ${token}` },
        tokens: 1,
      },
      // printenv, base64 and xxd -p one after the other: lines the view joins, each its own token.
      {
        input: Buffer.from(`${token}\r\n${Buffer.from(`${token}\n`).toString('base64')}\r\n${hex.slice(0, 60)}\r\n${hex.slice(60)}\r\n$ `),
        secret: { name: 'github/token', value: token },
        tokens: 3,
      },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...cases),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.array(fc.boolean(), { maxLength: 9 }),
        ({ input, secret, tokens }, cuts, releases) => {
          const caught: CaughtCredential[] = [];
          const masker = new StreamMasker([secret], { detectCredentials: true, onCredential: (c) => caught.push(c) });
          const out: Buffer[] = [];
          const write = (b: Uint8Array): void => void out.push(Buffer.from(b));
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((x, y) => x - y);
          let at = 0;
          [...points, input.length].forEach((p, i) => {
            masker.push(input.subarray(at, p), write);
            if (releases[i]) masker.release(write);
            at = p;
          });
          masker.flush(write);
          assert.deepEqual(caught, []);
          const text = Buffer.concat(out).toString();
          assert.equal(text.split('[masked vault:github/token]').length - 1, tokens, text);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('masks the same whatever the chunking, and a held candidate obeys the hold bound', () => {
    const token = fakeGitHubToken();
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const input = Buffer.from(`a ${token} b\n${pem}c postgres://u:Pw9xLq2Zk8@h/d e`);
    const expected = scan(input.toString()).text;
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 10 }), fc.array(fc.boolean(), { maxLength: 10 }), (cuts, releases) => {
        const { text, released } = scanInChunks(input, cuts, releases);
        if (!released) assert.equal(text, expected);
        // Never more than 8 characters of the token, or of the key's body.
        for (let i = 0; i + 9 <= token.length; i++) assert.ok(!text.includes(token.slice(i, i + 9)), text);
        const body = pem.split('\n')[1];
        for (let i = 0; i + 9 <= body.length; i++) assert.ok(!text.includes(body.slice(i, i + 9)), text);
      }),
      { numRuns: 200 },
    );
  });
});
