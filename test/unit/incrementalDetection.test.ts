import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Detector } from '../../src/core/detect';
import { WHOLE_TEXT_RULES } from '../../src/core/detect/detector';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { defaultSetting } from '../../src/core/settings/settingsTable';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { documentsReportingEdits } from '../../src/server/documentEdits';
import { type DocumentScan, DocumentScanner } from '../../src/server/documentScanner';
import { type EditRegion, REACH_LINES, combineEdits } from '../../src/server/incrementalScan';
import { NON_LOCAL_TEXT, nonLocalCount } from '../../src/server/nonLocalText';
import { detectionSettings } from '../../src/shared/detectionSettings';
import { fakes, structuredCases, vendorCases } from './rulesFakeCredentials';

const detector = new Detector(DEFAULT_RULES);
const scanner = new DocumentScanner(detectionSettings(defaultSetting), [], () => detector);
const URI = 'file:///project/src/app.ts';

const f = fakes(21);
/** Credentials a line or three long, each case as written (a comment line, the assignment, another line). */
const LOCAL_SECRETS = vendorCases(21).map(([, text]) => text.trimEnd());
/** Multi-line and whole-file constructs: PEM keys, manifests, credential files. */
const BLOCKS = structuredCases(21).map(([, text]) => text.trimEnd());
const FILLER = [
  'const key = options.key ?? defaultKey;',
  '  return this.tokenCache.get(name);',
  '# the password policy needs 12 characters',
  `  "etag": "${f.chars(32, '0123456789abcdef')}",`,
  'export function handler(request: Request): Response {',
  '}',
  '',
];
/** What edits insert: nothing, line breaks, a character, parts of credentials and of PEM and comment markers, a NUL now and then. */
const INSERTS = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.constantFrom(
      '',
      '\n',
      '\n\n',
      'x',
      ' ',
      '=',
      '"',
      '-----BEGIN RSA PRIVATE KEY-----\n',
      '// secretlint-disable\n',
      '# secretlint-disable-next-line\n',
    ),
  },
  {
    weight: 10,
    arbitrary: fc
      .constantFrom(...LOCAL_SECRETS, ...BLOCKS)
      .chain((s) => fc.tuple(fc.nat(s.length), fc.nat(s.length)).map(([a, b]) => s.slice(Math.min(a, b), Math.max(a, b) + 1))),
  },
  // A binary document is not scanned: a rescan reads only the text's start to tell.
  { weight: 1, arbitrary: fc.constant('\u0000') },
);
/** An edit: where (anywhere, or inside a current finding: it splits or cuts a credential), how much it removes, what it inserts. */
const EDIT = fc.record({
  at: fc.nat(),
  inFinding: fc.boolean(),
  remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(200)),
  insert: INSERTS,
});
type Edit = typeof EDIT extends fc.Arbitrary<infer T> ? T : never;

/** A document of a few hundred lines: long enough that a rescan reads only part of it. */
const DOCUMENT = fc
  .tuple(
    fc.array(fc.oneof({ arbitrary: fc.constantFrom(...FILLER), weight: 6 }, { arbitrary: fc.constantFrom(...LOCAL_SECRETS), weight: 1 }), {
      minLength: 150,
      maxLength: 300,
    }),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom(...BLOCKS)), { maxLength: 2 }),
  )
  .map(([lines, blocks]) => {
    for (const [at, block] of blocks) lines.splice(at % lines.length, 0, block);
    return lines.join('\n') + '\n';
  });

/** The change the client sends for `edit`, with the range's positions in `text`. */
function toChange(text: string, secrets: DocumentScan['outcome']['secrets'], edit: Edit): TextDocumentContentChangeEvent {
  const finding = edit.inFinding && secrets.length ? secrets[edit.at % secrets.length] : undefined;
  // The findings are the last scan's: after an earlier edit of the batch one may lie past the end.
  const start = Math.min(text.length, finding ? finding.start + (edit.at % (finding.end - finding.start)) : edit.at % (text.length + 1));
  const oldEnd = Math.min(text.length, start + edit.remove);
  const lines = TextDocument.create(URI, 'typescript', 0, text);
  return { range: { start: lines.positionAt(start), end: lines.positionAt(oldEnd) }, text: edit.insert };
}

describe('incremental detection', function () {
  this.timeout(300_000);

  it('finds what a full scan finds after any sequence of edits, in batches, including ones that split or join credentials and PEM blocks', async () => {
    const tally = { steps: 0, partial: 0, findings: 0, nonLocal: 0, binary: 0 };
    await fc.assert(
      fc.asyncProperty(
        DOCUMENT,
        fc.array(fc.array(EDIT, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        async (initial, batches) => {
          // The document as the server keeps it, edited by the client's changes: one notification a batch.
          let region: EditRegion | undefined;
          const documents = documentsReportingEdits((_uri, edited) => (region = combineEdits(region, edited)));
          let document = documents.create(URI, 'typescript', 1, initial);
          let scan = await scanner.scanDocument(URI, document);
          for (const batch of batches) {
            let text = document.getText();
            const changes = batch.map((edit) => {
              const change = toChange(text, scan.outcome.secrets, edit);
              text = TextDocument.update(TextDocument.create(URI, 'typescript', 0, text), [change], 0).getText();
              return change;
            });
            region = undefined;
            document = documents.update(document, changes, document.version + 1);
            const incremental = await scanner.rescan(URI, scan, document, region!, false);
            const full = await scanner.scanDocument(URI, text);
            assert.deepEqual(incremental.outcome, full.outcome);
            assert.equal(incremental.nonLocal, full.nonLocal, 'the non-local markers, counted around the edit');
            assert.equal(incremental.bytes, full.bytes, 'the size, counted around the edit');
            assert.ok(incremental.exact);
            tally.steps++;
            tally.findings += full.outcome.secrets.length;
            if (full.outcome.skipped) tally.binary++;
            if (full.nonLocal) tally.nonLocal++;
            else if (text.split('\n').length > 6 * REACH_LINES) tally.partial++;
            scan = incremental;
          }
        },
      ),
      { numRuns: 120, seed: 21 },
    );
    // Not a vacuous pass: many steps rescanned part of a document with findings, others held non-local text, some a NUL.
    assert.ok(tally.partial > tally.steps / 5, JSON.stringify(tally));
    assert.ok(tally.nonLocal > tally.steps / 10, JSON.stringify(tally));
    assert.ok(tally.findings > tally.steps * 3, JSON.stringify(tally));
    assert.ok(tally.binary > 0, JSON.stringify(tally));
  });

  it('rescans a document with non-local text around the edit when asked for a quick answer, and says it is not exact', async () => {
    const text = [...Array(300).fill(FILLER[0]), BLOCKS[0], ...Array(300).fill(FILLER[1])].join('\n');
    const scan = await scanner.scanDocument(URI, text);
    assert.ok(scan.nonLocal > 0);
    const insert = `${LOCAL_SECRETS[0]}\n`;
    const quick = await scanner.rescan(URI, scan, insert + text, { start: 0, oldEnd: 0, newEnd: insert.length }, true);
    assert.equal(quick.exact, false);
    assert.deepEqual(quick.outcome.secrets, (await scanner.scanDocument(URI, insert + text)).outcome.secrets);
  });

  it('combines edits in a row into the one region they changed', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.string({ maxLength: 5 })), { minLength: 1, maxLength: 6 }),
        (first, edits) => {
          let text = first;
          let region: EditRegion | undefined;
          for (const [at, remove, insert] of edits) {
            const start = at % (text.length + 1);
            const oldEnd = Math.min(text.length, start + remove);
            text = text.slice(0, start) + insert + text.slice(oldEnd);
            region = combineEdits(region, { start, oldEnd, newEnd: start + insert.length });
          }
          const { start, oldEnd, newEnd } = region!;
          assert.equal(text, first.slice(0, start) + text.slice(start, newEnd) + first.slice(oldEnd));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('takes the changed regions from the client’s changes, several in one notification', () => {
    const regions: EditRegion[] = [];
    const config = documentsReportingEdits((_uri, region) => regions.push(region));
    let document = config.create(URI, 'typescript', 1, 'one\ntwo\nthree\n');
    document = config.update(
      document,
      [
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } }, text: 'TWO' },
        { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } }, text: '!\n' },
        { text: 'whole' },
      ],
      2,
    );
    assert.deepEqual(regions, [
      { start: 4, oldEnd: 7, newEnd: 7 },
      { start: 3, oldEnd: 3, newEnd: 5 },
      { start: 0, oldEnd: 16, newEnd: 5 },
    ]);
    assert.equal(document.getText(), 'whole');
  });

  it('names non-local text for every rule the detector runs on the whole text', () => {
    const wholeText = DEFAULT_RULES.filter((r) => !r.keywords || r.keywords.includes('') || WHOLE_TEXT_RULES.has(r.creator.meta.id)).map(
      (r) => r.creator.meta.id,
    );
    for (const id of new Set([...wholeText, ...WHOLE_TEXT_RULES]))
      assert.ok(
        id in NON_LOCAL_TEXT,
        `${id} reads more than the lines around its findings: say what text makes it do so in nonLocalText.ts`,
      );
    assert.equal(nonLocalCount('# secretlint-disable-next-line\nx\n// secretlint-disable-line'), 0);
    assert.equal(nonLocalCount('/* secretlint-disable */\n-----BEGIN RSA PRIVATE KEY-----'), 3);
  });
});
