import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { StreamSwapper, type SwapPair, makePlaceholder, requestPairs, responsePairs, swapBasicAuth } from '../../src/core/secretless';
import { fakeGitHubToken } from '../support/fakeCredentials';

const pair = (from: string, to: string): SwapPair => ({ from: Buffer.from(from, 'latin1'), to: Buffer.from(to, 'latin1') });

/** Swaps `input` fed in the given chunk sizes. */
function swapInChunks(pairs: SwapPair[], input: Buffer, cuts: number[]): { out: string; count: number } {
  const swapper = new StreamSwapper(pairs);
  const parts: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    parts.push(swapper.push(input.subarray(at, cut)));
    at = cut;
  }
  parts.push(swapper.push(input.subarray(at)), swapper.end());
  return { out: Buffer.concat(parts).toString('latin1'), count: swapper.count };
}

const whole = (pairs: SwapPair[], input: string) => swapInChunks(pairs, Buffer.from(input, 'latin1'), []);

describe('secretless stream swapper', () => {
  const value = fakeGitHubToken();
  const placeholder = makePlaceholder(value);
  const secret = { name: 'gh/token', value, placeholder };

  it('swaps the placeholder for the value at every split of it across two and three chunks', () => {
    const input = Buffer.from(`Authorization: Bearer ${placeholder}\r\n{"t":"${placeholder}"}`, 'latin1');
    const expected = input.toString('latin1').split(placeholder).join(value);
    for (let i = 0; i <= input.length; i++) {
      assert.equal(swapInChunks(requestPairs([secret]), input, [i]).out, expected, `split at ${i}`);
      for (let j = i; j <= Math.min(input.length, i + placeholder.length); j++) {
        assert.equal(swapInChunks(requestPairs([secret]), input, [i, j]).out, expected, `splits at ${i}, ${j}`);
      }
    }
  });

  it('swaps percent-encoded forms in either hex case and JSON-escaped slashes', () => {
    const v = 'abcDEF123/ghiJKL456+mno=';
    const p = makePlaceholder(v);
    const pairs = requestPairs([{ name: 's', value: v, placeholder: p }]);
    const upper = encodeURIComponent(p);
    const lower = upper.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
    assert.equal(
      whole(pairs, `/x?a=${upper}&b=${lower}`).out,
      `/x?a=${encodeURIComponent(v)}&b=${encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())}`,
    );
    assert.equal(whole(pairs, `{"k":"${p.replace(/\//g, '\\/')}"}`).out, `{"k":"${v.replace(/\//g, '\\/')}"}`);
    assert.equal(whole(pairs, new URLSearchParams({ k: p }).toString()).out, new URLSearchParams({ k: v }).toString());
  });

  it('decodes Basic auth, swaps and re-encodes it, and gives the pair that hides the echo', () => {
    const header = `Basic ${Buffer.from(`x-access-token:${placeholder}`).toString('base64')}`;
    const swapper = new StreamSwapper(requestPairs([secret]));
    const { header: swapped, echo } = swapBasicAuth(header, (t) => swapper.swapText(t));
    assert.equal(Buffer.from(swapped.slice(6), 'base64').toString(), `x-access-token:${value}`);
    assert.ok(echo);
    const back = new StreamSwapper([...responsePairs([secret]), echo]);
    const response = back.swapText(`{"headers":{"authorization":"${swapped}"}}`);
    assert.ok(!response.includes(swapped.slice(6)) && !response.includes(value));
    assert.equal(swapBasicAuth('Basic bm90aGluZzpoZXJl', (t) => swapper.swapText(t)).echo, undefined);
    assert.equal(swapBasicAuth('Bearer abc', (t) => t).header, 'Bearer abc');
  });

  it('takes an echoed value out of a response in every rendering it knows', () => {
    const pairs = responsePairs([secret]);
    const echoed = [
      value,
      encodeURIComponent(value),
      JSON.stringify(value),
      Buffer.from(value).toString('base64'),
      Buffer.from(value).toString('base64url'),
    ].join(' | ');
    const { out, count } = whole(pairs, echoed);
    assert.ok(!out.includes(value) && !out.includes(Buffer.from(value).toString('base64').replace(/=+$/, '')));
    assert.ok(out.includes(placeholder));
    assert.equal(count, 5);
  });

  it('property: any chunking of any text with placeholders gives the one-shot result, and memory stays below a pattern', () => {
    const p2 = makePlaceholder('sk_live_abcdefghijklmnopqrstuvwx');
    const secrets = [secret, { name: 'stripe', value: 'sk_live_abcdefghijklmnopqrstuvwx', placeholder: p2 }];
    const pairs = requestPairs(secrets);
    const longest = Math.max(...pairs.map((p) => p.from.length));
    const piece = fc.oneof(
      fc.constantFrom(placeholder, p2, encodeURIComponent(placeholder), placeholder.slice(0, 7), p2.slice(0, 12), 'ghp_', 'sk_live_'),
      fc.string({ maxLength: 12 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, rawCuts) => {
        const text = pieces.join('');
        const input = Buffer.from(text, 'latin1');
        const cuts = rawCuts.map((c) => (input.length === 0 ? 0 : c % (input.length + 1)));
        const expected = whole(pairs, text);
        const swapper = new StreamSwapper(pairs);
        const parts: Buffer[] = [];
        let at = 0;
        for (const cut of [...cuts].sort((a, b) => a - b)) {
          parts.push(swapper.push(input.subarray(at, cut)));
          at = cut;
          assert.ok((swapper as unknown as { held: Buffer }).held.length < longest);
        }
        parts.push(swapper.push(input.subarray(at)), swapper.end());
        assert.equal(Buffer.concat(parts).toString('latin1'), expected.out);
        assert.equal(swapper.count, expected.count);
        assert.ok(!expected.out.includes(placeholder) && !expected.out.includes(p2));
      }),
      { numRuns: 500 },
    );
  });

  it('property: leftmost-longest over overlapping patterns is the same for every split', () => {
    const pairs = [pair('abcd', 'WXYZ'), pair('bc', 'QR'), pair('cdef', '1234'), pair('aab', '999')];
    fc.assert(
      fc.property(fc.stringMatching(/^[a-f]{0,24}$/), fc.array(fc.nat(), { maxLength: 6 }), (text, rawCuts) => {
        const cuts = rawCuts.map((c) => c % (text.length + 1));
        assert.equal(swapInChunks(pairs, Buffer.from(text), cuts).out, whole(pairs, text).out);
      }),
      { numRuns: 1000 },
    );
  });

  it('swaps one byte at a time through a chunked body', () => {
    const body = `5\r\nhello\r\n${(placeholder.length + 2).toString(16)}\r\n"${placeholder}\r\n0\r\n\r\n`;
    const input = Buffer.from(body);
    const cuts = Array.from({ length: input.length }, (_, i) => i);
    assert.equal(swapInChunks(requestPairs([secret]), input, cuts).out, body.replace(placeholder, value));
  });

  it('refuses pairs that would change a length', () => {
    assert.throws(() => new StreamSwapper([pair('abc', 'abcd')]), /keep the length/);
  });
});
