import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { findKnownValues, fingerprint, knownValueFingerprint } from '../../src/core/detect';

/** Every occurrence of each value, found the slow and obvious way. */
function naive(text: string, values: [name: string, value: string][]) {
  const found: { name: string; start: number; end: number }[] = [];
  for (const [name, value] of values) {
    for (let i = text.indexOf(value); i >= 0; i = text.indexOf(value, i + 1)) found.push({ name, start: i, end: i + value.length });
  }
  return found.sort((a, b) => a.start - b.start || b.end - a.end || a.name.localeCompare(b.name));
}

const alphabet = fc.constantFrom(...'ab01xé€😀\n'.split(''), '\u{1F600}');
const smallText = fc.array(alphabet, { maxLength: 200 }).map((chars) => chars.join(''));
const value = fc.array(alphabet, { minLength: 1, maxLength: 12 }).map((chars) => chars.join(''));

describe('known values', () => {
  it('carries no plaintext: a fingerprint holds the name, the length and hashes only', () => {
    const secret = 'correct-horse-battery-staple-42';
    const fp = knownValueFingerprint('db/password', secret);
    assert.deepEqual(Object.keys(fp).sort(), ['hash', 'length', 'name', 'rolling']);
    assert.equal(fp.hash, fingerprint(secret));
    assert.equal(fp.length, secret.length);
    assert.ok(!JSON.stringify(fp).includes(secret) && !JSON.stringify(fp).includes(secret.slice(0, 8)));
  });

  it('finds a stored value wherever it appears, with the secret name', () => {
    const secret = 'S3cr3t-Value_0123';
    const text = `a=${secret}\nb="${secret}"`;
    assert.deepEqual(findKnownValues(text, [knownValueFingerprint('app/token', secret)]), [
      { name: 'app/token', start: 2, end: 2 + secret.length },
      { name: 'app/token', start: text.lastIndexOf(secret), end: text.lastIndexOf(secret) + secret.length },
    ]);
  });

  it('finds exactly the occurrences a naive search finds, for any text and values (property)', () => {
    fc.assert(
      fc.property(smallText, fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), value), { maxLength: 6 }), (text, values) => {
        const fps = values.map(([name, v]) => knownValueFingerprint(name, v));
        assert.deepEqual(findKnownValues(text, fps), naive(text, values));
      }),
      { numRuns: 300 },
    );
  });

  it('finds values planted in long text at any position (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000, unit: 'grapheme' }),
        fc.string({ minLength: 6, maxLength: 64, unit: 'grapheme' }),
        fc.nat(),
        (filler, secret, at) => {
          const pos = at % (filler.length + 1);
          const text = filler.slice(0, pos) + secret + filler.slice(pos);
          const found = findKnownValues(text, [knownValueFingerprint('s', secret)]);
          assert.ok(found.some((m) => m.start === pos && m.end === pos + secret.length));
          for (const m of found) assert.equal(text.slice(m.start, m.end), secret);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never reports a window whose rolling hash collides but whose value differs', () => {
    const fp = knownValueFingerprint('s', 'abcdef');
    const forged = { ...fp, hash: fingerprint('something else') };
    assert.deepEqual(findKnownValues('xxabcdefxx', [forged]), []);
  });

  it('handles values longer than the text and empty inputs', () => {
    assert.deepEqual(findKnownValues('short', [knownValueFingerprint('s', 'much longer value')]), []);
    assert.deepEqual(findKnownValues('', [knownValueFingerprint('s', 'x')]), []);
    assert.deepEqual(findKnownValues('text', []), []);
  });
});
