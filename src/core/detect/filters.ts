/**
 * Filters shared by every rule: a matched value that is really a reference, a lookup or a
 * placeholder is not a secret, whichever rule matched it.
 */

/** Vault references and other secret managers' references. */
const REFERENCE = /^(?:vault:[A-Za-z0-9][A-Za-z0-9_.\-/]{0,127}|\{\{vault:[A-Za-z0-9][A-Za-z0-9_.\-/]{0,127}\}\}|op:\/\/\S+)$/;

/** Environment lookups and template expressions standing in for a value. */
const LOOKUP = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|\$\{\{?[^}]*\}\}?|\{\{[^}]*\}\}|%\([A-Za-z_]+\)s|process\.env\.[A-Za-z_][A-Za-z0-9_]*|os\.environ(?:\.get\(|\[)[^\n]*)$/;

/** Words that mark a value as a stand-in. */
const PLACEHOLDER_WORD = /your[-_ ]?[a-z0-9_-]*[-_ ]?(?:here|token|key|secret|password)|changeme|change[-_]me|replace[-_]?me|placeholder|<[^>\n]+>|x{6,}|\*{4,}/i;

export function isReference(value: string): boolean {
  return REFERENCE.test(value.trim());
}

export function isLookup(value: string): boolean {
  return LOOKUP.test(value.trim());
}

export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_WORD.test(value) || /^(.)\1{5,}$/.test(value);
}

/** True when the matched value is not a credential whatever its shape. */
export function isNonSecret(value: string): boolean {
  return isReference(value) || isLookup(value) || isPlaceholder(value);
}
