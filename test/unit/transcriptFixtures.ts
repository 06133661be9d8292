/**
 * Transcripts in each AI tool's own on-disk format, written from the formats' public
 * descriptions (field names and layout), with `secret` pasted where a user or a tool output would
 * put it. Each fixture says where the tool keeps it, relative to the home folder or the workspace.
 */
import type { TranscriptFormat, TranscriptTool } from '../../src/core/exposure';

export interface TranscriptFixture {
  tool: TranscriptTool;
  /** Relative to the home folder, or to the workspace when `inWorkspace`. */
  path: string;
  format: TranscriptFormat;
  content: string;
  inWorkspace?: boolean;
}

const jsonl = (lines: unknown[]) => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';

/** Claude Code 2.x: one session per JSONL file, each line an envelope around an Anthropic Messages message. */
function claudeCode(secret: string): string {
  const base = {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/app',
    sessionId: '5f41d411-d645-4b47-8345-252f37f42304',
    version: '2.0.72',
    gitBranch: 'main',
  };
  return jsonl([
    { type: 'summary', summary: 'Configure the payment client', leafUuid: 'b1' },
    {
      ...base,
      type: 'user',
      message: { role: 'user', content: 'Why does the client fail to authenticate?' },
      uuid: 'a1',
      timestamp: '2026-11-20T10:00:00.000Z',
    },
    {
      ...base,
      parentUuid: 'a1',
      type: 'assistant',
      message: {
        id: 'msg_01',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'cat .env', description: 'Show the env file' } }],
      },
      uuid: 'a2',
      timestamp: '2026-11-20T10:00:02.000Z',
    },
    {
      ...base,
      parentUuid: 'a2',
      type: 'user',
      message: {
        role: 'user',
        content: [{ tool_use_id: 'toolu_01', type: 'tool_result', content: `PAYMENT_KEY=${secret}\nDEBUG=1`, is_error: false }],
      },
      toolUseResult: { stdout: `PAYMENT_KEY=${secret}\nDEBUG=1`, stderr: '', interrupted: false, isImage: false },
      uuid: 'a3',
      timestamp: '2026-11-20T10:00:03.000Z',
    },
    {
      ...base,
      parentUuid: 'a3',
      type: 'assistant',
      message: { role: 'assistant', content: [{ type: 'text', text: 'The key in .env looks valid; the base URL is wrong.' }] },
      uuid: 'a4',
      timestamp: '2026-11-20T10:00:05.000Z',
    },
  ]);
}

/** Copilot Chat before VS Code 1.109: one flat JSON document per session (version 3). */
function copilotJson(secret: string): string {
  const text = `use this token: ${secret}`;
  return JSON.stringify(
    {
      version: 3,
      requesterUsername: 'dev',
      responderUsername: 'GitHub Copilot',
      initialLocation: 'panel',
      requests: [
        {
          requestId: 'request_0b6f',
          message: {
            text,
            parts: [
              {
                range: { start: 0, endExclusive: text.length },
                editorRange: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: text.length + 1 },
                text,
                kind: 'text',
              },
            ],
          },
          variableData: { variables: [] },
          response: [{ value: 'Do not paste tokens into chat; store it in the vault.', supportThemeIcons: false, supportHtml: false }],
          timestamp: 1763727100000,
          modelId: 'copilot/gpt-4.1',
        },
      ],
      sessionId: '3b7e1f1b-0000-4000-8000-000000000000',
      creationDate: 1763727100000,
      lastMessageDate: 1763727400000,
    },
    null,
    2,
  );
}

/** Copilot Chat since VS Code 1.109: an append log, a snapshot (`kind` 0) then set (1) and push (2) operations. */
function copilotJsonl(secret: string): string {
  return jsonl([
    {
      kind: 0,
      v: {
        version: 3,
        sessionId: '7c1d',
        creationDate: 1763727100000,
        requesterUsername: 'dev',
        responderUsername: 'GitHub Copilot',
        initialLocation: 'panel',
        requests: [],
      },
    },
    {
      kind: 2,
      k: ['requests'],
      v: [{ requestId: 'request_1', message: { text: 'run the migration', parts: [] }, response: [], timestamp: 1763727200000 }],
    },
    {
      kind: 1,
      k: ['requests', 0, 'response'],
      v: [
        {
          kind: 'toolInvocationSerialized',
          toolId: 'run_in_terminal',
          resultDetails: { output: `DATABASE_URL=postgres://app:${secret}@db:5432/app` },
        },
      ],
    },
    { kind: 1, k: ['lastMessageDate'], v: 1763727300000 },
  ]);
}

/** Codex CLI: rollout JSONL; tool calls keep their arguments and output as JSON inside a JSON string. */
function codex(secret: string): string {
  return jsonl([
    {
      timestamp: '2026-11-20T10:00:00.000Z',
      type: 'session_meta',
      payload: {
        id: '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        cwd: '/home/dev/app',
        cli_version: '0.65.0',
        originator: 'codex_cli_rs',
        source: 'cli',
      },
    },
    {
      timestamp: '2026-11-20T10:00:01.000Z',
      type: 'turn_context',
      payload: { cwd: '/home/dev/app', model: 'gpt-5-codex', approval_policy: 'on-request' },
    },
    {
      timestamp: '2026-11-20T10:00:02.000Z',
      type: 'response_item',
      payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'check the deploy config' }] },
    },
    {
      timestamp: '2026-11-20T10:00:03.000Z',
      type: 'response_item',
      payload: {
        type: 'function_call',
        name: 'shell',
        arguments: JSON.stringify({ command: ['bash', '-lc', 'cat deploy.env'] }),
        call_id: 'call_1',
      },
    },
    {
      timestamp: '2026-11-20T10:00:04.000Z',
      type: 'response_item',
      payload: {
        type: 'function_call_output',
        call_id: 'call_1',
        output: JSON.stringify({ output: `DEPLOY_PASSWORD=${secret}\n`, metadata: { exit_code: 0, duration_seconds: 0.1 } }),
      },
    },
  ]);
}

/** Gemini CLI: a saved chat, one JSON document with `messages`; tool results as function responses. */
function geminiChat(secret: string): string {
  return JSON.stringify(
    {
      sessionId: 'qclszz',
      projectHash: '384e9530e99733805bc2c98a596ab23e67d4c29a6ef263cdc1c89b3bcd022c69',
      startTime: '2026-11-20T10:00:00.000Z',
      lastUpdated: '2026-11-20T10:01:00.000Z',
      messages: [
        { id: 'm1', timestamp: '2026-11-20T10:00:00.000Z', type: 'user', content: [{ text: 'what is in .env?' }] },
        {
          id: 'm2',
          timestamp: '2026-11-20T10:00:10.000Z',
          type: 'gemini',
          content: '',
          toolCalls: [
            {
              id: 'read_file-1',
              name: 'read_file',
              args: { absolute_path: '/home/dev/app/.env' },
              result: [{ functionResponse: { id: 'read_file-1', name: 'read_file', response: { output: `API_TOKEN=${secret}` } } }],
              status: 'success',
            },
          ],
          model: 'gemini-2.5-pro',
          tokens: { input: 2264, output: 10, cached: 0, thoughts: 34, tool: 0, total: 2308 },
        },
      ],
    },
    null,
    2,
  );
}

/** Gemini CLI: the prompt log of a project, a JSON array. */
function geminiLogs(secret: string): string {
  return JSON.stringify(
    [{ sessionId: 'qclszz', messageId: 0, type: 'user', message: `export TOKEN=${secret}`, timestamp: '2026-11-20T10:00:00.000Z' }],
    null,
    2,
  );
}

/** aider: markdown, user turns as `####` headings, tool output quoted. */
function aiderChat(secret: string): string {
  return [
    '',
    '# aider chat started at 2026-11-20 10:00:00',
    '',
    '> Add .env to the chat? (Y)es/(N)o [Yes]: y',
    '',
    `#### call the API with ${secret} and print the status`,
    '',
    'Here is the change to `client.py`:',
    '',
    '> Tokens: 2.1k sent, 120 received.',
    '',
  ].join('\n');
}

/** aider: prompt_toolkit's FileHistory, a `#` timestamp line then the entry's lines prefixed with `+`. */
function aiderInput(secret: string): string {
  return `\n# 2026-11-20 10:00:01.123456\n+/add .env\n\n# 2026-11-20 10:00:09.654321\n+call the API with ${secret} and print the status\n`;
}

/** Continue: one JSON document per session, `history` of chat messages with their context items. */
function continueSession(secret: string): string {
  return JSON.stringify(
    {
      sessionId: 'c0ffee00-1111-4222-8333-444455556666',
      title: 'Fix the webhook',
      workspaceDirectory: 'file:///home/dev/app',
      history: [
        { message: { role: 'user', content: `my webhook secret is ${secret}, why does verification fail?` }, contextItems: [] },
        { message: { role: 'assistant', content: 'Check that you verify the raw body.' }, contextItems: [] },
      ],
    },
    null,
    2,
  );
}

export function transcriptFixtures(secret: string): TranscriptFixture[] {
  return [
    {
      tool: 'claude-code',
      path: '.claude/projects/-home-dev-app/5f41d411-d645-4b47-8345-252f37f42304.jsonl',
      format: 'jsonl',
      content: claudeCode(secret),
    },
    {
      tool: 'copilot-chat',
      path: '.config/Code/User/workspaceStorage/0a1b2c3d/chatSessions/3b7e1f1b.json',
      format: 'json',
      content: copilotJson(secret),
    },
    {
      tool: 'copilot-chat',
      path: '.local/share/code-server/User/workspaceStorage/9f8e7d6c/chatSessions/7c1d.jsonl',
      format: 'jsonl',
      content: copilotJsonl(secret),
    },
    {
      tool: 'codex',
      path: '.codex/sessions/2026/11/20/rollout-2026-11-20T10-00-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl',
      format: 'jsonl',
      content: codex(secret),
    },
    { tool: 'gemini-cli', path: '.gemini/tmp/app/chats/session-2026-11-20T10-00-qclszz.json', format: 'json', content: geminiChat(secret) },
    { tool: 'gemini-cli', path: '.gemini/tmp/app/logs.json', format: 'json', content: geminiLogs(secret) },
    {
      tool: 'continue',
      path: '.continue/sessions/c0ffee00-1111-4222-8333-444455556666.json',
      format: 'json',
      content: continueSession(secret),
    },
    { tool: 'aider', path: '.aider.chat.history.md', format: 'markdown', content: aiderChat(secret), inWorkspace: true },
    { tool: 'aider', path: '.aider.input.history', format: 'text', content: aiderInput(secret), inWorkspace: true },
  ];
}
