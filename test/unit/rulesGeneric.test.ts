import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { categoryOf, KEY_WORDS, SECRET_SLIPS } from '../../src/core/detect/rules/generic';
import { keyWordsOf, splitKey } from '../../src/core/detect/rules/keyWords';
import { fakes, found } from './rulesFakeCredentials';

const f = fakes(21);
const pw = f.mixed(12) + '#!';
const tok = f.mixed(36);

/** The same secret in every syntax it is kept in: [file, text]; each must report exactly `value`. */
const SYNTAXES: [file: string, text: string, value: string][] = [
  ['.env', `DB_PASSWORD=${pw}\n`, pw],
  ['.env', `export API_TOKEN="${tok}"\n`, tok],
  ['config.json', `{\n  "database": { "password": "${pw}" }\n}\n`, pw],
  ['config.yaml', `smtp:\n  password: '${pw}'\n`, pw],
  ['config.toml', `[auth]\nclient_secret = "${tok}"\n`, tok],
  ['app.ini', `[db]\npasswd = ${pw}\n`, pw],
  ['application.properties', `spring.datasource.password=${pw}\n`, pw],
  ['web.config', `<appSettings>\n  <add key="PartnerApiKey" value="${tok}" />\n</appSettings>\n`, tok],
  ['tomcat-users.xml', `<user username="admin" password="${pw}" roles="manager"/>\n`, pw],
  ['settings.xml', `<server>\n  <password>${pw}</password>\n</server>\n`, pw],
  ['main.py', `API_KEY: str = "${tok}"\n`, tok],
  ['client.ts', `const client = new Client({ apiKey: '${tok}' });\n`, tok],
  ['main.go', `password := "${pw}"\n`, pw],
  ['config.php', `$config['db_password'] = '${pw}';\n`, pw],
  ['wp-config.php', `define( 'AUTH_KEY', '${tok}' );\n`, tok],
  ['Client.java', `builder.setPassword("${pw}");\n`, pw],
  ['deploy.sh', `curl -H "Authorization: Bearer ${tok}" https://api.acme.net\n`, tok],
  ['deploy.sh', `./cli login --password ${pw}\n`, pw],
  ['deploy.sh', `sshpass -p '${pw}' ssh ops@host\n`, pw],
  ['k8s.yaml', `env:\n  - name: SESSION_SECRET\n    value: ${tok}\n`, tok],
  ['main.tf', `  administrator_login_password = "${pw}"\n`, pw],
  ['settings.py', `DB_PASSWORD = os.getenv("DB_PASSWORD", "${pw}")\n`, pw],
  ['settings.py', `token = os.environ.get("API_TOKEN") or '${tok}'\n`, tok],
  ['main.go', `if secret := getenv("SIGNING", "${tok}"); secret != "" {\n`, tok],
  ['client.ts', `const apiKey = process.env.API_KEY ?? \`${tok}\`;\n`, tok],
  ['.env', `SMTP_URL=smtps://alerts@acme.net:${tok}@smtp.acme.net:465\n`, tok],
];

describe('generic assignments', () => {
  for (const [file, text, value] of SYNTAXES) {
    it(`finds the value in ${file}: ${text
      .split('\n')
      .find((l) => l.includes(value))!
      .replace(value, '…')
      .trim()}`, async () => {
      const hits = await found(text, file);
      assert.deepEqual(
        hits.map((h) => h.value),
        [value],
        JSON.stringify(hits),
      );
    });
  }

  it('reads a value named by the name before it, however the name is separated and quoted', async () => {
    const named: [file: string, text: string][] = [
      ['task.json', `{"environment": [{"name": "API_TOKEN", "value": "${tok}"}]}\n`],
      ['stack.json', `{"ParameterKey":    "DbPassword", "ParameterValue": "${tok}"}\n`],
      ['compose.yaml', `env:\n  - name:    'SESSION_SECRET'\n    value: ${tok}\n`],
      ['params.txt', `ParameterKey=DbPassword,ParameterValue=${tok}\n`],
      ['main.tf', `  name =  "api_token"\n  value = "${tok}"\n`],
    ];
    for (const [file, text] of named) {
      assert.deepEqual(
        (await found(text, file)).map((h) => h.value),
        [tok],
        text,
      );
    }
  });

  it('names the kind by the key', async () => {
    const text = `DB_PASSWORD=${pw}\nAPI_KEY=${tok}\nAUTH_TOKEN=${f.mixed(36)}\nCLIENT_SECRET=${f.mixed(36)}\nJWT_SECRET=${f.mixed(36)}\n`;
    assert.deepEqual(
      (await found(text, '.env')).map((h) => h.kind),
      ['generic-password', 'generic-api-key', 'generic-token', 'generic-secret', 'jwt-secret'],
    );
  });

  it('needs value evidence: a weak value is low confidence, a word or a short value is nothing', async () => {
    const text = `A_PASSWORD=hunter22\nB_PASSWORD=${pw}\nC_PASSWORD=correcthorse\nD_TOKEN=refresh\nE_PASSWORD=abc1\n`;
    assert.deepEqual(
      (await found(text, '.env')).map((h) => [h.value, h.confidence]),
      [
        ['hunter22', 'low'],
        [pw, 'medium'],
      ],
    );
  });

  it('ignores keys that describe a secret rather than hold one', async () => {
    const text = [
      `token_url: https://auth.acme.net/token`,
      `password_min_length: 12`,
      `secretName: db-credentials`,
      `public_key: ${tok}`,
      `api_key_header: X-Api-Key`,
      `token_type: Bearer`,
      `client_id: ${f.mixed(24)}`,
    ].join('\n');
    assert.deepEqual(await found(text, 'config.yaml'), []);
  });

  it('ignores code that reads a secret instead of holding one', async () => {
    const text = [
      'const password = process.env.DB_PASSWORD;',
      'const token = await getToken();',
      'password = user.password',
      'char[] password = console.readPassword("Password: ");',
      'if (!apiKey) throw new Error("API key is required");',
      'type Config = { password: string; token?: string };',
    ].join('\n');
    assert.deepEqual(await found(text, 'app.ts'), []);
  });

  it('ignores an environment lookup whose fallback is empty, a placeholder or not a secret', async () => {
    const text = [
      'DB_PASSWORD = os.getenv("DB_PASSWORD", "")',
      'LOG_LEVEL = os.getenv("LOG_LEVEL", "x9-Debug-Verbose-2")',
      'API_TOKEN = os.environ.get("API_TOKEN") or "your-api-token-here"',
      'const secret = process.env.SESSION_SECRET || "changeme";',
      'PASSWORD_MIN_LENGTH = int(os.getenv("PASSWORD_MIN_LENGTH", "12"))',
      'REMOTE = "ssh://git@git.acme.net:22/app.git"',
    ].join('\n');
    assert.deepEqual(await found(text, 'settings.py'), []);
  });

  it('ignores lookups, templates and references in every syntax', async () => {
    const text = [
      'DB_PASSWORD=${DB_PASSWORD}',
      'API_KEY=${API_KEY:-}',
      'password: "{{ secrets.DB_PASSWORD }}"',
      'token: $(op read op://ci/npm/token)',
      'secret = "vault:app/secret"',
      'password=%(db_password)s',
      "api_key: \"{{ lookup('env', 'API_KEY') }}\"",
      'password: ENC[AES256_GCM,data:Tr7s,iv:Q2,tag:ZA==,type:str]',
    ].join('\n');
    assert.deepEqual(await found(text, 'config.yaml'), []);
  });

  it('ignores prose and labels in i18n bundles and elsewhere', async () => {
    assert.deepEqual(await found(`{"password": "Mot de passe", "token_expired": "Your session has expired."}\n`, 'locales/fr.json'), []);
    assert.deepEqual(await found(`password_label: Enter your password\n`, 'ui.yaml'), []);
    assert.deepEqual(await found(`{"password": "${pw}"}\n`, 'src/locales/en.json'), []);
  });

  it('splits keys into words in every naming style', () => {
    assert.deepEqual(keyWordsOf('dbPassword'), ['db', 'password']);
    assert.deepEqual(keyWordsOf('DB_PASSWORD'), ['db', 'password']);
    assert.deepEqual(keyWordsOf('x-api-key'), ['x', 'api', 'key']);
    assert.deepEqual(keyWordsOf('spring.datasource.password'), ['spring', 'datasource', 'password']);
    assert.deepEqual(keyWordsOf('APIKey'), ['api', 'key']);
  });

  it('splits keys as the patterns that define the split do, in any text', () => {
    const byPatterns = (key: string) =>
      key
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter(Boolean);
    // Case changes in every arrangement, separators, and characters whose lower case is ASCII or longer.
    const unit = fc.oneof(
      { arbitrary: fc.constantFrom(...'aBcDxYz09_-. :/'), weight: 8 },
      { arbitrary: fc.constantFrom('\u212a', '\u0130', 'É', 'ß', '\n'), weight: 1 },
    );
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 24 }), (key) => assert.deepEqual(splitKey(key), byPatterns(key), key)),
      { numRuns: 5000, seed: 32 },
    );
    for (const key of ['XMLHttpRequest', 'getAPIKey2FA', 'db2Password', 'A1B', 'ABcDEf', 'x-\u212aey']) {
      assert.deepEqual(splitKey(key), byPatterns(key), key);
    }
  });

  it('classifies keys', () => {
    assert.equal(categoryOf('PGPASSWORD'), 'password');
    assert.equal(categoryOf('secret_id'), 'secret');
    assert.equal(categoryOf('SECRET_KEY_BASE'), 'jwt-secret');
    assert.equal(categoryOf('bypass'), undefined);
    assert.equal(categoryOf('passwordstore'), undefined);
    assert.equal(categoryOf('primary_key'), undefined);
    assert.equal(categoryOf('token_endpoint'), undefined);
  });

  it('reads a key wrapped inside one string literal to its closing quote, as far as a rule window reaches', async () => {
    const pieces = [f.mixed(40), f.mixed(40), f.mixed(40), f.mixed(40), f.mixed(40), f.mixed(12)];
    const twoLines = `${pieces[0]}\n    ${pieces[1]}`;
    assert.deepEqual(
      (await found(`<?php\n$api_key = '${twoLines}';\n`, 'keys.php')).map((h) => h.value),
      [twoLines],
    );
    // Five lines after the key's: past the window, so read nowhere rather than cut short.
    assert.deepEqual(await found(`<?php\n$api_key = '${pieces.join('\n')}';\n`, 'keys.php'), []);
    // A line break in a quote that wraps no key ends the reading, as it always has.
    assert.deepEqual(await found(`$api_token = 'Paste ${pieces[0]} here,\n  then Save';\n`, 'help.php'), []);
  });

  it("finds a key one slip from `secret` by one of the rule's key words, and a word further off by none", () => {
    for (const slip of SECRET_SLIPS) assert.equal(categoryOf(`client_${slip}`), 'secret', slip);
    for (const slip of ['secert', 'sercet', 'secrte', 'seecret', 'secet']) assert.ok(SECRET_SLIPS.includes(slip), slip);
    for (const word of ['secure', 'sector', 'select', 'second']) assert.ok(!SECRET_SLIPS.some((slip) => word.includes(slip)), word);
    assert.equal(categoryOf('secrecy_level'), undefined);
  });

  it('finds key words where the plain alternation of every key word and slip finds them, with the same lengths', () => {
    const plain = new RegExp(
      `pass|pwd|pw|ps{1,2}w|pasw|secret|${SECRET_SLIPS.join('|')}|token|key|auth|credential|creds|bearer|pat|api|login`,
      'gi',
    );
    const matches = (re: RegExp, text: string) => [...text.matchAll(new RegExp(re.source, re.flags))].map((m) => `${m.index}:${m[0]}`);
    // Runs of the key words' letters in both cases, the slips and their neighbours, and separators,
    // so that overlapping and adjacent candidates (`secrete`, `sesecret`, `passw`) come up often.
    const piece = fc.oneof(
      fc.constantFrom(...SECRET_SLIPS, 'secret', 'secre', 'secrett', 'se', 'pass', 'pssw', 'pat', 'cred', 'api', 'login', 'token'),
      fc.string({ unit: fc.constantFrom(...'secrtpaswdoknyuhilgbSECRTPAW_-. ='), maxLength: 6 }),
      // Letters that other letters' cases map to outside ASCII (the long s, the Kelvin sign, a dotted I).
      fc.constantFrom('\u017f', '\u212a', '\u0130', 'ß'),
    );
    let found = 0;
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (pieces, upper) => {
        const text = upper ? pieces.join('').toUpperCase() : pieces.join('');
        const expected = matches(plain, text);
        found += expected.length;
        assert.deepEqual(matches(KEY_WORDS, text), expected, text);
      }),
      { numRuns: 3000, seed: 31 },
    );
    assert.ok(found > 3000, `${found} matches`);
  });
});
