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

/**
 * A preview that lets a user recognise a value without revealing it. Only long values
 * show a prefix, and never more than four characters of it (the vendor prefix, usually).
 */
export function redactedPreview(value: string): string {
  const length = [...value].length;
  const prefix = length >= 20 ? [...value].slice(0, 4).join('') : '';
  return `${prefix}…(${length} chars)`;
}
