import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Detector } from '../../src/core/detect';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { B64, fakes, structuredCases, vendorCases } from './rulesFakeCredentials';

// Rules run only on windows of the text around their keywords; a full scan runs every rule
// whose keyword occurs on the whole text. The two must agree finding for finding.
const CORPUS = path.resolve(__dirname, '../../../test/fixtures/detect');
const windowed = new Detector(DEFAULT_RULES);
const full = new Detector(DEFAULT_RULES, { windows: false });

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

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

describe('detector windows', function () {
  this.timeout(120000);

  it('find what a full scan finds on every file of the labelled corpus', async () => {
    let findings = 0;
    for (const file of listFiles(CORPUS).filter((p) => !p.endsWith('labels.json')))
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
