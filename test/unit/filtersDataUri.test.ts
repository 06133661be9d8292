import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { nonSecretFilter } from '../../src/core/detect/filters';
import { fakes } from './rulesFakeCredentials';

const f = fakes(47);
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** A generated-looking value of base64 characters, which no other filter drops. */
const VALUE = f.chars(40, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');

/** Whether the filter drops the value at `start` of `text`. */
function dropped(text: string, start: number): boolean {
  return nonSecretFilter(text)({ start, end: start + VALUE.length });
}

/** The filter's promise, read the plain way: the last `;base64,` before the value, a data URI's head before it, base64 from it to the value. */
function inDataUriByDefinition(text: string, start: number): boolean {
  const marker = text.lastIndexOf(';base64,', start);
  if (
    marker < 0 ||
    !/data:[\w.+-]{1,40}\/[\w.+-]{1,60}(?:;[\w=.-]{1,40}){0,3};base64,$/.test(text.slice(Math.max(0, marker - 120), marker + 8))
  )
    return false;
  return /^[A-Za-z0-9+/=]*$/.test(text.slice(marker + 8, start));
}

describe('data URI filter', () => {
  it('drops a value inside a long data URI and keeps one outside it', () => {
    const payload = f.base64(225_000); // 300,000 characters
    const line = `.logo { background: url(data:image/png;base64,${payload}${VALUE}${f.base64(3000)}); }`;
    assert.equal(dropped(line, line.indexOf(VALUE)), true, 'deep in the payload');
    const right = `src: url(data:font/woff2;charset=utf-8;base64,${VALUE}`;
    assert.equal(dropped(right, right.indexOf(VALUE)), true, 'right after the marker');
    const after = `${line}\nconst key = "${VALUE}";\n`;
    assert.equal(dropped(after, after.lastIndexOf(VALUE)), false, 'on the next line');
    const sameLine = `url(data:image/png;base64,${payload}) "${VALUE}"`;
    assert.equal(dropped(sameLine, sameLine.indexOf(VALUE)), false, 'after the URI closes, on its line');
    const nextLine = `data:image/png;base64,${payload}\n${VALUE}`;
    assert.equal(dropped(nextLine, nextLine.indexOf(VALUE)), false, 'base64 on the next line is no payload');
    const noHead = `x;base64,${payload}${VALUE}`;
    assert.equal(dropped(noHead, noHead.indexOf(VALUE)), false, 'a marker with no data URI before it');
    const noMarker = `${'const handler = respond(request);\n'.repeat(100_000)}const key = "${VALUE}";\n`;
    assert.equal(dropped(noMarker, noMarker.indexOf(VALUE)), false, 'a long text with no data URI');
  });

  it('drops exactly what the definition does, wherever the value starts', () => {
    const piece = fc.constantFrom(
      'data:image/png;base64,',
      'data:font/woff2;charset=utf-8;base64,',
      ';base64,',
      'base64,',
      'data:',
      'image/png',
      f.chars(30, B64),
      'QUJD==',
      '\n',
      '"',
      ' ',
      ';',
      ',',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.array(piece, { maxLength: 4 }), fc.nat(8), (before, after, cut) => {
        // The finding starts at the value or up to 8 characters before it: within a marker, sometimes.
        const prefix = before.join('');
        const text = prefix + VALUE + after.join('');
        const start = Math.max(0, prefix.length - cut);
        assert.equal(dropped(text, start), inDataUriByDefinition(text, start), JSON.stringify({ text, start }));
      }),
      { numRuns: 3000, seed: 47 },
    );
  });
});
