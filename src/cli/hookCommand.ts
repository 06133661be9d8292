import type { Readable } from 'node:stream';
import {
  HOOK_CLIENTS,
  type CheckPrompt,
  type HookAnswer,
  type HookClient,
  type HookContext,
  type MaskTexts,
  answerHook,
  malformedPayload,
} from '../core/agents/hookDecisions';
import { promptCredentials } from '../core/agents/promptHook';
import { SensitivePaths } from '../core/agents/sensitivePaths';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import type { AgentMethod, AgentMethods, EndpointDescriptor } from '../shared/agentProtocol';
import { parseArgs } from 'node:util';
import { UsageError } from './cliIo';
import type { Subcommand } from './subcommand';
import { EndpointError, callEndpoint, findEndpoint } from './endpointClient';
import { cliSetting, settingsFileError } from './protectedSettings';

const HOOK_HELP = `Usage: vaultify hook claude|cursor|vscode [--endpoint FILE]

Reads one hook call (JSON) on stdin and answers it in that client's format:
  claude   Claude Code PreToolUse: denies Read, Grep, Glob and Bash calls that read a
           sensitive path (.env, keys, credential files) or print the environment.
           PostToolUse: answers with the tool's output masked (whole vault values and
           their renderings, detected credentials); Claude Code may ignore that answer for
           Bash and WebFetch. Output that cannot be checked (VS Code unreachable or silent,
           more than 1 MB, too many requests) is withheld, and the call blocked.
           UserPromptSubmit: blocks a prompt holding a credential or a vaulted value.
  cursor   beforeShellExecution and beforeReadFile: deny reads of sensitive paths.
           beforeSubmitPrompt: stops a prompt holding a credential or a vaulted value.
  vscode   VS Code agent hooks, PreToolUse: denies the same reads.
Unreadable input is refused (exit 2). Vault values and names come from the running VS Code
window that has the folder open: one request per hook call.`;

/** How long a hook waits for VS Code: a hook must not stall the agent, and output it could not check is withheld. */
export const ENDPOINT_WAIT_MS = 10_000;

export interface HookStreams {
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function runHook(clientArg: string | undefined, endpointFile: string | undefined, streams: HookStreams): Promise<HookAnswer> {
  if (!clientArg || !HOOK_CLIENTS.includes(clientArg as HookClient))
    throw new UsageError(`hook needs a client: ${HOOK_CLIENTS.join(', ')}`);
  const client = clientArg as HookClient;
  let raw: string;
  try {
    raw = await readAll(streams.stdin);
  } catch (error) {
    return malformedPayload(client, `stdin could not be read (${(error as Error).message})`);
  }
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    return malformedPayload(client, raw.trim() ? 'the hook input is not valid JSON' : 'no hook input on stdin');
  }
  const record = (typeof payload === 'object' && payload !== null ? payload : {}) as Record<string, unknown>;
  const root =
    typeof record.cwd === 'string'
      ? record.cwd
      : Array.isArray(record.workspace_roots) && typeof record.workspace_roots[0] === 'string'
        ? record.workspace_roots[0]
        : streams.cwd;

  const endpoint = findEndpoint({ descriptorFile: endpointFile ?? (streams.env.VAULTIFY_ENDPOINT || undefined), cwd: root });
  endpoint.catch(() => undefined);
  let unreadable: string | undefined;
  const context = async (): Promise<HookContext> => {
    const variables = await endpoint.then((found) => askEndpoint(found, 'variables', {}, ENDPOINT_WAIT_MS)).catch(() => undefined);
    const settings = await readWorkspaceSettings(root);
    unreadable = settingsFileError(settings, root);
    return {
      paths: new SensitivePaths(cliSetting(settings, 'guard.extraPatterns')),
      vaultedVariables: variables && new Set(variables.variables),
    };
  };
  const checkPrompt: CheckPrompt = async (prompt, transcriptPath) => {
    const credentials = promptCredentials(prompt);
    if (client !== 'claude' && client !== 'cursor') return { credentials, vaulted: [] };
    // The pasted values go to VS Code over the endpoint only, for its offer to store them.
    const params = { client, prompt, credentials, ...(transcriptPath !== undefined && { transcriptPath }) };
    const checked = await endpoint.then((found) => askEndpoint(found, 'prompt', params, ENDPOINT_WAIT_MS)).catch(() => undefined);
    return { credentials, vaulted: checked?.vaulted ?? [] };
  };
  const mask: MaskTexts = async (texts) => {
    try {
      return { ok: true, ...(await askEndpoint(await endpoint, 'mask', { texts }, ENDPOINT_WAIT_MS)) };
    } catch (error) {
      return { ok: false, reason: whyUnanswered(error) };
    }
  };
  const answer = await answerHook(client, payload, context, mask, checkPrompt);
  if (!unreadable) return answer;
  // The client shows a hook's stderr in its log: the denials above used the default sensitive paths only.
  const note = `vaultify hook ${client}: ${unreadable}: the settings file is not valid JSON, so its vaultify.guard.extraPatterns are not applied (only the default sensitive paths are denied); fix the file`;
  return { ...answer, stderr: answer.stderr ? `${answer.stderr}\n${note}` : note };
}

/** One request to VS Code, given up (and its connection closed) after `waitMs`. */
export async function askEndpoint<M extends AgentMethod>(
  endpoint: EndpointDescriptor,
  method: M,
  params: AgentMethods[M]['params'],
  waitMs: number,
): Promise<AgentMethods[M]['result']> {
  try {
    return await callEndpoint(endpoint, method, params, AbortSignal.timeout(waitMs));
  } catch (error) {
    if (error instanceof EndpointError && error.code === 'cancelled')
      throw new EndpointError('cancelled', `VS Code did not answer within ${waitMs / 1000} s`);
    throw error;
  }
}

/** Why VS Code gave no masked text, in the hook's words. */
function whyUnanswered(error: unknown): string {
  if (error instanceof EndpointError && (error.code === 'unreachable' || error.code === 'no-window')) {
    return 'no VS Code window with Vaultify has this folder open, so the vault could not be asked';
  }
  return error instanceof Error ? error.message.replace(/[.\s]+$/, '') : String(error);
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}

export const hookCommand: Subcommand = {
  usage: `  vaultify hook claude|cursor|vscode
      Answers one agent hook call (JSON on stdin): denies reads of sensitive paths and
      environment dumps; for Claude Code's PostToolUse, masks secrets in the tool's output;
      blocks a prompt that holds a credential.
`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      ctx.io.stdout(HOOK_HELP);
      return 0;
    }
    const answer = await runHook(positionals[0], values.endpoint, { stdin: ctx.stdin, cwd: ctx.io.cwd, env: ctx.env });
    if (answer.stderr) ctx.io.stderr(answer.stderr);
    // Exit at once once answered: a slow VS Code must not keep the agent waiting on a lingering socket.
    await new Promise<void>((resolve) => ctx.stdout.write(answer.stdout ? answer.stdout + '\n' : '', () => resolve()));
    return process.exit(answer.exitCode);
  },
};
