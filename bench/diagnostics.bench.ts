/**
 * Edit-to-diagnostics latency of the language server on a 5,000-line file, and its memory.
 * Speaks LSP to dist/server.js over stdio, as VS Code's client does, and times each edit from
 * didChange to the publishDiagnostics of that version (the server's debounce included).
 * Prints a JSON object of figures on its last line.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-languageserver-protocol/node';
import { fakeGitHubToken } from '../test/support/fakeCredentials';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);
const LINES = 5000;

function fileText(): string {
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    if (i % 500 === 250) lines.push(`export const token${i} = "${fakeGitHubToken()}";`);
    else lines.push(`export function handler${i}(request: Request): Response { return respond(request, ${i}, "ok-${i}"); }`);
  }
  return lines.join('\n') + '\n';
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function rssKB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

async function main(): Promise<void> {
  const server = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
  const waiters = new Map<number, () => void>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { version?: number }) => {
    if (params.version !== undefined) waiters.get(params.version)?.();
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => null));
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, workspaceFolders: null });
  await connection.sendNotification('initialized', {});

  const uri = 'file:///bench/handlers.ts';
  let text = fileText();
  let version = 1;
  const published = (v: number): Promise<void> => new Promise((resolve) => waiters.set(v, resolve));
  const first = published(version);
  const openedAt = performance.now();
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  await first;
  const firstScanMs = performance.now() - openedAt;

  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    version++;
    const line = 100 + ((i * 37) % (LINES - 200));
    const insert = i % 2 ? `// edit ${i}\n` : `const leaked${i} = "${fakeGitHubToken()}";\n`;
    const done = published(version);
    const start = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: insert }],
    });
    await done;
    latencies.push(performance.now() - start);
    text = text + insert;
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  const peerMs = await secretlintPassMs(text);
  const figures = {
    benchmark: 'diagnostics',
    lines: LINES,
    edits: EDITS,
    firstScanMs: Number(firstScanMs.toFixed(1)),
    p50Ms: Number(percentile(sorted, 50).toFixed(1)),
    p95Ms: Number(percentile(sorted, 95).toFixed(1)),
    serverRssMB: Number((rssKB(server.pid!, 'VmRSS') / 1024).toFixed(1)),
    serverPeakRssMB: Number((rssKB(server.pid!, 'VmHWM') / 1024).toFixed(1)),
    secretlintPassMs: Number(peerMs.toFixed(1)),
    rows: [] as { metric: string; vaultify: string; peer?: string; target: string; met: boolean }[],
  };
  const p95 = figures.p95Ms;
  figures.rows.push(
    {
      metric: `Diagnostics after an edit, ${LINES}-line file (p50 / p95)`,
      vaultify: `${figures.p50Ms} / ${p95} ms`,
      peer: `${figures.secretlintPassMs} ms (one secretlint preset pass over the file)`,
      target: 'p95 ≤ 50 ms',
      met: p95 <= 50,
    },
    {
      metric: 'Language server memory (RSS, peak)',
      vaultify: `${figures.serverRssMB} MB (${figures.serverPeakRssMB} MB)`,
      target: '< 100 MB',
      met: figures.serverPeakRssMB < 100,
    },
  );
  console.log(`Diagnostics for a ${LINES}-line file: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms over ${EDITS} edits (debounce included); server RSS ${figures.serverRssMB} MB (peak ${figures.serverPeakRssMB} MB).`);
  await connection.sendRequest('shutdown');
  await connection.sendNotification('exit');
  connection.dispose();
  server.kill();
  console.log(JSON.stringify(figures));
}

/** The peer: secretlint's recommended preset run once over the same text, in-process (median of 5). */
async function secretlintPassMs(text: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await lintSource({
      source: { content: text, filePath: '/bench/handlers.ts', ext: '.ts', contentType: 'text' },
      options: { config: { rules: [{ id: recommended.meta.id, rule: recommended }] } },
    });
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[2];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
