/**
 * The seam to secretlint: rules are secretlint rule creators, run here the way @secretlint/core
 * would run them but without its per-text set-up (an eager line index, an event bus, a quadratic
 * clean-up of messages), and the recommended preset, rule by rule, with the keywords that let
 * the detector skip each.
 */
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
import type { Confidence } from './finding';

/** A secretlint rule as the detector runs it. */
export interface DetectorRule {
  creator: SecretLintRuleCreator;
  /**
   * Substrings (matched case-insensitively) of which at least one occurs in any text the rule
   * can report on. A rule whose keywords are all absent is not run: this prefilter is what makes
   * scanning cheap. Omit for rules that must always run.
   */
  keywords?: readonly string[];
  /**
   * Patterns, one of which (or one of the keywords) matches any text the rule can report on: for
   * a token with no literal prefix, a part of its shape that source code seldom has. A rule with
   * anchors runs on the whole text.
   */
  anchors?: readonly RegExp[];
  /** The base names of the only files the rule reports in: in any other file it is not run. */
  fileNames?: readonly string[];
  /**
   * Lines either side of a keyword's line that the rule reads: `WINDOW_LINES` unless said. 0 for
   * a rule whose every match holds one of its keywords and stays on one line.
   */
  contextLines?: number;
  /**
   * Keywords that count only where they may be a whole word of a key name (`pat` in `GITHUB_PAT`
   * or `patToken`, not in `path` or `compat`): anywhere else they open no window.
   */
  keyWordKeywords?: readonly string[];
  /** Confidence of the rule's findings when the rule does not say otherwise. */
  confidence?: Confidence;
}

export interface RuleFailure {
  ruleId: string;
  reason: string;
}

/**
 * Where rules' reports and `secretlint-disable` ranges go. The detector collects them itself:
 * @secretlint/core's own clean-up compares every message with every later one, which is
 * quadratic in the findings of a text (thousands in a minified bundle or a data dump).
 */
export interface ReportSink {
  reports: { ruleId: string; range: readonly [number, number]; messageId: string; data: unknown }[];
  ignores: { range: readonly [number, number]; targetRuleId: string }[];
}

/** Whether a `secretlint-disable` range covers a report, as @secretlint/core decides it. */
export function isIgnored(report: ReportSink['reports'][number], ignores: ReportSink['ignores']): boolean {
  return ignores.some(
    ({ range, targetRuleId }) =>
      range[0] <= report.range[0] && report.range[1] <= range[1] && (targetRuleId === '*' || targetRuleId === report.ruleId),
  );
}

/**
 * Runs one rule on a source the way @secretlint/core would, without its per-text set-up (an
 * eager line index of the whole text, an event bus, a quadratic clean-up of the messages). Its
 * reports go to the sink; an exception disables it for this text alone, recorded in `failures`.
 * Returns a promise only for a rule whose handler returns one: Vaultify's and the preset's are
 * synchronous, and a dozen of them run on nearly every file, each `await` a promise and a turn
 * of the microtask queue.
 */
export function runRule(
  creator: SecretLintRuleCreator,
  source: SecretLintSourceCode,
  failures: RuleFailure[],
  sink: ReportSink,
): Promise<void> | undefined {
  if (!creator.meta.supportedContentTypes.some((type) => type === 'text' || type === 'all')) return undefined;
  const ruleId = creator.meta.id;
  const failed = (error: unknown): void => void failures.push({ ruleId, reason: failureReason(error) });
  const context: SecretLintRuleContext = {
    sharedOptions: {},
    createTranslator: translator,
    report: ({ message, range }) => sink.reports.push({ ruleId, range, messageId: message.messageId, data: message.data }),
    ignore: ({ range, targetRuleId }) => sink.ignores.push({ range, targetRuleId }),
  };
  try {
    const handler: SecretLintRuleReportHandler = creator.create(context, {});
    const pending: unknown = handler.file?.(source);
    if (isThenable(pending)) return Promise.resolve(pending).then(() => undefined, failed);
  } catch (error) {
    failed(error);
  }
  return undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
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

/**
 * A source as rules read it; the line index that positions need is built only if a rule asks.
 * A class, not an object of closures: one is made for every run of rules on every file.
 */
class RuleSource implements SecretLintSourceCode {
  readonly hasBOM = false;
  readonly contentType = 'text';
  readonly filePath: string;
  private starts: number[] | undefined;

  constructor(
    readonly content: string,
    readonly physicalFilePath: string | undefined,
  ) {
    this.filePath = physicalFilePath ?? 'untitled';
  }

  get ext(): string {
    return extensionOf(this.physicalFilePath);
  }

  getFilePath(): string {
    return this.filePath;
  }

  getPhysicalFilePath(): string | undefined {
    return this.physicalFilePath;
  }

  positionToIndex({ line, column }: SecretLintSourceNodePosition): number {
    return this.lineStarts()[line - 1] + column;
  }

  indexToPosition(index: number): SecretLintSourceNodePosition {
    const s = this.lineStarts();
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: index - s[lo] };
  }

  locationToRange(loc: { start: SecretLintSourceNodePosition; end: SecretLintSourceNodePosition }): [number, number] {
    return [this.positionToIndex(loc.start), this.positionToIndex(loc.end)];
  }

  rangeToLocation(range: readonly [number, number]): { start: SecretLintSourceNodePosition; end: SecretLintSourceNodePosition } {
    return { start: this.indexToPosition(range[0]), end: this.indexToPosition(range[1]) };
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const { content } = this;
    const starts = [0];
    for (let i = 0; i < content.length; i++) {
      const c = content.charCodeAt(i);
      if (c === 13 && content.charCodeAt(i + 1) === 10) i++;
      if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) starts.push(i + 1);
    }
    return (this.starts = starts);
  }
}

/** A source as rules read it. */
export function sourceCode(content: string, filePath: string | undefined): SecretLintSourceCode {
  return new RuleSource(content, filePath);
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
  keywords:
    creator.meta.id === '@secretlint/secretlint-rule-filter-comments' ? ['secretlint-'] : (PRESET_KEYWORDS[creator.meta.id] ?? ['']),
}));

/**
 * What a rule's failure is logged as. Only the error's type: its message may quote the text the
 * rule was reading (JSON.parse does), and that text may hold a secret.
 */
export function failureReason(error: unknown): string {
  const type = error instanceof Error ? error.name : typeof error;
  return `${type} (message withheld: it may quote the scanned text)`;
}
