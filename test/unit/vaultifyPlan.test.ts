import * as assert from 'node:assert/strict';
import { locateSecrets, nameSecrets, planReferenceEdits, relocate } from '../../src/core/reference/vaultifyPlan';

// Synthetic, obviously fake credentials.
const TOKEN = 'ghp_' + 'Fake0'.repeat(7) + 'Fake0';
const STRIPE = 'sk_live_' + 'FakeKey1'.repeat(3);
const PASSWORD = 'not-a-real-pw-42';

const spanOf = (text: string, needle: string, from = 0): { start: number; end: number } => {
  const start = text.indexOf(needle, from);
  assert.ok(start >= 0, needle);
  return { start, end: start + needle.length };
};

describe('vaultify planning', () => {
  const text = `GITHUB_TOKEN=${TOKEN}\nSTRIPE_KEY="${STRIPE}"\nCI_TOKEN=${TOKEN}\nDATABASE_URL=postgres://app:${PASSWORD}@db/app\n`;
  const file = { text, languageId: 'dotenv', fileName: '.env' };
  const secrets = [
    { ...spanOf(text, TOKEN), kind: 'github-pat' },
    { ...spanOf(text, STRIPE), kind: 'stripe-secret-key' },
    { ...spanOf(text, TOKEN, text.indexOf('CI_TOKEN')), kind: 'github-pat' },
    { ...spanOf(text, PASSWORD), kind: 'url-password' },
  ];

  it('names each value once: a vaulted value keeps its name, a repeated one shares it, a new one avoids every taken name', () => {
    const { located, unplaceable } = locateSecrets(file, secrets);
    assert.deepEqual(unplaceable, []);
    const vaulted = new Map([[STRIPE, { name: 'payments/stripe', scope: 'global' }]]);
    const named = nameSecrets(file, located, vaulted, (n) => n === 'github/token');
    assert.deepEqual(
      named.map((n) => [n.name, n.scope]),
      [
        ['github/token-2', undefined],
        ['payments/stripe', 'global'],
        ['github/token-2', undefined],
        [named[3].name, undefined],
      ],
    );
    assert.notEqual(named[3].name, 'github/token-2');
    assert.deepEqual(
      named.map((n) => n.located.value),
      [TOKEN, STRIPE, TOKEN, PASSWORD],
    );
  });

  it('plans every reference on the one text, bare for whole values and embedded inside a URL', () => {
    const { located } = locateSecrets(file, secrets);
    const named = nameSecrets(file, located, new Map(), () => false);
    const placed = planReferenceEdits(file, named);
    assert.ok(placed.ok);
    let edited = text;
    for (const edit of [...placed.edits].sort((a, b) => b.start - a.start))
      edited = edited.slice(0, edit.start) + edit.newText + edited.slice(edit.end);
    const [token, stripe, , password] = named.map((n) => n.name);
    assert.equal(
      edited,
      `GITHUB_TOKEN=vault:${token}\nSTRIPE_KEY="vault:${stripe}"\nCI_TOKEN=vault:${token}\nDATABASE_URL=postgres://app:{{vault:${password}}}@db/app\n`,
    );
  });

  it('says why a span cannot be replaced, and names the secret whose reference cannot be placed', () => {
    const json = { text: '{"port": 5432}', languageId: 'json', fileName: 'x.json' };
    const { located, unplaceable } = locateSecrets(json, [{ start: 9, end: 13 }]);
    assert.equal(located.length, 0);
    assert.match(unplaceable[0].message, /not inside a JSON string/);
    const { located: ok } = locateSecrets(file, [secrets[0]]);
    const refused = planReferenceEdits(file, [{ located: ok[0].located, name: '../bad' }]);
    assert.equal(refused.ok, false);
    assert.ok(!refused.ok && refused.name === '../bad' && refused.message.length > 0);
  });

  it('finds a value again at the occurrence nearest to where it was', () => {
    const moved = `x\n${TOKEN}\n\n\n${TOKEN}\n`;
    assert.equal(relocate(moved, TOKEN, moved.lastIndexOf(TOKEN) - 2), moved.lastIndexOf(TOKEN));
    assert.equal(relocate(moved, TOKEN, 0), 2);
    assert.equal(relocate(moved, 'absent', 0), undefined);
  });
});
