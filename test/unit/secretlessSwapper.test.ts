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

/** The definition the swapper must meet, written the slow way: the whole input, byte by byte, the longest pattern at the leftmost place. */
function referenceSwap(pairs: SwapPair[], input: Buffer): { out: Buffer; count: number } {
  const parts: Buffer[] = [];
  let count = 0;
  let at = 0;
  while (at < input.length) {
    let best: SwapPair | undefined;
    for (const p of pairs) {
      if (p.from.length === 0 || p.from.equals(p.to) || input[at] !== p.from[0] || at + p.from.length > input.length) continue;
      if (input.subarray(at, at + p.from.length).equals(p.from) && (!best || p.from.length > best.from.length)) best = p;
    }
    if (best) {
      parts.push(best.to);
      at += best.from.length;
      count++;
    } else parts.push(input.subarray(at, ++at));
  }
  return { out: Buffer.concat(parts), count };
}

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

  it('property: random bytes with values, their renderings, prefixes and near misses, in any chunking, swap as the slow reference does', () => {
    const values = [value, 'sk_live_abcdefghijklmnopqrstuvwx', 'abc/def+ghi=jkl/mno+pqr'];
    const secrets = values.map((v, i) => ({ name: `s${i}`, value: v, placeholder: makePlaceholder(v) }));
    const pairs = responsePairs(secrets);
    const nearMiss = (text: string, at: number): string =>
      text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ 1) + text.slice(at + 1);
    const piece = fc.oneof(
      fc.constantFrom(...pairs.map((p) => p.from.toString('latin1'))),
      fc.tuple(fc.constantFrom(...pairs.map((p) => p.from.toString('latin1'))), fc.nat()).map(([t, n]) => t.slice(0, n % t.length)),
      fc.tuple(fc.constantFrom(...pairs.map((p) => p.from.toString('latin1'))), fc.nat()).map(([t, n]) => nearMiss(t, n % t.length)),
      fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('latin1')),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 16 }), fc.array(fc.nat(), { maxLength: 10 }), (pieces, rawCuts) => {
        const input = Buffer.from(pieces.join(''), 'latin1');
        const cuts = rawCuts.map((c) => c % (input.length + 1));
        const expected = referenceSwap(pairs, input);
        const got = swapInChunks(pairs, input, cuts);
        assert.equal(got.out, expected.out.toString('latin1'));
        assert.equal(got.count, expected.count);
      }),
      { numRuns: 600 },
    );
  });

  it('property: patterns that begin with one another (a form and its padded form) swap as the slow reference does', () => {
    const pairs = [pair('abab', 'WXYZ'), pair('ababcc', '123456'), pair('ababccd', 'QRSTUVW'), pair('bab', '999'), pair('cd', '77')];
    const piece = fc.oneof(fc.constantFrom('abab', 'ababcc', 'ababccd', 'ababc', 'bab', 'cd'), fc.stringMatching(/^[a-d]{0,4}$/));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(fc.nat(), { maxLength: 8 }), (pieces, rawCuts) => {
        const input = Buffer.from(pieces.join(''), 'latin1');
        const cuts = rawCuts.map((c) => c % (input.length + 1));
        const expected = referenceSwap(pairs, input);
        assert.deepEqual(swapInChunks(pairs, input, cuts), { out: expected.out.toString('latin1'), count: expected.count });
      }),
      { numRuns: 1500 },
    );
  });

  it('passes a chunk without a match or a pending prefix on as it came, without a copy', () => {
    const swapper = new StreamSwapper(responsePairs([secret]));
    const chunk = Buffer.from('{"ok":true,"items":[1,2,3]}\n', 'latin1');
    assert.equal(swapper.push(chunk), chunk);
  });

  it('refuses pairs that would change a length', () => {
    assert.throws(() => new StreamSwapper([pair('abc', 'abcd')]), /keep the length/);
  });
});
