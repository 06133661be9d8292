import { BLOCK_BEGIN, BLOCK_END, replaceManagedBlock, type BlockEdit } from './managedBlock';
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

/**
 * The files an ignore file's managed block lists as holding a detected secret, relative with `/`:
 * what Vaultify (or a teammate's Vaultify, in a committed file) decided before. Lines outside the
 * block are the user's and never count.
 */
export function listedSecretFiles(text: string): string[] {
  const files: string[] = [];
  let inBlock = false;
  let inSecrets = false;
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === BLOCK_BEGIN) inBlock = true;
    else if (line === BLOCK_END) inBlock = inSecrets = false;
    else if (inBlock && line.startsWith('#')) inSecrets = line === HEADINGS.secret;
    // Written by literalPathPattern: a leading `/`, and `\` before the characters gitignore reads specially.
    else if (inSecrets && line.startsWith('/')) files.push(raw.slice(1).replace(/\\(.)/g, '$1'));
  }
  return files;
}
