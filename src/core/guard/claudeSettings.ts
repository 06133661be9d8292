import { JsoncDocument, type JsonEdit } from './jsoncMerge';
import { parsePattern, toClaudeReadRule } from './patternSyntax';
import { DEFAULT_SENSITIVE_PATTERNS, EXPLICIT_VARIANTS } from './sensitivePatterns';
import type { SensitiveSet } from './sensitiveSet';

/** Every rule Vaultify writes whatever the workspace: these it may remove again when the plan drops them. */
const STATIC_RULES: ReadonlySet<string> = new Set(
  [...DEFAULT_SENSITIVE_PATTERNS, ...EXPLICIT_VARIANTS].map((p) => toClaudeReadRule(parsePattern(p)!)),
);

/** Claude Code's deny rules for the set: `Read(./...)`, with explicit variants since the list has no negation. */
export function claudeDenyRules(set: SensitiveSet): string[] {
  return [...new Set(set.explicitRules.map((r) => toClaudeReadRule(parsePattern(r.pattern)!)))];
}

/**
 * Merges the deny rules into `.claude/settings.json`. Vaultify's rules are the ones it plans now
 * plus the fixed rules it derives from its defaults; a rule the user wrote is never removed.
 * A rule for a workspace path that is no longer sensitive cannot be told from a user's and stays
 * (it over-protects, never under-protects).
 */
export function planClaudeSettings(existing: string | undefined, set: SensitiveSet): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: true, tabSize: 2 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  const permissions = doc.get(['permissions']);
  if (permissions && permissions.type !== 'object') return { ok: false, reason: '"permissions" is not an object' };
  const planned = claudeDenyRules(set);
  if (!doc.syncArray(['permissions', 'deny'], planned, (rule) => STATIC_RULES.has(rule))) {
    return { ok: false, reason: '"permissions.deny" is not an array' };
  }
  return doc.result();
}
