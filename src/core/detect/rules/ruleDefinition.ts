import type { SecretLintRuleCreator, SecretLintRuleLocalizeMessages } from '@secretlint/types';
import type { DetectorRule } from '../secretlintAdapter';
import type { Confidence } from '../finding';

/** What a Vaultify rule reports: the exact range of the value, and what it is. */
export interface SecretMatch {
  start: number;
  end: number;
  kind: string;
  title: string;
  confidence: Confidence;
  /** The value passed its vendor's checksum: it counts even where test code calls it fake. */
  verified?: boolean;
  /** Found by key name and value evidence rather than by a vendor format. */
  generic?: boolean;
  /**
   * Why the rule believes it, when it knows better than its format alone: `service name nearby
   * (Shippo)`, `key name + entropy`. Never holds any of the value.
   */
  evidence?: string;
  /**
   * The part of the match that is the secret, as offsets into the match, when the match is a
   * whole structure (a JWK object): filters judge this part, not the names of its other members.
   */
  secretPart?: [from: number, to: number];
}

/** How a service-anchored finding's evidence starts: the service's name, not the value's shape, is the evidence. */
export const SERVICE_EVIDENCE = 'service name';

/** The evidence of a secret found beside the public id that completes it (an Alibaba AccessKey id, a Twilio account SID). */
export const PAIRED_EVIDENCE = 'public id nearby';

/** The props every Vaultify report carries; the detector reads them back from `message.data`. */
export type SecretReportData = Pick<SecretMatch, 'kind' | 'title' | 'confidence' | 'verified' | 'generic' | 'evidence' | 'secretPart'>;

export interface ScannedSource {
  text: string;
  /** Undefined when the text has no file (an untitled buffer). */
  filePath?: string;
}

export interface RuleSpec {
  /** Becomes `vaultify/<id>`. */
  id: string;
  /** Lower-case substrings of which one occurs in any text the rule can report on. */
  keywords: readonly string[];
  /** Shapes that trigger the rule besides its keywords (see `DetectorRule.anchors`). */
  anchors?: readonly RegExp[];
  /** The base names of the only files the rule reports in (see `DetectorRule.fileNames`). */
  fileNames?: readonly string[];
  /** See `DetectorRule.contextLines`. */
  contextLines?: number;
  /** See `DetectorRule.keyWordKeywords`. */
  keyWordKeywords?: readonly string[];
  scan(source: ScannedSource): Iterable<SecretMatch>;
}

const messages: SecretLintRuleLocalizeMessages = {
  // The message names the kind only: secretlint's own messages embed the value.
  SECRET: { en: (props?: SecretReportData) => `found ${props?.title ?? 'a credential'}` },
};

/** Wraps a scanner as a secretlint rule, so that it runs through @secretlint/core like the preset. */
export function defineRule(spec: RuleSpec): DetectorRule {
  const creator: SecretLintRuleCreator = {
    messages,
    meta: { id: `vaultify/${spec.id}`, recommended: true, type: 'scanner', supportedContentTypes: ['text'] },
    create(context) {
      const t = context.createTranslator(messages);
      return {
        file(source) {
          const filePath = source.filePath && source.filePath !== 'untitled' ? source.filePath : undefined;
          for (const m of spec.scan({ text: source.content, filePath })) {
            const data: SecretReportData = { kind: m.kind, title: m.title, confidence: m.confidence };
            if (m.verified) data.verified = true;
            if (m.generic) data.generic = true;
            if (m.evidence) data.evidence = m.evidence;
            if (m.secretPart) data.secretPart = m.secretPart;
            context.report({ message: t('SECRET', data), range: [m.start, m.end] });
          }
        },
      };
    },
  };
  return {
    creator,
    keywords: spec.keywords,
    ...(spec.anchors ? { anchors: spec.anchors } : {}),
    ...(spec.fileNames ? { fileNames: spec.fileNames } : {}),
    ...(spec.contextLines !== undefined ? { contextLines: spec.contextLines } : {}),
    ...(spec.keyWordKeywords ? { keyWordKeywords: spec.keyWordKeywords } : {}),
  };
}

/**
 * Where a vendor token may start: not inside a longer word, though a terminal's colour code
 * (`ESC[93m`) just before the token does not count as one.
 */
export const TOKEN_START = '(?:(?<=\\x1b\\[[0-9;]{0,12}m)|(?<![A-Za-z0-9_-]))';

/** One vendor token format. */
export interface TokenPattern {
  kind: string;
  title: string;
  /**
   * A global regex. With the `d` flag and a group named `secret`, that group is the value's
   * range; otherwise the whole match is. Quantifiers are bounded and classes do not overlap
   * across adjacent repetitions, so matching stays linear.
   */
  pattern: RegExp;
  /** Defaults to high. */
  confidence?: Confidence;
  /** Checks a regex cannot express (a decodable payload, say): false drops the match. */
  verify?: (value: string) => boolean;
  /** The vendor's checksum. A value that fails it is kept at medium confidence. */
  checksum?: (value: string) => boolean;
  /** Must match the value's line or the three lines above it (the vendor's name, usually). */
  near?: RegExp;
  /**
   * Must match within three lines either side: the secret half of a pair whose other half (an
   * account id) is public on its own.
   */
  pairedWith?: RegExp;
}

/** A rule of vendor token formats; `patterns` lets tests check what its windows assume. */
export interface TokenRule extends DetectorRule {
  patterns: readonly TokenPattern[];
}

/**
 * A rule made of vendor token formats, each reported at the range of its value. Unless a pattern
 * reads the lines around its match (`near`, `pairedWith`), the rule runs on its keywords' lines
 * only: a vendor token holds its own prefix, so the lines around it tell nothing (a unit test
 * holds every such pattern to a keyword in each match, on one line).
 */
export function tokenRule(
  id: string,
  keywords: readonly string[],
  patterns: readonly TokenPattern[],
  triggers: Pick<RuleSpec, 'anchors' | 'contextLines'> = {},
): TokenRule {
  // `matchPattern` runs `exec` until it fails: on a pattern without `g` that never happens.
  const local = patterns.find((p) => !p.pattern.global);
  if (local) throw new Error(`token rule ${id}: ${local.pattern} is not a global pattern`);
  // A rule with anchors reads the whole text anyway.
  const context = triggers.anchors || patterns.some((p) => p.near || p.pairedWith) ? {} : { contextLines: 0 };
  return {
    ...defineRule({
      id,
      keywords,
      ...context,
      ...triggers,
      scan({ text }) {
        const matches: SecretMatch[] = [];
        for (const p of patterns) matchPattern(text, p, matches);
        return matches;
      },
    }),
    patterns,
  };
}

/**
 * Adds the pattern's matches in `text` to `into`. Every vendor rule runs this on nearly every
 * file: a list costs less than a generator, and `exec` on the pattern itself less than
 * `matchAll`, which copies the pattern each time (nothing else runs between its calls here).
 */
function matchPattern(text: string, p: TokenPattern, into: SecretMatch[]): void {
  const { pattern } = p;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match[0] === '') pattern.lastIndex++;
    const group = match.indices?.groups?.secret;
    const [start, end] = group ?? [match.index, match.index + match[0].length];
    const value = text.slice(start, end);
    if (p.near && !p.near.test(surroundings(text, start, end))) continue;
    if (p.pairedWith && !p.pairedWith.test(surroundings(text, start, end) + linesBelow(text, end, 3))) continue;
    if (p.verify && !p.verify(value)) continue;
    const verified = p.checksum ? p.checksum(value) : undefined;
    const confidence = verified === false && (p.confidence ?? 'high') === 'high' ? 'medium' : (p.confidence ?? 'high');
    // A pair's secret half rests on its public half beside it, not on a format of its own.
    const evidence = p.pairedWith ? PAIRED_EVIDENCE : undefined;
    into.push({
      start,
      end,
      kind: p.kind,
      title: p.title,
      confidence,
      ...(verified ? { verified } : {}),
      ...(evidence ? { evidence } : {}),
    });
  }
}

/**
 * The value's line and the few lines above it, where a config names what a value is for.
 * Bounded to a few hundred characters each way so that a minified one-line file stays linear.
 */
export function surroundings(text: string, start: number, end: number, linesAbove = 3, reach = 400): string {
  let from = start;
  for (let lines = 0; from > 0 && start - from < reach; from--) {
    if (text.charCodeAt(from - 1) === 10 && ++lines > linesAbove) break;
  }
  let to = end;
  while (to < text.length && to - end < reach && text.charCodeAt(to) !== 10) to++;
  return text.slice(from, to);
}

/** The rest of the value's line and up to `count` lines below it, at most 400 characters. */
function linesBelow(text: string, end: number, count: number): string {
  let to = end;
  for (let lines = 0; to < text.length && to - end < 400; to++) {
    if (text.charCodeAt(to) === 10 && ++lines > count) break;
  }
  return text.slice(end, to);
}
