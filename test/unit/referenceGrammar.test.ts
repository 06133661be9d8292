import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findReferences, formatReference, isForeignReference, nameProblem, parseReference } from '../../src/core/reference';

const nameArb = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,40}[A-Za-z0-9_]$/);

describe('reference grammar', () => {
  it('formats and parses both forms', () => {
    assert.equal(formatReference('github/token', 'bare'), 'vault:github/token');
    assert.equal(formatReference('db/password', 'embedded'), '{{vault:db/password}}');
    assert.deepEqual(parseReference('vault:github/token'), { name: 'github/token', form: 'bare' });
    assert.deepEqual(parseReference('{{vault:db/password}}'), { name: 'db/password', form: 'embedded' });
    assert.equal(parseReference('vault:'), undefined);
    assert.equal(parseReference('vault:-x'), undefined);
  });

  it('finds references inside larger text, embedded before bare', () => {
    const text = 'DATABASE_URL=postgres://app:{{vault:db/password}}@db:5432/app # see vault:db/password.';
    const refs = findReferences(text);
    assert.deepEqual(
      refs.map((r) => [r.name, r.form, text.slice(r.start, r.end)]),
      [
        ['db/password', 'embedded', '{{vault:db/password}}'],
        ['db/password', 'bare', 'vault:db/password'],
      ],
    );
  });

  it('does not read a word ending in "vault:" as a reference', () => {
    assert.deepEqual(findReferences('myvault:thing'), []);
  });

  it('rejects names outside the alphabet with a reason', () => {
    assert.equal(nameProblem('ok/name_1.2-3'), undefined);
    assert.match(nameProblem('bad name')!, /" " is not allowed/);
    assert.match(nameProblem('_x')!, /starts with/);
    assert.match(nameProblem('a'.repeat(129))!, /at most 128/);
  });

  it('round-trips any valid name through format and find', () => {
    fc.assert(
      fc.property(nameArb, fc.constantFrom('bare' as const, 'embedded' as const), (name, form) => {
        const ref = formatReference(name, form);
        assert.deepEqual(parseReference(ref), { name, form });
        const found = findReferences(`x = "${ref}"`);
        assert.equal(found.length, 1);
        assert.equal(found[0].name, name);
      }),
    );
  });

  it('recognises 1Password references', () => {
    assert.ok(isForeignReference('op://Private/GitHub/token'));
    assert.ok(!isForeignReference('https://example.com'));
  });
});
