import * as vscode from 'vscode';
import { MCP_SERVER_NAME } from '../../shared/agentProtocol';
import { cursorMcpApi, lmApi, stdioServerDefinition } from './lmToolsApi';

declare const VAULTIFY_VERSION: string;

export const MCP_PROVIDER_ID = 'vaultify.mcp';

/**
 * Offers `vaultify mcp` to VS Code's MCP support (1.101+) and to Cursor's own API, each pointed
 * at this window's endpoint: the server it starts talks to this window and no other.
 */
export function registerMcpServers(cliPath: string, descriptorFile: Promise<string | undefined>): vscode.Disposable[] {
  const command = process.execPath;
  const args = [cliPath, 'mcp'];
  const envFor = (file: string): Record<string, string> => ({ ELECTRON_RUN_AS_NODE: '1', VAULTIFY_ENDPOINT: file });
  const disposables: vscode.Disposable[] = [];
  const { registerMcpServerDefinitionProvider } = lmApi();
  // Registered during activation, as VS Code expects; the definition waits for the endpoint.
  if (registerMcpServerDefinitionProvider) {
    disposables.push(
      registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
        provideMcpServerDefinitions: async () => {
          const file = await descriptorFile;
          return file ? [stdioServerDefinition('Vaultify', command, args, envFor(file), VAULTIFY_VERSION)] : [];
        },
      }),
    );
  }
  const cursor = cursorMcpApi();
  if (cursor) {
    let registered = false;
    let disposed = false;
    void descriptorFile.then((file) => {
      if (!file || disposed) return;
      cursor.registerServer({ name: MCP_SERVER_NAME, server: { command, args, env: envFor(file) } });
      registered = true;
    });
    disposables.push(
      new vscode.Disposable(() => {
        disposed = true;
        if (registered) cursor.unregisterServer?.(MCP_SERVER_NAME);
      }),
    );
  }
  return disposables;
}
