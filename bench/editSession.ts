/**
 * The language server (dist/server.js) spoken to over stdio as VS Code's client speaks to it, with
 * one open document (5,000 lines unless asked otherwise) whose edits are timed from didChange to the publishDiagnostics of
 * that version (the server's debounce included). Shared by the benchmarks that measure the
 * editor's diagnostics latency.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
} from 'vscode-languageserver-protocol/node';
import { fakeGitHubToken } from '../test/support/fakeCredentials';

export const LINES = 5000;

export function handlersText(count = LINES): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    if (i % 500 === 250) lines.push(`export const token${i} = "${fakeGitHubToken()}";`);
    else lines.push(`export function handler${i}(request: Request): Response { return respond(request, ${i}, "ok-${i}"); }`);
  }
  return lines.join('\n') + '\n';
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function rssKB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

export interface EditSession {
  connection: MessageConnection;
  server: ChildProcess;
  /** Time from opening the document to its first diagnostics. */
  firstScanMs: number;
  /** Inserts a line (a token on even `i`) and resolves with the time to its diagnostics and the text inserted. */
  edit(i: number): Promise<{ ms: number; insert: string }>;
  close(): Promise<void>;
}

/**
 * Starts the server (with a workspace folder, if given) and opens a document of `lines` lines.
 * `settings` are the `vaultify.detection` settings the client answers with (defaults otherwise).
 */
export async function startEditSession(workspaceFolder?: string, lines = LINES, settings?: Record<string, unknown>): Promise<EditSession> {
  // BENCH_CPU_PROF=DIR writes the server's CPU profile there when it exits, to see where an edit's time goes;
  // BENCH_CPU_PROF_INTERVAL_US samples more often than Node's 1 ms (an edit takes a few).
  const interval = process.env.BENCH_CPU_PROF_INTERVAL_US ? [`--cpu-prof-interval=${process.env.BENCH_CPU_PROF_INTERVAL_US}`] : [];
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', ...interval, `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const server = spawn(process.execPath, [...profile, join(__dirname, '..', '..', 'dist', 'server.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiters = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { version?: number }) => {
    if (params.version !== undefined) waiters.get(params.version)?.();
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings ?? null));
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const folders = workspaceFolder ? [{ uri: `file://${workspaceFolder}`, name: 'workspace' }] : null;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: folders?.[0].uri ?? null,
    capabilities: { workspace: { configuration: true } },
    workspaceFolders: folders,
  });
  await connection.sendNotification('initialized', {});

  const uri = 'file:///bench/handlers.ts';
  let version = 1;
  const published = (v: number): Promise<void> => new Promise((resolve) => waiters.set(v, resolve));
  const first = published(version);
  const openedAt = performance.now();
  await connection.sendNotification('textDocument/didOpen', {
    textDocument: { uri, languageId: 'typescript', version, text: handlersText(lines) },
  });
  await first;
  const firstScanMs = performance.now() - openedAt;

  return {
    connection,
    server,
    firstScanMs,
    edit: async (i) => {
      version++;
      const line = 100 + ((i * 37) % (lines - 200));
      const insert = i % 2 ? `// edit ${i}\n` : `const leaked${i} = "${fakeGitHubToken()}";\n`;
      const done = published(version);
      const start = performance.now();
      await connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: insert }],
      });
      await done;
      return { ms: performance.now() - start, insert };
    },
    close: async () => {
      await connection.sendRequest('shutdown');
      // The server exits on its own after `exit` (writing its profile, if asked); killed if it has not within 5 s.
      const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
      await connection.sendNotification('exit');
      const deadline = setTimeout(() => server.kill(), 5000);
      await exited;
      clearTimeout(deadline);
      connection.dispose();
    },
  };
}
