import { replaceManagedBlock, type BlockEdit } from './managedBlock';
import type { GuardRule, RuleSource, SensitiveSet } from './sensitiveSet';

const HEADINGS: Record<Exclude<RuleSource, 'variant'>, string> = {
  default: '# sensitive paths (Vaultify defaults)',
  folder: '# folders named as key stores (secrets/, .ssh/, credentials/, ...)',
  exception: '# exceptions: stay readable',
  extra: '# vaultify.guard.extraPatterns',
  secret: '# files with a detected secret, until it is vaultified',
  file: '# sensitive files named one by one: this format has no "!" exceptions',
};

/**
 * The managed block of a gitignore-syntax file. `explicit` is for formats without `!`
 * (`.aiexclude`): no exception line, named variants instead of patterns that would hide one.
 */
export function ignoreFileLines(set: SensitiveSet, explicit: boolean): string[] {
  const rules: readonly GuardRule[] = explicit ? set.explicitRules : set.rules;
  const lines: string[] = [];
  let heading: string | undefined;
  for (const rule of rules) {
    // Variants stand in for default patterns, so they sit under the same heading.
    const next = HEADINGS[rule.source === 'variant' ? 'default' : rule.source];
    if (next !== heading) lines.push((heading = next));
    lines.push(rule.pattern);
  }
  return lines;
}

/** The new text of an ignore file: `existing` with its managed block set to the rules. */
export function planIgnoreFile(existing: string | undefined, set: SensitiveSet, explicit: boolean): BlockEdit {
  if (explicit) {
    // Gemini Code Assist reads an empty .aiexclude as "exclude everything".
    if (existing !== undefined && !existing.replace(/^\uFEFF/, '').trim()) {
      return { ok: false, reason: 'it is empty, which already hides every file from Gemini Code Assist; left as is' };
    }
    if (!set.explicitRules.length) {
      return { ok: false, reason: 'there is nothing to exclude, and an empty .aiexclude would hide every file' };
    }
  }
  return replaceManagedBlock(existing, ignoreFileLines(set, explicit));
}
