/**
 * Masker benchmark. Build, then run: node out/bench/mask.bench.js
 * Env: BENCH_MB (MB piped through `vaultify mask` and `cat`, default 1024; the worst case a quarter),
 *      BENCH_INPROC_MB (MB masked in-process per secret count, default 256).
 * The headline stream is real coloured output: `grep --color=always -rIn the /usr/share/doc`,
 * with a variant of a secret every 64 KB. Generated streams are labelled as such.
 * Prints readable lines, then one JSON object of figures on the last line.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { type MaskSecret, type MaskerOptions, StreamMasker, maskVariants } from '../src/core/mask';

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

/**
 * Real coloured terminal output, repeated to `bytes`, with one variant of one of the secrets
 * every 64 KB. Falls back to generated coloured logs where /usr/share/doc is missing.
 */
function colouredCorpus(bytes: number, secrets: MaskSecret[]): { text: Buffer; real: boolean } {
  const grep = spawnSync('grep', ['--color=always', '-rIn', 'the', 'doc'], { cwd: '/usr/share', maxBuffer: 64 * MB });
  const real = grep.stdout && grep.stdout.length > MB ? grep.stdout.subarray(0, 16 * MB) : undefined;
  if (!real) return { text: corpus(bytes, secrets, true), real: false };
  const variants = secrets.flatMap((s) => maskVariants(s.value)).map((v) => Buffer.from(v));
  const parts: Buffer[] = [];
  let size = 0;
  for (let at = 0, hit = 0; size < bytes; hit++) {
    const piece = real.subarray(at % real.length, Math.min(real.length, (at % real.length) + 64 * 1024));
    const variant = variants[hit % variants.length];
    parts.push(piece, variant, Buffer.from('\n'));
    size += piece.length + variant.length + 1;
    at += piece.length;
  }
  return { text: Buffer.concat(parts).subarray(0, bytes), real: true };
}

const SGR = ['\x1b[32m', '\x1b[1;31m', '\x1b[0m', '\x1b[36m', '\x1b[2m'];

/** Generated log-like text, coloured when `colour`; about every 64 KB one variant of one of the secrets. */
function corpus(bytes: number, secrets: MaskSecret[], colour = false): Buffer {
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
    for (let w = 0; w < 8; w++) {
      const word = words[(line * 7 + w * 13) % words.length];
      text += ' ' + (colour && w % 3 === 0 ? `${SGR[(line + w) % SGR.length]}${word}\x1b[0m` : word);
    }
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

function throughput(
  secrets: MaskSecret[],
  text: Buffer,
  options: MaskerOptions = {},
): { mbPerSec: number; patterns: number; automatonMB: number; buildMs: number } {
  const started = performance.now();
  const masker = new StreamMasker(secrets, options);
  const buildMs = performance.now() - started;
  const chunk = 64 * 1024;
  const pass = (): void => {
    for (let at = 0; at < text.length; at += chunk) masker.push(text.subarray(at, at + chunk), discard);
  };
  pass(); // warm up the JIT
  const passes = Math.max(1, Math.round(INPROC_MB / (text.length / MB)));
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

/** Time to mask one 4 KB chunk, as a terminal would see it, with 100 secrets; with and without output scanning. */
function chunkLatency(text: Buffer, secrets: MaskSecret[], options: MaskerOptions): { p50Us: number; p99Us: number } {
  const masker = new StreamMasker(secrets, options);
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

/** A difference with its sign, so that a measured gain within noise reads as such. */
const signed = (d: number): string => (d < 0 ? `−${-d}` : `+${d}`);

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
  const figures: Record<string, number | string | undefined> = {};
  const hundred = secretsOf(100);
  const coloured = colouredCorpus(16 * MB, hundred);
  const streamLabel = coloured.real ? 'real coloured output (grep --color=always of /usr/share/doc)' : 'generated coloured logs';
  console.log(`stream: ${streamLabel}`);
  figures.stream = streamLabel;
  for (const count of [1, 10, 100]) {
    const secrets = count === 100 ? hundred : secretsOf(count);
    const text = count === 100 ? coloured.text : colouredCorpus(16 * MB, secrets).text;
    const r = throughput(secrets, text);
    console.log(
      `in-process, ${count} secrets (${r.patterns} patterns, table ${r.automatonMB.toFixed(1)} MB, ` +
        `built in ${r.buildMs.toFixed(0)} ms): ${r.mbPerSec.toFixed(0)} MB/s`,
    );
    figures[`inprocess_${count}_secrets_MBps`] = Math.round(r.mbPerSec);
    figures[`build_${count}_secrets_ms`] = Math.round(r.buildMs);
    figures[`automaton_${count}_secrets_MB`] = Number(r.automatonMB.toFixed(1));
  }
  const detecting = throughput(hundred, coloured.text, { detectCredentials: true });
  console.log(`in-process, 100 secrets, output scanning on: ${detecting.mbPerSec.toFixed(0)} MB/s`);
  figures.inprocess_100_secrets_detect_MBps = Math.round(detecting.mbPerSec);
  const plainLogs = throughput(hundred, corpus(16 * MB, hundred));
  console.log(`in-process, 100 secrets, generated plain logs: ${plainLogs.mbPerSec.toFixed(0)} MB/s`);
  figures.inprocess_100_secrets_plain_generated_MBps = Math.round(plainLogs.mbPerSec);

  const flood = floodThroughput();
  console.log(`worst case, every byte ends a match: ${flood.toFixed(0)} MB/s`);
  figures.every_byte_matches_MBps = Math.round(flood);

  const off = chunkLatency(coloured.text, hundred, {});
  const on = chunkLatency(coloured.text, hundred, { detectCredentials: true });
  console.log(
    `4 KB chunk, 100 secrets: p50 ${off.p50Us.toFixed(1)} µs, p99 ${off.p99Us.toFixed(1)} µs; with output scanning p50 ${on.p50Us.toFixed(1)} µs, p99 ${on.p99Us.toFixed(1)} µs`,
  );
  figures.chunk4k_p50_us = Number(off.p50Us.toFixed(1));
  figures.chunk4k_p99_us = Number(off.p99Us.toFixed(1));
  figures.chunk4k_detect_p50_us = Number(on.p50Us.toFixed(1));
  figures.chunk4k_detect_p99_us = Number(on.p99Us.toFixed(1));
  figures.chunk4k_detect_added_p50_us = Number((on.p50Us - off.p50Us).toFixed(1));

  mkdirSync(workDir, { recursive: true });
  const valuesFile = path.join(workDir, 'mask-values.env');
  writeFileSync(valuesFile, hundred.map((s) => `${s.name.replace('/', '_')}=${s.value as string}`).join('\n') + '\n');
  const floodFile = path.join(workDir, 'mask-flood.env');
  writeFileSync(floodFile, 'RUN=aaaaaaaa\n');
  const block = coloured.text.subarray(0, MB);
  const cat = await pipeThrough('cat', [], block, PIPE_MB);
  const mask = await pipeThrough(process.execPath, [cli, 'mask', '--values-file', valuesFile], block, PIPE_MB);
  const catRate = PIPE_MB / cat.seconds;
  const maskRate = PIPE_MB / mask.seconds;
  console.log(
    `pipe ${PIPE_MB} MB of ${streamLabel}, 100 secrets: vaultify mask ${maskRate.toFixed(0)} MB/s, cat ${catRate.toFixed(0)} MB/s, ` +
      `ratio ${(maskRate / catRate).toFixed(2)}`,
  );
  console.log(`vaultify mask RSS: ${mask.rssAtTenthMB?.toFixed(0)} MB at 10% of the stream, peak ${mask.peakRssMB?.toFixed(0)} MB`);
  const worstMB = Math.max(1, Math.round(PIPE_MB / 4));
  const floodBlock = Buffer.alloc(MB, 'a');
  const catWorst = await pipeThrough('cat', [], floodBlock, worstMB);
  const maskWorst = await pipeThrough(process.execPath, [cli, 'mask', '--values-file', floodFile], floodBlock, worstMB);
  const catWorstRate = worstMB / catWorst.seconds;
  const maskWorstRate = worstMB / maskWorst.seconds;
  console.log(
    `pipe ${worstMB} MB worst case (generated: every byte ends a match): vaultify mask ${maskWorstRate.toFixed(0)} MB/s, cat ${catWorstRate.toFixed(0)} MB/s`,
  );
  Object.assign(figures, {
    pipe_MB: PIPE_MB,
    pipe_mask_MBps: Math.round(maskRate),
    pipe_cat_MBps: Math.round(catRate),
    pipe_mask_to_cat_ratio: Number((maskRate / catRate).toFixed(3)),
    pipe_mask_rss_at_10pct_MB: mask.rssAtTenthMB && Math.round(mask.rssAtTenthMB),
    pipe_mask_peak_rss_MB: mask.peakRssMB && Math.round(mask.peakRssMB),
    pipe_worst_MB: worstMB,
    pipe_worst_mask_MBps: Math.round(maskWorstRate),
    pipe_worst_cat_MBps: Math.round(catWorstRate),
    pipe_worst_mask_to_cat_ratio: Number((maskWorstRate / catWorstRate).toFixed(3)),
  });
  const f = figures as Record<string, number | undefined>;
  const rows = [
    {
      metric: `Masker throughput in-process on ${streamLabel}, 1 / 10 / 100 secrets × all variants and views`,
      vaultify: `${f.inprocess_1_secrets_MBps} / ${f.inprocess_10_secrets_MBps} / ${f.inprocess_100_secrets_MBps} MB/s`,
      target: '≥ 200 MB/s at 100',
      met: (f.inprocess_100_secrets_MBps ?? 0) >= 200,
    },
    {
      metric: 'Masker throughput in-process, worst case (generated: every byte ends a match)',
      vaultify: `${f.every_byte_matches_MBps} MB/s`,
    },
    {
      metric: `\`vaultify mask\` piping ${PIPE_MB} MB of ${streamLabel}, 100 secrets, output scanning on`,
      vaultify: `${f.pipe_mask_MBps} MB/s`,
      peer: `${f.pipe_cat_MBps} MB/s (\`cat\`), ratio ${f.pipe_mask_to_cat_ratio}`,
      target: '≥ 30% of cat',
      met: (f.pipe_mask_to_cat_ratio ?? 0) >= 0.3,
    },
    {
      metric: `\`vaultify mask\` piping ${worstMB} MB, worst case (generated: every byte ends a match)`,
      vaultify: `${f.pipe_worst_mask_MBps} MB/s`,
      peer: `${f.pipe_worst_cat_MBps} MB/s (\`cat\`), ratio ${f.pipe_worst_mask_to_cat_ratio}`,
      target: '≥ 30% of cat',
      met: (f.pipe_worst_mask_to_cat_ratio ?? 0) >= 0.3,
    },
    {
      metric: `\`vaultify mask\` memory on ${PIPE_MB} MB (RSS at 10% / peak)`,
      vaultify: `${f.pipe_mask_rss_at_10pct_MB} / ${f.pipe_mask_peak_rss_MB} MB`,
      target: 'flat',
      met:
        f.pipe_mask_peak_rss_MB !== undefined &&
        f.pipe_mask_rss_at_10pct_MB !== undefined &&
        f.pipe_mask_peak_rss_MB <= f.pipe_mask_rss_at_10pct_MB * 1.2,
    },
    { metric: 'Added latency per 4 KB chunk, 100 secrets (p50 / p99)', vaultify: `${f.chunk4k_p50_us} / ${f.chunk4k_p99_us} µs` },
    {
      metric: 'Latency per 4 KB chunk with output scanning on, 100 secrets (p50 / p99); added at p50 over the row above',
      vaultify: `${f.chunk4k_detect_p50_us} / ${f.chunk4k_detect_p99_us} µs; ${signed(f.chunk4k_detect_added_p50_us ?? 0)} µs`,
    },
  ];
  console.log(JSON.stringify({ bench: 'mask', ...figures, rows }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
