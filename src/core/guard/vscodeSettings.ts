import { JsoncDocument, type JsonEdit } from './jsoncMerge';
import { type ParsedPattern, parsePattern, toTerminalRegex, toVscodeGlob } from './patternSyntax';
import { DEFAULT_SENSITIVE_PATTERNS } from './sensitivePatterns';
import type { SensitiveSet } from './sensitiveSet';

const COPILOT_ENABLE = 'github.copilot.enable';
const TERMINAL_AUTO_APPROVE = 'chat.tools.terminal.autoApprove';
const LOCAL_HISTORY_EXCLUDE = 'workbench.localHistory.exclude';

/** Copilot's own default for `github.copilot.enable`; writing the setting replaces it, so it is kept. */
const COPILOT_ENABLE_DEFAULT: Readonly<Record<string, boolean>> = { '*': true, plaintext: false, markdown: false, scminput: false };

export interface VscodeGuardEntries {
  /** Keys of `chat.tools.terminal.autoApprove`, each set to false: such commands always ask first. */
  terminalDenyRegexes: string[];
  /** Keys of `workbench.localHistory.exclude`, each set to true. */
  localHistoryGlobs: string[];
}

const DEFAULT_PARSED = DEFAULT_SENSITIVE_PATTERNS.map((p) => parsePattern(p)!);
const STATIC = entriesFor(DEFAULT_PARSED);
const STATIC_REGEXES: ReadonlySet<string> = new Set(STATIC.terminalDenyRegexes);
const STATIC_GLOBS: ReadonlySet<string> = new Set(STATIC.localHistoryGlobs);

/**
 * Both lists come from the positive rules only, exceptions ignored: a `.env.example` left out of
 * Local History or asking before `cat` costs little, while these settings cannot express `!`.
 */
export function vscodeGuardEntries(set: SensitiveSet): VscodeGuardEntries {
  return entriesFor(set.rules.map((r) => parsePattern(r.pattern)!).filter((p) => !p.negated));
}

function entriesFor(patterns: readonly ParsedPattern[]): VscodeGuardEntries {
  const regexes = new Set<string>();
  const globs = new Set<string>();
  for (const pattern of patterns) {
    const regex = toTerminalRegex(pattern);
    if (regex) regexes.add(regex);
    globs.add(toVscodeGlob(pattern));
  }
  return { terminalDenyRegexes: [...regexes], localHistoryGlobs: [...globs] };
}

/**
 * Merges into the workspace's `.vscode/settings.json`: `"dotenv": false` in
 * `github.copilot.enable` (keeping `"*"`), deny rules in `chat.tools.terminal.autoApprove`, and
 * exclusions in `workbench.localHistory.exclude`. Keys Vaultify did not write stay as they are.
 */
export function planVscodeSettings(existing: string | undefined, set: SensitiveSet): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: false, tabSize: 4 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  const entries = vscodeGuardEntries(set);

  const enable = doc.get([COPILOT_ENABLE]);
  if (!enable) {
    doc.add([COPILOT_ENABLE], { ...COPILOT_ENABLE_DEFAULT, dotenv: false });
  } else if (enable.type === 'object') {
    if (!doc.get([COPILOT_ENABLE, '*'])) doc.add([COPILOT_ENABLE, '*'], true);
    const dotenv = doc.get([COPILOT_ENABLE, 'dotenv']);
    if (!dotenv) doc.add([COPILOT_ENABLE, 'dotenv'], false);
    else if (dotenv.value !== false) doc.notes.push(`"${COPILOT_ENABLE}" turns Copilot on for dotenv files; left as is`);
  } else {
    doc.notes.push(`"${COPILOT_ENABLE}" is not an object; left as is`);
  }

  const ownedRegex = (key: string, value: unknown): boolean => value === false && STATIC_REGEXES.has(key);
  if (!doc.syncMap([TERMINAL_AUTO_APPROVE], entries.terminalDenyRegexes, false, ownedRegex)) {
    doc.notes.push(`"${TERMINAL_AUTO_APPROVE}" is not an object; left as is`);
  }
  const ownedGlob = (key: string, value: unknown): boolean => value === true && STATIC_GLOBS.has(key);
  if (!doc.syncMap([LOCAL_HISTORY_EXCLUDE], entries.localHistoryGlobs, true, ownedGlob)) {
    doc.notes.push(`"${LOCAL_HISTORY_EXCLUDE}" is not an object; left as is`);
  }
  return doc.result();
}
