import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

/** `vscode.lm`'s tool API, typed here because the extension builds against VS Code 1.91. */
interface LmToolsApi {
  tools: readonly { name: string }[];
  invokeTool(
    name: string,
    options: { input: object; toolInvocationToken: undefined },
    token?: vscode.CancellationToken,
  ): Promise<{ content: unknown[] }>;
}

export const lm = (): LmToolsApi => (vscode as unknown as { lm: LmToolsApi }).lm;

/** The text of an LM tool result: its text parts joined. */
export async function invokeText(name: string, input: object, token?: vscode.CancellationToken): Promise<string> {
  const result = await lm().invokeTool(name, { input, toolInvocationToken: undefined }, token);
  return result.content
    .map((part) => (part as { value?: unknown }).value)
    .filter((v): v is string => typeof v === 'string')
    .join('');
}

export const CLI = path.resolve(__dirname, '../../../dist/cli.js');

/**
 * An MCP SDK client over stdio, spawning `vaultify mcp` as an agent would: with no arguments it
 * finds this window's endpoint by itself. The extension host's own binary runs it as node.
 */
export async function mcpClient(cwd: string, args: string[] = []): Promise<Client> {
  const client = new Client({ name: 'vaultify-integration', version: '1.0.0' });
  const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'mcp', ...args],
      cwd,
      env: { ...env, ELECTRON_RUN_AS_NODE: '1' },
      stderr: 'pipe',
    }),
  );
  return client;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function pidIn(file: string): number | undefined {
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return pid > 0 ? pid : undefined;
}
