import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeForScan } from '../../src/core/detect/content';
import { KeywordAutomaton } from '../../src/core/detect/keywordAutomaton';

/** Keywords sharing prefixes and suffixes (the automaton's failure links), and the shapes rules use. */
const KEYWORDS = ['key', 'api_key', 'token', 'ken', ':', '://', 'sk', 'ask', 'aaaaa', 'pw', '#define', 'pass', 'password', 'é-clé'];
const LOCATED = new Set([0, 1, 2, 4, 5, 8, 13]);

/** What the automaton must report, found the slow way: every occurrence in the text as `lower` folds it. */
function naive(text: string, lower = (t: string) => t.toLowerCase()): { present: boolean[]; positions: (number[] | undefined)[] } {
  const lowered = lower(text);
  const positions: (number[] | undefined)[] = [];
  const present = KEYWORDS.map((keyword, id) => {
    for (let at = lowered.indexOf(keyword); at >= 0; at = lowered.indexOf(keyword, at + 1))
      if (LOCATED.has(id)) (positions[id] ??= []).push(at + keyword.length - 1);
    return lowered.includes(keyword);
  });
  return { present, positions: Array.from({ length: KEYWORDS.length }, (_, id) => positions[id]) };
}

/** Texts made mostly of the keywords' own pieces, so that near misses and overlaps are common. */
const pieces = fc.constantFrom(
  'key',
  'KEY',
  'api_',
  'Token',
  'ke',
  'n',
  ':',
  '//',
  'sK',
  'a',
  'AA',
  'p',
  'w',
  'ass',
  '#define',
  ' ',
  '\n',
  'x',
  '-',
  'é',
  'clé',
);
const texts = fc.array(pieces, { maxLength: 60 }).map((parts) => parts.join(''));

/** The automaton's answer in `naive`'s shape: its list of keywords found (each once) as a flag per keyword. */
function scanned(automaton: KeywordAutomaton, text: string, ascii?: Uint8Array): ReturnType<typeof naive> {
  const { found, positions } = automaton.scan(text, ascii);
  assert.equal(new Set(found).size, found.length, 'a keyword is listed once');
  // The automaton's list of positions is sparse (a slot per keyword found): compared slot by slot.
  return {
    present: KEYWORDS.map((_, id) => found.includes(id)),
    positions: Array.from({ length: KEYWORDS.length }, (_, id) => positions.get(id)),
  };
}

describe('keyword automaton', () => {
  const automaton = new KeywordAutomaton(KEYWORDS, LOCATED);

  it('finds every keyword a case-insensitive search finds, and where each located one ends', () => {
    fc.assert(
      fc.property(texts, (text) => {
        assert.deepEqual(scanned(automaton, text), naive(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('leaves nothing of one scan behind for the next (its working copies are shared)', () => {
    const shared = new KeywordAutomaton(KEYWORDS, LOCATED);
    fc.assert(
      fc.property(texts, texts, (before, text) => {
        shared.scan(before);
        shared.scan(before, Buffer.from(before, 'latin1'));
        assert.deepEqual(scanned(shared, text), scanned(new KeywordAutomaton(KEYWORDS, LOCATED), text));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses keywords that need more states than its two-byte table holds, rather than scan wrongly', () => {
    // 10,000 eleven-letter keywords that share no more than their first three letters: over 80,000 states.
    const many = Array.from({ length: 10000 }, (_, i) => `${i.toString(36).padStart(3, 'z')}abcdefgh`);
    assert.throws(() => new KeywordAutomaton(many, new Set()), /more than a table of two-byte states holds/);
    assert.doesNotThrow(() => new KeywordAutomaton(many.slice(0, 1000), new Set()));
  });

  it('finds the same from an ASCII text’s bytes as from the string', () => {
    const ascii = texts.filter((text) => /^[\x00-\x7f]*$/.test(text));
    fc.assert(
      fc.property(ascii, (text) => {
        const { text: decoded, ascii: isAscii } = decodeForScan(Buffer.from(text, 'utf8'));
        assert.equal(decoded, text);
        assert.equal(isAscii, true);
        assert.deepEqual(scanned(automaton, text, Buffer.from(text, 'latin1')), scanned(automaton, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same in a long text’s bytes, scanned as two halves at once, as in its string', () => {
    // Whole keywords among the pieces, densely: some keyword always spans the middle.
    const asciiPieces = fc.constantFrom(
      ...KEYWORDS.filter((k) => /^[\x00-\x7f]*$/.test(k)),
      'KEY',
      'Token',
      'ke',
      'n',
      'sK',
      'a',
      'x',
      ' ',
      '\n',
    );
    const long = fc.array(asciiPieces, { minLength: 200, maxLength: 500 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(long, (text) => {
        const fromBytes = scanned(automaton, text, Buffer.from(text, 'latin1'));
        assert.deepEqual(fromBytes, scanned(automaton, text));
        assert.deepEqual(fromBytes, naive(text));
      }),
      { numRuns: 500 },
    );
  });

  describe('WebAssembly loop', () => {
    /** Every keyword by `indexOf` on the text with ASCII letters lowered, nothing else. */
    const reference = (text: string) => naive(text, (t) => t.replace(/[A-Z]/g, (c) => c.toLowerCase()));
    /** A small alphabet: the keywords' letters in both cases, their punctuation, and lower-case or caseless other characters. */
    const ASCII_UNITS = ['k', 'E', 'y', 'a', 'P', 'i', '_', 't', 'O', 'n', ':', '/', 's', 'w', 'd', '#', 'x', ' ', '\n'];
    const OTHER_UNITS = [...ASCII_UNITS, 'é', 'c', 'l', '-', '€'];
    const textOf = (units: string[], minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom(...units), minLength, maxLength });
    const short = fc.oneof(textOf(ASCII_UNITS, 0, 80), textOf(OTHER_UNITS, 0, 80));
    const long = fc.oneof(textOf(ASCII_UNITS, 512, 3000), textOf(OTHER_UNITS, 512, 3000));
    /** Scans as the detector does: the bytes when the text is ASCII. */
    const scan = (automaton: KeywordAutomaton, text: string) =>
      scanned(automaton, text, /^[\x00-\x7f]*$/.test(text) ? Buffer.from(text, 'latin1') : undefined);

    for (const streams of [1, 2] as const) {
      const automaton = new KeywordAutomaton(KEYWORDS, LOCATED, { streams });
      it(`equals a plain search, on short and long texts, ASCII or not (${streams} stream${streams > 1 ? 's' : ''})`, () => {
        fc.assert(
          fc.property(fc.oneof(short, long), (text) => {
            assert.deepEqual(scan(automaton, text), reference(text));
          }),
          { numRuns: 1000 },
        );
      });
    }

    it('returns to JS whenever its hit buffer fills, and continues where it stopped', () => {
      // Four hits, the least it takes: every few bytes of these texts end a keyword.
      const tiny = { hits: 4, streams: 1 } as const;
      const automata = [new KeywordAutomaton(KEYWORDS, LOCATED, tiny), new KeywordAutomaton(KEYWORDS, LOCATED, { ...tiny, streams: 2 })];
      fc.assert(
        fc.property(fc.oneof(short, long), (text) => {
          for (const automaton of automata) assert.deepEqual(scan(automaton, text), reference(text));
        }),
        { numRuns: 300 },
      );
    });

    it('grows its memory for a text longer than it holds, and scans it whole', () => {
      const automaton = new KeywordAutomaton(KEYWORDS, LOCATED, { textBytes: 16 });
      // Far past the first 64 KiB page, with keywords at the start, the end and across the middle.
      const text = 'api_key ' + 'x:y '.repeat(100000) + 'pass' + 'word' + ' z'.repeat(70000) + ' TOKEN';
      assert.deepEqual(scan(automaton, text), reference(text));
      assert.deepEqual(scan(automaton, 'sk-ask'), reference('sk-ask'));
      assert.deepEqual(scan(automaton, text + ' #define'), reference(text + ' #define'));
    });
  });

  it('decodes a text with other characters as UTF-8, and says it is not ASCII', () => {
    assert.deepEqual(decodeForScan(Buffer.from('clé = "ghp_x"', 'utf8')), { text: 'clé = "ghp_x"', invalidUtf8: false, ascii: false });
    assert.deepEqual(decodeForScan(Buffer.from([0x6b, 0xff, 0x79])), { text: 'k\ufffdy', invalidUtf8: true, ascii: false });
  });
});
