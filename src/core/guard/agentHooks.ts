import { hookCommand, isVaultifyHookCommand } from '../agents/launcher';
import { JsoncDocument, type JsonEdit } from './jsoncMerge';

/**
 * The hook configs that turn the sensitive set into enforcement where a client allows it, each
 * merged so that only Vaultify's own entries change. `remove` takes them out again and leaves
 * everything else as it was.
 */
export type HookMode = 'add' | 'remove';

/** Claude Code's tools that read files or run commands; PostToolUse masks every tool's output. */
const CLAUDE_PRE_MATCHER = 'Read|Grep|Glob|Bash';
const HOOK_TIMEOUT_SECONDS = 15;

/** Claude Code's events Vaultify hooks, each with its entry: tool reads, tool output, and the prompt (which has no matcher). */
function claudeEntries(): [event: string, entry: unknown][] {
  const command = hookCommand('claude').posix;
  const hook = { type: 'command', command, timeout: HOOK_TIMEOUT_SECONDS };
  return [
    ['PreToolUse', { matcher: CLAUDE_PRE_MATCHER, hooks: [hook] }],
    ['PostToolUse', { matcher: '*', hooks: [hook] }],
    ['UserPromptSubmit', { hooks: [hook] }],
  ];
}

/** An entry of Claude's event list (`{ matcher, hooks: [...] }`) whose hooks are Vaultify's. */
function isOwnedClaudeEntry(entry: unknown): boolean {
  const hooks = (entry as { hooks?: unknown } | null)?.hooks;
  return (
    Array.isArray(hooks) && hooks.length > 0 && hooks.every((h) => isVaultifyHookCommand((h as { command?: unknown } | null)?.command))
  );
}

/** `hooks.PreToolUse`, `hooks.PostToolUse` and `hooks.UserPromptSubmit` in `.claude/settings.local.json`. */
export function planClaudeHooks(existing: string | undefined, mode: HookMode = 'add'): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: true, tabSize: 2 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  const hooks = doc.get(['hooks']);
  if (hooks && hooks.type !== 'object') return { ok: false, reason: '"hooks" is not an object' };
  for (const [event, entry] of claudeEntries()) {
    if (mode === 'remove' && !doc.get(['hooks', event])) continue;
    if (!doc.syncValues(['hooks', event], mode === 'add' ? [entry] : [], isOwnedClaudeEntry))
      return { ok: false, reason: `"hooks.${event}" is not an array` };
  }
  return doc.result();
}

/** `beforeShellExecution`, `beforeReadFile` and `beforeSubmitPrompt` in `.cursor/hooks.json` (`{ version: 1, hooks }`). */
export function planCursorHooks(existing: string | undefined, mode: HookMode = 'add'): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: true, tabSize: 2 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  if (mode === 'add' && !doc.get(['version'])) doc.add(['version'], 1);
  const hooks = doc.get(['hooks']);
  if (hooks && hooks.type !== 'object') return { ok: false, reason: '"hooks" is not an object' };
  const entry = { command: hookCommand('cursor').posix };
  const owned = (value: unknown): boolean => isVaultifyHookCommand((value as { command?: unknown } | null)?.command);
  for (const event of ['beforeShellExecution', 'beforeReadFile', 'beforeSubmitPrompt']) {
    if (mode === 'remove' && !doc.get(['hooks', event])) continue;
    if (!doc.syncValues(['hooks', event], mode === 'add' ? [entry] : [], owned))
      return { ok: false, reason: `"hooks.${event}" is not an array` };
  }
  return doc.result();
}

/**
 * `.github/hooks/vaultify.json`: a file of Vaultify's own, so it is written whole; `remove`
 * gives undefined text (delete the file) unless the user added other hooks to it.
 */
export function planVscodeHooks(existing: string | undefined, mode: HookMode = 'add'): JsonEdit {
  const opened = JsoncDocument.open(existing, { insertSpaces: true, tabSize: 2 });
  if (!opened.ok) return opened;
  const { doc } = opened;
  const hooks = doc.get(['hooks']);
  if (hooks && hooks.type !== 'object') return { ok: false, reason: '"hooks" is not an object' };
  const command = hookCommand('vscode');
  const entry = { type: 'command', command: command.posix, windows: command.windows, timeout: HOOK_TIMEOUT_SECONDS };
  const owned = (value: unknown): boolean => isVaultifyHookCommand((value as { command?: unknown } | null)?.command);
  if (mode === 'remove' && !doc.get(['hooks', 'PreToolUse'])) return doc.result();
  if (!doc.syncValues(['hooks', 'PreToolUse'], mode === 'add' ? [entry] : [], owned))
    return { ok: false, reason: '"hooks.PreToolUse" is not an array' };
  return doc.result();
}
