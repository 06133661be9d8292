import type { Readable } from 'node:stream';
import { HOOK_CLIENTS, type HookAnswer, type HookClient, type HookContext, type MaskText, answerHook, malformedPayload } from '../core/agents/hookDecisions';
import { promptCredentials } from '../core/agents/promptHook';
import { SensitivePaths } from '../core/agents/sensitivePaths';
import { maskText } from '../core/mask';
import type { EndpointDescriptor } from '../shared/agentProtocol';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { UsageError } from './cliIo';
import { callEndpoint, findEndpoint } from './endpointClient';
import { cliSetting } from './protectedSettings';

export const HOOK_HELP = `Usage: vaultify hook claude|cursor|vscode [--endpoint FILE]

Reads one hook call (JSON) on stdin and answers it in that client's format:
  claude   Claude Code PreToolUse: denies Read, Grep, Glob and Bash calls that read a
           sensitive path (.env, keys, credential files) or print the environment.
           PostToolUse: answers with the tool's output masked (vault values, detected
           credentials); Claude Code may ignore that answer for Bash and WebFetch.
           UserPromptSubmit: blocks a prompt holding a credential or a vaulted value.
  cursor   beforeShellExecution and beforeReadFile: deny reads of sensitive paths.
           beforeSubmitPrompt: stops a prompt holding a credential or a vaulted value.
  vscode   VS Code agent hooks, PreToolUse: denies the same reads.
Unreadable input is refused (exit 2). Vault values and names come from the running VS Code
window; without it, detected credentials are still masked.`;

/** How long a hook waits for VS Code before going on without it: a hook must not stall the agent. */
const ENDPOINT_WAIT_MS = 5000;

export interface HookStreams {
  stdin: Readable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function runHook(clientArg: string | undefined, endpointFile: string | undefined, streams: HookStreams): Promise<HookAnswer> {
  if (!clientArg || !HOOK_CLIENTS.includes(clientArg as HookClient)) throw new UsageError(`hook needs a client: ${HOOK_CLIENTS.join(', ')}`);
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
  const root = typeof record.cwd === 'string' ? record.cwd : Array.isArray(record.workspace_roots) && typeof record.workspace_roots[0] === 'string' ? record.workspace_roots[0] : streams.cwd;

  const endpoint = await findEndpoint({ descriptorFile: endpointFile ?? (streams.env.VAULTIFY_ENDPOINT || undefined), cwd: root }).catch(() => undefined);
  const variables = endpoint ? await withDeadline(callEndpoint(endpoint, 'variables', {})).catch(() => undefined) : undefined;
  const context: HookContext = {
    paths: new SensitivePaths(cliSetting(await readWorkspaceSettings(root), 'guard.extraPatterns')),
    vaultedVariables: variables && new Set(variables.variables),
    checkPrompt: async (prompt, transcriptPath) => {
      const credentials = promptCredentials(prompt);
      if (!endpoint || (client !== 'claude' && client !== 'cursor')) return { credentials, vaulted: [] };
      // The pasted values go to VS Code over the endpoint only, for its offer to store them.
      const checked = await withDeadline(callEndpoint(endpoint, 'prompt', { client, prompt, credentials, ...(transcriptPath !== undefined && { transcriptPath }) })).catch(() => undefined);
      return { credentials, vaulted: checked?.vaulted ?? [] };
    },
  };
  return answerHook(client, payload, context, maskThrough(endpoint));
}

/**
 * Vault values through VS Code's masking service, then detected credentials here, in the hook's
 * own process; without VS Code, detected credentials only.
 */
function maskThrough(endpoint: EndpointDescriptor | undefined): MaskText {
  let reachable = endpoint !== undefined;
  return async (text) => {
    let vault = { text, maskedCount: 0, vaultChecked: false };
    if (reachable) {
      try {
        vault = await withDeadline(callEndpoint(endpoint!, 'mask', { text }));
      } catch {
        reachable = false;
      }
    }
    // The masking core's credential detection: vendor tokens, private keys, URL passwords.
    const detected = maskText(vault.text, [], { detectCredentials: true });
    return { text: detected.text, maskedCount: vault.maskedCount + detected.maskedCount, vaultChecked: vault.vaultChecked };
  };
}

function withDeadline<T>(promise: Promise<T>): Promise<T> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), ENDPOINT_WAIT_MS);
  return Promise.race([
    promise,
    new Promise<T>((_resolve, reject) => abort.signal.addEventListener('abort', () => reject(new Error('VS Code did not answer')))),
  ]).finally(() => clearTimeout(timer));
}

async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks).toString('utf8');
}
