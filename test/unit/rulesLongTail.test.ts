import * as assert from 'node:assert/strict';
import { createDetector } from '../../src/core/detect';
import { B62, DIGITS, HEX, fakes, found } from './rulesFakeCredentials';

const f = fakes(23);
const uuid = () => `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-a${f.chars(3, HEX)}-${f.chars(12, HEX)}`;
const atlassianDc = () => Buffer.concat([Buffer.from(`${f.chars(12, DIGITS)}:`), f.bytes(20)]).toString('base64');

describe('long-tail rules', () => {
  const cases: [what: string, kind: string, value: string][] = [
    ['LangSmith key', 'langsmith-api-key', `lsv2_pt_${f.chars(32, HEX)}_${f.chars(10, HEX)}`],
    ['Langfuse secret key', 'langfuse-secret-key', 'sk-lf-' + uuid()],
    ['Airtable PAT', 'airtable-token', `pat${f.mixed(14)}.${f.chars(64, HEX)}`],
    ['Artifactory API key', 'artifactory-token', 'AKCp' + f.mixed(69)],
    ['Artifactory reference token', 'artifactory-token', 'cmVmdGtuOjAxOj' + f.mixed(50)],
    ['Salesforce access token', 'salesforce-access-token', `00D${f.mixed(12)}!${f.mixed(96)}`],
  ];
  for (const [what, kind, value] of cases) {
    it(`finds a ${what} wherever it is, by its format`, async () => {
      const hits = await found(`curl -H "Authorization: Bearer ${value}" https://api.${kind.split('-')[0]}.example.org/v1\n`, 'deploy.sh');
      assert.deepEqual(
        hits.map((h) => [h.kind, h.value]),
        [[kind, value]],
      );
    });
  }

  it('finds Atlassian Data Center PATs by their decoded shape, next to the product name', async () => {
    const token = atlassianDc();
    assert.deepEqual(
      (await found(`JIRA_PAT=${token}\n`, '.env')).map((h) => [h.kind, h.value]),
      [['atlassian-dc-pat', token]],
    );
    const lookalike = 'M' + f.mixed(43, B62);
    assert.deepEqual(await found(`CONFLUENCE_BUILD=${lookalike}\n`, '.env'), []);
  });

  it('finds a Railway token by its name and leaves Railway project ids alone', async () => {
    const token = uuid();
    const hits = await found(`RAILWAY_TOKEN=${token}\nRAILWAY_PROJECT_ID=${uuid()}\n`, '.env');
    assert.deepEqual(
      hits.map((h) => [h.kind, h.value]),
      [['railway-token', token]],
    );
  });

  it('finds a service-anchored key assigned to the service name or inside its section', async () => {
    const pat = `${f.mixed(22)}==:${f.mixed(32)}`;
    const api = f.mixed(50);
    const login = f.chars(40, HEX);
    const text = `TABLEAU_PAT=${pat}\n`;
    assert.deepEqual(
      (await found(text, '.env')).map((h) => [h.kind, h.value]),
      [['tableau-credential', pat]],
    );
    assert.deepEqual(
      (await found(`integrations:\n  rapidapi:\n    host: weather.example.org\n    api: "${api}"\n`, 'config.yaml')).map((h) => h.value),
      [api],
    );
    assert.deepEqual(
      (await found(`[snyk]\norg = "platform"\napi = "${api}"\n`, 'config.toml')).map((h) => h.value),
      [api],
    );
    assert.deepEqual(
      (await found(`sonar.host.url=https://sonar.example.org\nsonar.login=${login}\n`, 'sonar-project.properties')).map((h) => h.value),
      [login],
    );
  });

  it('leaves service names beside ids, hosts, names and low-entropy values alone', async () => {
    const texts = [
      `TABLEAU_SERVER=https://tableau.example.org\nTABLEAU_PAT_NAME=ci-export\nTABLEAU_SITE_ID=${uuid()}\n`,
      `shippo_carrier_account = "${f.chars(32, HEX)}"\nshippo_token = "changeme"\n`,
      `rapidapi:\n  host: weather.example.org\n  api_version: "${f.mixed(20)}"\nother:\n  api: "${f.mixed(30)}"\n`,
    ];
    for (const text of texts) assert.deepEqual(await found(text, 'config.yaml'), [], text);
  });

  it('reports a Twilio account SID, as Information, only beside the secret that completes it', async () => {
    const sid = 'AC' + f.chars(32, HEX);
    const token = f.mixed(32);
    assert.deepEqual(await found(`POST /sms/status AccountSid=${sid}&MessageStatus=delivered\n`, 'webhook.log'), []);
    assert.deepEqual(await found(`TWILIO_ACCOUNT_SID=${sid}\n`, '.env'), []);
    const hits = await found(`account_sid = "${sid}"\nauth_token = "${token}"  # twilio\n`, 'sms.py');
    assert.deepEqual(hits.find((h) => h.value === sid)?.confidence, 'low');
  });
});

describe('connection strings on development hosts and with placeholders', () => {
  it('does not report default passwords on loopback or .local hosts', async () => {
    const texts = [
      'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
      'AMQP_URL=amqp://guest:guest@127.0.0.1:5672/',
      'DB=postgres://postgres:postgres@[::1]:5432/test',
      'MONGO=mongodb://root:root@db.local:27017/?authSource=admin',
      'JDBC=jdbc:postgresql://localhost:5432/app?user=postgres&password=postgres',
      'ADO="Server=localhost;Database=app;User Id=sa;Password=sa;"',
    ];
    for (const text of texts) assert.deepEqual(await found(text + '\n', '.env'), [], text);
  });

  it('still reports a default password on a remote host (as Information) and a real one on localhost', async () => {
    const remote = await found('DATABASE_URL=postgres://postgres:postgres@db.example.org:5432/app\n', '.env');
    assert.deepEqual(
      remote.map((h) => [h.value, h.confidence]),
      [['postgres', 'low']],
    );
    const password = f.mixed(20);
    const local = await found(`DATABASE_URL=postgres://app:${password}@localhost:5432/app\n`, '.env');
    assert.deepEqual(
      local.map((h) => h.value),
      [password],
    );
  });

  it('does not report upper-case or braced stand-ins for the user and password', async () => {
    const texts = [
      'git clone https://USERNAME:PASSWORD@git.example.org/app.git',
      'REDIS_URL=redis://:PASSWORD@redis-host:6379/0',
      'PROXY=http://PROXY_USER:PROXY_PASS@proxy.example.org:3128',
      'MIRROR=https://{username}:{token}@mirror.example.org/simple',
    ];
    for (const text of texts) assert.deepEqual(await found(text + '\n', '.env'), [], text);
  });
});

describe('previews', () => {
  it('show a documented vendor prefix and the length, and only the length for generic findings', async () => {
    const detector = createDetector();
    const token = f.checksummed('ghp');
    const password = 'Summer24-' + f.mixed(13);
    const text = `GITHUB_TOKEN=${token}\ndb_password = "${password}"\nDATADOG_API_KEY=${f.chars(32, HEX)}\n`;
    const previews = (await detector.detect(text, { filePath: '.env' })).findings.map((x) => x.preview);
    assert.deepEqual(previews, ['ghp_…(40 chars)', `…(${password.length} chars)`, '…(32 chars)']);
  });
});
