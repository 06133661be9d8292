import * as vscode from 'vscode';
import { requestResultText, runResultText, secretListText } from '../../core/agents/agentToolText';
import { type AgentBackend, type RunRequest } from './agentBackend';
import { lmApi, textToolResult } from './lmToolsApi';

export const LIST_TOOL = 'vaultify_listSecrets';
export const RUN_TOOL = 'vaultify_runWithSecrets';
export const REQUEST_TOOL = 'vaultify_requestSecret';

/**
 * Registers the Language Model tools for agent mode (through `Ctx.optional`, which skips
 * hosts older than 1.95 and survives a host that refuses the API).
 *
 * `prepareInvocation` gives only an invocation message, no `confirmationMessages`: the approval
 * that counts is the grant's modal inside `runWithSecrets` (it names the command, the secrets and
 * the folder, defaults to Deny, and is recorded). A second VS Code confirmation before it would
 * ask the same question twice and teach people to click through both. The same holds for the
 * request tool: its own prompt (Deny first) is the one question.
 */
export function registerLmTools(backend: AgentBackend): vscode.Disposable[] {
  const { registerTool } = lmApi();
  if (!registerTool) return [];
  return [
    registerTool<Record<string, never>>(LIST_TOOL, {
      async invoke() {
        return textToolResult(secretListText(await backend.listSecrets()));
      },
      prepareInvocation: () => ({ invocationMessage: 'Listing Vaultify secret names' }),
    }),
    registerTool<RunRequest>(RUN_TOOL, {
      prepareInvocation: ({ input }) => ({ invocationMessage: runMessage(input) }),
      async invoke({ input }, token) {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          const request: RunRequest = {
            command: String(input.command ?? ''),
            secrets: Array.isArray(input.secrets) ? input.secrets.map(String) : [],
            cwd: typeof input.cwd === 'string' ? input.cwd : undefined,
            timeoutSeconds: typeof input.timeoutSeconds === 'number' ? input.timeoutSeconds : undefined,
          };
          const result = await backend.runWithSecrets(request, { client: 'Copilot agent mode', via: 'lm-tool' }, abort.signal);
          return textToolResult(runResultText(result));
        } catch (error) {
          // A refusal is an answer for the model, not a crash: it says why and that nothing ran.
          if (error instanceof Error && error.name === 'RunDenied') return textToolResult(`Not run: ${error.message}`);
          throw error;
        } finally {
          subscription.dispose();
        }
      },
    }),
    registerTool<Record<string, unknown>>(REQUEST_TOOL, {
      prepareInvocation: ({ input }) => ({
        invocationMessage: `Asking you for the secret ${typeof input.name === 'string' ? JSON.stringify(input.name) : ''} in VS Code`,
      }),
      async invoke({ input }, token) {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          return textToolResult(
            requestResultText(await backend.requestSecret(input, { client: 'Copilot agent mode', via: 'lm-tool' }, abort.signal)),
          );
        } catch (error) {
          if (error instanceof Error && error.name === 'RunDenied') return textToolResult(`Not stored: ${error.message}`);
          throw error;
        } finally {
          subscription.dispose();
        }
      },
    }),
  ];
}

function runMessage(input: Partial<RunRequest>): string {
  const secrets = Array.isArray(input.secrets) && input.secrets.length ? input.secrets.join(', ') : 'no secrets';
  const folder =
    typeof input.cwd === 'string' && input.cwd ? input.cwd : (vscode.workspace.workspaceFolders?.[0]?.name ?? 'the workspace folder');
  return `Running "${String(input.command ?? '')}" with ${secrets} in ${folder}, once you approve it`;
}
