import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changedRegion, mergeFindings, windowFor } from '../../src/server/incrementalScan';
import type { DetectedSecret } from '../../src/shared/lspProtocol';

/** A stand-in detector with the locality of real rules: one match never spans lines. */
function detect(text: string, offset = 0): DetectedSecret[] {
  return [...text.matchAll(/KEY[0-9a-f]{4,}/g)].map((m) => ({
    ruleId: 'test',
    kind: 'test',
    title: 'test',
    confidence: 'high' as const,
    preview: '',
    evidence: 'test',
    start: offset + m.index,
    end: offset + m.index + m[0].length,
  }));
}

const line = fc.oneof(
  fc.constant('plain words here'),
  fc.constant('x = KEY1a2b3c'),
  fc.constant(''),
  fc.stringMatching(/^[a-z KEY0-9]{0,20}$/),
);
const text = fc.array(line, { maxLength: 40 }).map((lines) => lines.join('\n'));

describe('incremental scan', () => {
  it('finds the changed region from the common prefix and suffix', () => {
    assert.deepEqual(changedRegion('abcXdef', 'abcYYdef'), { start: 3, oldEnd: 4, newEnd: 5 });
    assert.deepEqual(changedRegion('same', 'same'), { start: 4, oldEnd: 4, newEnd: 4 });
  });

  it('gives the same findings as a full scan, for any edit, with any context', () => {
    fc.assert(
      fc.property(
        text,
        fc.nat(),
        fc.nat(),
        fc.stringMatching(/^[a-z KEY0-9\n]{0,15}$/),
        fc.integer({ min: 0, max: 3 }),
        (before, a, b, insert, context) => {
          const from = Math.min(a, b) % (before.length + 1);
          const to = Math.min((Math.max(a, b) % (before.length + 1)) + from, before.length);
          const after = before.slice(0, from) + insert + before.slice(to);
          const window = windowFor(after, changedRegion(before, after), context);
          const merged = mergeFindings(detect(before), detect(after.slice(window.start, window.end), window.start), window);
          assert.deepEqual(merged, detect(after));
        },
      ),
      { numRuns: 500 },
    );
  });
});
