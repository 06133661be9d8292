import { type PromptVerdict, promptCredentials, promptHookAnswer } from './promptHook';
import type { SensitivePaths } from './sensitivePaths';
import { type ShellFinding, shellCommandReads } from './shellCommandReads';
import { MAX_MASK_BYTES, maskBytes } from './wholeValueMask';

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
}

/**
 * What a submitted prompt holds, asked of VS Code (which also offers to store a pasted key and
 * cleans the client's transcript); without it, the credentials detected here only.
 */
export type CheckPrompt = (prompt: string, transcriptPath: string | undefined) => Promise<PromptVerdict>;

/** VS Code's answer to one mask request for all of a hook call's strings, or why there is none. */
export type MaskAnswer = { ok: true; texts: string[]; maskedCount: number } | { ok: false; reason: string };
export type MaskTexts = (texts: string[]) => Promise<MaskAnswer>;

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
    if (value !== undefined && context.paths.isSensitive(value, cwd))
      reasons.push(`it reads ${value}, which Vaultify hides from AI assistants because it holds secrets`);
  }
  for (const key of ['glob', 'includePattern', 'pattern', 'query']) {
    const value = text(key);
    // `pattern` is a file glob for Glob and a regex for Grep: only the former names paths.
    if (value === undefined || (key === 'pattern' && !/glob/i.test(toolName)) || (key === 'query' && !/file_search|find/i.test(toolName)))
      continue;
    if (context.paths.isSensitive(value, cwd))
      reasons.push(`it matches ${value}, files Vaultify hides from AI assistants because they hold secrets`);
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
  return {
    stdout: JSON.stringify({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: reason },
    }),
    exitCode: 0,
  };
}

/**
 * Answers one hook call. `payload` is the parsed stdin. PostToolUse (Claude Code) masks every
 * string in the tool's response and hands it back in the same shape; whether Claude Code shows
 * the model that answer is up to Claude Code (best-effort: see the README's AI agents section).
 * `context` is asked for by the calls that check a tool call, `mask` by PostToolUse and
 * `checkPrompt` by the prompt events: each hook call makes one request to VS Code at most.
 */
export async function answerHook(
  client: HookClient,
  payload: unknown,
  context: () => Promise<HookContext>,
  mask: MaskTexts,
  checkPrompt?: CheckPrompt,
): Promise<HookAnswer> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload))
    return malformedPayload(client, 'the hook input is not a JSON object');
  const p = payload as Record<string, unknown>;
  const eventField = p.hook_event_name ?? p.hookEventName;
  const event = typeof eventField === 'string' ? eventField : '';
  const cwd =
    typeof p.cwd === 'string'
      ? p.cwd
      : Array.isArray(p.workspace_roots) && typeof p.workspace_roots[0] === 'string'
        ? p.workspace_roots[0]
        : undefined;

  if ((client === 'claude' && event === 'UserPromptSubmit') || (client === 'cursor' && event === 'beforeSubmitPrompt')) {
    if (typeof p.prompt !== 'string') return malformedPrompt(client, `${event} without a prompt`);
    const transcript = typeof p.transcript_path === 'string' ? p.transcript_path : undefined;
    const verdict = checkPrompt ? await checkPrompt(p.prompt, transcript) : { credentials: promptCredentials(p.prompt), vaulted: [] };
    return promptHookAnswer(client, verdict);
  }

  if (client === 'cursor') {
    if (event === 'beforeShellExecution') {
      if (typeof p.command !== 'string') return malformedPayload(client, 'beforeShellExecution without a command');
      return cursorAnswer(toolCallDenial('shell', { command: p.command }, cwd, await context()));
    }
    if (event === 'beforeReadFile') {
      if (typeof p.file_path !== 'string') return malformedPayload(client, 'beforeReadFile without a file_path');
      return cursorAnswer(toolCallDenial('read', { file_path: p.file_path }, cwd, await context()));
    }
    return { stdout: JSON.stringify({ permission: 'allow' }), exitCode: 0 };
  }

  if (event === 'PreToolUse') {
    if (typeof p.tool_name !== 'string') return malformedPayload(client, 'PreToolUse without a tool_name');
    return preToolUseAnswer(toolCallDenial(p.tool_name, p.tool_input, cwd, await context()));
  }
  if (event === 'PostToolUse' && client === 'claude') return postToolUseAnswer(p.tool_response, mask);
  return { exitCode: 0 };
}

function cursorAnswer(reason: string | undefined): HookAnswer {
  if (!reason) return { stdout: JSON.stringify({ permission: 'allow' }), exitCode: 0 };
  return { stdout: JSON.stringify({ permission: 'deny', user_message: reason, agent_message: reason }), exitCode: 0 };
}

/**
 * Claude Code's PostToolUse: every string of the tool's response goes to VS Code in one request
 * and comes back masked, in the same shape. When it cannot be checked (VS Code unreachable or
 * silent, the output too large, the request refused) the output is withheld, never passed on:
 * each string is replaced by a note, and the call is blocked with the reason.
 */
async function postToolUseAnswer(response: unknown, mask: MaskTexts): Promise<HookAnswer> {
  const strings: string[] = [];
  mapStrings(response, (text) => (strings.push(text), text));
  if (!strings.length) return { exitCode: 0 };
  const bytes = maskBytes(strings);
  const masked =
    bytes > MAX_MASK_BYTES
      ? { ok: false as const, reason: `the output is ${bytes} bytes, more than the ${MAX_MASK_BYTES / (1024 * 1024)} MB Vaultify checks` }
      : await mask(strings);
  if (!masked.ok) {
    const note = `Vaultify withheld this tool output because it could not check it for secrets: ${masked.reason}. Nothing of it is shown; rerun the step with less output, or once VS Code has this folder open. ${ADVICE}`;
    return {
      stdout: JSON.stringify({
        decision: 'block',
        reason: note,
        hookSpecificOutput: {
          hookEventName: 'PostToolUse',
          additionalContext: note,
          updatedToolOutput: mapStrings(response, () => WITHHELD),
        },
      }),
      exitCode: 0,
    };
  }
  if (!masked.maskedCount) return { exitCode: 0 };
  let next = 0;
  const updatedToolOutput = mapStrings(response, () => masked.texts[next++]);
  // Claude Code has been reported to ignore updatedToolOutput for Bash and WebFetch, so the note
  // must hold whether or not the replacement was shown: it says what was asked, not what happened.
  const count = masked.maskedCount;
  const note = `Vaultify found ${count} secret value${count === 1 ? '' : 's'} in this output and asked for ${count === 1 ? 'it' : 'them'} to be shown as [masked ...]; if you can read one, do not repeat, store or use it. ${ADVICE}`;
  return {
    stdout: JSON.stringify({ hookSpecificOutput: { hookEventName: 'PostToolUse', additionalContext: note, updatedToolOutput } }),
    exitCode: 0,
  };
}

/** What a withheld string reads as, in the tool's own shape. */
export const WITHHELD = '[withheld by Vaultify: this output could not be checked for secrets]';

/** The JSON value with each non-empty string replaced by `replace(string)`, visited in one fixed order. */
function mapStrings(value: unknown, replace: (text: string) => string): unknown {
  if (typeof value === 'string') return value ? replace(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace));
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)]));
  return value;
}
