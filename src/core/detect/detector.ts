import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type {
  SecretLintRuleContext,
  SecretLintRuleCreator,
  SecretLintRuleLocalizeMessages,
  SecretLintRuleMessageTranslate,
  SecretLintRuleReportHandler,
  SecretLintSourceCode,
  SecretLintSourceNodePosition,
} from '@secretlint/types';
import { nonSecretFilter } from './filters';
import { fingerprint } from './fingerprint';
import { type Confidence, type Finding, evidenceOf, redactedPreview } from './finding';
import { kindOf } from './kinds';
import { SERVICE_EVIDENCE, type SecretReportData } from './rules/ruleDefinition';

/** A secretlint rule as the detector runs it. */
export interface DetectorRule {
  creator: SecretLintRuleCreator;
  /**
   * Substrings (matched case-insensitively) of which at least one occurs in any text the rule
   * can report on. A rule whose keywords are all absent is not run: this prefilter is what makes
   * scanning cheap. Omit for rules that must always run.
   */
  keywords?: readonly string[];
  /** Confidence of the rule's findings when the rule does not say otherwise. */
  confidence?: Confidence;
}

export interface DetectOptions {
  /** Lets path-aware rules (`.npmrc`, `package.json`) know which file this is. */
  filePath?: string;
  /**
   * Values the user marked as not secret, asked by `fingerprint` and length: a set of
   * fingerprints, or `IgnoredValues` for salted settings entries.
   */
  ignoredFingerprints?: { has(fingerprint: string, length: number): boolean };
}

export interface RuleFailure {
  ruleId: string;
  reason: string;
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
  private readonly lowered: { rule: DetectorRule; keywords?: number[]; windowed: boolean }[];
  private readonly automaton: KeywordAutomaton;

  constructor(rules: readonly DetectorRule[], options: DetectorOptions = {}) {
    const ids = new Map<string, number>();
    const idOf = (keyword: string) => ids.get(keyword) ?? ids.set(keyword, ids.size).get(keyword)!;
    const windows = options.windows ?? true;
    this.lowered = rules.map((rule) => {
      const keywords = rule.keywords?.map((k) => idOf(k.toLowerCase()));
      const windowed = windows && keywords !== undefined && !rule.keywords!.includes('') && !WHOLE_TEXT_RULES.has(rule.creator.meta.id);
      return { rule, keywords, windowed };
    });
    const located = new Set(this.lowered.flatMap(({ keywords, windowed }) => (windowed ? keywords! : [])));
    this.automaton = new KeywordAutomaton([...ids.keys()], located);
  }

  async detect(text: string, options: DetectOptions = {}): Promise<DetectResult> {
    const { present, positions } = this.automaton.scan(text);
    const active = this.lowered.filter(({ keywords }) => !keywords || keywords.some((k) => present[k]));
    const failures: RuleFailure[] = [];
    if (!active.length) return { findings: [], failures };

    const confidenceByRule = new Map<string, Confidence>();
    const sink: ReportSink = { reports: [], ignores: [] };
    // Rules that share keywords share windows: one run of secretlint per distinct window set.
    const runs = new Map<string, { rules: DetectorRule[]; keywords?: number[] }>();
    for (const { rule, keywords, windowed } of active) {
      confidenceByRule.set(rule.creator.meta.id, rule.confidence ?? 'high');
      const key = windowed ? keywords!.join(',') : 'whole';
      const group = runs.get(key) ?? runs.set(key, { rules: [], keywords: windowed ? keywords : undefined }).get(key)!;
      group.rules.push(rule);
    }
    for (const { rules, keywords } of runs.values()) {
      const windows = keywords ? keywordWindows(text, keywords.map((k) => positions[k] ?? [])) : undefined;
      // Windows that cover most of the text save less than gluing them together costs.
      const whole = !windows || windowsLength(windows) * 2 > text.length;
      const content = whole ? text : windowedText(text, windows);
      const into: ReportSink = whole ? sink : { reports: [], ignores: [] };
      const source = sourceCode(content, options.filePath);
      for (const rule of rules) await runRule(rule.creator, source, failures, into);
      if (!whole) {
        for (const report of into.reports) {
          const range = toTextRange(windows, report.range);
          if (range) sink.reports.push({ ...report, range });
        }
      }
    }

    // In rule order, as one run of every rule would report them: overlap ties go to the earlier rule.
    if (runs.size > 1) {
      const order = new Map(active.map(({ rule }, i) => [rule.creator.meta.id, i]));
      sink.reports.sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
    }
    const findings: Finding[] = [];
    const isNonSecret = nonSecretFilter(text, options.filePath);
    // A rule that failed is disabled for this text: what it reported before failing goes too.
    const failed = new Set(failures.map((f) => f.ruleId));
    for (const message of sink.reports) {
      if (failed.has(message.ruleId) || isIgnored(message, sink.ignores)) continue;
      const [start, end] = message.range;
      const value = text.slice(start, end);
      // Vaultify's rules say what they found in the report's data; the preset's are named by message id.
      const data = message.data as Partial<SecretReportData> | undefined;
      if (!value || isNonSecret({ start, end, generic: data?.generic, verified: data?.verified, anchored: data?.evidence?.startsWith(SERVICE_EVIDENCE) })) continue;
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
    return { findings: withoutOverlaps(findings), failures };
  }
}

/**
 * Rules that read more of a text than the lines around their keywords: PEM blocks span dozens
 * of lines, a Kubernetes Secret's values sit far below its `kind: Secret`, credential files and
 * service-account JSON are read as a whole, and the comment filter's ranges must cover the
 * whole text. They run on the whole text whenever a keyword occurs. Every other rule must
 * report only values within `WINDOW_LINES` lines (and `WINDOW_REACH` characters) of one of its
 * keywords; the windowing property test checks that on the corpus.
 */
const WHOLE_TEXT_RULES: ReadonlySet<string> = new Set([
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

/** Lines of context above and below a keyword's line: a value's vendor name sits up to three above it. */
const WINDOW_LINES = 4;
/** Characters of context each way on long (minified) lines; a rule's `near` context is 400. */
const WINDOW_REACH = 4096;
/** How far a window's edge moves out of a token it would cut, so that no half-token looks whole. */
const EDGE_REACH = 4096;
/** Between windows: enough blank lines that no rule's context of the lines above reaches across. */
const WINDOW_SEPARATOR = '\n'.repeat(WINDOW_LINES + 2);

/** A window of the text, `[start, end)`, placed at `at` in the windowed text. */
interface TextWindow {
  start: number;
  end: number;
  at: number;
}

/** The merged windows around the keyword positions (each list ascending), in text order. */
function keywordWindows(text: string, lists: readonly (readonly number[])[]): TextWindow[] {
  const hits = lists.length === 1 ? lists[0] : lists.flat().sort((a, b) => a - b);
  const windows: TextWindow[] = [];
  let lineEnd = -1;
  for (const hit of hits) {
    // Another hit on a line already windowed adds nothing.
    if (hit < lineEnd) continue;
    lineEnd = lineBoundaryAfter(text, hit, 0);
    const end = tokenEdgeAfter(text, lineBoundaryAfter(text, hit, WINDOW_LINES));
    const last = windows[windows.length - 1];
    // A hit inside the last window extends it; only a hit past it needs its own start.
    if (last && hit < last.end) {
      last.end = Math.max(last.end, end);
      continue;
    }
    const start = tokenEdgeBefore(text, lineBoundaryBefore(text, hit, WINDOW_LINES));
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else windows.push({ start, end, at: 0 });
  }
  return windows;
}

/**
 * The start of the line `lines` above the one holding `offset`. Each line is looked at for at
 * most `WINDOW_REACH` characters: on a longer (minified) line the window starts that far back.
 */
function lineBoundaryBefore(text: string, offset: number, lines: number): number {
  let at = offset;
  for (let n = 0; n <= lines && at > 0; n++) {
    const limit = Math.max(0, at - WINDOW_REACH);
    let i = at - 1;
    while (i >= limit && text.charCodeAt(i) !== 10) i--;
    if (i < limit) return limit;
    at = n < lines ? i : i + 1;
  }
  return at;
}

/** The end of the line `lines` below the one holding `offset` (past its newline), bounded likewise. */
function lineBoundaryAfter(text: string, offset: number, lines: number): number {
  let at = offset;
  for (let n = 0; n <= lines && at < text.length; n++) {
    const limit = Math.min(text.length, at + WINDOW_REACH);
    let i = at;
    while (i < limit && text.charCodeAt(i) !== 10) i++;
    if (i >= limit) return limit;
    at = i + 1;
  }
  return at;
}

/** Characters a credential is made of: a window edge never falls between two of them. */
function isTokenChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 45 || c === 46 || c === 47 || c === 61 || c === 95 || c === 37 || c === 58 || c === 64;
}

/** Moves a window's start back out of a token, by at most `EDGE_REACH` (a longer run of token characters is cut). */
function tokenEdgeBefore(text: string, at: number): number {
  const limit = Math.max(0, at - EDGE_REACH);
  while (at > limit && text.charCodeAt(at - 1) !== 10 && isTokenChar(text.charCodeAt(at - 1))) at--;
  return at;
}

/** Moves a window's end forward out of a token, likewise. */
function tokenEdgeAfter(text: string, at: number): number {
  const limit = Math.min(text.length, at + EDGE_REACH);
  while (at < limit && text.charCodeAt(at) !== 10 && isTokenChar(text.charCodeAt(at))) at++;
  return at;
}

function windowsLength(windows: readonly TextWindow[]): number {
  let length = 0;
  for (const w of windows) length += w.end - w.start;
  return length;
}

/** The windows glued together by separators; sets each window's `at`. */
function windowedText(text: string, windows: TextWindow[]): string {
  const parts: string[] = [];
  let at = 0;
  for (const w of windows) {
    w.at = at;
    parts.push(text.slice(w.start, w.end));
    at += w.end - w.start + WINDOW_SEPARATOR.length;
  }
  return parts.join(WINDOW_SEPARATOR);
}

/** A range of the windowed text as a range of the text; undefined if it runs out of its window. */
function toTextRange(windows: readonly TextWindow[], [from, to]: readonly [number, number]): [number, number] | undefined {
  let lo = 0;
  let hi = windows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (windows[mid].at <= from) lo = mid;
    else hi = mid - 1;
  }
  const w = windows[lo];
  const start = w.start + from - w.at;
  const end = w.start + to - w.at;
  return start >= w.start && end <= w.end ? [start, end] : undefined;
}

/**
 * Which keywords occur in a text, in one pass however many rules and keywords there are: an
 * Aho-Corasick automaton over ASCII, letters folded to lower case. Folding ASCII only matches
 * the rules' own patterns: without the `u` flag, `i` never equates a non-ASCII character with
 * an ASCII one. Keywords with other characters are looked up one by one.
 */
class KeywordAutomaton {
  private readonly next: Int32Array;
  private readonly outputs: number[][];
  private readonly others: [id: number, keyword: string][] = [];
  private readonly count: number;
  /** Per state: 0 no keyword ends here, 1 only keywords whose positions are not needed, 2 some whose are. */
  private readonly ending: Uint8Array;
  private readonly located: boolean[];
  /** The empty keyword, which occurs in every text, kept out of the automaton. */
  private readonly empty: number[] = [];

  constructor(keywords: readonly string[], located: ReadonlySet<number>) {
    this.count = keywords.length;
    this.located = keywords.map((_, id) => located.has(id));
    const children: number[][] = [[]];
    const own: number[][] = [[]];
    keywords.forEach((keyword, id) => {
      if (!keyword) {
        this.empty.push(id);
        return;
      }
      if (/[^\x00-\x7f]/.test(keyword)) {
        this.others.push([id, keyword]);
        return;
      }
      let node = 0;
      for (const ch of keyword) {
        const c = ch.charCodeAt(0);
        if (children[node][c] === undefined) {
          children[node][c] = children.length;
          children.push([]);
          own.push([]);
        }
        node = children[node][c];
      }
      own[node].push(id);
    });
    // Breadth first: each node's failure link and missing transitions come from shorter suffixes.
    // Rows are 256 wide so that the scan loop needs no branch for a code unit above 127: columns
    // 128-255 go back to the root (as every character outside ASCII does, tested before the lookup).
    this.next = new Int32Array(children.length * 256);
    this.outputs = own.map((ids) => [...ids]);
    const fail = new Int32Array(children.length);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const child = children[0][c];
      this.next[c] = child ?? 0;
      if (child !== undefined) queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      this.outputs[node].push(...this.outputs[fail[node]].filter((id) => !this.outputs[node].includes(id)));
      for (let c = 0; c < 128; c++) {
        const child = children[node][c];
        const viaFailure = this.next[fail[node] * 256 + c];
        if (child === undefined) {
          this.next[node * 256 + c] = viaFailure;
        } else {
          this.next[node * 256 + c] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
    this.ending = Uint8Array.from(this.outputs, (ids) => (ids.some((id) => this.located[id]) ? 2 : ids.length ? 1 : 0));
    // Upper-case letters move as their lower-case ones do: the scan loop then folds nothing.
    for (let node = 0; node < children.length; node++) {
      for (let c = 65; c <= 90; c++) this.next[node * 256 + c] = this.next[node * 256 + c + 32];
    }
  }

  /**
   * `present[id]`: whether keyword `id` occurs in the text; `positions[id]`, for the keywords
   * located that occur, the ascending offsets where it ends (otherwise undefined).
   */
  scan(text: string): { present: boolean[]; positions: (number[] | undefined)[] } {
    const found = new Array<boolean>(this.count).fill(false);
    // Lists are made at a keyword's first occurrence: most of the keywords never occur in a file.
    const positions: (number[] | undefined)[] = new Array(this.count);
    const { located } = this;
    let lowered: string | undefined;
    for (const [id, keyword] of this.others) {
      lowered ??= text.toLowerCase();
      found[id] = lowered.includes(keyword);
      if (located[id]) for (let at = lowered.indexOf(keyword); at >= 0; at = lowered.indexOf(keyword, at + 1)) (positions[id] ??= []).push(at + keyword.length - 1);
    }
    // The empty keyword occurs in every text.
    for (const id of this.empty) found[id] = true;
    const { next, outputs } = this;
    // This scan's copy: a state whose keywords are all found and none located is quiet from then on
    // (a `:` or `key` in every other line of code costs one visit, not one per occurrence).
    const ending = this.ending.slice();
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      // Above 255 the low byte would alias an ASCII column: clamp it to a root-bound one.
      const c = text.charCodeAt(i);
      state = next[(state << 8) | (c < 256 ? c : 255)];
      const end = ending[state];
      if (end === 0) continue;
      const out = outputs[state];
      for (let k = 0; k < out.length; k++) {
        const id = out[k];
        found[id] = true;
        if (end === 2 && located[id]) (positions[id] ??= []).push(i);
      }
      if (end === 1) ending[state] = 0;
    }
    return { present: found, positions };
  }
}

/**
 * Where rules' reports and `secretlint-disable` ranges go. The detector collects them itself:
 * @secretlint/core's own clean-up compares every message with every later one, which is
 * quadratic in the findings of a text (thousands in a minified bundle or a data dump).
 */
interface ReportSink {
  reports: { ruleId: string; range: readonly [number, number]; messageId: string; data: unknown }[];
  ignores: { range: readonly [number, number]; targetRuleId: string }[];
}

/** Whether a `secretlint-disable` range covers a report, as @secretlint/core decides it. */
function isIgnored(report: ReportSink['reports'][number], ignores: ReportSink['ignores']): boolean {
  return ignores.some(
    ({ range, targetRuleId }) =>
      range[0] <= report.range[0] && report.range[1] <= range[1] && (targetRuleId === '*' || targetRuleId === report.ruleId),
  );
}

/**
 * Runs one rule on a source the way @secretlint/core would, without its per-text set-up (an
 * eager line index of the whole text, an event bus, a quadratic clean-up of the messages). Its
 * reports go to the sink; an exception disables it for this text alone, recorded in `failures`.
 */
async function runRule(creator: SecretLintRuleCreator, source: SecretLintSourceCode, failures: RuleFailure[], sink: ReportSink): Promise<void> {
  if (!creator.meta.supportedContentTypes.some((type) => type === 'text' || type === 'all')) return;
  const ruleId = creator.meta.id;
  const context: SecretLintRuleContext = {
    sharedOptions: {},
    createTranslator: translator,
    report: ({ message, range }) => sink.reports.push({ ruleId, range, messageId: message.messageId, data: message.data }),
    ignore: ({ range, targetRuleId }) => sink.ignores.push({ range, targetRuleId }),
  };
  let handler: SecretLintRuleReportHandler;
  try {
    handler = creator.create(context, {});
    await handler.file?.(source);
  } catch (error) {
    failures.push({ ruleId, reason: failureReason(error) });
  }
}

/** Rules' messages in English, as @secretlint/core's translator gives them with its default locale. */
function translator<T extends SecretLintRuleLocalizeMessages>(messages: T): SecretLintRuleMessageTranslate<T> {
  return ((messageId: string, props?: Record<string, unknown>) => {
    const handler = messages[messageId];
    if (!handler) throw new Error(`messages:${messageId} is missing in messages.`);
    const format = typeof handler === 'function' ? (handler as (p?: unknown) => string) : (p?: unknown) => handler.en(p);
    return { message: props === undefined || props === null ? format() : format(props), messageId, data: props };
  }) as SecretLintRuleMessageTranslate<T>;
}

/** A source as rules read it; the line index that positions need is built only if a rule asks. */
function sourceCode(content: string, filePath: string | undefined): SecretLintSourceCode {
  let starts: number[] | undefined;
  const lineStarts = (): number[] => {
    if (starts) return starts;
    starts = [0];
    for (let i = 0; i < content.length; i++) {
      const c = content.charCodeAt(i);
      if (c === 13 && content.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
    }
    return starts;
  };
  const positionToIndex = ({ line, column }: SecretLintSourceNodePosition): number => lineStarts()[line - 1] + column;
  const indexToPosition = (index: number): SecretLintSourceNodePosition => {
    const s = lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - s[lo] };
  };
  const name = filePath ?? 'untitled';
  return {
    hasBOM: false,
    content,
    filePath: name,
    physicalFilePath: filePath,
    contentType: 'text',
    ext: extensionOf(filePath),
    getFilePath: () => name,
    getPhysicalFilePath: () => filePath,
    positionToIndex,
    indexToPosition,
    locationToRange: (loc) => [positionToIndex(loc.start), positionToIndex(loc.end)],
    rangeToLocation: (range) => ({ start: indexToPosition(range[0]), end: indexToPosition(range[1]) }),
  };
}

/**
 * When rules report overlapping ranges, keep the most confident and then the narrowest. Findings
 * are first split into clusters of transitively overlapping ranges, so the choice is quadratic
 * only within a cluster (a handful of findings), not over a file with thousands.
 */
function withoutOverlaps(findings: Finding[]): Finding[] {
  const rank: Record<Confidence, number> = { high: 0, medium: 1, low: 2 };
  const byStart = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: Finding[] = [];
  for (let i = 0; i < byStart.length; ) {
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

function extensionOf(filePath: string | undefined): string {
  const m = filePath ? /(\.[^./\\]+)$/.exec(filePath) : null;
  return m ? m[1] : '';
}

/**
 * Keywords for the recommended preset's rules, taken from the literal parts of their patterns
 * (checked against @secretlint/secretlint-rule-preset-recommend 12.0.0). Each rule's every
 * match contains one of its keywords, lower-cased: the AWS rule only reports secret access keys
 * unless `enableIDScanRule` is set, and its pattern requires `secret`; the GCP rule parses JSON
 * with a `private_key`; Slack's pattern includes `xapp-`, which `xox` does not cover.
 */
const PRESET_KEYWORDS: Record<string, readonly string[] | undefined> = {
  '@secretlint/secretlint-rule-aws': ['secret'],
  '@secretlint/secretlint-rule-gcp': ['private_key'],
  '@secretlint/secretlint-rule-npm': ['npm_', '_authtoken=', 'x-oauth-basic@github'],
  '@secretlint/secretlint-rule-slack': ['xox', 'xapp-', 'hooks.slack.com'],
  '@secretlint/secretlint-rule-basicauth': ['://'],
  '@secretlint/secretlint-rule-openai': ['t3blbkfj'],
  '@secretlint/secretlint-rule-anthropic': ['sk-ant-'],
  '@secretlint/secretlint-rule-groq': ['gsk_'],
  '@secretlint/secretlint-rule-huggingface': ['hf_'],
  '@secretlint/secretlint-rule-linear': ['lin_api_'],
  '@secretlint/secretlint-rule-notion': ['ntn_'],
  '@secretlint/secretlint-rule-privatekey': ['private key'],
  '@secretlint/secretlint-rule-sendgrid': ['sg.'],
  '@secretlint/secretlint-rule-shopify': ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  '@secretlint/secretlint-rule-github': ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'],
  '@secretlint/secretlint-rule-gitlab': ['glpat-'],
  '@secretlint/secretlint-rule-grafana': ['glc_', 'glsa_'],
  '@secretlint/secretlint-rule-1password': ['ops_'],
  '@secretlint/secretlint-rule-database-connection-string': ['mongodb', 'mysql', 'postgres'],
  '@secretlint/secretlint-rule-hashicorp-vault': ['hvs.', 'hvb.', 'hvr.'],
  '@secretlint/secretlint-rule-vercel': ['vcp_', 'vci_', 'vca_', 'vcr_', 'vck_'],
  '@secretlint/secretlint-rule-databricks': ['dapi'],
  '@secretlint/secretlint-rule-docker': ['dckr_pat_'],
  '@secretlint/secretlint-rule-figma': ['figd_'],
};

/**
 * The recommended preset, rule by rule, so that each can be prefiltered. The comment filter
 * acts on `secretlint-disable` and `secretlint-enable` comments alone.
 */
export const PRESET_RULES: readonly DetectorRule[] = presetRules.map((creator) => ({
  creator: creator as SecretLintRuleCreator,
  keywords: creator.meta.id === '@secretlint/secretlint-rule-filter-comments' ? ['secretlint-'] : (PRESET_KEYWORDS[creator.meta.id] ?? ['']),
}));

/**
 * What a rule's failure is logged as. Only the error's type: its message may quote the text the
 * rule was reading (JSON.parse does), and that text may hold a secret.
 */
export function failureReason(error: unknown): string {
  const type = error instanceof Error ? error.name : typeof error;
  return `${type} (message withheld: it may quote the scanned text)`;
}
