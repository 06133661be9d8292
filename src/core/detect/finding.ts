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
  /** A redacted preview that never holds the whole value, e.g. `ghp_…(40 chars)`. */
  preview: string;
}

/** A vendor's public marker at the start of a token: `ghp_`, `xoxb-`, `sk-`, `glpat-`. */
const VENDOR_PREFIX = /^[A-Za-z][A-Za-z0-9]{1,7}[_-]/;

/**
 * A preview that lets a user recognise a value without revealing any of its secret part: the
 * vendor's prefix when the value starts with one and is long, then only the length.
 */
export function redactedPreview(value: string): string {
  const length = [...value].length;
  const prefix = length >= 20 ? (VENDOR_PREFIX.exec(value)?.[0] ?? '') : '';
  return `${prefix}…(${length} chars)`;
}
