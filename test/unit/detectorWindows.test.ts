import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Detector } from '../../src/core/detect';
import { EDGE_REACH, type TextWindow, WINDOW_LINES, WINDOW_REACH, keywordWindows } from '../../src/core/detect/windows';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { B64, fakes, structuredCases, vendorCases } from './rulesFakeCredentials';
import { filesUnder } from '../support/files';

// Rules run only on windows of the text around their keywords; a full scan runs every rule
// whose keyword occurs on the whole text. The two must agree finding for finding.
const CORPUS = path.resolve(__dirname, '../../../test/fixtures/detect');
const windowed = new Detector(DEFAULT_RULES);
const full = new Detector(DEFAULT_RULES, { windows: false });

async function assertSame(text: string, filePath: string): Promise<number> {
  const a = await windowed.detect(text, { filePath });
  const b = await full.detect(text, { filePath });
  assert.deepEqual(a, b, `${filePath}: windowed and full scans differ`);
  return a.findings.length;
}

const f = fakes(11);
/** Lines that carry credentials, one per vendor and structured case, split into their lines. */
const SECRET_LINES = [...vendorCases(5), ...structuredCases(5)].flatMap(([, text]) => text.split('\n')).filter(Boolean);
/** Ordinary code, prose and data around them, with keywords that match nothing. */
const FILLER = [
  'const key = options.key ?? defaultKey;',
  'export function getSecretValue(name: string): Promise<string> {',
  '  return this.tokenCache.get(name);',
  '# the password policy needs 12 characters',
  '"Description": "The token to use for the next page of results."',
  `  "etag": "${f.chars(32, '0123456789abcdef')}",`,
  `data:image/png;base64,${f.mixed(600, B64)}`,
  `const font = 'data:font/woff2;base64,${f.chars(20000, B64)}';`,
  'x'.repeat(9000) + ' secret ' + 'y'.repeat(9000),
  `var e=function(t){return t.auth&&t.key?t.key:null};`.repeat(200),
  '',
  '    }',
];

/**
 * The windows by their definition, written plainly: every hit of every list in text order; one
 * on a line already counted adds nothing; each other spans `WINDOW_LINES` lines either way (a
 * line read for at most `WINDOW_REACH` characters), widened out of any token it cuts; spans that
 * touch or overlap merge.
 */
function definedWindows(text: string, lists: readonly (readonly number[])[], lines = WINDOW_LINES): TextWindow[] {
  const below = (at: number, lines: number) => {
    for (let n = 0; n <= lines && at < text.length; n++) {
      const newline = text.indexOf('\n', at);
      if (newline < 0 || newline >= at + WINDOW_REACH) return Math.min(text.length, at + WINDOW_REACH);
      at = newline + 1;
    }
    return at;
  };
  const above = (at: number, lines: number) => {
    for (let n = 0; n <= lines && at > 0; n++) {
      const newline = text.lastIndexOf('\n', at - 1);
      if (newline < Math.max(0, at - WINDOW_REACH)) return Math.max(0, at - WINDOW_REACH);
      at = n < lines ? newline : newline + 1;
    }
    return at;
  };
  const token = /[A-Za-z0-9+\-./=_%:@]/;
  const widenedBack = (at: number) => {
    for (const limit = Math.max(0, at - EDGE_REACH); at > limit && token.test(text[at - 1]);) at--;
    return at;
  };
  const widenedOn = (at: number) => {
    for (const limit = Math.min(text.length, at + EDGE_REACH); at < limit && token.test(text[at]);) at++;
    return at;
  };
  const windows: TextWindow[] = [];
  let lineEnd = -1;
  for (const hit of lists.flat().sort((a, b) => a - b)) {
    if (hit < lineEnd) continue;
    lineEnd = below(hit, 0);
    const start = widenedBack(above(hit, lines));
    const end = widenedOn(below(hit, lines));
    const last = windows[windows.length - 1];
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end, at: 0 });
  }
  return windows;
}

describe('detector windows', function () {
  this.timeout(120000);

  it('are the windows their definition gives, on texts of short, long and blank lines with hits anywhere', () => {
    // Mostly short and blank lines, so that windows often meet edge to edge; some as long as `WINDOW_REACH` or longer.
    const piece = fc.oneof(
      { arbitrary: fc.constantFrom('\n', '\n', '\r\n', 'k', 'key = "abc:def/ghi"', '  x.y(z);'), weight: 8 },
      {
        arbitrary: fc.constantFrom(
          'a'.repeat(5000),
          ' '.repeat(4500),
          `${'b'.repeat(3000)} c`,
          'c'.repeat(WINDOW_REACH),
          'd'.repeat(WINDOW_REACH - 1),
        ),
        weight: 1,
      },
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 60 }),
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(0, 1, WINDOW_LINES),
        (pieces, fractions, lines) => {
          const text = pieces.join('');
          // Each list as the keyword automaton gives it: ascending, no offset twice.
          const lists = fractions.map((list) => [...new Set(list.map((r) => Math.floor(r * text.length)))].sort((a, b) => a - b));
          assert.deepEqual(keywordWindows(text, lists, lines), definedWindows(text, lists, lines));
        },
      ),
      { numRuns: 1000, seed: 13 },
    );
  });

  it('find what a full scan finds on every file of the labelled corpus', async () => {
    let findings = 0;
    for (const file of filesUnder(CORPUS)
      .filter((p) => !p.endsWith('labels.json'))
      .map((p) => path.join(CORPUS, p)))
      findings += await assertSame(readFileSync(file, 'utf8'), file);
    // The corpus has hundreds of secrets: a comparison that found none would prove nothing.
    assert.ok(findings > 200, `${findings} findings`);
  });

  it('find what a full scan finds on generated texts of secrets among code', async () => {
    const line = fc.oneof({ arbitrary: fc.constantFrom(...SECRET_LINES), weight: 1 }, { arbitrary: fc.constantFrom(...FILLER), weight: 2 });
    const joiner = fc.constantFrom('\n', '\r\n', ' ', ';');
    const name = fc.constantFrom('app.ts', '.env', 'config.yaml', 'settings.json', 'deploy.sh', 'README.md', 'bundle.min.js');
    let findings = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 60 }), joiner, name, async (lines, sep, file) => {
        findings += await assertSame(lines.join(sep), file);
      }),
      { numRuns: 200, seed: 12 },
    );
    assert.ok(findings > 100, `${findings} findings`);
  });
});
