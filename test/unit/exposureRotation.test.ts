import * as assert from 'node:assert/strict';
import { ALPHABETS, entropyBits, generateSecret, rotationPage } from '../../src/core/exposure';

describe('exposure: rotation helpers', () => {
  it('generates a value of the chosen length from the chosen alphabet', () => {
    for (const alphabet of ['alphanumeric', 'base64url', 'hex', 'symbols'] as const) {
      const value = generateSecret({ length: 48, alphabet });
      assert.equal(value.length, 48);
      assert.ok(
        [...value].every((c) => ALPHABETS[alphabet].includes(c)),
        alphabet,
      );
    }
    assert.match(generateSecret({ length: 12, alphabet: 'xyz' }), /^[xyz]{12}$/);
  });

  it('draws every character equally often: bytes past the last whole multiple are rejected, not wrapped', () => {
    // Every byte value exactly once: with 10 characters, 250 bytes are used (25 per character)
    // and 250..255 are thrown away; a modulo would give "0".."5" one extra each.
    let served = false;
    const random = (size: number) => {
      if (served) return new Uint8Array(size).fill(0);
      served = true;
      return Uint8Array.from({ length: 256 }, (_, i) => i);
    };
    const value = generateSecret({ length: 250, alphabet: '0123456789', random });
    const counts = new Map<string, number>();
    for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
    assert.deepEqual([...counts.values()], Array(10).fill(25));
  });

  it('refuses an alphabet that repeats a character, or a length out of range', () => {
    assert.throws(() => generateSecret({ length: 8, alphabet: 'aab' }), /repeats/);
    assert.throws(() => generateSecret({ length: 0 }), /length/);
    assert.equal(Math.round(entropyBits(32, 64)), 192);
  });

  it("names the provider page where each known kind is rotated, and none for the user's own values", () => {
    assert.equal(rotationPage('github-pat')?.url, 'https://github.com/settings/tokens');
    assert.equal(rotationPage('gitlab-deploy-token')?.provider, 'GitLab');
    assert.equal(rotationPage('aws-secret-access-key')?.provider, 'AWS');
    assert.equal(rotationPage('stripe-secret-key')?.url, 'https://dashboard.stripe.com/apikeys');
    assert.equal(rotationPage('openai-api-key')?.url, 'https://platform.openai.com/api-keys');
    assert.equal(rotationPage('slack-bot-token')?.provider, 'Slack');
    assert.equal(rotationPage('password'), undefined);
    assert.equal(rotationPage(undefined), undefined);
  });
});
