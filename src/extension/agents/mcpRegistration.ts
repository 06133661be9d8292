import * as vscode from 'vscode';
import { MCP_SERVER_NAME } from '../../shared/agentProtocol';
import { cursorMcpApi, lmApi, stdioServerDefinition } from './lmToolsApi';

declare const VAULTIFY_VERSION: string;

export const MCP_PROVIDER_ID = 'vaultify.mcp';

const command = process.execPath;
const cliArgs = (cliPath: string): string[] => [cliPath, 'mcp'];
const envFor = (file: string): Record<string, string> => ({ ELECTRON_RUN_AS_NODE: '1', VAULTIFY_ENDPOINT: file });

/**
 * Offers `vaultify mcp` to VS Code's MCP support (1.101+), pointed at this window's endpoint: the
 * server it starts talks to this window and no other. Registered during activation, as VS Code
 * expects; the definition waits for the endpoint.
 */
export function registerMcpProvider(cliPath: string, descriptorFile: Promise<string | undefined>): vscode.Disposable[] {
  const { registerMcpServerDefinitionProvider } = lmApi();
  if (!registerMcpServerDefinitionProvider) return [];
  return [
    registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, {
      provideMcpServerDefinitions: async () => {
        const file = await descriptorFile;
        return file ? [stdioServerDefinition('Vaultify', command, cliArgs(cliPath), envFor(file), VAULTIFY_VERSION)] : [];
      },
    }),
  ];
}

/** The same server through Cursor's own API, once the endpoint listens; nothing outside Cursor. */
export async function registerCursorMcp(cliPath: string, descriptorFile: Promise<string | undefined>): Promise<vscode.Disposable[]> {
  const cursor = cursorMcpApi();
  if (!cursor) return [];
  const file = await descriptorFile;
  if (!file) return [];
  cursor.registerServer({ name: MCP_SERVER_NAME, server: { command, args: cliArgs(cliPath), env: envFor(file) } });
  return [new vscode.Disposable(() => cursor.unregisterServer?.(MCP_SERVER_NAME))];
}
