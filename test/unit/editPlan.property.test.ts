import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import {
  findReferences,
  formatReference,
  isForeignReference,
  parseReference,
  planReplacement,
  planRestore,
  suggestName,
  type ReplacementPlan,
} from '../../src/core/reference';

interface Where {
  languageId?: string;
  fileName?: string;
}

/** A document built around a secret: where the secret is, and whether it is the whole value. */
interface Placed {
  text: string;
  start: number;
  end: number;
  whole: boolean;
  where: Where;
}

const MARK = '\u0000SECRET\u0000';

/** A template holds MARK where the secret goes. */
function place(template: string, value: string, whole: boolean, where: Where): Placed {
  const start = template.indexOf(MARK);
  return { text: template.replace(MARK, value), start, end: start + value.length, whole, where };
}

const WHOLE: [string, Where][] = [
  [`GITHUB_TOKEN=${MARK}\n`, { fileName: '.env' }],
  [`# c\nexport API_KEY="${MARK}" # ci\n`, { fileName: '.env.local' }],
  [`K='${MARK}'\n`, { fileName: 'app.env' }],
  [`{\n  // c\n  "a": {"token": "${MARK}"} /* d */\n}\n`, { languageId: 'jsonc' }],
  [`db:\n  password: ${MARK} # prod\n`, { languageId: 'yaml' }],
  [`db:\n  password: "${MARK}"\n`, { languageId: 'yaml' }],
  [`hosts: [a, '${MARK}']\n`, { languageId: 'yaml' }],
  [`env:\n  - GITHUB_TOKEN=${MARK}\n`, { languageId: 'dockercompose' }],
  [`[database]\npassword = "${MARK}"\n`, { fileName: 'c.toml' }],
  [`db = { password = '${MARK}' }\n`, { fileName: 'c.toml' }],
  [`[default]\nkey = ${MARK} ; c\n`, { languageId: 'ini' }],
  [`a.b.password=${MARK}\n`, { fileName: 'x.properties' }],
  [`export TOKEN=${MARK}\n`, { languageId: 'shellscript' }],
  [`TOKEN="${MARK}" ./run\n`, { languageId: 'shellscript' }],
  [`const apiKey = "${MARK}"; // c\n`, { languageId: 'typescript' }],
  [`API_KEY = '${MARK}'  # c\n`, { languageId: 'python' }],
  [`var key = \`${MARK}\`\n`, { languageId: 'go' }],
  [`String key = "${MARK}";\n`, { languageId: 'java' }],
  [`notes: ${MARK} end\n`, { languageId: 'plaintext' }],
];

const EMBEDDED: [string, Where][] = [
  [`DATABASE_URL=postgres://app:${MARK}@db:5432/app\n`, { fileName: '.env' }],
  [`{"url": "postgres://app:${MARK}@db/app"}`, { languageId: 'json' }],
  [`{"Authorization": "Bearer ${MARK}"}`, { languageId: 'json' }],
  [`url: postgres://app:${MARK}@db/app\n`, { languageId: 'yaml' }],
  [`url = "mysql://root:${MARK}@localhost/db"\n`, { fileName: 'c.toml' }],
  [`conn = Server=db;Password=${MARK};\n`, { languageId: 'ini' }],
  [`curl -H "Authorization: Bearer ${MARK}" https://api\n`, { languageId: 'shellscript' }],
  [`psql postgres://app:${MARK}@db/app\n`, { languageId: 'shellscript' }],
  [`fetch(u, { headers: { Authorization: \`Bearer ${MARK}\` } });\n`, { languageId: 'typescript' }],
  [`conn = "Server=db;Password=${MARK};"\n`, { languageId: 'python' }],
  [`[db]\nurl = postgres://app:${MARK}@db/app\n`, { languageId: 'ini' }],
  [`spring.datasource.url=jdbc:postgresql://app:${MARK}@db/app\n`, { fileName: 'application.properties' }],
  [`URL = 'postgres://app:${MARK}@db/app'\n`, { languageId: 'python' }],
  [`dsn := "postgres://app:${MARK}@db/app"\n`, { languageId: 'go' }],
  [`String url = "amqp://app:${MARK}@mq/vhost";\n`, { languageId: 'java' }],
  [`# postgres://app:${MARK}@db/app\n`, { languageId: 'ruby' }],
];

/** Any UTF-16 text, control characters and lone surrogates included, mostly ASCII. */
const anyUtf16 = fc
  .array(fc.oneof(fc.integer({ min: 0, max: 0x7f }), fc.integer({ min: 0x80, max: 0xffff })), { minLength: 1, maxLength: 40 })
  .map((codes) => String.fromCharCode(...codes));

/** Values that no syntax needs to escape. */
const plainValue = fc.stringMatching(/^[A-Za-z0-9_]{1,40}$/);
const nameArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,30}[A-Za-z0-9_]$/);

function apply(text: string, edit: { start: number; end: number; newText: string }): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

/** The properties every successful plan has, whatever the input. */
function assertConfined(text: string, requestStart: number, requestEnd: number, name: string, plan: ReplacementPlan): void {
  assert.ok(requestStart <= plan.start && plan.start < plan.end && plan.end <= requestEnd, 'the edit stays inside the selection');
  assert.deepEqual(parseReference(plan.newText), { name, form: plan.form }, 'the new text is exactly one reference');
  const after = apply(text, plan);
  assert.equal(after.slice(0, plan.start), text.slice(0, plan.start));
  assert.equal(after.slice(plan.start + plan.newText.length), text.slice(plan.end));
  const found = findReferences(after).find((ref) => ref.start === plan.start);
  assert.ok(found, 'the reference reads back from the edited text');
  assert.equal(found.name, name);
  assert.equal(found.end, plan.start + plan.newText.length);
}

function restoreAfter(after: string, plan: ReplacementPlan, name: string, where: Where): string {
  const restored = planRestore({
    text: after,
    start: plan.start,
    end: plan.start + plan.newText.length,
    name,
    form: plan.form,
    value: plan.value,
    ...where,
  });
  assert.ok(restored.ok, restored.ok ? '' : restored.message);
  return apply(after, restored);
}

describe('edit planning properties', function () {
  // A ceiling for a slow shared machine, not a timing assertion.
  this.timeout(30_000);

  it('replaces exactly the secret with one reference in every file type, and restores the original text', () => {
    const cases = [
      ...WHOLE.map(([template, where]) => ({ template, where, whole: true })),
      ...EMBEDDED.map(([template, where]) => ({ template, where, whole: false })),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), plainValue, nameArb, ({ template, where, whole }, value, name) => {
        const placed = place(template, value, whole, where);
        const plan = planReplacement({ text: placed.text, start: placed.start, end: placed.end, name, ...where });
        assert.ok(plan.ok, plan.ok ? '' : `${template}: ${plan.message}`);
        assert.equal(plan.start, placed.start);
        assert.equal(plan.end, placed.end);
        assert.equal(plan.newText, formatReference(name, whole ? 'bare' : 'embedded'));
        assert.equal(plan.value, value);
        assertConfined(placed.text, placed.start, placed.end, name, plan);
        assert.equal(restoreAfter(apply(placed.text, plan), plan, name, where), placed.text);
      }),
      { numRuns: 300 },
    );
  });

  it('never edits outside the selection, for any text, range and file type', () => {
    const alphabet = fc.constantFrom(
      ...'ab9_-./:=#;,"\'`\\ \t\n{}[]()$@?&%'.split(''),
      'vault:x',
      '{{vault:y}}',
      'https://u:p@h',
      'KEY=',
      '\r\n',
      '"""',
      '\u{1F511}',
    );
    const languages = [
      'dotenv',
      'json',
      'jsonl',
      'yaml',
      'toml',
      'ini',
      'properties',
      'shellscript',
      'typescript',
      'python',
      'go',
      'java',
      'ruby',
      'plaintext',
    ];
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((parts) => parts.join('')),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...languages),
        nameArb,
        (text, a, b, languageId, name) => {
          const start = Math.min(a, b) % (text.length + 1);
          const end = start + ((Math.max(a, b) - Math.min(a, b)) % (text.length - start + 1));
          const plan = planReplacement({ text, start, end, name, languageId });
          if (!plan.ok) {
            assert.equal(typeof plan.message, 'string');
            return;
          }
          assertConfined(text, start, end, name, plan);
          assert.ok(plan.value.length > 0);
          assert.ok(isValidSuggestion(suggestName({ text, start, end, languageId })));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('decodes any JSON string into the stored value, and restores a value that parses the same', () => {
    fc.assert(
      fc.property(anyUtf16.filter(isUnremarkable), (value) => {
        const text = `{\n  "k": ${JSON.stringify(value)}\n}\n`;
        const start = text.indexOf('"', text.indexOf(':')) + 1;
        const end = text.lastIndexOf('"');
        const plan = planReplacement({ text, start, end, name: 'k', languageId: 'json' });
        assert.ok(plan.ok, plan.ok ? '' : plan.message);
        assert.equal(plan.form, 'bare');
        assert.equal(plan.value, value);
        const restored = restoreAfter(apply(text, plan), plan, 'k', { languageId: 'json' });
        assert.equal(JSON.parse(restored).k, value);
      }),
    );
  });

  it('decodes any YAML double-quoted scalar and code string literal into the stored value', () => {
    const where: Where[] = [
      { languageId: 'yaml' },
      { languageId: 'typescript' },
      { languageId: 'python' },
      { languageId: 'go' },
      { languageId: 'java' },
    ];
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter(isUnremarkable), fc.constantFrom(...where), (value, w) => {
        const text = w.languageId === 'yaml' ? `k: ${JSON.stringify(value)}\n` : `key = ${JSON.stringify(value)};\n`;
        const start = text.indexOf('"') + 1;
        const end = text.lastIndexOf('"');
        const plan = planReplacement({ text, start, end, name: 'k', ...w });
        assert.ok(plan.ok, plan.ok ? '' : plan.message);
        assert.equal(plan.value, value);
        if (w.languageId === 'yaml') {
          assert.equal(parseYaml(restoreAfter(apply(text, plan), plan, 'k', w)).k, value);
        }
      }),
    );
  });
});

function isValidSuggestion(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,127}$/.test(name) && !/[.\-/]$/.test(name);
}

/**
 * A value that Vaultify stores as it is: not blank-edged (selections are trimmed), not a
 * reference, and not a URL, header or connection string (those narrow to their password).
 */
function isUnremarkable(value: string): boolean {
  return (
    value.trim() === value &&
    findReferences(value).length === 0 &&
    !isForeignReference(value) &&
    !/:\/\/|bearer|token|password|pwd/i.test(value)
  );
}
