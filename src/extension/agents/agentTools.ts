import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import type { AgentBackend } from './agentBackend';
import { type AgentEndpoint, startAgentEndpoint } from './agentEndpoint';
import { ensureLauncher } from './launcherFile';
import { registerLmTools } from './lmTools';
import { CURSOR_MCP_API, LM_TOOLS_API, MCP_PROVIDER_API } from './lmToolsApi';
import { registerCursorMcp, registerMcpProvider } from './mcpRegistration';

export interface AgentTools {
  /** Resolves once the local endpoint listens (undefined if it could not start; the log says why). */
  endpoint: Promise<AgentEndpoint | undefined>;
}

/**
 * Everything agents reach Vaultify through, on top of `backend`: the LM tools (1.95+), the local
 * endpoint behind `vaultify mcp` and `vaultify hook`, the MCP server definitions (1.101+, and
 * Cursor's API) and the per-user launcher.
 * Nothing here is awaited during activation.
 */
export function registerAgentTools(ctx: Ctx, services: Services): AgentTools {
  const cliPath = ctx.asAbsolutePath('dist/cli.js');
  const { agentBackend } = services;
  const backend: AgentBackend = {
    listSecrets: async () => (await agentBackend()).listSecrets(),
    runWithSecrets: async (request, requester, signal) => (await agentBackend()).runWithSecrets(request, requester, signal),
    maskTexts: async (texts) => (await agentBackend()).maskTexts(texts),
    requestSecret: async (input, requester, signal) => (await agentBackend()).requestSecret(input, requester, signal),
    checkPrompt: async (params) => (await agentBackend()).checkPrompt(params),
  };
  ctx.optional(LM_TOOLS_API, () => registerLmTools(backend));

  const folders = (): string[] => (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
  // Listening starts right after activation, not in it.
  const afterActivation = new Promise<void>((resolve) => setTimeout(resolve, 0));
  const endpoint = afterActivation
    .then(() => startAgentEndpoint(backend, { folders: folders() }))
    .then(
      (started) => {
        ctx.register(new vscode.Disposable(() => void started.dispose()));
        ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void started.setFolders(folders())));
        return started;
      },
      (error: unknown) => {
        ctx.log.error(
          `The agent endpoint did not start, so vaultify mcp and the hooks cannot reach this window: ${error instanceof Error ? error.message : String(error)}`,
        );
        return undefined;
      },
    );
  const descriptorFile = endpoint.then((started) => started?.descriptorFile);
  ctx.optional(MCP_PROVIDER_API, () => registerMcpProvider(cliPath, descriptorFile));
  ctx.optional(CURSOR_MCP_API, () => registerCursorMcp(cliPath, descriptorFile));
  // Keeps the launcher pointing at this version's CLI, so hook and MCP entries keep working after an update.
  afterActivation
    .then(() => ensureLauncher(cliPath))
    .catch((error: unknown) =>
      ctx.log.warn(`Could not write the Vaultify launcher: ${error instanceof Error ? error.message : String(error)}`),
    );
  return { endpoint };
}
