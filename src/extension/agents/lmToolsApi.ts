import * as vscode from 'vscode';
import type { OptionalApi } from '../ctx';

/** Proposed (and refused without the proposal) before 1.95. */
export const LM_TOOLS_API: OptionalApi = { name: 'lmTools', label: 'Language Model tools', since: '1.95' };
/** Proposed (and refused without the proposal) before 1.101. */
export const MCP_PROVIDER_API: OptionalApi = { name: 'mcpProvider', label: 'MCP server definition provider', since: '1.101' };
/** Cursor's own API, absent elsewhere. */
export const CURSOR_MCP_API: OptionalApi = { name: 'cursorMcp', label: "Cursor's MCP server registration" };

/**
 * The parts of the Language Model tool and MCP APIs this extension uses, typed here because the
 * extension builds against the oldest VS Code its `engines` allows (1.91), where they do not
 * exist. Each is looked up at run time and is undefined on hosts without it.
 */
export interface ToolInvocationOptions<T> {
  input: T;
  toolInvocationToken?: unknown;
}

export interface PreparedToolInvocation {
  invocationMessage?: string | vscode.MarkdownString;
  confirmationMessages?: { title: string; message: string | vscode.MarkdownString };
}

export interface LanguageModelTool<T> {
  invoke(options: ToolInvocationOptions<T>, token: vscode.CancellationToken): Promise<unknown>;
  prepareInvocation?(options: { input: T }, token: vscode.CancellationToken): PreparedToolInvocation | undefined;
}

export interface McpServerDefinitionProvider {
  onDidChangeMcpServerDefinitions?: vscode.Event<void>;
  provideMcpServerDefinitions(token: vscode.CancellationToken): unknown[] | Promise<unknown[]>;
  resolveMcpServerDefinition?(server: unknown, token: vscode.CancellationToken): unknown;
}

interface LmApi {
  registerTool?: <T>(this: void, name: string, tool: LanguageModelTool<T>) => vscode.Disposable;
  registerMcpServerDefinitionProvider?: (this: void, id: string, provider: McpServerDefinitionProvider) => vscode.Disposable;
}

interface CursorMcpApi {
  registerServer(config: { name: string; server: { command: string; args: string[]; env: Record<string, string> } }): void;
  unregisterServer?(name: string): void;
}

/** `vscode.lm`'s tool and MCP registration, each undefined where the host lacks it. */
export function lmApi(): LmApi {
  return (vscode as unknown as { lm?: LmApi }).lm ?? {};
}

/** Builds a tool result holding one text part (`LanguageModelToolResult`, 1.95+). */
export function textToolResult(text: string): unknown {
  const api = vscode as unknown as {
    LanguageModelToolResult: new (parts: unknown[]) => unknown;
    LanguageModelTextPart: new (text: string) => unknown;
  };
  return new api.LanguageModelToolResult([new api.LanguageModelTextPart(text)]);
}

/** `new vscode.McpStdioServerDefinition(label, command, args, env, version)` (1.101+). */
export function stdioServerDefinition(
  label: string,
  command: string,
  args: string[],
  env: Record<string, string>,
  version: string,
): unknown {
  const api = vscode as unknown as {
    McpStdioServerDefinition: new (label: string, command: string, args: string[], env: Record<string, string>, version: string) => unknown;
  };
  return new api.McpStdioServerDefinition(label, command, args, env, version);
}

/** Cursor's own MCP registration, when running inside Cursor. */
export function cursorMcpApi(): CursorMcpApi | undefined {
  const mcp = (vscode as unknown as { cursor?: { mcp?: Partial<CursorMcpApi> } }).cursor?.mcp;
  return typeof mcp?.registerServer === 'function' ? (mcp as CursorMcpApi) : undefined;
}
