import * as assert from 'node:assert/strict';
import {
  MAX_SECRET_LENGTH,
  detectFileSyntax,
  planReplacement,
  planRestore,
  suggestName,
  type PlanProblem,
  type ReplacementPlan,
} from '../../src/core/reference';

// Synthetic, obviously fake credentials.
const TOKEN = 'ghp_' + 'Fake0'.repeat(7) + 'Fake0';
const PASSWORD = 'not-a-real-pw-42';

interface Where {
  languageId?: string;
  fileName?: string;
}

/** The offsets of the `nth` occurrence of `needle`. */
function rangeOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let start = -1;
  for (let i = 0; i <= nth; i++) {
    start = text.indexOf(needle, start + 1);
    assert.ok(start >= 0, `${needle} occurs ${nth + 1} times`);
  }
  return { start, end: start + needle.length };
}

function plan(text: string, needle: string, where: Where, name = 'test/secret', nth = 0): ReplacementPlan | PlanProblem {
  return planReplacement({ text, ...rangeOf(text, needle, nth), name, ...where });
}

/** Plans, checks the plan succeeded, and returns the edited text with the plan. */
function replace(text: string, needle: string, where: Where, name = 'test/secret', nth = 0): { out: string; plan: ReplacementPlan } {
  const result = plan(text, needle, where, name, nth);
  assert.ok(result.ok, `planned: ${result.ok ? '' : result.message}`);
  return { out: text.slice(0, result.start) + result.newText + text.slice(result.end), plan: result };
}

function problemOf(text: string, needle: string, where: Where, name = 'test/secret'): string {
  const result = plan(text, needle, where, name);
  assert.ok(!result.ok, 'expected a problem');
  return result.problem;
}

/** Replaces, then restores, and returns the restored text. */
function roundTrip(text: string, needle: string, where: Where, nth = 0): string {
  const { out, plan: replaced } = replace(text, needle, where, 'test/secret', nth);
  const restored = planRestore({
    text: out,
    start: replaced.start,
    end: replaced.start + replaced.newText.length,
    name: 'test/secret',
    form: replaced.form,
    value: replaced.value,
    ...where,
  });
  assert.ok(restored.ok, `restored: ${restored.ok ? '' : restored.message}`);
  return out.slice(0, restored.start) + restored.newText + out.slice(restored.end);
}

/** Restores `value` in place of the only reference in `text`. */
function restore(text: string, value: string, where: Where): string {
  const reference = /\{\{vault:test\/secret\}\}|vault:test\/secret/.exec(text)!;
  const result = planRestore({
    text,
    start: reference.index,
    end: reference.index + reference[0].length,
    name: 'test/secret',
    form: reference[0].startsWith('{{') ? 'embedded' : 'bare',
    value,
    ...where,
  });
  assert.ok(result.ok, `restored: ${result.ok ? '' : result.message}`);
  return text.slice(0, result.start) + result.newText + text.slice(result.end);
}

describe('file syntax', () => {
  it('prefers a dotenv file name, then the language id, then the extension', () => {
    assert.equal(detectFileSyntax('plaintext', '/w/.env.local'), 'dotenv');
    assert.equal(detectFileSyntax('shellscript', 'app.env'), 'dotenv');
    assert.equal(detectFileSyntax(undefined, '/w/.envrc'), 'shell');
    assert.equal(detectFileSyntax('jsonc', 'settings.json'), 'json');
    assert.equal(detectFileSyntax('properties', '/w/.npmrc'), 'ini');
    assert.equal(detectFileSyntax('properties', 'application.properties'), 'properties');
    assert.equal(detectFileSyntax(undefined, 'docker-compose.yml'), 'yaml');
    assert.equal(detectFileSyntax('typescriptreact'), 'javascript');
    assert.equal(detectFileSyntax(undefined, 'C:\\src\\main.go'), 'go');
    assert.equal(detectFileSyntax('plaintext', 'notes.txt'), 'text');
  });
});

describe('planReplacement', () => {
  describe('.env', () => {
    const where = { fileName: '/w/.env' };

    it('replaces an unquoted value with a bare reference', () => {
      const text = `# tokens\nGITHUB_TOKEN=${TOKEN}\nOTHER=1\n`;
      const { out, plan: p } = replace(text, TOKEN, where, 'github/token');
      assert.equal(out, '# tokens\nGITHUB_TOKEN=vault:github/token\nOTHER=1\n');
      assert.equal(p.form, 'bare');
      assert.equal(p.value, TOKEN);
    });

    it('keeps the quotes and the comment of a quoted value', () => {
      for (const quote of ['"', "'", '`']) {
        const text = `export API_KEY = ${quote}${TOKEN}${quote} # ci\n`;
        assert.equal(replace(text, TOKEN, where).out, `export API_KEY = ${quote}vault:test/secret${quote} # ci\n`);
      }
    });

    it('treats a selection that includes the quotes as the quoted value', () => {
      const text = `API_KEY="${TOKEN}"\n`;
      const { out, plan: p } = replace(text, `"${TOKEN}"`, where);
      assert.equal(out, 'API_KEY="vault:test/secret"\n');
      assert.equal(p.form, 'bare');
    });

    it('reads \\n in a double-quoted value as a line break, as dotenv does', () => {
      const text = 'CERT="line1\\nline2"\n';
      assert.equal(replace(text, 'line1\\nline2', where).plan.value, 'line1\nline2');
    });

    it('replaces only the password of a URL value, even when the whole URL is selected', () => {
      const text = `DATABASE_URL=postgres://app:${PASSWORD}@db:5432/app\n`;
      const expected = 'DATABASE_URL=postgres://app:{{vault:test/secret}}@db:5432/app\n';
      assert.equal(replace(text, PASSWORD, where).out, expected);
      const whole = replace(text, `postgres://app:${PASSWORD}@db:5432/app`, where);
      assert.equal(whole.out, expected);
      assert.equal(whole.plan.form, 'embedded');
      assert.equal(whole.plan.value, PASSWORD);
    });

    it('reads a secret in a comment line as a word', () => {
      const { out, plan: p } = replace(`# old: ${TOKEN}\n`, TOKEN, where);
      assert.equal(out, '# old: vault:test/secret\n');
      assert.equal(p.form, 'bare');
    });

    it('handles CRLF line endings', () => {
      assert.equal(replace(`A=1\r\nTOKEN=${TOKEN}\r\nB=2\r\n`, TOKEN, where).out, 'A=1\r\nTOKEN=vault:test/secret\r\nB=2\r\n');
    });
  });

  describe('JSON and JSONC', () => {
    const where = { languageId: 'jsonc' };

    it('replaces a string value and keeps comments and formatting', () => {
      const text = `{\n  // GitHub\n  "github": {\n    "token":   "${TOKEN}" /* rotate yearly */,\n    "org": "acme"\n  }\n}\n`;
      const { out, plan: p } = replace(text, TOKEN, where);
      assert.equal(out, text.replace(TOKEN, 'vault:test/secret'));
      assert.equal(p.form, 'bare');
    });

    it('decodes JSON escapes into the stored value', () => {
      const text = '{"secret": "ab\\/cd\\"ef\\u0041"}';
      const { out, plan: p } = replace(text, 'ab\\/cd\\"ef\\u0041', where);
      assert.equal(out, '{"secret": "vault:test/secret"}');
      assert.equal(p.value, 'ab/cd"efA');
    });

    it('refuses a range that splits an escape sequence', () => {
      const text = '{"secret": "ab\\/cd"}';
      assert.equal(problemOf(text, '/cd', where), 'unreadable-escape');
    });

    it('embeds a reference in part of a string', () => {
      const text = `{"ConnectionStrings": {"Default": "Server=db;User Id=app;Password=${PASSWORD};"}}`;
      const { out, plan: p } = replace(text, `Server=db;User Id=app;Password=${PASSWORD};`, where);
      assert.equal(out, '{"ConnectionStrings": {"Default": "Server=db;User Id=app;Password={{vault:test/secret}};"}}');
      assert.equal(p.form, 'embedded');
      assert.equal(replace(`{"Authorization": "Bearer ${TOKEN}"}`, TOKEN, where).out, '{"Authorization": "Bearer {{vault:test/secret}}"}');
    });

    it('replaces a URL password inside a JSON string', () => {
      const text = `{"db": "postgres://app:${PASSWORD}@db:5432/app"}`;
      assert.equal(replace(text, PASSWORD, where).out, '{"db": "postgres://app:{{vault:test/secret}}@db:5432/app"}');
    });

    it('refuses numbers and keys, and reads comments as text', () => {
      assert.equal(problemOf('{"pin": 123456}', '123456', where), 'not-in-string');
      assert.equal(problemOf(`{"${TOKEN}": true}`, TOKEN, where), 'in-key');
      assert.equal(replace(`{\n  // ${TOKEN}\n}`, TOKEN, where).out, '{\n  // vault:test/secret\n}');
    });

    it('refuses a part of a string that is not closed: the reference would run into the text after it', () => {
      assert.equal(problemOf(`{"token": "${TOKEN}x`, TOKEN, where), 'not-in-string');
      assert.equal(problemOf(`x"${TOKEN}x`, TOKEN, where), 'not-in-string');
    });

    it('reads each line of JSON Lines as its own document', () => {
      const text = `{"a": "x"}\n{"token": "${TOKEN}"}\n`;
      assert.equal(replace(text, TOKEN, { fileName: 'log.jsonl' }).out, '{"a": "x"}\n{"token": "vault:test/secret"}\n');
    });
  });

  describe('YAML', () => {
    const where = { languageId: 'yaml' };

    it('refuses a part of a quoted value that is not closed', () => {
      assert.equal(problemOf(`k: "ok"\nj: "${TOKEN}x`, TOKEN, where), 'not-in-string');
      assert.equal(problemOf(`j: '${TOKEN}x`, TOKEN, where), 'not-in-string');
    });

    it('replaces block-style plain and quoted scalars, keeping quotes and comments', () => {
      const text = `db:\n  password: ${PASSWORD}  # prod\n  token: "${TOKEN}"\n  other: '${TOKEN}'\n`;
      assert.equal(replace(text, PASSWORD, where).out, text.replace(PASSWORD, 'vault:test/secret'));
      assert.equal(replace(text, TOKEN, where).out, text.replace(TOKEN, 'vault:test/secret'));
      assert.equal(
        replace(text, TOKEN, where, 'test/secret', 1).out,
        `db:\n  password: ${PASSWORD}  # prod\n  token: "${TOKEN}"\n  other: 'vault:test/secret'\n`,
      );
    });

    it('replaces scalars in flow collections', () => {
      const text = `db: {user: app, password: ${PASSWORD}}\nhosts: [a, "${TOKEN}"]\n`;
      assert.equal(replace(text, PASSWORD, where).out, 'db: {user: app, password: vault:test/secret}\nhosts: [a, "' + TOKEN + '"]\n');
      assert.equal(replace(text, TOKEN, where).out, `db: {user: app, password: ${PASSWORD}}\nhosts: [a, "vault:test/secret"]\n`);
    });

    it('decodes double-quoted escapes and doubled single quotes', () => {
      assert.equal(replace('k: "a\\"b\\x41"\n', 'a\\"b\\x41', where).plan.value, 'a"bA');
      assert.equal(replace("k: 'it''s-x'\n", "it''s-x", where).plan.value, "it's-x");
      assert.equal(problemOf("k: 'it''s-x'\n", "'s-x", where), 'unreadable-escape');
    });

    it('embeds a reference in the middle of a plain scalar, but refuses where YAML would misread it', () => {
      const text = `url: postgres://app:${PASSWORD}@db/app\n`;
      assert.equal(replace(text, PASSWORD, where).out, 'url: postgres://app:{{vault:test/secret}}@db/app\n');
      assert.equal(problemOf(`k: ${PASSWORD}-suffix\n`, PASSWORD, where), 'cannot-embed');
      assert.equal(problemOf(`k: {u: pre${PASSWORD}}\n`, PASSWORD, where), 'cannot-embed');
    });

    it('reads a docker-compose environment entry KEY=value as a whole value', () => {
      const text = `services:\n  app:\n    environment:\n      - GITHUB_TOKEN=${TOKEN}\n`;
      const { out, plan: p } = replace(text, TOKEN, where);
      assert.equal(out, text.replace(TOKEN, 'vault:test/secret'));
      assert.equal(p.form, 'bare');
    });

    it('embeds a reference in a literal block and stores the value without indentation', () => {
      const pem = ['-----BEGIN FAKE KEY-----', 'AAAAfakefakefake', '-----END FAKE KEY-----'];
      const text = `tls:\n  key: |\n    ${pem.join('\n    ')}\n  other: x\n`;
      const { out, plan: p } = replace(text, pem.join('\n    '), where);
      assert.equal(out, 'tls:\n  key: |\n    {{vault:test/secret}}\n  other: x\n');
      assert.equal(p.form, 'embedded');
      assert.equal(p.value, pem.join('\n'));
      assert.equal(restore(out, p.value, where), text);
    });

    it('finds scalars in any document of a stream', () => {
      const text = `a: 1\n---\nb:\n  token: ${TOKEN}\n`;
      assert.equal(replace(text, TOKEN, where).out, 'a: 1\n---\nb:\n  token: vault:test/secret\n');
    });

    it('refuses keys', () => {
      assert.equal(problemOf(`${TOKEN}: x\n`, TOKEN, where), 'in-key');
    });
  });

  describe('TOML', () => {
    const where = { fileName: 'config.toml' };

    it('replaces basic, literal and multi-line strings', () => {
      const text = `[database]\npassword = "${PASSWORD}" # prod\nliteral = '${TOKEN}'\nmulti = """\n${TOKEN}"""\n`;
      assert.equal(replace(text, PASSWORD, where).out, text.replace(PASSWORD, 'vault:test/secret'));
      assert.equal(replace(text, TOKEN, where).out, text.replace(TOKEN, 'vault:test/secret'));
      const multi = replace(text, TOKEN, where, 'test/secret', 1);
      assert.equal(multi.out, `[database]\npassword = "${PASSWORD}" # prod\nliteral = '${TOKEN}'\nmulti = """\nvault:test/secret"""\n`);
      assert.equal(multi.plan.form, 'bare');
    });

    it('replaces strings in inline tables and arrays', () => {
      const text = `db = { user = "app", password = "${PASSWORD}" }\nkeys = ["a", "${TOKEN}"]\n`;
      assert.equal(replace(text, PASSWORD, where).out, text.replace(PASSWORD, 'vault:test/secret'));
      assert.equal(replace(text, TOKEN, where).out, text.replace(TOKEN, 'vault:test/secret'));
    });

    it('decodes basic-string escapes', () => {
      assert.equal(replace('k = "a\\tb\\u0041"\n', 'a\\tb\\u0041', where).plan.value, 'a\tbA');
    });

    it('embeds in a URL and refuses non-strings and keys', () => {
      const text = `url = "mysql://root:${PASSWORD}@localhost/db"\nport = 5432\n`;
      assert.equal(replace(text, PASSWORD, where).out, 'url = "mysql://root:{{vault:test/secret}}@localhost/db"\nport = 5432\n');
      assert.equal(problemOf(text, '5432', where), 'not-in-string');
      assert.equal(problemOf(`${TOKEN} = "x"\n`, TOKEN, where), 'in-key');
    });
  });

  describe('INI and properties', () => {
    it('replaces an INI value and keeps its inline comment', () => {
      const text = `[default]\naws_secret_access_key = ${PASSWORD} ; rotate\nregion=eu-west-1\n`;
      assert.equal(replace(text, PASSWORD, { languageId: 'ini' }).out, text.replace(PASSWORD, 'vault:test/secret'));
    });

    it('replaces an .npmrc token, whose key holds a colon', () => {
      const text = `//registry.npmjs.org/:_authToken=npm_${'Fake0'.repeat(7)}\n`;
      assert.equal(
        replace(text, `npm_${'Fake0'.repeat(7)}`, { fileName: '/w/.npmrc' }).out,
        '//registry.npmjs.org/:_authToken=vault:test/secret\n',
      );
    });

    it('keeps the quotes of a quoted INI value', () => {
      assert.equal(replace(`password = "${PASSWORD}"\n`, PASSWORD, { languageId: 'ini' }).out, 'password = "vault:test/secret"\n');
    });

    it('replaces a properties value and decodes its escapes', () => {
      const where = { fileName: 'application.properties' };
      const text = `spring.datasource.password=${PASSWORD}\n`;
      assert.equal(replace(text, PASSWORD, where).out, 'spring.datasource.password=vault:test/secret\n');
      assert.equal(replace('key = a\\=b\\u0041\n', 'a\\=b\\u0041', where).plan.value, 'a=bA');
    });
  });

  describe('code', () => {
    it('replaces TypeScript and JavaScript literals, keeping quotes', () => {
      const text = `const stripeKey = '${TOKEN}';\nconst other = "${TOKEN}";\nconst t = \`${TOKEN}\`;\n`;
      for (let nth = 0; nth < 3; nth++) {
        const { out, plan: p } = replace(text, TOKEN, { languageId: 'typescript' }, 'test/secret', nth);
        assert.equal(p.form, 'bare');
        assert.equal(out.split('\n')[nth].replace(/['"`]/g, '').endsWith('vault:test/secret;'), true);
      }
    });

    it('embeds in an Authorization header and refuses a template expression', () => {
      const text = `headers["Authorization"] = "Bearer ${TOKEN}";`;
      assert.equal(replace(text, TOKEN, { languageId: 'javascript' }).out, 'headers["Authorization"] = "Bearer {{vault:test/secret}}";');
      assert.equal(problemOf('const u = `a${b}c`;', '${b}', { languageId: 'javascript' }), 'unreadable-escape');
    });

    it('does not mistake // inside a string for a comment', () => {
      const text = `const url = "https://app:${PASSWORD}@example.com";`;
      assert.equal(
        replace(text, PASSWORD, { languageId: 'typescript' }).out,
        'const url = "https://app:{{vault:test/secret}}@example.com";',
      );
    });

    it('replaces Python literals, including raw and triple-quoted ones, and refuses to embed in an f-string', () => {
      const where = { languageId: 'python' };
      assert.equal(replace(`API_KEY = '${TOKEN}'  # ci\n`, TOKEN, where).out, "API_KEY = 'vault:test/secret'  # ci\n");
      assert.equal(replace(`k = r"${TOKEN}"\n`, TOKEN, where).out, 'k = r"vault:test/secret"\n');
      assert.equal(replace('k = rb"a\\db"\n', 'a\\db', where).plan.value, 'a\\db');
      assert.equal(replace(`k = """${TOKEN}"""\n`, TOKEN, where).out, 'k = """vault:test/secret"""\n');
      assert.equal(replace(`k = f"${TOKEN}"\n`, TOKEN, where).plan.form, 'bare');
      assert.equal(problemOf(`k = f"Bearer ${TOKEN}"\n`, TOKEN, where), 'cannot-embed');
    });

    it('replaces Go interpreted and raw strings', () => {
      const where = { languageId: 'go' };
      assert.equal(replace(`var apiKey string = "${TOKEN}"\n`, TOKEN, where).out, 'var apiKey string = "vault:test/secret"\n');
      assert.equal(
        replace(`cfg := Config{Password: \`${PASSWORD}\`}\n`, PASSWORD, where).out,
        'cfg := Config{Password: `vault:test/secret`}\n',
      );
      assert.equal(replace('s := "a\\x41b"\n', 'a\\x41b', where).plan.value, 'aAb');
    });

    it('reads a secret in a comment as a word', () => {
      const { out, plan: p } = replace(`// token: ${TOKEN}\nfoo();\n`, TOKEN, { languageId: 'java' });
      assert.equal(out, '// token: vault:test/secret\nfoo();\n');
      assert.equal(p.form, 'bare');
    });
  });

  describe('shell', () => {
    const where = { languageId: 'shellscript' };

    it('replaces assignment values, quoted or not', () => {
      assert.equal(replace(`export GITHUB_TOKEN=${TOKEN}\n`, TOKEN, where).out, 'export GITHUB_TOKEN=vault:test/secret\n');
      assert.equal(replace(`GITHUB_TOKEN="${TOKEN}" ./run.sh\n`, TOKEN, where).out, 'GITHUB_TOKEN="vault:test/secret" ./run.sh\n');
      assert.equal(replace(`deploy --token='${TOKEN}'\n`, TOKEN, where).out, "deploy --token='vault:test/secret'\n");
    });

    it('embeds in headers, URLs and pieces of words', () => {
      assert.equal(
        replace(`curl -H "Authorization: Bearer ${TOKEN}" https://api\n`, TOKEN, where).out,
        'curl -H "Authorization: Bearer {{vault:test/secret}}" https://api\n',
      );
      assert.equal(
        replace(`psql postgres://app:${PASSWORD}@db/app\n`, PASSWORD, where).out,
        'psql postgres://app:{{vault:test/secret}}@db/app\n',
      );
      assert.equal(replace(`X=pre"${TOKEN}"\n`, TOKEN, where).plan.form, 'embedded');
    });

    it('refuses a selection that holds a shell expansion', () => {
      assert.equal(problemOf('PASS="pa$HOME"\n', 'pa$HOME', where), 'unreadable-escape');
    });
  });

  describe('bad input', () => {
    const where = { fileName: '.env' };

    it('refuses empty and blank selections', () => {
      assert.equal(planReplacement({ text: 'A=1', start: 2, end: 2, name: 'a', ...where }).ok, false);
      assert.equal(problemOf('A=1   \n', '   ', where), 'empty-range');
    });

    it('refuses ranges outside the text', () => {
      const result = planReplacement({ text: 'A=1', start: 2, end: 9, name: 'a', ...where });
      assert.equal(!result.ok && result.problem, 'out-of-range');
    });

    it('refuses a range that splits a surrogate pair', () => {
      const text = 'A=x\u{1F511}y\n';
      const start = text.indexOf('x');
      const result = planReplacement({ text, start, end: start + 2, name: 'a', ...where });
      assert.equal(!result.ok && result.problem, 'splits-character');
    });

    it('refuses ranges that are or touch references', () => {
      assert.equal(problemOf('A=vault:github/token\n', 'vault:github/token', where), 'already-reference');
      assert.equal(problemOf('A=vault:github/token\n', 'github', where), 'already-reference');
      assert.equal(problemOf('U=postgres://app:{{vault:db}}@db/app\n', 'postgres://app:{{vault:db}}@db/app', where), 'already-reference');
      assert.equal(problemOf('A=op://Private/GitHub/token\n', 'op://Private/GitHub/token', where), 'foreign-reference');
    });

    it('refuses invalid names with the reason', () => {
      const result = plan(`A=${TOKEN}\n`, TOKEN, where, 'bad name');
      assert.ok(!result.ok);
      assert.equal(result.problem, 'invalid-name');
      assert.match(result.message, /not allowed/);
    });

    it('refuses huge selections', () => {
      const huge = 'x'.repeat(MAX_SECRET_LENGTH + 1);
      assert.equal(problemOf(`A=${huge}\n`, huge, where), 'too-large');
    });

    it('never puts the value in a message', () => {
      const problems = [
        plan(`A=${TOKEN}\n`, TOKEN, where, '-bad'),
        plan(`{"${TOKEN}": 1}`, TOKEN, { languageId: 'json' }),
        plan(`k = f"Bearer ${TOKEN}"\n`, TOKEN, { languageId: 'python' }),
      ];
      for (const result of problems) {
        assert.ok(!result.ok);
        assert.ok(!result.message.includes(TOKEN));
      }
    });
  });
});

describe('planRestore', () => {
  it('puts the literal back in every file type', () => {
    const cases: [string, string, Where][] = [
      [`TOKEN=${TOKEN}\n`, TOKEN, { fileName: '.env' }],
      [`U=postgres://app:${PASSWORD}@db/app\n`, PASSWORD, { fileName: '.env' }],
      [`{"a": {"b": "${TOKEN}"}}`, TOKEN, { languageId: 'json' }],
      [`a:\n  b: ${TOKEN}\n`, TOKEN, { languageId: 'yaml' }],
      [`[a]\nb = '${TOKEN}'\n`, TOKEN, { fileName: 'a.toml' }],
      [`[a]\nb = ${TOKEN}\n`, TOKEN, { languageId: 'ini' }],
      [`const a = "${TOKEN}";\n`, TOKEN, { languageId: 'typescript' }],
      [`export A="Bearer ${TOKEN}"\n`, TOKEN, { languageId: 'shellscript' }],
    ];
    for (const [text, needle, where] of cases) assert.equal(roundTrip(text, needle, where), text);
  });

  it('escapes a value for the literal that holds it', () => {
    const value = 'a"b\\c\nd';
    assert.equal(restore('{"k": "vault:test/secret"}', value, { languageId: 'json' }), '{"k": "a\\"b\\\\c\\nd"}');
    assert.equal(restore('k = "vault:test/secret"\n', value, { fileName: 'a.toml' }), 'k = "a\\"b\\\\c\\nd"\n');
    assert.equal(restore("const k = 'vault:test/secret';", "it's", { languageId: 'typescript' }), "const k = 'it\\'s';");
    assert.equal(restore('k: "vault:test/secret"\n', value, { languageId: 'yaml' }), 'k: "a\\"b\\\\c\\nd"\n');
    assert.equal(restore("k: 'vault:test/secret'\n", "it's", { languageId: 'yaml' }), "k: 'it''s'\n");
    assert.equal(restore('A="vault:test/secret"\n', 'a$b`c', { languageId: 'shellscript' }), 'A="a\\$b\\`c"\n');
  });

  it('quotes a dotenv value that has spaces or #', () => {
    assert.equal(restore('A=vault:test/secret\n', 'two words', { fileName: '.env' }), 'A="two words"\n');
    assert.equal(restore('A=vault:test/secret # c\n', 'x#y', { fileName: '.env' }), 'A="x#y" # c\n');
    assert.equal(restore('U=postgres://app:{{vault:test/secret}}@db\n', 'p#w', { fileName: '.env' }), 'U="postgres://app:p#w@db"\n');
    assert.equal(restore('A=vault:test/secret\n', 'say "hi" #1', { fileName: '.env' }), 'A=\'say "hi" #1\'\n');
  });

  it('rewrites a literal that cannot hold the value', () => {
    assert.equal(restore('k: vault:test/secret\n', 'a: b', { languageId: 'yaml' }), 'k: "a: b"\n');
    assert.equal(restore("k = 'vault:test/secret'\n", "it's", { fileName: 'a.toml' }), 'k = "it\'s"\n');
    assert.equal(restore('s := `vault:test/secret`\n', 'a`b', { languageId: 'go' }), 's := "a`b"\n');
    assert.equal(restore('password = vault:test/secret\n', ' padded', { languageId: 'ini' }), 'password = " padded"\n');
  });

  it('refuses a range that is not the named reference', () => {
    const text = 'A=vault:other\n';
    const result = planRestore({ text, start: 2, end: 13, name: 'test/secret', form: 'bare', value: 'x', fileName: '.env' });
    assert.equal(!result.ok && result.problem, 'not-a-reference');
  });

  it('refuses a value the literal cannot hold, without naming the value', () => {
    const dotenv = planRestore({
      text: 'A="vault:test/secret"\n',
      start: 3,
      end: 20,
      name: 'test/secret',
      form: 'bare',
      value: '"q\' `',
      fileName: '.env',
    });
    assert.ok(!dotenv.ok);
    assert.equal(dotenv.problem, 'cannot-write');
    assert.ok(!dotenv.message.includes('"q'));
  });
});

describe('large files', function () {
  // A ceiling for a slow shared machine, not a timing assertion: work that grows faster than
  // the file (a quadratic scan) runs far past it.
  this.timeout(60_000);

  function lines(count: number, line: (i: number) => string): string {
    return Array.from({ length: count }, (_, i) => line(i)).join('\n');
  }

  it('plans in a 5 MB JSON file, pretty or minified, with the secret at the end', () => {
    const pretty = `{\n  "data": {\n${lines(150_000, (i) => `    "key_${i}": "value number ${i}",`)}\n    "token": "${TOKEN}"\n  }\n}\n`;
    assert.ok(pretty.length > 5_000_000);
    for (const text of [pretty, JSON.stringify(JSON.parse(pretty))]) {
      const { out, plan: p } = replace(text, TOKEN, { languageId: 'json' });
      assert.equal(p.form, 'bare');
      assert.equal(out.length, text.length - TOKEN.length + 'vault:test/secret'.length);
      const start = text.indexOf(TOKEN);
      assert.equal(suggestName({ text, start, end: start + TOKEN.length, languageId: 'json' }), 'data/token');
    }
  });

  it('plans in a large YAML map, .env file and TOML file', () => {
    const yaml = `data:\n${lines(50_000, (i) => `  key_${i}: value number ${i}`)}\n  token: ${TOKEN}\n`;
    assert.equal(replace(yaml, TOKEN, { languageId: 'yaml' }).plan.form, 'bare');
    const env = `${lines(200_000, (i) => `KEY_${i}=value number ${i}`)}\nTOKEN=${TOKEN}\n`;
    assert.equal(replace(env, TOKEN, { fileName: '.env' }).plan.form, 'bare');
    const toml = `${lines(200_000, (i) => `key_${i} = "value number ${i}"`)}\ntoken = "${TOKEN}"\n`;
    assert.equal(replace(toml, TOKEN, { fileName: 'a.toml' }).plan.form, 'bare');
  });

  it('plans at the end of a 5 MB line in code, shell, INI and plain text', () => {
    const text = `${'x'.repeat(5_000_000)} ${TOKEN}`;
    for (const languageId of ['typescript', 'python', 'shellscript', 'ini', 'plaintext']) {
      assert.equal(replace(text, TOKEN, { languageId }).plan.form, 'bare', languageId);
      const start = text.indexOf(TOKEN);
      assert.ok(suggestName({ text, start, end: start + TOKEN.length, languageId }));
    }
  });
});
