import * as assert from 'node:assert/strict';
import { type AST, RegExpParser } from '@eslint-community/regexpp';
import fc from 'fast-check';
import { Detector } from '../../src/core/detect';
import { DEFAULT_RULES } from '../../src/core/detect/rules';
import { splitKey } from '../../src/core/detect/rules/keyWords';
import { type TokenRule, defineRule, tokenRule } from '../../src/core/detect/rules/ruleDefinition';

// How much of a text around its keywords a rule reads. A vendor token rule reads only its
// keywords' lines, which is sound only while each of its patterns matches one line holding a
// keyword; a key-word keyword (`pat`) opens a window only where it may be a word of a key.

/** Whether a node may match a line break: where it cannot be told, it may. */
function mayMatchNewline(node: AST.Node, dotAll: boolean): boolean {
  const isBreak = (c: number) => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
  switch (node.type) {
    case 'Character':
      return isBreak(node.value);
    case 'CharacterClassRange':
      return [10, 13, 0x2028, 0x2029].some((c) => node.min.value <= c && c <= node.max.value);
    case 'CharacterSet':
      if (node.kind === 'any') return dotAll;
      if (node.kind === 'space') return !node.negate;
      if (node.kind === 'digit' || node.kind === 'word') return node.negate;
      return true;
    case 'CharacterClass': {
      // A negated class matches a break exactly when its members do not: each must be exact.
      const exact = node.elements.every((e) => e.type === 'Character' || e.type === 'CharacterClassRange' || e.type === 'CharacterSet');
      const members = node.elements.some((e) => mayMatchNewline(e, dotAll));
      return node.negate ? !exact || !members : members;
    }
    case 'Quantifier':
      return mayMatchNewline(node.element, dotAll);
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup':
    case 'Assertion':
      return 'alternatives' in node && node.alternatives.some((a) => a.elements.some((e) => mayMatchNewline(e, dotAll)));
    default:
      return true;
  }
}

/**
 * Runs that every match holds, each as the strings it may be (`rk_(?:live|test)_` is one run of
 * two), lower-cased, in a sequence of elements.
 */
function requiredRuns(elements: readonly AST.Element[]): string[][] {
  const runs: string[][] = [];
  let run = [''];
  const end = () => {
    if (run.some(Boolean)) runs.push(run);
    run = [''];
  };
  const literal = (a: AST.Alternative) =>
    a.elements.every((e) => e.type === 'Character') ? a.elements.map((e) => String.fromCodePoint(e.value)).join('') : undefined;
  for (const e of elements) {
    if (e.type === 'Character') run = run.map((r) => r + String.fromCodePoint(e.value).toLowerCase());
    else if (e.type === 'Quantifier' && e.min >= 1 && e.element.type === 'Character') {
      // At least `min` times, right here; what follows may come after more of it.
      const c = String.fromCodePoint(e.element.value).toLowerCase().repeat(e.min);
      run = run.map((r) => r + c);
      end();
    } else if (e.type === 'CharacterClass' && !e.negate && e.elements.length <= 8 && e.elements.every((c) => c.type === 'Character')) {
      // A choice of a few characters (`do[opr]_v1_`), likewise.
      const options = e.elements.map((c) => String.fromCodePoint((c as AST.Character).value).toLowerCase());
      run = run.flatMap((r) => options.map((o) => r + o));
    } else if ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.every((a) => literal(a) !== undefined)) {
      // A choice of literals: the run goes on as each of them.
      const options = e.alternatives.map((a) => literal(a)!.toLowerCase());
      run = run.flatMap((r) => options.map((o) => r + o));
    } else if ((e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.length === 1) {
      end();
      runs.push(...requiredRuns(e.alternatives[0].elements));
    } else end();
  }
  end();
  return runs;
}

/** Why a pattern cannot be matched on its keywords' lines alone, or undefined if it can. */
function lineWindowFlaw(pattern: RegExp, keywords: readonly string[]): string | undefined {
  const parsed = new RegExpParser().parseLiteral(pattern.toString());
  if (mayMatchNewline(parsed.pattern, pattern.flags.includes('s'))) return 'it may match a line break';
  if (!parsed.pattern.alternatives.every((a) => holdsKeyword(a.elements, keywords)))
    return `no keyword (${keywords.join(', ')}) is in every match`;
  return undefined;
}

/** Whether every match of a sequence holds a keyword: in a run of its own, or in each branch of a group. */
function holdsKeyword(elements: readonly AST.Element[], keywords: readonly string[]): boolean {
  const inRun = (run: string[]) => run.every((r) => keywords.some((k) => r.includes(k)));
  return (
    requiredRuns(elements).some(inRun) ||
    elements.some(
      (e) => (e.type === 'Group' || e.type === 'CapturingGroup') && e.alternatives.every((a) => holdsKeyword(a.elements, keywords)),
    )
  );
}

describe('detector contexts', () => {
  it('give line windows only to token rules whose every pattern holds a keyword on one line', () => {
    const lineRules = DEFAULT_RULES.filter((rule) => rule.contextLines === 0);
    // Most vendor rules read their keywords' lines only: a check that found none would prove nothing.
    assert.ok(lineRules.length > 50, `${lineRules.length} rules with line windows`);
    const flaws: string[] = [];
    for (const rule of lineRules) {
      const { patterns } = rule as TokenRule;
      assert.ok(patterns, `${rule.creator.meta.id} reads its keywords' lines only but is no token rule`);
      for (const { pattern } of patterns) {
        const flaw = lineWindowFlaw(pattern, rule.keywords ?? []);
        if (flaw) flaws.push(`${rule.creator.meta.id}: ${pattern}: ${flaw}`);
      }
    }
    assert.deepEqual(flaws, []);
  });

  it('refuse a token pattern that is not global, which the vendor rules run `exec` on until it fails', () => {
    const pattern = (source: string, flags: string) => ({ kind: 'k', title: 't', pattern: new RegExp(source, flags) });
    assert.throws(() => tokenRule('local', ['tok_'], [pattern('tok_[a-z]{8}', '')]), /not a global pattern/);
    assert.ok(tokenRule('global', ['tok_'], [pattern('tok_[a-z]{8}', 'g')]).patterns.length === 1);
  });

  it('tell the patterns that need more than their keywords’ lines', () => {
    assert.equal(lineWindowFlaw(/(?<![A-Za-z0-9_-])SK[0-9a-f]{32}(?![A-Za-z0-9_-])/g, ['sk']), undefined);
    assert.equal(lineWindowFlaw(/(?:(?<=\/bot)|(?<![0-9]))[0-9]{6,12}:A[A-Za-z0-9_-]{32,35}/g, [':a']), undefined);
    assert.match(lineWindowFlaw(/key\s*=\s*[a-z0-9]{32}/g, ['key'])!, /line break/);
    assert.match(lineWindowFlaw(/key[^"]{0,8}"[a-z0-9]{32}"/g, ['key'])!, /line break/);
    assert.equal(lineWindowFlaw(/(?<![a-z])rk_(?:live|test)_[a-z0-9]{24}/g, ['rk_live_', 'rk_test_']), undefined);
    assert.match(lineWindowFlaw(/(?:sk|rk)_live_[a-z0-9]{24}/g, ['sk_live_'])!, /no keyword/);
    assert.equal(lineWindowFlaw(/(?:EAAA[a-z]{60}|sq0atp-[a-z]{22})(?![a-z])/g, ['eaaa', 'sq0atp-']), undefined);
    assert.match(lineWindowFlaw(/(?:EAAA[a-z]{60}|[a-z]{22})/g, ['eaaa'])!, /no keyword/);
    assert.match(lineWindowFlaw(/[a-f0-9]{64}/g, ['vendor'])!, /no keyword/);
    assert.match(lineWindowFlaw(/x(?:ab)?y[a-z]{8}/g, ['xab'])!, /no keyword/);
  });

  describe('a key-word keyword', () => {
    /** The text a rule with `pat` as a key-word keyword is run on, with line windows. */
    const seenBy = () => {
      const seen: string[] = [];
      const rule = defineRule({
        id: 'test-pat',
        keywords: ['pat'],
        keyWordKeywords: ['pat'],
        contextLines: 0,
        scan: ({ text }) => {
          seen.push(text);
          return [];
        },
      });
      return { detector: new Detector([rule]), seen };
    };

    it('opens no window where it is part of a longer word', async () => {
      const { detector, seen } = seenBy();
      await detector.detect('const path = pattern.dispatch(compat);\nPath2 = pat9\nspat.Patch = 1\n');
      assert.deepEqual(seen, []);
    });

    it('opens one wherever it may be a word of a key', async () => {
      const keys = ['GITHUB_PAT', 'patToken', 'PATToken', 'XMLPat', 'my-pat', 'pat', 'PAT_2', 'dbPat', 'x.pat.y', 'PATH'];
      for (const key of keys) {
        const { detector, seen } = seenBy();
        await detector.detect(`a = 1\n${key} = "value"\nb = 2`);
        assert.equal(seen.length, 1, key);
        assert.ok(seen[0].includes(`${key} = "value"`), key);
      }
    });

    it('sees every line in which the key reader finds the word', async () => {
      const piece = fc.constantFrom('pat', 'PAT', 'Pat', 'pAt', 'path', 'Path', 'x', 'X', 'Xy', '2', '_', '-', '.', ' ', '\u212a', 'é');
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
            { minLength: 1, maxLength: 6 },
          ),
          async (lines) => {
            const { detector, seen } = seenBy();
            await detector.detect(lines.join('\n'));
            const windows = seen.join('\n').split('\n');
            for (const line of lines)
              if (splitKey(line).includes('pat')) assert.ok(windows.includes(line), `${JSON.stringify(line)} was not seen`);
          },
        ),
        { numRuns: 1000, seed: 5 },
      );
    });
  });
});
