import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import {
  COMMAND_DESCRIPTION,
  CWD_DESCRIPTION,
  LIST_SECRETS_DESCRIPTION,
  REQUEST_HOSTS_DESCRIPTION,
  REQUEST_NAME_DESCRIPTION,
  REQUEST_PURPOSE_DESCRIPTION,
  REQUEST_SCOPE_DESCRIPTION,
  REQUEST_SECRET_DESCRIPTION,
  RUN_WITH_SECRETS_DESCRIPTION,
  SECRETS_DESCRIPTION,
  TIMEOUT_DESCRIPTION,
  requestResultText,
  runResultText,
  secretListText,
} from '../core/agents/agentToolText';
import type { EndpointDescriptor } from '../shared/agentProtocol';
import { parseArgs } from 'node:util';
import type { CliIo } from './cliIo';
import type { Subcommand } from './subcommand';
import { EndpointError, callEndpoint, findEndpoint } from './endpointClient';

declare const VAULTIFY_VERSION: string;

const MCP_HELP = `Usage: vaultify mcp [--endpoint FILE]

A stdio MCP server with three tools, list_secrets, run_with_secrets and request_secret, for
Claude Code, Cursor, the Copilot CLI and VS Code. It holds no secret values: each call goes to
the running VS Code window with Vaultify (found by itself, the one whose folder holds the current
directory), which asks the user, runs the command with the secrets in its environment and masks
the output, or asks the user for a missing credential and stores it, answering with its name.
When no such window runs, the tools answer with an error and nothing runs.

  --endpoint FILE   the endpoint descriptor to use (also VAULTIFY_ENDPOINT)`;

export interface McpArgs {
  endpoint?: string;
}

/** `vaultify mcp`: serves MCP on stdin/stdout until the client closes them. */
async function runMcp(args: McpArgs, io: CliIo, env: NodeJS.ProcessEnv): Promise<number> {
  const lookup = { descriptorFile: args.endpoint ?? (env.VAULTIFY_ENDPOINT || undefined), cwd: io.cwd };
  const server = new McpServer({ name: 'vaultify', version: VAULTIFY_VERSION }, { instructions: RUN_WITH_SECRETS_DESCRIPTION });
  // Looked up per call: VS Code may start, reload or close while the agent runs.
  const endpoint = (): Promise<EndpointDescriptor> => findEndpoint(lookup);
  const clientName = (): string => server.server.getClientVersion()?.name ?? 'An MCP client';

  server.registerTool(
    'list_secrets',
    {
      title: 'List Vaultify secrets',
      description: LIST_SECRETS_DESCRIPTION,
      inputSchema: {},
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    async (_args, extra): Promise<CallToolResult> => {
      try {
        const { secrets } = await callEndpoint(await endpoint(), 'list', {}, extra.signal);
        return { content: [{ type: 'text', text: secretListText(secrets) }], structuredContent: { secrets } };
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'run_with_secrets',
    {
      title: 'Run a command with Vaultify secrets',
      description: RUN_WITH_SECRETS_DESCRIPTION,
      inputSchema: {
        command: z.string().min(1).describe(COMMAND_DESCRIPTION),
        secrets: z.array(z.string()).describe(SECRETS_DESCRIPTION),
        cwd: z.string().optional().describe(CWD_DESCRIPTION),
        timeoutSeconds: z.number().positive().optional().describe(TIMEOUT_DESCRIPTION),
      },
      outputSchema: {
        exitCode: z.number().nullable(),
        maskedCount: z.number(),
        truncated: z.boolean(),
        timedOut: z.boolean(),
        cancelled: z.boolean(),
      },
      annotations: { destructiveHint: true, openWorldHint: true },
    },
    async ({ command, secrets, cwd, timeoutSeconds }, extra): Promise<CallToolResult> => {
      try {
        const result = await callEndpoint(
          await endpoint(),
          'run',
          { command, secrets, cwd, timeoutSeconds, client: clientName() },
          extra.signal,
        );
        const { exitCode, maskedCount, truncated, timedOut, cancelled } = result;
        return {
          content: [{ type: 'text', text: runResultText(result) }],
          structuredContent: { exitCode, maskedCount, truncated, timedOut, cancelled },
        };
      } catch (error) {
        return errorResult(error);
      }
    },
  );

  server.registerTool(
    'request_secret',
    {
      title: 'Ask the user for a credential in VS Code',
      description: REQUEST_SECRET_DESCRIPTION,
      inputSchema: {
        name: z.string().min(1).describe(REQUEST_NAME_DESCRIPTION),
        purpose: z.string().min(1).describe(REQUEST_PURPOSE_DESCRIPTION),
        hosts: z.array(z.string()).optional().describe(REQUEST_HOSTS_DESCRIPTION),
        scope: z.enum(['workspace', 'global']).optional().describe(REQUEST_SCOPE_DESCRIPTION),
      },
      outputSchema: { name: z.string(), stored: z.literal(true) },
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    async (input, extra): Promise<CallToolResult> => {
      try {
        const result = await callEndpoint(await endpoint(), 'request', { input, client: clientName() }, extra.signal);
        return {
          content: [{ type: 'text', text: requestResultText(result) }],
          structuredContent: { name: result.name, stored: result.stored },
        };
      } catch (error) {
        return errorResult(error, 'Not stored');
      }
    },
  );

  const transport = new StdioServerTransport();
  await server.connect(transport);
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = () => resolve();
    process.stdin.once('end', () => resolve());
  });
  await closed;
  await server.close();
  return 0;
}

function errorResult(error: unknown, refused = 'Not run'): CallToolResult {
  const text =
    error instanceof EndpointError
      ? error.code === 'denied'
        ? `${refused}: ${error.message}`
        : error.code === 'unauthorized'
          ? `${refused}: ${error.message}. Restart the MCP server so that it reads the current session.`
          : error.code === 'failed'
            ? `Vaultify could not complete the call: ${error.message}`
            : error.message
      : `${refused}: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: 'text', text }], isError: true };
}

export const mcpCommand: Subcommand = {
  usage: `  vaultify mcp [--endpoint FILE]
      A stdio MCP server (list_secrets, run_with_secrets, request_secret) for Claude Code,
      Cursor, the Copilot CLI and VS Code. It holds no values: the running VS Code window
      approves, runs and masks.
`,
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: { endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
    });
    if (values.help) {
      ctx.io.stdout(MCP_HELP);
      return 0;
    }
    return runMcp({ endpoint: values.endpoint }, ctx.io, ctx.env);
  },
};
