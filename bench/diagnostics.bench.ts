/**
 * Edit-to-diagnostics latency of the language server on a 5,000-line file, and its memory.
 * Speaks LSP to dist/server.js over stdio, as VS Code's client does, and times each edit from
 * didChange to the publishDiagnostics of that version (the server's debounce included).
 * Prints a JSON object of figures on its last line.
 */
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { LINES, handlersText, percentile, rssKB, startEditSession } from './editSession';

const EDITS = Number(process.env.BENCH_EDITS ?? 60);

async function main(): Promise<void> {
  const session = await startEditSession();
  const { server, firstScanMs } = session;
  let text = handlersText();
  const latencies: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const { ms, insert } = await session.edit(i);
    latencies.push(ms);
    text = text + insert;
  }
  const peerMs = await secretlintPassMs(text);
  const figures = {
    benchmark: 'diagnostics',
    lines: LINES,
    edits: EDITS,
    firstScanMs: Number(firstScanMs.toFixed(1)),
    p50Ms: Number(percentile(latencies, 50).toFixed(1)),
    p95Ms: Number(percentile(latencies, 95).toFixed(1)),
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
  await session.close();
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
