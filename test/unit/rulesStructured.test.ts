import * as assert from 'node:assert/strict';
import { fakes, found, structuredCases } from './rulesFakeCredentials';

const f = fakes(11);

describe('structured rules: keys, URLs, credential files, manifests', () => {
  for (const [name, text, kind, value] of structuredCases(5)) {
    it(`finds a ${name} at the exact range of its value`, async () => {
      const hits = await found(text, name.includes('.pgpass') ? '/home/ci/.pgpass' : 'config');
      assert.deepEqual(
        hits.filter((h) => h.kind === kind).map((h) => h.value),
        [value],
        `got ${JSON.stringify(hits)}`,
      );
    });
  }

  it('rejects PEM blocks that are placeholders, truncated or public', async () => {
    const texts = [
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----\n',
      '-----BEGIN PRIVATE KEY-----\n<your key here>\n-----END PRIVATE KEY-----\n',
      `-----BEGIN PUBLIC KEY-----\n${f.pemBody(300)}\n-----END PUBLIC KEY-----\n`,
      `-----BEGIN CERTIFICATE-----\n${f.pemBody(600)}\n-----END CERTIFICATE-----\n`,
      `-----BEGIN PRIVATE KEY-----\n${f.pemBody(300)}\n`,
    ];
    for (const text of texts) assert.deepEqual(await found(text, 'key.pem'), [], text);
  });

  it('gives encrypted private keys medium confidence', async () => {
    const text = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${f.pemBody(300)}\n-----END ENCRYPTED PRIVATE KEY-----\n`;
    assert.deepEqual(
      (await found(text, 'key.pem')).map((h) => h.confidence),
      ['medium'],
    );
  });

  it('names a URL password by its scheme, through a jdbc: prefix too', async () => {
    const pw = f.mixed(16);
    const text = `a=jdbc:mysql://app:${pw}@db:3306/shop\nb=amqps://app:${pw}@mq:5671/\nc=ftp://ci:${pw}@files.acme.net/\n`;
    assert.deepEqual(
      (await found(text, '.env')).map((h) => h.kind),
      ['mysql-url', 'amqp-url', 'ftp-url'],
    );
  });

  it('reports URL passwords that equal the user or a default at low confidence on a remote host, and skips lookups', async () => {
    const text = [
      'A=postgres://postgres:postgres@db.staging.example.org:5432/app',
      'B=amqp://guest:guest@rabbit:5672/',
      'C=postgres://app:${DB_PASSWORD}@db:5432/app',
      'D=mysql://app:{{vault:db/password}}@db/app',
      'E=redis://:<password>@cache:6379',
    ].join('\n');
    assert.deepEqual(
      (await found(text, '.env')).map((h) => [h.value, h.confidence]),
      [
        ['postgres', 'low'],
        ['guest', 'low'],
      ],
    );
  });

  it('skips Kubernetes Secret values that decode to placeholders or name things', async () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    const text = `kind: Secret\ndata:\n  username: ${b64('app')}\n  password: ${b64('changeme')}\n  host: ${b64('db.internal')}\n`;
    assert.deepEqual(await found(text, 'secret.yaml'), []);
  });

  it('reads Kubernetes Secret values quoted or not, with CRLF line ends', async () => {
    const a = Buffer.from(f.mixed(24)).toString('base64');
    const b = f.mixed(24);
    const text = `kind: Secret\r\ndata:\r\n  token: "${a}"\r\nstringData:\r\n  api_secret: ${b}\r\n`;
    assert.deepEqual(
      (await found(text, 'secret.yaml')).map((h) => [h.kind, h.value]),
      [
        ['kubernetes-secret', a],
        ['kubernetes-secret', b],
      ],
    );
  });

  it('does not take Docker auths that are not base64 user:password', async () => {
    const text = JSON.stringify({ auths: { 'ghcr.io': { auth: Buffer.from(f.mixed(20)).toString('base64') } } });
    assert.deepEqual(
      (await found(text, 'config.json')).filter((h) => h.kind === 'docker-registry-auth'),
      [],
    );
  });

  it('reports an unsigned JWT at low confidence', async () => {
    const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from('{"sub":"1"}').toString('base64url')}.`;
    assert.deepEqual(
      (await found(`t=${jwt}\n`, 'notes.txt')).map((h) => [h.value, h.confidence]),
      [[jwt, 'low']],
    );
  });
});
