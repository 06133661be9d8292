import * as assert from 'node:assert/strict';
import { MaskRateLimit } from '../../src/core/agents/maskRateLimit';
import { maskWholeValues } from '../../src/core/agents/wholeValueMask';
import { maskText } from '../../src/core/mask';
import { fakeGitHubToken } from '../support/fakeCredentials';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * The attack reported against the hooks' masking: guess a value one character at a time, and
 * keep the guess that comes back masked. `ask` answers whether a text came back changed.
 */
function recover(known: string, length: number, ask: (guesses: string[]) => boolean[]): string {
  let found = known;
  while (found.length < length) {
    const answers = ask([...ALPHABET].map((c) => found.slice(-8) + c));
    const hits = [...ALPHABET].filter((_, i) => answers[i]);
    if (hits.length !== 1) return found;
    found += hits[0];
  }
  return found;
}

describe('no masking oracle', () => {
  const value = fakeGitHubToken();
  const secrets = [{ name: 'github/token', value }];

  it('the live-output masker would answer the guesses (why the hooks must not use it)', () => {
    // One text per round, a guess per line: the answer line by line.
    const ask = (guesses: string[]) =>
      maskText(guesses.join('\n'), secrets)
        .text.split('\n')
        .map((line, i) => line !== guesses[i]);
    assert.equal(recover(value.slice(0, 8), 14, ask), value.slice(0, 14));
  });

  it('whole-value masking answers none of them, the value and its renderings still masked', () => {
    const ask = (guesses: string[]) => {
      const { texts } = maskWholeValues(guesses, secrets);
      return texts.map((t, i) => t !== guesses[i]);
    };
    assert.equal(recover(value.slice(0, 8), 14, ask), value.slice(0, 8), 'not one character is learned');
    const runs = [value.slice(0, 9), value.slice(5, 20), value.slice(0, -1), value.slice(1), `${value.slice(0, 12)}\n${value.slice(12)}`];
    assert.deepEqual(maskWholeValues(runs, secrets).texts, runs);
    const renderings = [value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex'), encodeURIComponent(`"${value}"`)];
    const masked = maskWholeValues(renderings, secrets);
    assert.equal(masked.maskedCount, 4);
    assert.ok(
      masked.texts.every((t) => t.includes('[masked vault:github/token]')),
      masked.texts.join('\n'),
    );
    assert.deepEqual([...masked.names], [['github/token', 4]]);
  });

  it('a prefix longer than the hold bound at the end of a text is not masked either', () => {
    const prefix = value.slice(0, value.length - 2);
    assert.deepEqual(maskWholeValues([prefix], secrets).texts, [prefix]);
  });

  describe('the rate of mask requests', () => {
    it('refuses beyond the count in the window, says when to retry, and allows again once it passes', () => {
      let now = 1_000_000;
      const limit = new MaskRateLimit({ requests: 2, bytes: 100, windowMs: 60_000 }, () => now);
      assert.equal(limit.take(10), undefined);
      now += 20_000;
      assert.equal(limit.take(10), undefined);
      assert.match(limit.take(10) ?? '', /masks at most 2 requests and 0 MB in 60 s.*Try again in 40 s\./);
      now += 40_001;
      assert.equal(limit.take(10), undefined, 'the first request left the window');
    });
    it('refuses beyond the bytes in the window, counting nothing it refused', () => {
      const now = 0;
      const limit = new MaskRateLimit({ requests: 10, bytes: 100, windowMs: 1000 }, () => now);
      assert.equal(limit.take(60), undefined);
      assert.ok(limit.take(41));
      assert.equal(limit.take(40), undefined);
    });
  });
});
