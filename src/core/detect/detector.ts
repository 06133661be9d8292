import { nonSecretFilter } from './filters';
import { fingerprint } from './fingerprint';
import { type Confidence, type Finding, evidenceOf, redactedPreview } from './finding';
import { kindOf } from './kinds';
import { mayBeKeyWord } from './rules/keyWords';
import { SERVICE_EVIDENCE, type SecretReportData } from './rules/ruleDefinition';
import { KeywordAutomaton } from './keywordAutomaton';
import { type DetectorRule, type ReportSink, type RuleFailure, isIgnored, runRule, sourceCode } from './secretlintAdapter';
import { type TextWindow, WINDOW_LINES, keywordWindows, toTextRange, windowedText, windowsLength } from './windows';

export interface DetectOptions {
  /** Lets path-aware rules (`.npmrc`, `package.json`) know which file this is. */
  filePath?: string;
  /**
   * Values the user marked as not secret, asked by `fingerprint` and length: a set of
   * fingerprints, or `IgnoredValues` for salted settings entries.
   */
  ignoredFingerprints?: { has(fingerprint: string, length: number): boolean };
  /**
   * The text's own bytes when it is all ASCII (a byte a character): the keyword scan reads them
   * rather than the string, which is faster. Read only before `detect` first awaits.
   */
  asciiBytes?: Uint8Array;
}

export interface DetectResult {
  findings: Finding[];
  /** Rules that threw on this text; they were disabled for it and the others still ran. */
  failures: RuleFailure[];
}

export interface DetectorOptions {
  /**
   * Run each rule only on windows of the text around its keywords' occurrences (the default)
   * rather than on the whole text. Off gives the reference full scan that tests compare with.
   */
  windows?: boolean;
}

export class Detector {
  /** Each rule with its keywords' ids, and `group`: rules with the same group share windows (one run of secretlint). */
  private readonly lowered: {
    rule: DetectorRule;
    keywords?: number[];
    anchors?: RegExp[];
    fileNames?: readonly string[];
    windowed: boolean;
    group: number;
    /** Lines either side of each keyword's line in the rule's windows. */
    contextLines: number;
    /**
     * By keyword id, for a windowed rule: 1 for its keywords, 2 for its key-word keywords (see
     * `DetectorRule.keyWordKeywords`), 0 for the others.
     */
    marks?: Uint8Array;
  }[];
  /** Each keyword's length, by id. */
  private readonly keywordLengths: number[];
  private readonly automaton: KeywordAutomaton;
  /** For each keyword id, the indices in `lowered` of the rules it triggers. */
  private readonly rulesOf: number[][];
  /** The indices in `lowered` of the rules that may run on a text holding none of their keywords: those without keywords, or with anchors. */
  private readonly keywordless: number[];
  /**
   * Which rules a text's keywords trigger, by index in `lowered`: one array for every text, set
   * and cleared again before `detect` first awaits, so that no call sees another's.
   */
  private readonly triggered: Uint8Array;

  constructor(rules: readonly DetectorRule[], options: DetectorOptions = {}) {
    const ids = new Map<string, number>();
    const idOf = (keyword: string) => ids.get(keyword) ?? ids.set(keyword, ids.size).get(keyword)!;
    const windows = options.windows ?? true;
    const groups = new Map<string, number>();
    const lowered = rules.map((rule) => {
      const keywords = rule.keywords?.map((k) => idOf(k.toLowerCase()));
      // An anchor is only tested: `test` on a global pattern would move its `lastIndex`.
      const anchors = rule.anchors?.map((a) => new RegExp(a.source, a.flags.replace(/[gy]/g, '')));
      const windowed =
        windows && keywords !== undefined && !anchors && !rule.keywords!.includes('') && !WHOLE_TEXT_RULES.has(rule.creator.meta.id);
      const contextLines = rule.contextLines ?? WINDOW_LINES;
      const keyWordKeywords = rule.keyWordKeywords && new Set(rule.keyWordKeywords.map((k) => idOf(k.toLowerCase())));
      const key = windowed ? `${contextLines} ${keywords.join(',')} ${[...(keyWordKeywords ?? [])].join(',')}` : 'whole';
      const group = groups.get(key) ?? groups.set(key, groups.size).get(key)!;
      return { rule, keywords, anchors, fileNames: rule.fileNames, windowed, group, contextLines, keyWordKeywords };
    });
    this.keywordLengths = [...ids.keys()].map((k) => k.length);
    this.lowered = lowered.map(({ keyWordKeywords, ...entry }) => {
      if (!entry.windowed) return { ...entry, marks: undefined };
      const marks = new Uint8Array(ids.size);
      for (const k of entry.keywords!) marks[k] = keyWordKeywords?.has(k) ? 2 : 1;
      return { ...entry, marks };
    });
    const located = new Set(this.lowered.flatMap(({ keywords, windowed }) => (windowed ? keywords! : [])));
    this.automaton = new KeywordAutomaton([...ids.keys()], located);
    this.rulesOf = Array.from({ length: ids.size }, () => []);
    this.lowered.forEach(({ keywords }, i) => keywords?.forEach((k) => this.rulesOf[k].push(i)));
    this.keywordless = this.lowered.flatMap(({ keywords, anchors }, i) => (!keywords || anchors ? [i] : []));
    this.triggered = new Uint8Array(this.lowered.length);
  }

  async detect(text: string, options: DetectOptions = {}): Promise<DetectResult> {
    const failures: RuleFailure[] = [];
    const plan = this.plan(text, options);
    if (!plan) return { findings: [], failures };
    const sink: ReportSink = { reports: [], ignores: [] };
    for (const run of plan.runs) await runOn(text, run, options.filePath, failures, sink);
    return { findings: this.findingsOf(text, plan, sink, failures, options), failures };
  }

  /**
   * The rules a text triggers, grouped in runs with their windows; undefined when none is. All
   * of it before `detect` first awaits: the keyword scan's results and `triggered` are shared by
   * every call. Kept apart from the rest of `detect`, so that the optimising compiler handles
   * small functions, each recompiled alone when new input changes what it has seen.
   */
  private plan(text: string, options: DetectOptions): Plan | undefined {
    const { found, positions } = this.automaton.scan(text, options.asciiBytes);
    // From the few keywords found to their rules, rather than from every rule to its keywords:
    // `triggered[i]` is 1 for a rule a keyword triggers, 2 for one that may run without.
    const { triggered } = this;
    const asked: number[] = [];
    for (const k of found)
      for (const i of this.rulesOf[k])
        if (triggered[i] === 0) {
          triggered[i] = 1;
          asked.push(i);
        }
    for (const i of this.keywordless)
      if (triggered[i] === 0) {
        triggered[i] = 2;
        asked.push(i);
      }
    const active: Detector['lowered'] = [];
    let name: string | undefined;
    let named = false;
    try {
      inRuleOrder(asked);
      for (const i of asked) {
        const candidate = this.lowered[i];
        const { keywords, anchors, fileNames } = candidate;
        const keyed = !keywords || triggered[i] === 1;
        if (!keyed && !anchors) continue;
        if (fileNames) {
          // The file's base name, only once a rule asks for it.
          if (!named) {
            name = options.filePath?.replace(/^.*[\\/]/, '');
            named = true;
          }
          if (name === undefined || !fileNames.includes(name)) continue;
        }
        if (!keyed && !anchors!.some((a) => a.test(text))) continue;
        active.push(candidate);
      }
    } finally {
      // Whatever happened, the next text starts from no rule triggered.
      for (const i of asked) triggered[i] = 0;
    }
    if (!active.length) return undefined;
    // Rules that share keywords share windows: one run of secretlint per distinct window set, in
    // the order of each set's first rule. A text triggers a handful of sets: a list is searched.
    const runs: Run[] = [];
    for (const { rule, group, marks, contextLines } of active) {
      let run = runs.find((r) => r.group === group);
      if (!run) {
        const windows = marks ? keywordWindows(text, this.keywordPositions(text, marks, positions), contextLines) : undefined;
        runs.push((run = { group, rules: [], windows }));
      }
      run.rules.push(rule);
    }
    return { active, runs };
  }

  /** The findings of the reports, filtered: what `detect` returns. */
  private findingsOf(
    text: string,
    { active, runs }: Plan,
    sink: ReportSink,
    failures: readonly RuleFailure[],
    options: DetectOptions,
  ): Finding[] {
    const findings: Finding[] = [];
    // The filter reads the whole text once (sealed documents, armoured blocks): only when there is something to filter.
    if (!sink.reports.length) return findings;
    // In rule order, as one run of every rule would report them: overlap ties go to the earlier rule.
    if (runs.length > 1 && sink.reports.length > 1) {
      const order = new Map(active.map(({ rule }, i) => [rule.creator.meta.id, i]));
      sink.reports.sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
    }
    const confidenceByRule = new Map<string, Confidence>(active.map(({ rule }) => [rule.creator.meta.id, rule.confidence ?? 'high']));
    const isNonSecret = nonSecretFilter(text, options.filePath);
    // A rule that failed is disabled for this text: what it reported before failing goes too.
    const failed = new Set(failures.map((f) => f.ruleId));
    for (const message of sink.reports) {
      if (failed.has(message.ruleId) || isIgnored(message, sink.ignores)) continue;
      const [start, end] = message.range;
      const value = text.slice(start, end);
      // Vaultify's rules say what they found in the report's data; the preset's are named by message id.
      const data = message.data as Partial<SecretReportData> | undefined;
      const part = data?.secretPart;
      if (
        !value ||
        isNonSecret({
          start: part ? start + part[0] : start,
          end: part ? start + part[1] : end,
          generic: data?.generic,
          verified: data?.verified,
          anchored: data?.evidence?.startsWith(SERVICE_EVIDENCE),
        })
      )
        continue;
      if (options.ignoredFingerprints?.has(fingerprint(value), value.length)) continue;
      const { kind, title } = kindOf(message.ruleId, message.messageId);
      const confidence = data?.confidence ?? confidenceByRule.get(message.ruleId) ?? 'high';
      findings.push({
        ruleId: message.ruleId,
        kind: data?.kind ?? kind,
        title: data?.title ?? title,
        start,
        end,
        confidence,
        evidence: data?.evidence ?? evidenceOf(value, { generic: data?.generic, verified: data?.verified, confidence }),
        preview: redactedPreview(value, { generic: data?.generic, confidence: data?.confidence ?? confidenceByRule.get(message.ruleId) }),
      });
    }
    return withoutOverlaps(findings);
  }

  /**
   * The position lists of a rule's keywords that occur, read from the few keywords found rather
   * than from the rule's (the assignment rule has hundreds); each list ascending, in no order
   * among them. A key-word keyword keeps only its hits that may be a key's word.
   */
  private keywordPositions(text: string, marks: Uint8Array, positions: ReadonlyMap<number, number[]>): number[][] {
    const lists: number[][] = [];
    for (const [k, list] of positions) {
      const mark = marks[k];
      if (mark === 0) continue;
      const length = this.keywordLengths[k];
      const kept = mark === 2 ? list.filter((end) => mayBeKeyWord(text, end + 1 - length, end + 1)) : list;
      if (kept.length) lists.push(kept);
    }
    return lists;
  }
}

/** The rules that share one set of windows (`undefined`: the whole text). */
interface Run {
  group: number;
  rules: DetectorRule[];
  windows?: TextWindow[];
}

/** What a text triggers: the rules, in rule order, and their runs. */
interface Plan {
  active: readonly { rule: DetectorRule }[];
  runs: Run[];
}

/** Runs a run's rules on its windows (glued together) or the whole text, their reports placed in the text. */
async function runOn(
  text: string,
  { rules, windows }: Run,
  filePath: string | undefined,
  failures: RuleFailure[],
  sink: ReportSink,
): Promise<void> {
  // Only keywords that open no window (`pat` in `path`) occur: nothing to run on.
  if (windows && !windows.length) return;
  // Windows that cover most of the text save less than gluing them together costs.
  const whole = !windows || windowsLength(windows) * 2 > text.length;
  const content = whole ? text : windowedText(text, windows);
  const into: ReportSink = whole ? sink : { reports: [], ignores: [] };
  const source = sourceCode(content, filePath);
  for (const rule of rules) {
    const pending = runRule(rule.creator, source, failures, into);
    if (pending) await pending;
  }
  if (whole) return;
  for (const report of into.reports) {
    const range = toTextRange(windows, report.range);
    if (range) sink.reports.push({ ...report, range });
  }
}

/**
 * Sorts a text's triggered rules (a handful) ascending, in place: `sort` copies the array into a
 * work area of its own, some 40 MB of garbage a pass over the source tree.
 */
function inRuleOrder(rules: number[]): void {
  for (let i = 1; i < rules.length; i++) {
    const rule = rules[i];
    let j = i;
    for (; j > 0 && rules[j - 1] > rule; j--) rules[j] = rules[j - 1];
    rules[j] = rule;
  }
}

/**
 * Rules that read more of a text than the lines around their keywords: PEM blocks span dozens
 * of lines, a Kubernetes Secret's values sit far below its `kind: Secret`, credential files and
 * service-account JSON are read as a whole, and the comment filter's ranges must cover the
 * whole text. They run on the whole text whenever a keyword occurs. Every other rule must
 * report only values within its `contextLines` (`WINDOW_LINES` unless said) lines, and
 * `WINDOW_REACH` characters, of one of its keywords; the windowing property test checks that on
 * the corpus.
 */
export const WHOLE_TEXT_RULES: ReadonlySet<string> = new Set([
  'vaultify/private-key',
  'vaultify/putty-private-key',
  'vaultify/gcp-service-account',
  'vaultify/kubernetes-secret',
  'vaultify/netrc',
  'vaultify/npmrc',
  'vaultify/docker-config',
  'vaultify/pgpass',
  'vaultify/jwt-signing-secret',
  '@secretlint/secretlint-rule-gcp',
  '@secretlint/secretlint-rule-privatekey',
  '@secretlint/secretlint-rule-filter-comments',
]);

/**
 * When rules report overlapping ranges, keep the most confident and then the narrowest. Findings
 * are first split into clusters of transitively overlapping ranges, so the choice is quadratic
 * only within a cluster (a handful of findings), not over a file with thousands.
 */
function withoutOverlaps(findings: Finding[]): Finding[] {
  const rank: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
  const byStart = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Finding[] = [];
  for (let i = 0; i < byStart.length;) {
    let j = i + 1;
    let reach = byStart[i].end;
    while (j < byStart.length && byStart[j].start < reach) reach = Math.max(reach, byStart[j++].end);
    const cluster = byStart
      .slice(i, j)
      .sort((a, b) => rank[a.confidence] - rank[b.confidence] || a.end - a.start - (b.end - b.start) || a.start - b.start);
    const chosen: Finding[] = [];
    for (const f of cluster) if (!chosen.some((k) => f.start < k.end && k.start < f.end)) chosen.push(f);
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    i = j;
  }
  return kept;
}
