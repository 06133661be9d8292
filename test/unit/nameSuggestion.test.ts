import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isValidName, suggestName, uniqueName } from '../../src/core/reference';

// Synthetic, obviously fake credentials.
const TOKEN = 'ghp_' + 'Fake0'.repeat(7) + 'Fake0';
const PASSWORD = 'not-a-real-pw-42';

function nameFor(text: string, needle: string, where: { languageId?: string; fileName?: string; kind?: string }, nth = 0): string {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = text.indexOf(needle, start + 1);
  assert.ok(start >= 0, `${needle} is in the text`);
  return suggestName({ text, start, end: start + needle.length, ...where });
}

describe('suggestName', () => {
  it('names a .env value by its key, splitting a known vendor prefix', () => {
    const where = { fileName: '.env' };
    assert.equal(nameFor(`GITHUB_TOKEN=${TOKEN}\n`, TOKEN, where), 'github/token');
    assert.equal(nameFor(`export STRIPE_SECRET_KEY="${TOKEN}"\n`, TOKEN, where), 'stripe/secret_key');
    assert.equal(nameFor(`DATABASE_PASSWORD=${PASSWORD}\n`, PASSWORD, where), 'database_password');
  });

  it('names a JSON value by its key path, skipping array indexes', () => {
    const where = { languageId: 'jsonc' };
    assert.equal(nameFor(`{\n  // db\n  "database": {"password": "${PASSWORD}"}\n}`, PASSWORD, where), 'database/password');
    assert.equal(nameFor(`{"servers": [{"apiKey": "${TOKEN}"}]}`, TOKEN, where), 'servers/api_key');
    assert.equal(nameFor(`{"a": {"b": {"c": {"d": "${TOKEN}"}}}}`, TOKEN, where), 'b/c/d');
  });

  it('names a YAML value by its key path, in block and flow style', () => {
    const where = { languageId: 'yaml' };
    assert.equal(nameFor(`database:\n  password: ${PASSWORD}\n`, PASSWORD, where), 'database/password');
    assert.equal(nameFor(`smtp: {user: app, password: "${PASSWORD}"}\n`, PASSWORD, where), 'smtp/password');
  });

  it('names environment entries by their variable, wherever they are written', () => {
    assert.equal(
      nameFor(`services:\n  app:\n    environment:\n      - GITHUB_TOKEN=${TOKEN}\n`, TOKEN, { languageId: 'yaml' }),
      'github/token',
    );
    assert.equal(
      nameFor(`services:\n  app:\n    environment:\n      OPENAI_API_KEY: ${TOKEN}\n`, TOKEN, { languageId: 'dockercompose' }),
      'openai/api_key',
    );
    assert.equal(nameFor(`env:\n  - name: DB_PASSWORD\n    value: ${PASSWORD}\n`, PASSWORD, { languageId: 'yaml' }), 'db_password');
    assert.equal(nameFor(`os.environ["SLACK_BOT_TOKEN"] = "${TOKEN}"\n`, TOKEN, { languageId: 'python' }), 'slack/bot_token');
  });

  it('names TOML, INI and properties values by section and key', () => {
    assert.equal(nameFor(`[database]\npassword = "${PASSWORD}"\n`, PASSWORD, { fileName: 'a.toml' }), 'database/password');
    assert.equal(nameFor(`[servers.alpha]\ndb = { password = "${PASSWORD}" }\n`, PASSWORD, { fileName: 'a.toml' }), 'alpha/db/password');
    assert.equal(
      nameFor(`[default]\naws_secret_access_key = ${PASSWORD}\n`, PASSWORD, { languageId: 'ini' }),
      'default/aws_secret_access_key',
    );
    assert.equal(nameFor(`//registry.npmjs.org/:_authToken=${TOKEN}\n`, TOKEN, { fileName: '.npmrc' }), 'registry.npmjs.org/auth_token');
    assert.equal(
      nameFor(`spring.datasource.password=${PASSWORD}\n`, PASSWORD, { fileName: 'application.properties' }),
      'spring/datasource/password',
    );
  });

  it("names a code literal by its assignment's left-hand side", () => {
    assert.equal(nameFor(`const stripeKey = "${TOKEN}";`, TOKEN, { languageId: 'typescript' }), 'stripe/key');
    assert.equal(nameFor(`const cfg = { apiKey: "${TOKEN}" };`, TOKEN, { languageId: 'javascript' }), 'api_key');
    assert.equal(nameFor(`API_KEY = "${TOKEN}"`, TOKEN, { languageId: 'python' }), 'api_key');
    assert.equal(nameFor(`self.db_password: str = '${PASSWORD}'`, PASSWORD, { languageId: 'python' }), 'db_password');
    assert.equal(nameFor(`var sendgridKey string = "${TOKEN}"`, TOKEN, { languageId: 'go' }), 'sendgrid/key');
    assert.equal(nameFor(`os.Setenv("GITHUB_TOKEN", "${TOKEN}")`, TOKEN, { languageId: 'go' }), 'github/token');
    assert.equal(nameFor(`private static final String MAILGUN_KEY = "${TOKEN}";`, TOKEN, { languageId: 'java' }), 'mailgun/key');
    assert.equal(nameFor(`headers["Authorization"] = "Bearer ${TOKEN}"`, TOKEN, { languageId: 'javascript' }), 'authorization');
  });

  it('names a shell value by its variable or flag', () => {
    const where = { languageId: 'shellscript' };
    assert.equal(nameFor(`export GITLAB_TOKEN=${TOKEN}\n`, TOKEN, where), 'gitlab/token');
    assert.equal(nameFor(`deploy --api-key ${TOKEN}\n`, TOKEN, where), 'api_key');
    assert.equal(nameFor(`deploy --db-password=${PASSWORD}\n`, PASSWORD, where), 'db_password');
  });

  it('names a URL password by scheme and user, or host and user for web URLs', () => {
    assert.equal(nameFor(`DATABASE_URL=postgres://app:${PASSWORD}@db:5432/app\n`, PASSWORD, { fileName: '.env' }), 'postgres/app');
    assert.equal(nameFor(`url: mongodb+srv://svc:${PASSWORD}@c0.example.net/x\n`, PASSWORD, { languageId: 'yaml' }), 'mongodb/svc');
    assert.equal(nameFor(`git clone https://bot:${TOKEN}@github.com/acme/app\n`, TOKEN, { languageId: 'shellscript' }), 'github.com/bot');
    assert.equal(nameFor(`REDIS=redis://:${PASSWORD}@cache:6379\n`, PASSWORD, { fileName: '.env' }), 'redis/password');
    assert.equal(
      nameFor(`U=postgres://app:${PASSWORD}@db/app\n`, `postgres://app:${PASSWORD}@db/app`, { fileName: '.env' }),
      'postgres/app',
    );
  });

  it('adds the key inside a connection string to the path', () => {
    const text = `{"ConnectionStrings": {"Default": "Server=db;Password=${PASSWORD};"}}`;
    assert.equal(nameFor(text, PASSWORD, { languageId: 'json' }), 'connection_strings/default/password');
  });

  it('falls back to the credential kind, then to "secret"', () => {
    assert.equal(nameFor(`notes ${TOKEN} more`, TOKEN, { languageId: 'plaintext', kind: 'github-pat' }), 'github-pat');
    assert.equal(nameFor(`notes ${TOKEN} more`, TOKEN, { languageId: 'plaintext' }), 'secret');
    assert.equal(nameFor(`token: "${TOKEN}"`, TOKEN, { languageId: 'plaintext', kind: 'github-pat' }), 'github-pat');
    assert.equal(nameFor(`token: "${TOKEN}"`, TOKEN, { languageId: 'plaintext' }), 'token');
    assert.equal(nameFor(`A=vault:x\n`, 'vault:x', { fileName: '.env', kind: 'Odd Kind!' }), 'odd-kind');
  });

  it('keeps long names within 128 characters', () => {
    const key = 'VERY_LONG_KEY_' + 'SEGMENT_'.repeat(30) + 'END';
    const name = nameFor(`${key}=${TOKEN}\n`, TOKEN, { fileName: '.env' });
    assert.ok(isValidName(name));
    assert.ok(name.length <= 128);
  });

  it('always returns a valid name', () => {
    const languages = [
      'dotenv',
      'json',
      'yaml',
      'toml',
      'ini',
      'properties',
      'shellscript',
      'typescript',
      'python',
      'go',
      'java',
      'plaintext',
    ];
    fc.assert(
      fc.property(
        fc.string({ maxLength: 200 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...languages),
        fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
        (text, a, b, languageId, kind) => {
          const start = Math.min(a, b) % (text.length + 1);
          const end = Math.min((Math.max(a, b) % (text.length + 1)) + start, text.length);
          const name = suggestName({ text, start: Math.min(start, end), end, languageId, kind });
          assert.ok(isValidName(name), name);
          assert.ok(!/[.\-/]$/.test(name), `"${name}" ends in punctuation`);
        },
      ),
    );
  });

  it('turns any key into a valid name', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 300 }), (key) => {
        const text = `${JSON.stringify({ [key]: 'x-fake-value' })}`;
        const start = text.lastIndexOf('x-fake-value');
        assert.ok(isValidName(suggestName({ text, start, end: start + 12, languageId: 'json' })));
      }),
    );
  });
});

describe('uniqueName', () => {
  it('returns the base when it is free, then -2, -3…', () => {
    const taken = new Set(['github/token', 'github/token-2']);
    assert.equal(
      uniqueName('stripe/key', (name) => taken.has(name)),
      'stripe/key',
    );
    assert.equal(
      uniqueName('github/token', (name) => taken.has(name)),
      'github/token-3',
    );
  });

  it('stays within 128 characters', () => {
    const base = 'a'.repeat(128);
    const name = uniqueName(base, (candidate) => candidate === base);
    assert.equal(name, 'a'.repeat(126) + '-2');
  });

  it('refuses an invalid base', () => {
    assert.throws(() => uniqueName('bad name', () => false), /not allowed/);
  });

  it('returns a free valid name for any valid base', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,127}$/),
        fc.array(fc.nat({ max: 20 }), { maxLength: 10 }),
        (base, takenSuffixes) => {
          const taken = new Set([base, ...takenSuffixes.map((n) => `${base}-${n}`)]);
          const name = uniqueName(base, (candidate) => taken.has(candidate));
          assert.ok(isValidName(name));
          assert.ok(!taken.has(name));
        },
      ),
    );
  });
});
