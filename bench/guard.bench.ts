/**
 * Guard benchmark: a full recompute (list the folder, compute the sensitive set, plan every
 * tool's file) over a generated workspace. Budget: under 2 s for 100,000 files.
 * Build, then run: node out/bench/guard.bench.js
 * Env: BENCH_FILES (files in the generated tree, default 100000; 10000 with BENCH_QUICK),
 *      BENCH_RUNS (default 5; 2 with BENCH_QUICK).
 * Prints readable lines, then one JSON object of figures on the last line, with `rows` for the
 * README table (see bench/run.mjs).
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GUARD_TOOLS, computeSensitiveSet, listWorkspaceFiles, planGuard } from '../src/core/guard';

const QUICK = Boolean(process.env.BENCH_QUICK);
const FILES = Number(process.env.BENCH_FILES ?? (QUICK ? 10_000 : 100_000));
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 2 : 5));
const BUDGET_MS = 2000;
const ALL_TOOLS = GUARD_TOOLS.map((t) => t.id);

/**
 * A monorepo-like tree: packages of modules of source files, and in each package the usual
 * suspects (.env files, an example, keys, an envs/ folder, Terraform state). Vendor folders are
 * added too, and must cost nothing.
 */
function generate(root: string, total: number): number {
  let written = 0;
  const put = (file: string, text = ''): void => {
    writeFileSync(path.join(root, file), text);
    written++;
  };
  const mkdir = (dir: string): void => void mkdirSync(path.join(root, dir), { recursive: true });
  for (let pkg = 0; written < total; pkg++) {
    const base = `packages/pkg${pkg}`;
    mkdir(`${base}/config`);
    mkdir(`${base}/keys`);
    mkdir(`${base}/envs`);
    put(`${base}/.env`);
    put(`${base}/.env.example`);
    put(`${base}/config/.env.production`);
    put(`${base}/config/settings.json`);
    put(`${base}/keys/server.pem`);
    put(`${base}/keys/server.key`);
    put(`${base}/envs/staging.yaml`);
    put(`${base}/terraform.tfstate`);
    put(`${base}/README.md`);
    for (let mod = 0; mod < 40 && written < total; mod++) {
      mkdir(`${base}/src/mod${mod}`);
      for (let f = 0; f < 25 && written < total; f++) put(`${base}/src/mod${mod}/file${f}.ts`, 'export {};\n');
    }
  }
  mkdir('node_modules/dep/lib');
  for (let f = 0; f < 2000; f++) writeFileSync(path.join(root, `node_modules/dep/lib/f${f}.js`), '');
  return written;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'vaultify-guard-bench-'));
  try {
    const generated = generate(root, FILES);
    console.log(`generated ${generated} files (plus 2,000 under node_modules) in ${root}`);

    const list: number[] = [];
    const compute: number[] = [];
    const plan: number[] = [];
    const full: number[] = [];
    const fullCpu: number[] = [];
    const peer: number[] = [];
    let listed = 0;
    let sensitive = 0;
    let folders = 0;
    for (let run = 0; run < RUNS; run++) {
      let t = performance.now();
      const files = await listWorkspaceFiles(root);
      list.push(performance.now() - t);
      listed = files.length;

      t = performance.now();
      const set = computeSensitiveSet({ files });
      compute.push(performance.now() - t);
      sensitive = set.sensitiveFiles.length;
      folders = set.folders.length;

      t = performance.now();
      await planGuard(root, { files, tools: ALL_TOOLS });
      plan.push(performance.now() - t);

      // The figure the budget is about: one call, as the extension makes it on a change. CPU
      // time beside it shows how much of the wall time a busy machine added.
      t = performance.now();
      const cpu = process.cpuUsage();
      await planGuard(root, { tools: ALL_TOOLS });
      const used = process.cpuUsage(cpu);
      full.push(performance.now() - t);
      fullCpu.push((used.user + used.system) / 1000);

      // Peer: Node's own recursive listing of the same tree (vendor folders included).
      t = performance.now();
      readdirSync(root, { recursive: true });
      peer.push(performance.now() - t);
    }

    const figures = {
      files: listed,
      sensitiveFiles: sensitive,
      sensitiveFolders: folders,
      tools: ALL_TOOLS.length,
      runs: RUNS,
      listMs: Math.round(median(list)),
      computeMs: Math.round(median(compute)),
      planMs: Math.round(median(plan)),
      fullRecomputeMs: Math.round(median(full)),
      fullRecomputeMinMs: Math.round(Math.min(...full)),
      fullRecomputeCpuMs: Math.round(median(fullCpu)),
      peerReaddirRecursiveMs: Math.round(median(peer)),
      budgetMs: BUDGET_MS,
      withinBudget: median(full) < BUDGET_MS,
      rows: [
        {
          metric: `AI guard: full recompute of ${listed.toLocaleString('en-US')} files, ${ALL_TOOLS.length} tools (median of ${RUNS})`,
          vaultify: `${Math.round(median(full))} ms (CPU ${Math.round(median(fullCpu))} ms)`,
          peer: `listing alone with fs.readdirSync(recursive): ${Math.round(median(peer))} ms`,
          target: `< ${BUDGET_MS} ms`,
          met: median(full) < BUDGET_MS,
        },
      ],
    };
    console.log(
      `listing ${figures.listMs} ms, sensitive set ${figures.computeMs} ms, planning ${ALL_TOOLS.length} files ${figures.planMs} ms`,
    );
    console.log(
      `full recompute ${figures.fullRecomputeMs} ms median (min ${figures.fullRecomputeMinMs} ms, CPU ${figures.fullRecomputeCpuMs} ms), budget ${BUDGET_MS} ms`,
    );
    console.log(`peer: fs.readdirSync(recursive) ${figures.peerReaddirRecursiveMs} ms`);
    console.log(JSON.stringify(figures));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();
