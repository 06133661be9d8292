/** How sure a rule is that a match is a live credential. Low ones show as Information. */
export type Confidence = 'high' | 'medium' | 'low';

/** One credential found in a text. Offsets are UTF-16 indexes into that text. */
export interface Finding {
  /** The secretlint rule that reported it, e.g. `@secretlint/secretlint-rule-github`. */
  ruleId: string;
  /** A stable machine name for the credential's kind, e.g. `github-token`. */
  kind: string;
  /** A human name for the kind, e.g. `GitHub token`. */
  title: string;
  start: number;
  end: number;
  confidence: Confidence;
  /**
   * Why this is a credential, for the hover and `--format json`: `vendor prefix ghp_ + checksum`,
   * `service name nearby (Shippo) + entropy`, `key name + entropy`, `vendor format`. Names the
   * documented vendor prefix at most, never another character of the value.
   */
  evidence: string;
  /**
   * A redacted preview: a documented vendor prefix at most, then the length, e.g.
   * `ghp_…(40 chars)` or `…(22 chars)`. It never holds a character of the value's secret part.
   */
  preview: string;
}

/**
 * Prefixes that vendors document as the fixed start of their tokens, so that showing one tells
 * nothing about the secret part. Nothing outside this list is ever shown: a guess at "what looks
 * like a prefix" showed the first characters of passwords (`Summer24-…`).
 */
export const PREVIEW_PREFIXES: readonly string[] = [
  // GitHub, GitLab
  'github_pat_',
  'ghp_',
  'gho_',
  'ghu_',
  'ghs_',
  'ghr_',
  'glpat-',
  'glptt-',
  'gldt-',
  'glrt-',
  'glsoat-',
  // Slack
  'xoxb-',
  'xoxp-',
  'xoxa-',
  'xoxr-',
  'xoxs-',
  'xoxe-',
  'xapp-',
  // Stripe and other payments
  'sk_live_',
  'sk_test_',
  'rk_live_',
  'rk_test_',
  'whsec_',
  'sq0atp-',
  'sq0csp-',
  'EAAA',
  'access_token$production$',
  'access_token$sandbox$',
  // AI providers
  'sk-ant-api03-',
  'sk-ant-admin01-',
  'sk-ant-oat01-',
  'sk-proj-',
  'sk-svcacct-',
  'sk-admin-',
  'gsk_',
  'hf_',
  'r8_',
  'lsv2_pt_',
  'lsv2_sk_',
  'sk-lf-',
  // Clouds and platforms
  'AKIA',
  'ASIA',
  'AIza',
  'GOCSPX-',
  'ya29.',
  'dop_v1_',
  'doo_v1_',
  'dor_v1_',
  'HRKU-',
  'vcp_',
  'vci_',
  'vca_',
  'vcr_',
  'vck_',
  'nfp_',
  'nfc_',
  'nfo_',
  'fo1_',
  'pul-',
  'hvs.',
  'hvb.',
  'hvr.',
  'dp.pt.',
  'dp.st.',
  'dp.sa.',
  'dp.ct.',
  'dapi',
  'AKCp',
  // Registries
  'npm_',
  'pypi-',
  'rubygems_',
  'dckr_pat_',
  'oy2',
  // Monitoring, messaging and apps
  'glc_',
  'glsa_',
  'sntryu_',
  'sntrys_',
  'NRAK-',
  'SG.',
  'xkeysib-',
  'xsmtpsib-',
  'shpat_',
  'shpca_',
  'shppa_',
  'shpss_',
  'lin_api_',
  'lin_oauth_',
  'ntn_',
  'figd_',
  'ops_',
  'ATATT3',
  'ATCTT3',
  'ATBB',
  'shippo_live_',
  'shippo_test_',
  'AGE-SECRET-KEY-1',
  // Prefixed tokens of services without a module of their own
  'tgp_v1_',
  'tvly-',
  'sbp_',
  'cosmo_',
  'phx_',
  'phs_',
  'pha_',
  'phr_',
  'cfat_',
  'cfut_',
  'cfk_',
  'pscale_pw_',
  'pscale_tkn_',
  'pscale_oauth_',
  'PMAK-',
  'PMAT-',
  'llx-',
  'CLOJARS_',
  'dt0c01.',
  'SWMTKN-1-',
  'SWMKEY-1-',
  'dnkey-',
  'akab-',
  'squ_',
  'sqp_',
  'sqa_',
  'BBDC-',
  'bedrock-api-key-',
  'ABSK',
  'IGQV',
];

/** Longest first, so that `sk-ant-api03-` wins over a shorter prefix of it. */
const BY_LENGTH = [...PREVIEW_PREFIXES].sort((a, b) => b.length - a.length);

/** The documented vendor prefix a value starts with (and has at least 8 more characters after), if any. */
export function vendorPrefix(value: string): string | undefined {
  return BY_LENGTH.find((p) => value.startsWith(p) && value.length >= p.length + 8);
}

/**
 * What a finding rests on, when its rule did not say: its documented vendor prefix (and
 * checksum), else its vendor's format, or for a generic finding its key name and entropy.
 */
export function evidenceOf(value: string, finding: { generic?: boolean; verified?: boolean; confidence?: Confidence }): string {
  if (finding.generic) return 'key name + entropy';
  const prefix = finding.confidence !== 'low' ? vendorPrefix(value) : undefined;
  const checksum = finding.verified ? ' + checksum' : '';
  return prefix ? `vendor prefix ${prefix}${checksum}` : `vendor format${checksum}`;
}

/**
 * A preview that lets a user recognise a value without revealing any of its secret part: a
 * documented vendor prefix (from `PREVIEW_PREFIXES`) when the value starts with one and has at
 * least 8 more characters, then the length. Generic and low-confidence findings (whose "prefix"
 * would be a password's first letters if the value merely began like a token) show the length only.
 */
export function redactedPreview(value: string, finding: { generic?: boolean; confidence?: Confidence } = {}): string {
  const length = [...value].length;
  const vendor = !finding.generic && finding.confidence !== 'low';
  const prefix = vendor ? (vendorPrefix(value) ?? '') : '';
  return `${prefix}…(${length} chars)`;
}
