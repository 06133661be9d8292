import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as presetRules } from '@secretlint/secretlint-rule-preset-recommend';
import type {
  SecretLintCoreConfig,
  SecretLintRuleContext,
  SecretLintRuleCreator,
  SecretLintRuleReportHandler,
  SecretLintSourceCode,
} from '@secretlint/types';
import { nonSecretFilter } from './filters';
import { fingerprint } from './fingerprint';
import { type Confidence, type Finding, redactedPreview } from './finding';
import { kindOf } from './kinds';
import type { SecretReportData } from './rules/ruleDefinition';

/**
 * @secretlint/core marks every rule run on a process-wide profiler that keeps every mark forever
 * and scans them all on each new one: memory grows, and each detection gets slower than the last
 * (quadratic over a language server's life). Vaultify never reads those figures, so it makes no marks.
 */
secretLintProfiler.mark = () => undefined;

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

export class Detector {
  private readonly lowered: { rule: DetectorRule; keywords?: number[] }[];
  private readonly automaton: KeywordAutomaton;

  constructor(rules: readonly DetectorRule[]) {
    const ids = new Map<string, number>();
    const idOf = (keyword: string) => ids.get(keyword) ?? ids.set(keyword, ids.size).get(keyword)!;
    this.lowered = rules.map((rule) => ({ rule, keywords: rule.keywords?.map((k) => idOf(k.toLowerCase())) }));
    this.automaton = new KeywordAutomaton([...ids.keys()]);
  }

  async detect(text: string, options: DetectOptions = {}): Promise<DetectResult> {
    const present = this.automaton.present(text);
    const active = this.lowered.filter(({ keywords }) => !keywords || keywords.some((k) => present[k]));
    const failures: RuleFailure[] = [];
    if (!active.some(({ keywords }) => keywords)) return { findings: [], failures };

    const confidenceByRule = new Map<string, Confidence>();
    const sink: ReportSink = { reports: [], ignores: [] };
    const config: SecretLintCoreConfig = {
      rules: active.map(({ rule }) => {
        confidenceByRule.set(rule.creator.meta.id, rule.confidence ?? 'high');
        return { id: rule.creator.meta.id, rule: isolated(rule.creator, failures, sink) };
      }),
    };
    await lintSource({
      source: {
        content: text,
        filePath: options.filePath ?? 'untitled',
        ext: extensionOf(options.filePath),
        contentType: 'text',
      },
      options: { config, noPhysicFilePath: options.filePath === undefined },
    });

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
      if (!value || isNonSecret({ start, end, generic: data?.generic, verified: data?.verified })) continue;
      if (options.ignoredFingerprints?.has(fingerprint(value), value.length)) continue;
      const { kind, title } = kindOf(message.ruleId, message.messageId);
      findings.push({
        ruleId: message.ruleId,
        kind: data?.kind ?? kind,
        title: data?.title ?? title,
        start,
        end,
        confidence: data?.confidence ?? confidenceByRule.get(message.ruleId) ?? 'high',
        preview: redactedPreview(value, { generic: data?.generic, confidence: data?.confidence ?? confidenceByRule.get(message.ruleId) }),
      });
    }
    return { findings: withoutOverlaps(findings), failures };
  }
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

  constructor(keywords: readonly string[]) {
    this.count = keywords.length;
    const children: number[][] = [[]];
    const own: number[][] = [[]];
    keywords.forEach((keyword, id) => {
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
    this.next = new Int32Array(children.length * 128);
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
        const viaFailure = this.next[fail[node] * 128 + c];
        if (child === undefined) {
          this.next[node * 128 + c] = viaFailure;
        } else {
          this.next[node * 128 + c] = child;
          fail[child] = viaFailure;
          queue.push(child);
        }
      }
    }
  }

  /** `present[id]`: whether keyword `id` occurs in the text. */
  present(text: string): boolean[] {
    const found = new Array<boolean>(this.count).fill(false);
    let remaining = this.count - this.others.length;
    for (const [id, keyword] of this.others) found[id] = text.toLowerCase().includes(keyword);
    // The empty keyword occurs in every text.
    for (const id of this.outputs[0]) {
      found[id] = true;
      remaining--;
    }
    let state = 0;
    for (let i = 0; i < text.length && remaining > 0; i++) {
      let c = text.charCodeAt(i);
      if (c >= 128) {
        state = 0;
        continue;
      }
      if (c >= 65 && c <= 90) c += 32;
      state = this.next[state * 128 + c];
      const out = this.outputs[state];
      for (let k = 0; k < out.length; k++) {
        if (!found[out[k]]) {
          found[out[k]] = true;
          remaining--;
        }
      }
    }
    return found;
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
 * Wraps a rule so that its reports go to the sink, and an exception disables it for this text
 * alone, recorded in `failures`.
 */
function isolated(creator: SecretLintRuleCreator, failures: RuleFailure[], sink: ReportSink): SecretLintRuleCreator {
  return {
    ...creator,
    create(secretlintContext: SecretLintRuleContext, options: object): SecretLintRuleReportHandler {
      const ruleId = creator.meta.id;
      const context: SecretLintRuleContext = {
        ...secretlintContext,
        report: ({ message, range }) => sink.reports.push({ ruleId, range, messageId: message.messageId, data: message.data }),
        ignore: ({ range, targetRuleId }) => sink.ignores.push({ range, targetRuleId }),
      };
      let failed = false;
      const guard =
        <A extends unknown[]>(fn: ((...args: A) => void | Promise<void>) | undefined) =>
        async (...args: A): Promise<void> => {
          if (!fn || failed) return;
          try {
            await fn(...args);
          } catch (error) {
            failed = true;
            failures.push({ ruleId: creator.meta.id, reason: failureReason(error) });
          }
        };
      let handler: SecretLintRuleReportHandler;
      try {
        handler = creator.create(context, options);
      } catch (error) {
        failures.push({ ruleId: creator.meta.id, reason: failureReason(error) });
        return {};
      }
      return {
        file: guard((source: SecretLintSourceCode) => handler.file?.(source)),
        ...(handler.identifier ? { identifier: guard(handler.identifier.bind(handler)) } : {}),
      };
    },
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
 * (`secretlint-disable-line`) has no keywords: it must run whenever any scanner does.
 */
export const PRESET_RULES: readonly DetectorRule[] = presetRules.map((creator) => ({
  creator: creator as SecretLintRuleCreator,
  keywords: creator.meta.id === '@secretlint/secretlint-rule-filter-comments' ? undefined : (PRESET_KEYWORDS[creator.meta.id] ?? ['']),
}));

/**
 * What a rule's failure is logged as. Only the error's type: its message may quote the text the
 * rule was reading (JSON.parse does), and that text may hold a secret.
 */
export function failureReason(error: unknown): string {
  const type = error instanceof Error ? error.name : typeof error;
  return `${type} (message withheld: it may quote the scanned text)`;
}
