import { parsePattern, toTerminalRegex } from '../guard/patternSyntax';
import { DEFAULT_SENSITIVE_PATTERNS } from '../guard/sensitivePatterns';

/** The LM tool VS Code must always ask about, whatever the user's auto-approval choices. */
export const RUN_TOOL_NAME = 'vaultify_runWithSecrets';

/** Commands that print the whole environment: asked about every time. */
const ENV_DUMP_REGEX = '/^\\s*(printenv|env|export\\s+-p|declare\\s+-[px]|set)\\s*$/';

/**
 * `chat.tools.terminal.autoApprove` keys that make Copilot's terminal tool ask before a command
 * that names a sensitive path or dumps the environment. The path rules are the ones the `vscode`
 * guard tool writes for the default patterns.
 */
export function terminalDenyRules(): string[] {
  const paths = DEFAULT_SENSITIVE_PATTERNS.map((p) => toTerminalRegex(parsePattern(p)!)).filter((r): r is string => !!r);
  return [...new Set([...paths, ENV_DUMP_REGEX])];
}

/** `chat.tools.eligibleForAutoApproval` with the run tool set to false, the user's other keys kept. */
export function withRunToolNeverAutoApproved(current: unknown): Record<string, unknown> | undefined {
  const base = isRecord(current) ? current : {};
  if (base[RUN_TOOL_NAME] === false) return undefined;
  return { ...base, [RUN_TOOL_NAME]: false };
}

/**
 * `chat.tools.terminal.autoApprove` with every deny rule set to false. A key the user set
 * otherwise keeps the user's value. Undefined when nothing changes.
 */
export function withTerminalDenyRules(
  current: unknown,
  rules: readonly string[] = terminalDenyRules(),
): Record<string, unknown> | undefined {
  const base = isRecord(current) ? current : {};
  const missing = rules.filter((rule) => !(rule in base));
  if (!missing.length) return undefined;
  return { ...base, ...Object.fromEntries(missing.map((rule) => [rule, false])) };
}

/**
 * The inverse, for Disconnect: drops the run tool's `false` and nothing else. The terminal deny
 * rules stay: the `vscode` guard tool writes the same keys, and asking first never exposes anything.
 */
export function withoutRunToolRule(eligible: unknown): Record<string, unknown> | undefined {
  if (!isRecord(eligible) || eligible[RUN_TOOL_NAME] !== false) return undefined;
  return Object.fromEntries(Object.entries(eligible).filter(([key]) => key !== RUN_TOOL_NAME));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
