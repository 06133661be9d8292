import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { base62, crc32, hasBase62Crc32 } from '../../src/core/detect/rules/checksums';
import { makePlaceholder, PlaceholderError } from '../../src/core/secretless';
import { fakeGitHubToken } from '../support/fakeCredentials';

const classOf = (c: string) => (/[a-z]/.test(c) ? 'a' : /[A-Z]/.test(c) ? 'A' : /[0-9]/.test(c) ? '0' : c);

describe('secretless placeholders', () => {
  it("keeps a GitHub token's prefix, length and a valid checksum, with a fresh body each time", () => {
    const value = fakeGitHubToken();
    assert.ok(hasBase62Crc32(value.slice(4)));
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const placeholder = makePlaceholder(value);
      assert.match(placeholder, /^ghp_[A-Za-z0-9]{36}$/);
      assert.ok(hasBase62Crc32(placeholder.slice(4)), 'the checksum a tool checks is valid');
      assert.notEqual(placeholder, value);
      seen.add(placeholder);
    }
    assert.equal(seen.size, 20);
  });

  it('gives npm tokens a valid checksum too', () => {
    const random = 'Q3xk9Lm2Pq7Rt5Vw8Yz1Ab4Cd6Ef0G';
    const placeholder = makePlaceholder(`npm_${random}${base62(crc32(random), 6)}`);
    assert.match(placeholder, /^npm_[A-Za-z0-9]{36}$/);
    assert.ok(hasBase62Crc32(placeholder.slice(4)));
  });

  it('keeps vendor prefixes, separators and hex alphabets', () => {
    const stripe = makePlaceholder('sk_live_51Hc0dEfGhIjKlMnOpQrStUv');
    assert.ok(stripe.startsWith('sk_live_') && stripe.length === 32);
    const hex = makePlaceholder('0123456789abcdef0123456789abcdef');
    assert.match(hex, /^[0-9a-f]{32}$/);
    const aws = makePlaceholder('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+/=');
    assert.equal(aws.replace(/[A-Za-z0-9]/g, ''), '//+/=');
    assert.equal(aws.indexOf('/'), 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY+/='.indexOf('/'));
  });

  it('refuses values too short or outside printable ASCII, naming no value', () => {
    assert.throws(
      () => makePlaceholder('ghp_short'),
      (e: Error) => e instanceof PlaceholderError && !e.message.includes('short'),
    );
    assert.throws(() => makePlaceholder('pässwörd-pässwörd-1234'), PlaceholderError);
  });

  it("property: same length, same symbols in place, letters and digits from the value's classes, never the value", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9._\-+/=:~!@#$%^&*]{8,60}$/).filter((v) => v.replace(/[^A-Za-z0-9]/g, '').length >= 12),
        (value) => {
          const placeholder = makePlaceholder(value);
          assert.notEqual(placeholder, value);
          assert.equal(placeholder.length, value.length);
          const classes = new Set([...value].map(classOf));
          for (let i = 0; i < value.length; i++) {
            if (!/[A-Za-z0-9]/.test(value[i])) assert.equal(placeholder[i], value[i]);
            else assert.ok(/[0-9a-f]/.test(placeholder[i]) || classes.has(classOf(placeholder[i])));
          }
          assert.equal(encodeURIComponent(placeholder).length, encodeURIComponent(value).length);
          assert.equal(JSON.stringify(placeholder).length, JSON.stringify(value).length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
