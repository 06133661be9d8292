/**
 * Scan throughput per file type on the headline source tree (bench/sourceTree.mjs: Go, Rust and
 * Python standard libraries), on one core in this process: each file is read and scanned as a
 * scan worker does it (`scanFile`), and its CPU time (user + system, so that other processes on
 * a shared machine do not count) is taken over all the files of an extension together
 * (files without one are "no extension"), in each of three passes over the tree; each type's
 * figure is its median pass. Build, then run:
 *   node out/bench/fileTypes.bench.js
 * Env: BENCH_QUICK (the first 2,000 files only), BENCH_ROUNDS (passes, default 3). Types under
 * 1 MB in all are pooled as "other".
 * Prints the table, then one JSON object of figures on the last line; the slowest type is the
 * README's row, beside the target of 20 MB/s.
 *
 * With `--cpu-prof` this is also the profile of a worker's work, without the worker protocol.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createDetector } from '../src/core/detect';
import { IgnoredValues } from '../src/core/detect';
import { scanFile } from '../src/core/workspace/scanFile';

const TREE = join(__dirname, '..', '..', 'bench', '.work', 'source-tree');
const TARGET_MB_S = 20;
const POOL_BELOW_BYTES = 1e6;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesUnder(path) : e.isFile() ? [path] : [];
  });
}

async function main(): Promise<void> {
  let files: string[];
  try {
    files = filesUnder(TREE).sort();
  } catch {
    throw new Error(`${TREE} is missing: run \`node bench/sourceTree.mjs\` (after apt-get install golang-1.19-src rust-src)`);
  }
  if (process.env.BENCH_QUICK) files = files.slice(0, 2000);
  const detector = createDetector();
  const options = { maxFileSizeKB: 2048, ignoredValues: [] };
  const ignored = new IgnoredValues([], '');
  const byType = new Map<string, { bytes: number; ms: number; files: number }>();
  // Each type's files in one span of CPU time: timing file by file would add two system calls
  // to every file, as much again as a small file's own scan.
  const filesOf = new Map<string, { path: string; size: number }[]>();
  for (const path of files) {
    const type = extname(path) || 'no extension';
    (filesOf.get(type) ?? filesOf.set(type, []).get(type)!).push({ path, size: statSync(path).size });
  }
  // A warm-up pass over a few files of every type, so that no type pays for compiling the rules
  // and patterns it is the first to meet (those of Makefiles and Dockerfiles, say).
  for (const typeFiles of filesOf.values()) for (const { path } of typeFiles.slice(0, 20)) await scanFile(path, detector, options, ignored);
  // Every type is timed in each of `ROUNDS` passes over the tree and given its median pass: a type
  // of a megabyte or two takes some tens of milliseconds, and one garbage collection or burst of
  // other load falling in its pass alone would otherwise decide its figure.
  const passes = new Map<string, { bytes: number; files: number; ms: number[] }>();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [type, typeFiles] of filesOf) {
      let bytes = 0;
      let scanned = 0;
      const started = process.cpuUsage();
      for (const { path, size } of typeFiles) {
        const result = await scanFile(path, detector, options, ignored);
        if (result.skipped) continue;
        bytes += size;
        scanned++;
      }
      const used = process.cpuUsage(started);
      const entry = passes.get(type) ?? passes.set(type, { bytes, files: scanned, ms: [] }).get(type)!;
      entry.ms.push((used.user + used.system) / 1000);
    }
  }
  for (const [type, { bytes, files: scanned, ms }] of passes) byType.set(type, { bytes, files: scanned, ms: median(ms) });
  const rows = [...byType].map(([type, e]) => ({ type, ...e }));
  const pooled = rows.filter((r) => r.bytes < POOL_BELOW_BYTES);
  const types = rows.filter((r) => r.bytes >= POOL_BELOW_BYTES);
  if (pooled.length)
    types.push({
      type: 'other',
      bytes: pooled.reduce((n, r) => n + r.bytes, 0),
      ms: pooled.reduce((n, r) => n + r.ms, 0),
      files: pooled.reduce((n, r) => n + r.files, 0),
    });
  const rate = (r: { bytes: number; ms: number }) => r.bytes / 1e6 / (r.ms / 1000);
  types.sort((a, b) => rate(a) - rate(b));
  const total = { bytes: rows.reduce((n, r) => n + r.bytes, 0), ms: rows.reduce((n, r) => n + r.ms, 0) };
  console.log('| Type | Files | MB | MB per CPU-second |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of types) console.log(`| ${r.type} | ${r.files} | ${(r.bytes / 1e6).toFixed(1)} | ${rate(r).toFixed(1)} |`);
  console.log(`| all | ${rows.reduce((n, r) => n + r.files, 0)} | ${(total.bytes / 1e6).toFixed(1)} | ${rate(total).toFixed(1)} |`);
  const slowest = types[0];
  const round = (x: number) => Math.round(x * 10) / 10;
  const figures = {
    types: Object.fromEntries(types.map((r) => [r.type, { files: r.files, mb: round(r.bytes / 1e6), mbPerSecond: round(rate(r)) }])),
    allMbPerSecond: round(rate(total)),
    slowest: { type: slowest.type, mbPerSecond: round(rate(slowest)) },
    rows: [
      {
        metric: `Slowest file type on the source tree, MB per CPU-second in one process (${types.length} types of ≥ 1 MB; each its median of ${ROUNDS} passes)`,
        vaultify: `${slowest.type}: ${round(rate(slowest))} MB/s`,
        target: `≥ ${TARGET_MB_S} MB/s`,
        met: rate(slowest) >= TARGET_MB_S,
      },
      { metric: 'All types, MB per CPU-second in one process (read and scan)', vaultify: `${round(rate(total))} MB/s`, target: '' },
    ],
  };
  console.log(JSON.stringify({ fileTypes: figures }));
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
