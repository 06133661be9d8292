// `npm run bench`: runs every benchmark, collects the figures into bench/results.json and rewrites
// the README's benchmark table between `<!-- bench:start -->` and `<!-- bench:end -->`.
//
// Benchmarks: bench/quality.mjs, bench/scan.mjs, every bench/**/*.bench.mjs and every
// out/bench/**/*.bench.js (bundled from bench/**/*.bench.ts by `npm run build`). Each prints a JSON
// object of figures on its last stdout line. A benchmark may put, anywhere one level down,
//   rows: [{ metric, vaultify, peer?, target?, met? }]   rows for the README table
//   details: { title, markdown }                          a collapsed section under the table
// Figures without `rows` are listed leaf by leaf.
//
// Environment:
//   BENCH_QUICK=1        small runs for development; results go to bench/.work/results.quick.json
//                        and the README is left alone (the table is printed instead)
//   BENCH_ONLY=a,b       run only these benchmarks (names as in results.json); others keep their
//                        previous figures
//   BENCH_TIMEOUT_S=N    stop a benchmark after N seconds (default 1800)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { basename, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT, WORK_DIR } from './scanners.mjs';

const quick = Boolean(process.env.BENCH_QUICK);
const only = process.env.BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const timeoutMs = Number(process.env.BENCH_TIMEOUT_S ?? 1800) * 1000;
const RESULTS = quick ? join(WORK_DIR, 'results.quick.json') : join(ROOT, 'bench', 'results.json');
const README = join(ROOT, 'README.md');
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

/** Benchmarks other parts of the project provide; a missing one is reported, not an error. */
const EXPECTED = [
  'out/bench/mask.bench.js',
  'out/bench/guard.bench.js',
  'out/bench/workspaceScan.bench.js',
  'out/bench/pathological.bench.js',
  'out/bench/exposure.bench.js',
  'out/bench/sops.bench.js',
  'out/bench/audit.bench.js',
  'out/bench/proxy.bench.js',
];

function filesUnder(dir, suffix) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === '.work') return [];
    return statSync(path).isDirectory() ? filesUnder(path, suffix) : path.endsWith(suffix) ? [path] : [];
  });
}

const nameOf = (script) =>
  basename(script)
    .replace(/\.bench\.(m?js)$/, '')
    .replace(/\.m?js$/, '');

function discover() {
  const scripts = [
    join(ROOT, 'bench', 'quality.mjs'),
    join(ROOT, 'bench', 'scan.mjs'),
    ...filesUnder(join(ROOT, 'bench'), '.bench.mjs'),
    ...filesUnder(join(ROOT, 'out', 'bench'), '.bench.js'),
  ].map((p) => relative(ROOT, p).split('\\').join('/'));
  const unique = [...new Set(scripts)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  const skipped = EXPECTED.filter((p) => !unique.includes(p)).map((script) => {
    const source = `bench/${nameOf(script)}.bench.ts`;
    const reason = existsSync(join(ROOT, source)) ? `not built: run \`npm run build\` to bundle ${source}` : `${source} does not exist yet`;
    return { name: nameOf(script), script, reason };
  });
  return { scripts: unique, skipped };
}

/** Quality and scan first: they are this project's headline figures. */
const order = (script) => (script.endsWith('quality.mjs') ? 0 : script.endsWith('scan.mjs') ? 1 : 2);

function runBenchmark(script) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [script], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const last = stdout.trim().split('\n').pop() ?? '';
      let figures;
      try {
        figures = JSON.parse(last);
      } catch {
        figures = undefined;
      }
      if (code !== 0 || !figures || typeof figures !== 'object') {
        const why = signal ? `stopped by ${signal}` : code !== 0 ? `exited with ${code}` : 'last stdout line is not a JSON object';
        resolve({ ok: false, seconds, error: why });
      } else resolve({ ok: true, seconds, figures });
    });
  });
}

/** The figures object that holds `rows`/`details`: the top level or its single child. */
function body(figures) {
  const keys = Object.keys(figures);
  return keys.length === 1 && figures[keys[0]] && typeof figures[keys[0]] === 'object' && !Array.isArray(figures[keys[0]])
    ? figures[keys[0]]
    : figures;
}

function leafRows(value, path = []) {
  if (value === null || typeof value !== 'object') return [{ metric: path.join('.'), vaultify: String(value) }];
  if (Array.isArray(value) || path.length > 3) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'details' ? [] : leafRows(v, [...path, k])));
}

const cell = (v) => (v === undefined || v === null ? '' : String(v).replace(/\|/g, '\\|'));

function renderTable(results) {
  const m = results.machine;
  const lines = [
    `Measured on ${m.cpu} (${m.cores} cores), Node ${m.node}, ${m.platform}; the latest run ${results.generatedAt.slice(0, 10)}. \`npm run bench\` regenerates this section; each peer is measured in the same run as its row. A run of some benchmarks (\`BENCH_ONLY\`) keeps the other rows' last figures.`,
    '',
    '| Benchmark | Figure | Vaultify | Peer | Target | Met |',
    '| --- | --- | ---: | ---: | --- | :---: |',
  ];
  const details = [];
  for (const [name, entry] of Object.entries(results.benchmarks)) {
    if (!entry.ok) {
      lines.push(`| ${name} | failed: ${cell(entry.error)} | | | | |`);
      continue;
    }
    const b = body(entry.figures);
    // A benchmark that names itself in its figures needs no row saying so.
    const rows = Array.isArray(b.rows) ? b.rows : leafRows(b).filter((r) => r.vaultify !== name);
    for (const r of rows)
      lines.push(
        `| ${name} | ${cell(r.metric)} | ${cell(r.vaultify)} | ${cell(r.peer)} | ${cell(r.target)} | ${r.met === true ? '✓' : r.met === false ? '✗' : ''} |`,
      );
    if (b.details?.markdown)
      details.push('', `<details><summary>${b.details.title ?? name}</summary>`, '', b.details.markdown, '', '</details>');
  }
  for (const s of results.skipped) lines.push(`| ${s.name} | not run: ${cell(s.reason)} | | | | |`);
  return [...lines, ...details].join('\n');
}

function updateReadme(table) {
  if (!existsSync(README)) return false;
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) return false;
  writeFileSync(README, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
  return true;
}

async function main() {
  const { scripts, skipped } = discover();
  const previous = only && existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')).benchmarks : {};
  const benchmarks = { ...previous };
  let failed = 0;
  for (const script of scripts) {
    const name = nameOf(script);
    if (only && !only.includes(name)) continue;
    console.log(`\n## ${name} (${script})\n`);
    const result = await runBenchmark(script);
    benchmarks[name] = { script, ...result };
    if (!result.ok) {
      failed++;
      console.error(`bench: ${name} failed: ${result.error}`);
    }
  }
  const results = {
    generatedAt: new Date().toISOString(),
    quick,
    machine: {
      cpu: cpus()[0]?.model?.trim() ?? 'unknown CPU',
      cores: availableParallelism(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    },
    benchmarks,
    skipped,
  };
  mkdirSync(join(RESULTS, '..'), { recursive: true });
  writeFileSync(RESULTS, JSON.stringify(results, null, 2) + '\n');
  const table = renderTable(results);
  console.log(`\nFigures written to ${relative(ROOT, RESULTS)}.`);
  if (quick || !updateReadme(table)) {
    console.log(quick ? 'Quick run: README left as it is.\n' : `README.md has no ${START} … ${END} markers; the table:\n`);
    console.log(table);
  } else console.log('README.md benchmark table updated.');
  for (const s of skipped) console.log(`skipped ${s.name}: ${s.script} ${s.reason}`);
  process.exitCode = failed ? 1 : 0;
}

await main();
