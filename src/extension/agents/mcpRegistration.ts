import * as vscode from 'vscode';
import { SERVER_NAME } from '../../core/agents/mcpConfig';
import { cursorMcpApi, lmApi, stdioServerDefinition } from './lmToolsApi';

declare const VAULTIFY_VERSION: string;

export const MCP_PROVIDER_ID = 'vaultify.mcp';

/**
 * Offers `vaultify mcp` to VS Code's MCP support (1.101+) and to Cursor's own API, each pointed
 * at this window's endpoint: the server it starts talks to this window and no other.
 */
export function registerMcpServers(cliPath: string, descriptorFile: string): vscode.Disposable[] {
  const command = process.execPath;
  const args = [cliPath, 'mcp'];
  const env = { ELECTRON_RUN_AS_NODE: '1', VAULTIFY_ENDPOINT: descriptorFile };
  const disposables: vscode.Disposable[] = [];
  const { registerMcpServerDefinitionProvider } = lmApi();
  if (registerMcpServerDefinitionProvider) {
    disposables.push(
      registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        provideMcpServerDefinitions: () => [stdioServerDefinition('Vaultify', command, args, env, VAULTIFY_VERSION)],
      }),
    );
  }
  const cursor = cursorMcpApi();
  if (cursor) {
    cursor.registerServer({ name: SERVER_NAME, server: { command, args, env } });
    disposables.push(new vscode.Disposable(() => cursor.unregisterServer?.(SERVER_NAME)));
  }
  return disposables;
}
