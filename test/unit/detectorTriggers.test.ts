import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { Detector, type DetectorRule } from '../../src/core/detect';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { URLSAFE, fakes, structuredCases, vendorCases } from './rulesFakeCredentials';
import { filesUnder } from '../support/files';

// The detector runs a rule only where one of its triggers occurs (a keyword, an anchor, a file
// name) and only on the windows around its keywords; a file with no trigger at all is done after
// the keyword pass. The reference runs every rule on the whole of every text: the two must agree
// finding for finding, on the labelled corpus changed at random and on generated texts.
const CORPUS = path.resolve(__dirname, '../../../test/fixtures/detect');
const filtered = new Detector(DEFAULT_RULES);
const everyRuleEverywhere = new Detector(
  DEFAULT_RULES.map(({ anchors: _anchors, fileNames: _fileNames, ...rule }): DetectorRule => ({ ...rule, keywords: undefined })),
  { windows: false },
);

async function assertSame(text: string, filePath: string): Promise<number> {
  const a = await filtered.detect(text, { filePath });
  const b = await everyRuleEverywhere.detect(text, { filePath });
  assert.deepEqual(a, b, `${filePath}: the filtered and the full scan differ`);
  return a.findings.length;
}

const CORPUS_FILES = filesUnder(CORPUS)
  .filter((p) => !p.endsWith('labels.json'))
  .map((p) => path.join(CORPUS, p))
  .map((file) => ({ file, text: readFileSync(file, 'utf8') }));

const f = fakes(21);
/** A Discord bot token: its first segment is a user id (17 to 20 digits) in base64. */
const discordToken = (digits: string) =>
  `${Buffer.from(digits).toString('base64').replace(/=+$/, '')}.${f.mixed(6, URLSAFE)}.${f.mixed(38, URLSAFE)}`;
/** Text to splice in: secrets, near misses of the triggers' shapes, and code. */
const INSERTS = [
  ...[...vendorCases(2), ...structuredCases(2)].map(([, text]) => text),
  discordToken('812345678901234567'),
  `token: ${discordToken('81234567890123456')}`,
  `"bot": "${discordToken('1234567890123456789')}"`,
  `BOT=${discordToken('99999999999999999999')}`,
  // Near misses: an id's start with no dotted shape after it, and the dotted shape with no id.
  `id = "${Buffer.from('812345678901234567').toString('base64')}"`,
  `M${f.mixed(22, URLSAFE)}.${f.mixed(6, URLSAFE)}.${f.mixed(30, URLSAFE)}`,
  `https://discord.com/api/webhooks/${f.chars(18, '0123456789')}/${f.mixed(68, URLSAFE)}`,
  'db.internal:5432:app:deploy:' + f.mixed(18),
  'self.buffer.len().unwrap_or_default_value_of_it()',
  'a.bcdefg.hijklmnopqrstuvwxyzABCDEFGHIJK',
  '\n',
  'key',
  ':',
];

type Mutation = (text: string) => string;
const at = (text: string, r: number) => Math.floor(r * (text.length + 1));
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Cut a span out (a trigger may go, its value stay, or the other way round).
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([r, n]) => (text: string) => {
    const i = at(text, r);
    return text.slice(0, i) + text.slice(i + n);
  }),
  // Splice something in.
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...INSERTS)).map(([r, insert]) => (text: string) => {
    const i = at(text, r);
    return text.slice(0, i) + insert + text.slice(i);
  }),
  // Change the case of a span (keywords are matched in any case; most patterns are not).
  fc
    .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 }), fc.boolean())
    .map(([r, n, upper]) => (text: string) => {
      const i = at(text, r);
      const span = text.slice(i, i + n);
      return text.slice(0, i) + (upper ? span.toUpperCase() : span.toLowerCase()) + text.slice(i + n);
    }),
);

describe('detector triggers', function () {
  this.timeout(300000);

  it('find what running every rule on the whole text finds, on the labelled corpus changed at random', async () => {
    let findings = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CORPUS_FILES),
        fc.array(mutation, { maxLength: 4 }),
        // Sometimes under another name: the rules of credential files are triggered by it.
        fc.constantFrom(undefined, '.pgpass', '.netrc', '.npmrc', 'notes.txt'),
        async ({ file, text }, mutations, rename) => {
          const changed = mutations.reduce((t, m) => m(t), text);
          findings += await assertSame(changed, rename ? path.join(path.dirname(file), rename) : file);
        },
      ),
      { numRuns: 300, seed: 21 },
    );
    // The corpus is mostly secrets: a comparison that found none would prove nothing.
    assert.ok(findings > 200, `${findings} findings`);
  });

  it('find what running every rule on the whole text finds, on generated texts of tokens and near misses among code', async () => {
    const line = fc.oneof(fc.constantFrom(...INSERTS), fc.constantFrom('const x = a.b.c;', '    }', '# notes: see below', ''));
    let findings = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('app.rs', '.pgpass', 'deploy/.pgpass', 'config.yaml', 'Makefile'),
        async (lines, file) => {
          findings += await assertSame(lines.join('\n'), file);
        },
      ),
      { numRuns: 200, seed: 22 },
    );
    assert.ok(findings > 100, `${findings} findings`);
  });

  it('find a Discord bot token with no keyword beside it, whatever the bot id it encodes', async () => {
    const digit = fc.constantFrom(...'0123456789');
    await fc.assert(
      fc.asyncProperty(fc.array(digit, { minLength: 17, maxLength: 20 }), async (digits) => {
        const text = `const token = '${discordToken(digits.join(''))}';\n`;
        await assertSame(text, 'bot.ts');
        assert.equal((await filtered.detect(text, { filePath: 'bot.ts' })).findings[0]?.ruleId, 'vaultify/discord');
      }),
      { numRuns: 300, seed: 23 },
    );
  });

  it('find a .pgpass password only in a file of that name, and a Discord bot token with no keyword beside it', async () => {
    const pgpass = 'db.internal:5432:app:deploy:' + f.mixed(18) + '\n';
    assert.equal((await filtered.detect(pgpass, { filePath: '/home/me/.pgpass' })).findings[0]?.ruleId, 'vaultify/pgpass');
    assert.deepEqual((await filtered.detect(pgpass, { filePath: '/home/me/hosts.txt' })).findings, []);
    const token = discordToken('812345678901234567');
    assert.equal((await filtered.detect(`DISCORD=${token}\n`, { filePath: 'a.env' })).findings[0]?.ruleId, 'vaultify/discord');
  });
});
