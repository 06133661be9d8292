import { type PromptVerdict, promptCredentials, promptHookAnswer } from './promptHook';
import type { SensitivePaths } from './sensitivePaths';
import { type ShellFinding, shellCommandReads } from './shellCommandReads';

/** The clients `vaultify hook` answers, each in its own documented format. */
export type HookClient = 'claude' | 'cursor' | 'vscode';
export const HOOK_CLIENTS: readonly HookClient[] = ['claude', 'cursor', 'vscode'];

/** What the hook process does: print `stdout` (JSON or nothing), `stderr`, and exit. */
export interface HookAnswer {
  stdout?: string;
  stderr?: string;
  exitCode: number;
}

export interface HookContext {
  paths: SensitivePaths;
  /** The variables vaulted secrets become; undefined when VS Code could not be asked. */
  vaultedVariables?: ReadonlySet<string>;
  /**
   * What a submitted prompt holds, asked of VS Code (which also offers to store a pasted key and
   * cleans the client's transcript); without it, the credentials detected here only.
   */
  checkPrompt?: (prompt: string, transcriptPath: string | undefined) => Promise<PromptVerdict>;
}

export type MaskText = (text: string) => Promise<{ text: string; maskedCount: number; vaultChecked: boolean }>;

const ADVICE =
  'To use a secret without seeing it, call the Vaultify tool run_with_secrets (vaultify_runWithSecrets in VS Code) with the secret NAMES; list_secrets shows them.';

/** Why a tool call is refused, in words for the model; undefined when it may go ahead. */
export function toolCallDenial(toolName: string, input: unknown, cwd: string | undefined, context: HookContext): string | undefined {
  if (typeof input !== 'object' || input === null) return undefined;
  const fields = input as Record<string, unknown>;
  const text = (key: string): string | undefined => {
    const value = fields[key];
    return typeof value === 'string' ? value : undefined;
  };
  const reasons: string[] = [];

  const command = text('command') ?? text('commandLine') ?? text('cmd');
  if (command !== undefined && isShellTool(toolName)) {
    reasons.push(...shellCommandReads(command, context.paths, text('cwd') ?? cwd, context.vaultedVariables).map(describe));
  }
  for (const key of ['file_path', 'filePath', 'path', 'notebook_path', 'target_file']) {
    const value = text(key);
    if (value !== undefined && context.paths.isSensitive(value, cwd)) reasons.push(`it reads ${value}, which Vaultify hides from AI assistants because it holds secrets`);
  }
  for (const key of ['glob', 'includePattern', 'pattern', 'query']) {
    const value = text(key);
    // `pattern` is a file glob for Glob and a regex for Grep: only the former names paths.
    if (value === undefined || (key === 'pattern' && !/glob/i.test(toolName)) || (key === 'query' && !/file_search|find/i.test(toolName))) continue;
    if (context.paths.isSensitive(value, cwd)) reasons.push(`it matches ${value}, files Vaultify hides from AI assistants because they hold secrets`);
  }
  if (!reasons.length) return undefined;
  return `Vaultify blocked this ${toolName} call: ${[...new Set(reasons)].join('; ')}. ${ADVICE}`;
}

function isShellTool(toolName: string): boolean {
  // Claude's Bash, Cursor's shell, VS Code's run_in_terminal, the Copilot CLI's shell/powershell.
  return /bash|shell|terminal|powershell|execute/i.test(toolName);
}

function describe(finding: ShellFinding): string {
  switch (finding.kind) {
    case 'path':
      return `it reads ${finding.path}, which Vaultify hides from AI assistants because it holds secrets`;
    case 'env-dump':
      return `\`${finding.command}\` prints the whole environment, which can hold credentials`;
    case 'env-var':
      return `it prints $${finding.variable}, the variable a vaulted secret becomes`;
  }
}

/** A payload that could not be read: refuse the call where the client lets an exit code do it. */
export function malformedPayload(client: HookClient, problem: string): HookAnswer {
  const message = `vaultify hook ${client}: ${problem}; the tool call is blocked because Vaultify could not check it.`;
  if (client === 'cursor') {
    return { stdout: JSON.stringify({ permission: 'deny', user_message: message, agent_message: message }), stderr: message, exitCode: 2 };
  }
  return { stderr: message, exitCode: 2 };
}

/** A prompt event that could not be read is stopped: Vaultify could not check it. */
function malformedPrompt(client: 'claude' | 'cursor', problem: string): HookAnswer {
  const message = `vaultify hook ${client}: ${problem}; the prompt is stopped because Vaultify could not check it.`;
  if (client === 'cursor') return { stdout: JSON.stringify({ continue: false, user_message: message }), stderr: message, exitCode: 2 };
  return { stderr: message, exitCode: 2 };
}

/** Claude Code and VS Code agent hooks share PreToolUse's answer: deny with a reason, or say nothing. */
function preToolUseAnswer(reason: string | undefined): HookAnswer {
  if (!reason) return { exitCode: 0 };
  return { stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason } }), exitCode: 0 };
}

/**
 * Answers one hook call. `payload` is the parsed stdin. PostToolUse (Claude Code) masks every
 * string in the tool's response and hands it back in the same shape; whether Claude Code shows
 * the model that answer is up to Claude Code (best-effort: see the README's AI agents section).
 */
export async function answerHook(client: HookClient, payload: unknown, context: HookContext, mask: MaskText): Promise<HookAnswer> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return malformedPayload(client, 'the hook input is not a JSON object');
  const p = payload as Record<string, unknown>;
  const eventField = p.hook_event_name ?? p.hookEventName;
  const event = typeof eventField === 'string' ? eventField : '';
  const cwd = typeof p.cwd === 'string' ? p.cwd : Array.isArray(p.workspace_roots) && typeof p.workspace_roots[0] === 'string' ? p.workspace_roots[0] : undefined;

  if ((client === 'claude' && event === 'UserPromptSubmit') || (client === 'cursor' && event === 'beforeSubmitPrompt')) {
    if (typeof p.prompt !== 'string') return malformedPrompt(client, `${event} without a prompt`);
    const transcript = typeof p.transcript_path === 'string' ? p.transcript_path : undefined;
    const verdict = context.checkPrompt ? await context.checkPrompt(p.prompt, transcript) : { credentials: promptCredentials(p.prompt), vaulted: [] };
    return promptHookAnswer(client, verdict);
  }

  if (client === 'cursor') {
    if (event === 'beforeShellExecution') {
      if (typeof p.command !== 'string') return malformedPayload(client, 'beforeShellExecution without a command');
      return cursorAnswer(toolCallDenial('shell', { command: p.command }, cwd, context));
    }
    if (event === 'beforeReadFile') {
      if (typeof p.file_path !== 'string') return malformedPayload(client, 'beforeReadFile without a file_path');
      return cursorAnswer(toolCallDenial('read', { file_path: p.file_path }, cwd, context));
    }
    return { stdout: JSON.stringify({ permission: 'allow' }), exitCode: 0 };
  }

  if (event === 'PreToolUse') {
    if (typeof p.tool_name !== 'string') return malformedPayload(client, 'PreToolUse without a tool_name');
    return preToolUseAnswer(toolCallDenial(p.tool_name, p.tool_input, cwd, context));
  }
  if (event === 'PostToolUse' && client === 'claude') {
    const masked = await maskDeep(p.tool_response, mask);
    const notes: string[] = [];
    // Claude Code has been reported to ignore updatedToolOutput for Bash and WebFetch, so the note
    // must hold whether or not the replacement was shown: it says what was asked, not what happened.
    if (masked.count) {
      const values = `${masked.count} secret value${masked.count === 1 ? '' : 's'}`;
      notes.push(`Vaultify found ${values} in this output and asked for ${masked.count === 1 ? 'it' : 'them'} to be shown as [masked ...]; if you can read one, do not repeat, store or use it. ${ADVICE}`);
    }
    if (!masked.vaultChecked) notes.push('Vaultify could not reach VS Code, so vault values were not checked in this output; only detected credentials were masked.');
    if (!notes.length) return { exitCode: 0 };
    const hookSpecificOutput: Record<string, unknown> = { hookEventName: 'PostToolUse', additionalContext: notes.join(' ') };
    if (masked.count) hookSpecificOutput.updatedToolOutput = masked.value;
    return { stdout: JSON.stringify({ hookSpecificOutput }), exitCode: 0 };
  }
  return { exitCode: 0 };
}

function cursorAnswer(reason: string | undefined): HookAnswer {
  if (!reason) return { stdout: JSON.stringify({ permission: 'allow' }), exitCode: 0 };
  return { stdout: JSON.stringify({ permission: 'deny', user_message: reason, agent_message: reason }), exitCode: 0 };
}

/** Masks every string inside a JSON value, keeping its shape. */
async function maskDeep(value: unknown, mask: MaskText): Promise<{ value: unknown; count: number; vaultChecked: boolean }> {
  let count = 0;
  let vaultChecked = true;
  const walk = async (v: unknown): Promise<unknown> => {
    if (typeof v === 'string') {
      if (!v) return v;
      const result = await mask(v);
      count += result.maskedCount;
      vaultChecked &&= result.vaultChecked;
      return result.text;
    }
    if (Array.isArray(v)) return Promise.all(v.map(walk));
    if (typeof v === 'object' && v !== null) {
      const entries = await Promise.all(Object.entries(v).map(async ([k, inner]) => [k, await walk(inner)] as const));
      return Object.fromEntries(entries);
    }
    return v;
  };
  const masked = await walk(value);
  return { value: masked, count, vaultChecked };
}
