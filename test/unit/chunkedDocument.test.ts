import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type Position, TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { ChunkedDocument } from '../../src/server/chunkedDocument';
import { documentsReportingEdits } from '../../src/server/documentEdits';
import type { EditRegion } from '../../src/server/incrementalScan';

const URI = 'file:///project/src/app.ts';

/** Pieces of text where conversions go wrong: every line break, surrogate pairs whole and alone. */
const PIECE = fc.constantFrom('a', 'bcd', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r', '😀', '\uD83D', '\uDE00', 'é');
const LINE = fc.array(PIECE, { maxLength: 40 }).map((pieces) => pieces.join(''));
/** Texts of a few characters up to several chunks (8 K characters each), so that edits and breaks fall on chunk boundaries. */
const TEXT = fc.oneof(
  LINE,
  fc
    .tuple(fc.array(PIECE, { minLength: 20, maxLength: 60 }), fc.integer({ min: 1, max: 40 }))
    .map(([line, times]) => line.join('').repeat(times)),
  fc
    .tuple(fc.array(PIECE, { minLength: 20, maxLength: 60 }), fc.integer({ min: 300, max: 1200 }))
    .map(([line, times]) => line.join('').repeat(times)),
);

/** A change as a client may send it: a range from offsets (reversed sometimes), a range past the text's end, or the whole text. */
const CHANGE = fc.record({
  kind: fc.constantFrom('offsets', 'offsets', 'offsets', 'reversed', 'beyond', 'full'),
  // Anywhere, or at the boundaries of a new document's chunks (every 8,192 characters).
  at: fc.oneof(
    fc.nat(),
    fc.integer({ min: 1, max: 5 }).chain((k) => fc.integer({ min: k * 8192 - 3, max: k * 8192 + 3 })),
  ),
  remove: fc.oneof(fc.constant(0), fc.nat(3), fc.nat(20_000)),
  text: fc.oneof(LINE, TEXT),
  line: fc.integer({ min: -2, max: 5000 }),
  character: fc.integer({ min: -2, max: 200 }),
});
type Change = typeof CHANGE extends fc.Arbitrary<infer T> ? T : never;

/** The LSP change for `change` on `text`, with positions as the client's text document gives them. */
function toEvent(text: string, change: Change): TextDocumentContentChangeEvent {
  if (change.kind === 'full') return { text: change.text };
  const reference = TextDocument.create(URI, 'typescript', 0, text);
  if (change.kind === 'beyond') {
    const position: Position = { line: change.line, character: change.character };
    return { range: { start: position, end: { line: change.line + 1, character: change.character + 2 } }, text: change.text };
  }
  const start = reference.positionAt(change.at % (text.length + 1));
  const end = reference.positionAt((change.at % (text.length + 1)) + change.remove);
  return { range: change.kind === 'reversed' ? { start: end, end: start } : { start, end }, text: change.text };
}

/** What vscode-languageserver-textdocument makes of the change, on a document made from `text`. */
function referenceAfter(text: string, event: TextDocumentContentChangeEvent): string {
  return TextDocument.update(TextDocument.create(URI, 'typescript', 0, text), [event], 1).getText();
}

/** Every conversion of `document` equals that of the reference document made from `text`. */
function assertConvertsLike(document: ChunkedDocument, text: string, probes: readonly number[]): void {
  const reference = TextDocument.create(URI, 'typescript', 0, text);
  assert.equal(document.getText(), text);
  assert.equal(document.length, text.length);
  assert.equal(document.lineCount, reference.lineCount);
  const offsets = [-1, 0, text.length, text.length + 3, ...probes.map((p) => p % (text.length + 1))];
  // Around every line break as well: the offsets between `\r` and `\n` are where conversions differ.
  for (const lineBreak of text.matchAll(/[\r\n]/g)) {
    if (offsets.length > 400) break;
    offsets.push(lineBreak.index, lineBreak.index + 1, lineBreak.index + 2);
  }
  for (const offset of offsets) {
    assert.deepEqual(document.positionAt(offset), reference.positionAt(offset), `positionAt(${offset})`);
    assert.equal(document.indexOf('\n', offset), text.indexOf('\n', offset), `indexOf at ${offset}`);
    assert.equal(document.lastIndexOf('\n', offset), text.lastIndexOf('\n', offset), `lastIndexOf at ${offset}`);
    const end = offset + ((probes[0] ?? 0) % 20_000);
    if (offset >= 0) assert.equal(document.slice(offset, end), text.slice(offset, end), `slice(${offset}, ${end})`);
  }
  for (const [line, character] of [
    [-1, 0],
    [0, -1],
    [reference.lineCount, 0],
    [reference.lineCount - 1, 1000],
    ...probes.map((p, i) => [p % (reference.lineCount + 1), (probes[(i + 1) % probes.length] ?? 0) % 12]),
  ]) {
    const position = { line, character };
    assert.equal(document.offsetAt(position), reference.offsetAt(position), `offsetAt(${line}:${character})`);
    const range = { start: position, end: { line: line + 1, character: 0 } };
    assert.equal(document.getText(range), reference.getText(range), `getText(${line}:${character}-${line + 1}:0)`);
  }
}

describe('chunked document', function () {
  this.timeout(120_000);

  it('holds the text and converts positions as vscode-languageserver-textdocument does, after any batches of changes', () => {
    const tally = { changes: 0, multiChunk: 0 };
    fc.assert(
      fc.property(
        TEXT,
        fc.array(fc.array(CHANGE, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
        (initial, batches, probes) => {
          const regions: EditRegion[] = [];
          const documents = documentsReportingEdits((uri, region) => {
            assert.equal(uri, URI);
            regions.push(region);
          });
          let document = documents.create(URI, 'typescript', 1, initial);
          let text = initial;
          assertConvertsLike(document, text, probes);
          for (const [i, batch] of batches.entries()) {
            // A batch is one notification; each change's range is in the text the changes before it left.
            const events: TextDocumentContentChangeEvent[] = [];
            const texts = [text];
            for (const change of batch) {
              const event = toEvent(text, change);
              events.push(event);
              text = referenceAfter(text, event);
              texts.push(text);
            }
            regions.length = 0;
            const before = document;
            document = documents.update(document, events, i + 2);
            assert.equal(document.version, i + 2);
            assert.equal(before.getText(), texts[0], 'the document before the batch is left as it was');
            // Each region says what its change replaced, in the text before and after it.
            assert.equal(regions.length, batch.length);
            regions.forEach(({ start, oldEnd, newEnd }, n) => {
              assert.equal(
                texts[n].slice(0, start) + texts[n + 1].slice(start, newEnd) + texts[n].slice(oldEnd),
                texts[n + 1],
                `region ${n}`,
              );
              assert.equal(texts[n + 1].length - newEnd, texts[n].length - oldEnd, `region ${n} ends where the old text resumes`);
            });
            assertConvertsLike(document, text, probes);
            tally.changes += batch.length;
            if (text.length > 2 * 8192) tally.multiChunk++;
          }
        },
      ),
      { numRuns: 150, seed: 21 },
    );
    // Not a vacuous pass: many steps had texts of several chunks.
    assert.ok(tally.multiChunk > 50, JSON.stringify(tally));
  });

  it('joins a \\r and a \\n that an edit brings together, within a chunk or across two, into one line break, as a document made from the text has', () => {
    const lines = `${'x'.repeat(8191)}\r${'y'.repeat(9000)}\rz`;
    let document = ChunkedDocument.create(URI, 'plaintext', 1, lines);
    const text = `${'x'.repeat(8191)}\r\n${'y'.repeat(9000)}\r\nz`;
    document = document.replaced(8192, 8192, '\n', 2);
    document = document.replaced(17194, 17194, '\n', 3);
    assertConvertsLike(document, text, [8191, 8192, 8193, 17193, 17194, 17195]);
    // And splits them again.
    document = document.replaced(8192, 8193, '', 4);
    assertConvertsLike(document, text.slice(0, 8192) + text.slice(8193), [8191, 8192, 8193]);
    // A chunk an edit leaves ending with `\r` before a `\n`.
    const crAtEnd = ChunkedDocument.create(URI, 'plaintext', 1, `${'x'.repeat(8192)}\n${'y'.repeat(9000)}`).replaced(8191, 8192, '\r', 2);
    assertConvertsLike(crAtEnd, `${'x'.repeat(8191)}\r\n${'y'.repeat(9000)}`, [8190, 8191, 8192, 8193]);
  });
});
