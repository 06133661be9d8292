/**
 * Masker benchmark. Build, then run: node out/bench/mask.bench.js
 * Env: BENCH_MB (MB piped through `vaultify mask` and `cat`, default 1024),
 *      BENCH_INPROC_MB (MB masked in-process per secret count, default 256).
 * Prints readable lines, then one JSON object of figures on the last line.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type MaskSecret, StreamMasker, maskVariants } from '../src/core/mask';

const PIPE_MB = Number(process.env.BENCH_MB ?? 1024);
const INPROC_MB = Number(process.env.BENCH_INPROC_MB ?? 256);
const MB = 1024 * 1024;
const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const workDir = path.join(root, 'bench/.work');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.';
function randomValue(length: number): string {
  return [...randomBytes(length)].map((b) => ALPHABET[b % ALPHABET.length]).join('');
}

const discard = (): void => undefined;

function secretsOf(count: number): MaskSecret[] {
  return Array.from({ length: count }, (_, i) => ({ name: `bench/secret${i}`, value: randomValue(40) }));
}

/** Log-like text; about every 64 KB one variant of one of the secrets. */
function corpus(bytes: number, secrets: MaskSecret[]): Buffer {
  const words = [
    'GET',
    'POST',
    '/api/v1/items',
    'user=alice@example.com',
    'status=200',
    'latency=12ms',
    'retrying',
    'cache miss',
    'id=4f9c2b7e',
    '{"ok":true,"count":17}',
    'worker-3',
    'connection reset by peer',
  ];
  const variants = secrets.flatMap((s) => maskVariants(s.value)).map((v) => Buffer.from(v));
  const parts: Buffer[] = [];
  let size = 0;
  let sinceHit = 0;
  for (let line = 0; size < bytes; line++) {
    let text = `2026-01-01T00:00:${String(line % 60).padStart(2, '0')}.${line % 1000}Z INFO`;
    for (let w = 0; w < 8; w++) text += ' ' + words[(line * 7 + w * 13) % words.length];
    const part = Buffer.from(text + '\n');
    parts.push(part);
    size += part.length;
    sinceHit += part.length;
    if (sinceHit > 64 * 1024) {
      parts.push(variants[line % variants.length], Buffer.from('\n'));
      size += variants[line % variants.length].length + 1;
      sinceHit = 0;
    }
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

function throughput(secretCount: number): { mbPerSec: number; patterns: number; automatonMB: number; buildMs: number } {
  const secrets = secretsOf(secretCount);
  const text = corpus(16 * MB, secrets);
  const started = performance.now();
  const masker = new StreamMasker(secrets);
  const buildMs = performance.now() - started;
  const chunk = 64 * 1024;
  const pass = (): void => {
    for (let at = 0; at < text.length; at += chunk) masker.push(text.subarray(at, at + chunk), discard);
  };
  pass(); // warm up the JIT
  const passes = Math.max(1, Math.round(INPROC_MB / 16));
  const t = performance.now();
  for (let i = 0; i < passes; i++) pass();
  const seconds = (performance.now() - t) / 1000;
  return {
    mbPerSec: (passes * text.length) / MB / seconds,
    patterns: masker.patternCount,
    automatonMB: masker.automatonBytes / MB,
    buildMs,
  };
}

/** The worst case: output where every byte ends a match (a run of one character, and a secret made of it). */
function floodThroughput(): number {
  const masker = new StreamMasker([{ name: 'bench/run', value: 'aaaaaaaa' }]);
  const text = Buffer.alloc(16 * MB, 'a');
  const t = performance.now();
  for (let at = 0; at < text.length; at += 64 * 1024) masker.push(text.subarray(at, at + 64 * 1024), discard);
  return 16 / ((performance.now() - t) / 1000);
}

/** Time to mask one 4 KB chunk, as a terminal would see it, with 100 secrets. */
function chunkLatency(): { p50Us: number; p99Us: number } {
  const secrets = secretsOf(100);
  const text = corpus(16 * MB, secrets);
  const masker = new StreamMasker(secrets);
  const samples: number[] = [];
  for (let round = 0; round < 2; round++) {
    samples.length = 0;
    for (let at = 0; at + 4096 <= text.length; at += 4096) {
      const t = process.hrtime.bigint();
      masker.push(text.subarray(at, at + 4096), discard);
      samples.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  samples.sort((a, b) => a - b);
  return { p50Us: samples[Math.floor(samples.length * 0.5)], p99Us: samples[Math.floor(samples.length * 0.99)] };
}

function vmKB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

interface PipeResult {
  seconds: number;
  peakRssMB?: number;
  rssAtTenthMB?: number;
  outBytes: number;
}

/** Streams `mb` MB of `block` repeated into the command and drains its output, sampling its memory. */
function pipeThrough(command: string, args: string[], block: Buffer, mb: number): Promise<PipeResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'inherit'], env: process.env });
    const total = mb * MB;
    let sent = 0;
    let outBytes = 0;
    let peakKB: number | undefined;
    let tenthKB: number | undefined;
    const sample = (): void => {
      peakKB = vmKB(child.pid!, 'VmHWM') ?? peakKB;
      if (tenthKB === undefined && sent >= total / 10) tenthKB = vmKB(child.pid!, 'VmRSS');
    };
    const poll = setInterval(sample, 50);
    const started = performance.now();
    child.stdout.on('data', (data: Buffer) => {
      outBytes += data.length;
      if (outBytes % (64 * MB) < data.length) sample();
    });
    const feed = (): void => {
      while (sent < total) {
        const piece = block.subarray(0, Math.min(block.length, total - sent));
        sent += piece.length;
        if (!child.stdin.write(piece)) return void child.stdin.once('drain', feed);
      }
      child.stdin.end();
    };
    child.on('error', reject);
    // A command that dies mid-stream closes its stdin; its exit code tells what happened.
    child.stdin.on('error', () => undefined);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`${command} exited with ${code}`));
      else resolve({ seconds, peakRssMB: peakKB && peakKB / 1024, rssAtTenthMB: tenthKB && tenthKB / 1024, outBytes });
    });
    feed();
  });
}

async function main(): Promise<void> {
  const figures: Record<string, number | undefined> = {};
  for (const count of [1, 10, 100]) {
    const r = throughput(count);
    console.log(
      `in-process, ${count} secrets (${r.patterns} patterns, table ${r.automatonMB.toFixed(1)} MB, ` +
        `built in ${r.buildMs.toFixed(0)} ms): ${r.mbPerSec.toFixed(0)} MB/s`,
    );
    figures[`inprocess_${count}_secrets_MBps`] = Math.round(r.mbPerSec);
    figures[`build_${count}_secrets_ms`] = Math.round(r.buildMs);
  }

  const flood = floodThroughput();
  console.log(`worst case, every byte ends a match: ${flood.toFixed(0)} MB/s`);
  figures.every_byte_matches_MBps = Math.round(flood);

  const latency = chunkLatency();
  console.log(`4 KB chunk, 100 secrets: p50 ${latency.p50Us.toFixed(1)} µs, p99 ${latency.p99Us.toFixed(1)} µs`);
  figures.chunk4k_p50_us = Number(latency.p50Us.toFixed(1));
  figures.chunk4k_p99_us = Number(latency.p99Us.toFixed(1));

  const secrets = secretsOf(100);
  mkdirSync(workDir, { recursive: true });
  const valuesFile = path.join(workDir, 'mask-values.env');
  writeFileSync(valuesFile, secrets.map((s) => `${s.name.replace('/', '_')}=${s.value as string}`).join('\n') + '\n');
  const block = corpus(MB, secrets);
  const cat = await pipeThrough('cat', [], block, PIPE_MB);
  const mask = await pipeThrough(process.execPath, [cli, 'mask', '--values-file', valuesFile], block, PIPE_MB);
  const catRate = PIPE_MB / cat.seconds;
  const maskRate = PIPE_MB / mask.seconds;
  console.log(
    `pipe ${PIPE_MB} MB, 100 secrets: vaultify mask ${maskRate.toFixed(0)} MB/s, cat ${catRate.toFixed(0)} MB/s, ` +
      `ratio ${(maskRate / catRate).toFixed(2)}`,
  );
  console.log(`vaultify mask RSS: ${mask.rssAtTenthMB?.toFixed(0)} MB at 10% of the stream, peak ${mask.peakRssMB?.toFixed(0)} MB`);
  Object.assign(figures, {
    pipe_MB: PIPE_MB,
    pipe_mask_MBps: Math.round(maskRate),
    pipe_cat_MBps: Math.round(catRate),
    pipe_mask_to_cat_ratio: Number((maskRate / catRate).toFixed(3)),
    pipe_mask_rss_at_10pct_MB: mask.rssAtTenthMB && Math.round(mask.rssAtTenthMB),
    pipe_mask_peak_rss_MB: mask.peakRssMB && Math.round(mask.peakRssMB),
  });
  const f = figures;
  const rows = [
    {
      metric: 'Masker throughput in-process, 1 / 10 / 100 secrets × all variants',
      vaultify: `${f.inprocess_1_secrets_MBps} / ${f.inprocess_10_secrets_MBps} / ${f.inprocess_100_secrets_MBps} MB/s`,
      target: '≥ 200 MB/s at 100',
      met: (f.inprocess_100_secrets_MBps ?? 0) >= 200,
    },
    {
      metric: `\`vaultify mask\` piping ${PIPE_MB} MB, 100 secrets`,
      vaultify: `${f.pipe_mask_MBps} MB/s`,
      peer: `${f.pipe_cat_MBps} MB/s (\`cat\`), ratio ${f.pipe_mask_to_cat_ratio}`,
    },
    {
      metric: `\`vaultify mask\` memory on ${PIPE_MB} MB (RSS at 10% / peak)`,
      vaultify: `${f.pipe_mask_rss_at_10pct_MB} / ${f.pipe_mask_peak_rss_MB} MB`,
      target: 'flat',
      met: f.pipe_mask_peak_rss_MB !== undefined && f.pipe_mask_rss_at_10pct_MB !== undefined && f.pipe_mask_peak_rss_MB <= f.pipe_mask_rss_at_10pct_MB * 1.2,
    },
    { metric: 'Added latency per 4 KB chunk, 100 secrets (p50 / p99)', vaultify: `${f.chunk4k_p50_us} / ${f.chunk4k_p99_us} µs` },
  ];
  console.log(JSON.stringify({ bench: 'mask', ...figures, rows }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
