// Scan throughput: `vaultify scan` against the secretlint CLI (recommended preset) on the same
// trees, in the same run, and a check that vaultify loses no finding secretlint makes. Trees:
//   - the headline: repository source that installs offline (bench/sourceTree.mjs: the Go, Rust
//     and Python standard libraries, about 180 MB), vaultify over the whole tree; the secretlint
//     CLI, which spends about 12 ms of CPU on each file whatever its size and would take an hour on
//     the tree's 48,000 files, over a deterministic 1-in-N sample of the same files (every Nth by
//     path), with vaultify over that same sample beside it for the ratio; a peer run that exceeds
//     its bound is reported as such;
//   - published npm bundles, labelled as such (bench/npmTree.mjs), scanned whole by both tools
//     (vaultify with --max-file-size-kb raised above the largest bundle): minified megabyte-long
//     lines slow secretlint far more than any workspace;
//   - a generated monorepo, labelled as generated.
//
//   node bench/scan.mjs                  all trees; vaultify 3 runs, secretlint 1 run on the source
//                                        and npm trees (minutes each) and 3 on the generated one
//   BENCH_QUICK=1 node bench/scan.mjs    10 MiB generated tree, 1 run each
//   BENCH_SCAN_MB=N, BENCH_RUNS=N, BENCH_PEER_RUNS=N   override size and runs
//   BENCH_SAMPLE_EVERY=N                               the source sample's 1 in N (default 40)
//   BENCH_TREES=source,npm,generated                   measure only these trees; the others' rows
//                                                      are carried over from bench/results.json,
//                                                      labelled with the date they were measured
//
// Figures per tree: wall-clock throughput (the machine's cores, shared with whatever else runs:
// the load average is reported beside it), CPU seconds, and the peak resident memory of the
// scanner's processes together (workers included).
//
// The generated tree is made deterministically (seeded) into bench/.work/scan-tree-<MB>mb/ and
// reused while its manifest matches. It looks like a monorepo: TypeScript, Python, Go, JSON
// data, YAML manifests, Markdown and a few minified bundles, with secrets of kinds the preset
// finds planted in about one file in 25. Runs alternate between the tools so that load on a
// shared machine hits both alike; figures are medians. Prints a short report, then the figures
// as JSON on the last line.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { B62, HEX, cred, keys, makeRng, urlPassword, uuid } from '../scripts/corpus/credentials.mjs';
import { ensureNpmTree } from './npmTree.mjs';
import { ensureSourceTree } from './sourceTree.mjs';
import { ROOT, WORK_DIR, secretlintScan, vaultifyScan } from './scanners.mjs';

const TREE_VERSION = 1;
const TARGET_RATIO = 4;
const TARGET_MB_S = 100;
const quick = Boolean(process.env.BENCH_QUICK);
const sizeMB = Number(process.env.BENCH_SCAN_MB ?? (quick ? 10 : 50));
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 1 : 3));
/** The resident memory a scan may take, workers included. */
const TARGET_RSS_MB = 300;
const peerRuns = process.env.BENCH_PEER_RUNS === undefined ? undefined : Number(process.env.BENCH_PEER_RUNS);
/** The source tree's sample for the secretlint CLI: every Nth file by path. */
const SAMPLE_EVERY = Number(process.env.BENCH_SAMPLE_EVERY ?? 40);
/** The bound on the secretlint CLI's run over that sample (about 2 minutes at load 1). */
const PEER_LIMIT_SECONDS = 900;
/** Above the npm tree's largest file (12 MB), so that vaultify reads every byte secretlint reads. */
const WHOLE_TREE_KB = 16384;

// ---------------------------------------------------------------------------------------------
// The tree

const WORDS = [
  'order',
  'cart',
  'user',
  'account',
  'invoice',
  'payment',
  'session',
  'cache',
  'queue',
  'event',
  'report',
  'item',
  'price',
  'stock',
  'search',
  'index',
  'token',
  'auth',
  'key',
  'config',
  'client',
  'server',
  'request',
  'response',
  'handler',
  'worker',
  'retry',
  'timeout',
  'limit',
  'page',
  'filter',
  'sort',
  'status',
  'message',
  'template',
  'render',
  'schema',
  'field',
  'value',
  'secret',
  'password',
  'hash',
  'signature',
  'webhook',
  'upload',
  'file',
  'image',
  'metric',
  'trace',
  'log',
  'error',
  'result',
];
/** Field names for data records: ordinary ones, so generated data does not read as credentials. */
const FIELDS = ['name', 'title', 'city', 'country', 'status', 'category', 'label', 'owner', 'team', 'region', 'plan', 'source'];
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const ident = (r, n = 2) => Array.from({ length: n }, (_, i) => (i ? cap(r.pick(WORDS)) : r.pick(WORDS))).join('');
const sentence = (r) => cap(Array.from({ length: r.int(6, 16) }, () => r.pick(WORDS)).join(' ')) + '.';

/** Calls `emit` until the lines reach `target` characters; returns the lines. */
function fill(lines, target, emit) {
  let size = lines.reduce((n, l) => n + l.length + 1, 0);
  while (size < target) {
    const added = emit();
    lines.push(...added);
    size += added.reduce((n, l) => n + l.length + 1, 0);
  }
  return lines;
}

function tsFile(r, target) {
  const head = [
    `import { ${ident(r)}, ${ident(r)} } from '../${r.pick(WORDS)}/${r.pick(WORDS)}';`,
    `import type { ${cap(ident(r))} } from './types';`,
    '',
  ];
  return fill(head, target, () => [
    `/** ${sentence(r)} See https://docs.${r.pick(WORDS)}.dev/${r.pick(WORDS)}/${r.pick(WORDS)} */`,
    `export async function ${ident(r, 3)}(${ident(r)}: ${cap(ident(r))}, options: { ${ident(r)}?: number; ${ident(r)}?: string } = {}): Promise<${cap(ident(r))}> {`,
    `  const ${ident(r)} = this.${ident(r)}.get(options.${ident(r)} ?? ${r.int(0, 9999)});`,
    `  if (!${ident(r)}) throw new Error('${sentence(r)}');`,
    `  const url = \`https://api.${r.pick(WORDS)}.io/v${r.int(1, 3)}/${r.pick(WORDS)}s/\${${ident(r)}.id}\`;`,
    `  const res = await fetch(url, { method: '${r.pick(['GET', 'POST', 'PUT'])}', headers: { 'content-type': 'application/json' } });`,
    `  return props.${ident(r)}.map((x) => ({ ...x, ${ident(r)}: x.${ident(r)} * ${r.int(2, 100)} }));`,
    '}',
    '',
  ]);
}

function pyFile(r, target) {
  const head = ['import logging', `from .${r.pick(WORDS)} import ${ident(r)}`, '', 'log = logging.getLogger(__name__)', ''];
  return fill(head, target, () => [
    `def ${ident(r, 2).replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}(self, ${r.pick(WORDS)}_id: int, limit: int = ${r.int(10, 500)}):`,
    `    """${sentence(r)}"""`,
    `    rows = self.db.execute("SELECT id, ${r.pick(WORDS)}, ${r.pick(WORDS)} FROM ${r.pick(WORDS)}s WHERE ${r.pick(WORDS)}_id = %s LIMIT %s", (${r.pick(WORDS)}_id, limit))`,
    `    log.info("loaded %d ${r.pick(WORDS)}s from %s", len(rows), "https://${r.pick(WORDS)}.internal/${r.pick(WORDS)}")`,
    `    return [self.${r.pick(WORDS)}_from_row(row) for row in rows if row.${r.pick(WORDS)} is not None]`,
    '',
  ]);
}

function goFile(r, target) {
  const head = [`package ${r.pick(WORDS)}`, '', 'import (', '\t"context"', '\t"fmt"', ')', ''];
  return fill(head, target, () => [
    `// ${cap(ident(r))} ${sentence(r).toLowerCase()}`,
    `func (s *Service) ${cap(ident(r, 3))}(ctx context.Context, id string) (*${cap(ident(r))}, error) {`,
    `\trow, err := s.store.Get(ctx, "${r.pick(WORDS)}/"+id)`,
    '\tif err != nil {',
    `\t\treturn nil, fmt.Errorf("${r.pick(WORDS)} %s: %w", id, err)`,
    '\t}',
    `\treturn &${cap(ident(r))}{ID: row.ID, ${cap(r.pick(WORDS))}: row.${cap(r.pick(WORDS))}}, nil`,
    '}',
    '',
  ]);
}

function jsonFile(r, target) {
  const records = fill([], target, () => [
    `    { "id": "${uuid(r)}", "${r.pick(FIELDS)}": "${ident(r)}", "email": "${r.pick(WORDS)}${r.int(1, 999)}@${r.pick(WORDS)}.com", "amount": ${r.int(1, 99999)}, "url": "https://${r.pick(WORDS)}.app/${r.pick(WORDS)}/${r.int(1, 99999)}", "sha": "${r.chars(40, HEX)}", "active": ${r.bool()} },`,
  ]);
  records[records.length - 1] = records.at(-1).slice(0, -1);
  return ['{', `  "${r.pick(WORDS)}s": [`, ...records, '  ]', '}'];
}

function yamlFile(r, target) {
  return fill([], target, () => {
    const name = `${r.pick(WORDS)}-${r.pick(WORDS)}`;
    return [
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${name}`,
      'spec:',
      `  replicas: ${r.int(1, 5)}`,
      '  template:',
      '    spec:',
      '      containers:',
      `        - name: ${name}`,
      `          image: registry.${r.pick(WORDS)}.io/${name}:${r.int(1, 9)}.${r.int(0, 40)}.${r.int(0, 9)}`,
      '          env:',
      `            - name: ${r.pick(WORDS).toUpperCase()}_URL`,
      `              value: https://${r.pick(WORDS)}.svc.cluster.local:${r.int(3000, 9999)}`,
      `            - name: ${r.pick(WORDS).toUpperCase()}_LIMIT`,
      `              value: "${r.int(1, 1000)}"`,
    ];
  });
}

function mdFile(r, target) {
  return fill([`# ${cap(ident(r))}`, ''], target, () => [
    Array.from({ length: r.int(3, 7) }, () => sentence(r)).join(' ') + ` [${r.pick(WORDS)}](https://${r.pick(WORDS)}.dev/${r.pick(WORDS)})`,
    '',
  ]);
}

function bundleFile(r, target) {
  return fill([], target, () => {
    let line = '';
    while (line.length < 20000)
      line += `function ${ident(r)}(e,t){return e.${ident(r)}(t,"${r.pick(WORDS)}")||this.${ident(r)}[${r.int(0, 99)}]}var ${r.chars(2, 'abcdefghijklmnop')}=${r.int(0, 9999)};`;
    return [line];
  });
}

const KINDS = [
  { make: tsFile, ext: 'ts', weight: 30, size: [3000, 40000] },
  { make: pyFile, ext: 'py', weight: 15, size: [2000, 30000] },
  { make: goFile, ext: 'go', weight: 10, size: [2000, 30000] },
  { make: jsonFile, ext: 'json', weight: 15, size: [10000, 150000] },
  { make: yamlFile, ext: 'yaml', weight: 10, size: [2000, 20000] },
  { make: mdFile, ext: 'md', weight: 10, size: [2000, 25000] },
  { make: bundleFile, ext: 'min.js', weight: 2, size: [100000, 300000] },
];

/** Secrets of kinds the recommended preset detects, as the line that would hold each. */
const PLANTS = [
  (r) => `const GITHUB_TOKEN = "${cred.github(r, 'ghp')}";`,
  (r) => `aws_access_key_id = ${cred.awsKeyId(r)}`,
  (r) => `SLACK_BOT_TOKEN=${cred.slackBot(r)}`,
  (r) => `SENDGRID_API_KEY="${cred.sendgrid(r)}"`,
  (r) => `OPENAI_API_KEY=${cred.openaiProject(r)}`,
  (r) => `anthropic_key: "${cred.anthropic(r)}"`,
  (r) => `//registry.npmjs.org/:_authToken=${cred.npm(r)}`,
  (r) => `GITLAB_TOKEN=${cred.gitlab(r)}`,
  (r) => `SHOPIFY_TOKEN=${cred.shopify(r)}`,
  (r) => `DATABASE_URL=postgres://app:${urlPassword(r)}@db.internal.net:5432/app`,
  (r) => `REGISTRY=https://deploy:${r.chars(20, B62)}@artifacts.internal.net/simple`,
  (r) => keys.rsaPkcs1(r).join('\n'),
];

function generateTree(dir, bytes) {
  const r = makeRng(`scan-tree-v${TREE_VERSION}`);
  rmSync(dir, { recursive: true, force: true });
  const weights = KINDS.flatMap((k) => Array(k.weight).fill(k));
  const planted = [];
  let total = 0;
  let n = 0;
  while (total < bytes) {
    const kind = r.pick(weights);
    const lines = kind.make(r, r.int(kind.size[0], kind.size[1]));
    const area = r.pick(['packages', 'services', 'apps', 'libs']);
    const file = `${area}/${r.pick(WORDS)}-${r.pick(WORDS)}/${r.pick(['src', 'lib', 'docs', 'config', 'data'])}/${ident(r)}-${n}.${kind.ext}`;
    if (n % 25 === 7) {
      const at = r.int(1, lines.length - 1);
      lines.splice(at, 0, r.pick(PLANTS)(r));
      planted.push({ file, line: at + 1 });
    }
    const text = lines.join('\n') + '\n';
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
    total += Buffer.byteLength(text);
    n++;
  }
  return { version: TREE_VERSION, targetBytes: bytes, bytes: total, files: n, planted };
}

function ensureTree() {
  const dir = join(WORK_DIR, `scan-tree-${sizeMB}mb`);
  const manifestPath = join(WORK_DIR, `scan-tree-${sizeMB}mb.json`);
  // MiB, so the tree is "at least N MB" whichever MB the reader has in mind.
  const target = Math.round(sizeMB * 2 ** 20);
  if (existsSync(manifestPath) && existsSync(dir)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.version === TREE_VERSION && manifest.targetBytes === target) return { dir, manifest };
  }
  const manifest = generateTree(dir, target);
  writeFileSync(manifestPath, JSON.stringify(manifest) + '\n');
  return { dir, manifest };
}

// ---------------------------------------------------------------------------------------------
// The comparison

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/**
 * @overload
 * @param {number} x
 * @param {number} [d]
 * @returns {number}
 */
/**
 * @overload
 * @param {number | null} x
 * @param {number} [d]
 * @returns {number | null}
 */
/**
 * @param {number | null} x
 * @param {number} [d]
 */
function round(x, d = 2) {
  return x === null ? null : Math.round(x * 10 ** d) / 10 ** d;
}

/** Lines secretlint reported that no vaultify finding covers, per file. */
function lostFindings(secretlint, vaultify) {
  const covered = new Map();
  for (const f of vaultify) {
    if (!covered.has(f.file)) covered.set(f.file, []);
    covered.get(f.file).push(f);
  }
  const lost = new Map();
  for (const f of secretlint) {
    const ok = (covered.get(f.file) ?? []).some((v) => v.line <= f.line && f.line <= v.endLine);
    if (!ok) lost.set(`${f.file}:${f.line}`, { file: f.file, line: f.line, ruleId: f.ruleId });
  }
  return [...lost.values()];
}

/**
 * Runs both tools on one tree, alternating, and summarises. `targets` are the paths each tool is
 * given (a sample's files) when not the whole tree; `limitSeconds` bounds each secretlint run.
 */
async function measure(label, dir, bytes, files, planted, vaultifyRuns, secretlintRuns, vaultifyArgs, targets = {}) {
  const rel = relative(ROOT, dir).split('\\').join('/');
  const mb = bytes / 1e6;
  /** @type {{ vaultify: Awaited<ReturnType<typeof vaultifyScan>>[], secretlint: Awaited<ReturnType<typeof secretlintScan>>[] }} */
  const timings = { vaultify: [], secretlint: [] };
  const load = [loadavg()[0]];
  let last = {};
  for (let i = 0; i < Math.max(vaultifyRuns, secretlintRuns); i++) {
    if (i < vaultifyRuns) {
      const v = await vaultifyScan(targets.paths ?? rel, ROOT, vaultifyArgs);
      timings.vaultify.push(v);
      last.v = v;
      console.error(`${label} run ${i + 1}: vaultify ${v.seconds.toFixed(2)} s`);
    }
    if (i < secretlintRuns) {
      const s = await secretlintScan(targets.paths ?? `${rel}/**/*`, ROOT, targets.limitSeconds);
      timings.secretlint.push(s);
      last.s = s;
      console.error(`${label} run ${i + 1}: secretlint ${s.seconds.toFixed(2)} s${s.timedOut ? ' (stopped at its bound)' : ''}`);
    }
  }
  /**
   * The median figures of a tool's runs; null when it did not run.
   * @param {any[]} results
   * @returns {any}
   */
  const summary = (results) => {
    if (!results.length) return null;
    // A run stopped at its bound has no throughput: only how long it ran.
    if (results.some((x) => x.timedOut))
      return {
        timedOut: true,
        seconds: round(Math.max(...results.map((x) => x.seconds)), 1),
        runs: results.map((x) => round(x.seconds, 3)),
      };
    const seconds = median(results.map((x) => x.seconds));
    const cpu = results.every((x) => x.cpuSeconds !== null) ? median(results.map((x) => x.cpuSeconds)) : null;
    const rss = results.every((x) => x.peakRssMB !== null) ? Math.max(...results.map((x) => x.peakRssMB)) : null;
    return {
      seconds: round(seconds, 3),
      runs: results.map((x) => round(x.seconds, 3)),
      cpuSeconds: round(cpu, 3),
      mbPerSecond: round(mb / seconds),
      peakRssMB: rss,
      findings: results.at(-1).findings.length,
    };
  };
  load.push(loadavg()[0]);
  const v = summary(timings.vaultify);
  const s = summary(timings.secretlint);
  /** @type {any} */
  const ratio = s && !s.timedOut ? round(v.mbPerSecond / s.mbPerSecond) : null;
  const lost = s && !s.timedOut ? lostFindings(last.s.findings, last.v.findings) : [];
  const plantedFound = (findings) =>
    planted.filter((p) => findings.some((f) => f.file === `${rel}/${p.file}` && f.line <= p.line && p.line <= f.endLine)).length;
  return {
    label,
    treeMB: round(mb, 1),
    files,
    loadAverage: load.map((x) => round(x, 1)),
    planted: planted.length,
    vaultify: { ...v, plantedFound: plantedFound(last.v.findings) },
    secretlint: s && { ...s, plantedFound: plantedFound(last.s.findings) },
    ratio,
    lostFindings: lost.length,
    lost,
  };
}

function report(m) {
  console.log(
    `${m.label}: ${m.treeMB} MB in ${m.files} files${m.planted ? `, ${m.planted} planted secrets` : ''}; medians of ${m.vaultify.runs.length} vaultify and ${m.secretlint?.runs.length ?? 0} secretlint run(s).`,
  );
  console.log('');
  console.log(`1-minute load average ${m.loadAverage.join(' at the start, ')} at the end.`);
  console.log('');
  console.log('| Scanner | Wall time | Throughput | CPU time | Peak RSS | Findings |' + (m.planted ? ' Planted found |' : ''));
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |' + (m.planted ? ' ---: |' : ''));
  for (const [name, r] of [
    ['vaultify scan', m.vaultify],
    ['secretlint (preset)', m.secretlint],
  ]) {
    if (!r) continue;
    if (r.timedOut) {
      console.log(`| ${name} | stopped at its bound after ${r.seconds} s | | | | |`);
      continue;
    }
    console.log(
      `| ${name} | ${r.seconds} s | ${r.mbPerSecond} MB/s | ${r.cpuSeconds ?? 'n/a'} s | ${r.peakRssMB ?? 'n/a'} MB | ${r.findings} |` +
        (m.planted ? ` ${r.plantedFound}/${m.planted} |` : ''),
    );
  }
  console.log('');
  if (m.ratio !== null)
    console.log(`Ratio ${m.ratio}× (target ≥ ${TARGET_RATIO}×). Findings of secretlint missing from vaultify: ${m.lostFindings}.`);
  for (const f of m.lost.slice(0, 20)) console.log(`  lost: ${f.file}:${f.line} ${f.ruleId}`);
  console.log('');
}

const trees = new Set((process.env.BENCH_TREES ?? 'source,npm,generated').split(',').map((t) => t.trim()));

/** The last full run's scan figures and its date, from bench/results.json, if there is one. */
function previousFigures() {
  const path = join(ROOT, 'bench', 'results.json');
  if (!existsSync(path)) return undefined;
  const results = JSON.parse(readFileSync(path, 'utf8'));
  const figures = results.benchmarks?.scan?.figures?.scan;
  return figures ? { figures, date: results.generatedAt.slice(0, 10) } : undefined;
}

/** The source tree's files, every `every`th by path: the same sample in every run. */
function sampleOf(dir, every) {
  const files = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(dir);
  const picked = files.filter((_, i) => i % every === 0);
  return {
    paths: picked.map((path) => relative(ROOT, path).split('\\').join('/')),
    bytes: picked.reduce((n, path) => n + statSync(path).size, 0),
  };
}

/** The headline rows: vaultify over the whole repository-source tree, the peer and the ratio on its sample. */
function sourceRows(repo, sampled) {
  const peer = sampled.secretlint;
  const sample = `1-in-${SAMPLE_EVERY} sample of the same tree: ${sampled.treeMB} MB in ${sampled.files} files`;
  return [
    {
      metric: `Scan throughput, repository source: ${repo.treeMB} MB in ${repo.files} files of the Go, Rust and Python standard libraries, ${availableParallelism()} cores (median of ${repo.vaultify.runs.length}; load average ${repo.loadAverage.join('–')})`,
      vaultify: `${repo.vaultify.mbPerSecond} MB/s`,
      peer: peer.timedOut
        ? `secretlint CLI on a ${sample}: stopped at its bound after ${peer.seconds} s`
        : `${peer.mbPerSecond} MB/s (secretlint CLI on a ${sample})`,
      target: `≥ ${TARGET_MB_S} MB/s and ≥ ${TARGET_RATIO}× peer`,
      met: repo.vaultify.mbPerSecond >= TARGET_MB_S && sampled.ratio !== null && sampled.ratio >= TARGET_RATIO,
    },
    {
      metric: `Scan speed ratio, repository source (both tools on the ${sample}; vaultify ${sampled.vaultify.mbPerSecond} MB/s there, median of ${sampled.vaultify.runs.length})`,
      vaultify: sampled.ratio === null ? 'not measured' : `${sampled.ratio}×`,
      peer: '1×',
      target: `≥ ${TARGET_RATIO}×`,
      met: sampled.ratio !== null && sampled.ratio >= TARGET_RATIO,
    },
    {
      metric: 'Scan CPU time, repository source (whole tree, all processes)',
      vaultify: `${repo.vaultify.cpuSeconds} s (${round(repo.treeMB / repo.vaultify.cpuSeconds, 1)} MB per CPU-second)`,
      peer: peer.timedOut ? '' : `${peer.cpuSeconds} s on the sample (${round(sampled.treeMB / peer.cpuSeconds, 2)} MB per CPU-second)`,
    },
    {
      metric: 'Scan peak memory (all processes), repository source',
      vaultify: `${repo.vaultify.peakRssMB} MB`,
      peer: `${peer.peakRssMB} MB (on the sample)`,
      target: `≤ ${TARGET_RSS_MB} MB`,
      met: repo.vaultify.peakRssMB !== null && repo.vaultify.peakRssMB <= TARGET_RSS_MB,
    },
    {
      metric: 'secretlint findings missing from vaultify, repository source (the sample)',
      vaultify: peer.timedOut ? 'not measured' : String(sampled.lostFindings),
      peer: peer.timedOut ? '' : `${peer.findings} findings`,
      target: '0',
      met: !peer.timedOut && sampled.lostFindings === 0,
    },
  ];
}

async function main() {
  const source = ensureSourceTree();
  const repo = await measure(
    'Repository source (Go, Rust and Python standard libraries)',
    source.dir,
    source.manifest.bytes,
    source.manifest.files,
    [],
    runs,
    0,
    [],
  );
  const sample = sampleOf(source.dir, SAMPLE_EVERY);
  const sampled = await measure(
    `Repository source, 1-in-${SAMPLE_EVERY} sample`,
    source.dir,
    sample.bytes,
    sample.paths.length,
    [],
    runs,
    peerRuns ?? 1,
    [],
    { paths: sample.paths, limitSeconds: PEER_LIMIT_SECONDS },
  );
  if (!trees.has('npm') || !trees.has('generated')) {
    report(repo);
    report(sampled);
    const previous = previousFigures();
    const carried = (previous?.figures.rows ?? [])
      .filter((r) => !/repository source/.test(r.metric))
      // A row carried over before keeps the date it was measured, not the date of the run that carried it.
      .map((r) =>
        /\(carried over: measured /.test(r.metric) ? r : { ...r, metric: `${r.metric} (carried over: measured ${previous?.date})` },
      );
    const { npmTree, generatedTree } = previous?.figures ?? {};
    console.log(
      JSON.stringify({
        scan: {
          sourceTree: { ...repo, parts: source.manifest.parts, sample: { every: SAMPLE_EVERY, ...sampled } },
          npmTree,
          generatedTree,
          cores: availableParallelism(),
          rows: [...sourceRows(repo, sampled), ...carried],
        },
      }),
    );
    return;
  }
  const npm = ensureNpmTree();
  const generated = ensureTree();
  console.error(`npm tree: ${npm.manifest.packages.map((p) => p.spec).join(', ')}`);
  const real = await measure(
    'Published npm bundles (pinned packages)',
    npm.dir,
    npm.manifest.bytes,
    npm.manifest.files,
    [],
    runs,
    peerRuns ?? 1,
    ['--max-file-size-kb', String(WHOLE_TREE_KB)],
  );
  const gen = await measure(
    'Generated monorepo',
    generated.dir,
    generated.manifest.bytes,
    generated.manifest.files,
    generated.manifest.planted,
    runs,
    peerRuns ?? (quick ? 1 : 3),
    [],
  );
  console.log(`${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown CPU'}).`);
  console.log('');
  report(repo);
  report(sampled);
  report(real);
  report(gen);
  const strip = ({ lost: _lost, ...m }) => m;
  const figures = {
    sourceTree: { ...strip(repo), parts: source.manifest.parts, sample: { every: SAMPLE_EVERY, ...strip(sampled) } },
    npmTree: { ...strip(real), packages: npm.manifest.packages.map((p) => p.spec) },
    generatedTree: strip(gen),
    cores: availableParallelism(),
    targetRatio: TARGET_RATIO,
    targetMBps: TARGET_MB_S,
    rows: [
      ...sourceRows(repo, sampled),
      {
        metric: `Scan throughput, published npm bundles: ${real.treeMB} MB of pinned npm packages (median of ${real.vaultify.runs.length})`,
        vaultify: `${real.vaultify.mbPerSecond} MB/s`,
        peer: `${real.secretlint.mbPerSecond} MB/s (secretlint CLI, ${real.secretlint.runs.length} run)`,
        target: `≥ ${TARGET_MB_S} MB/s and ≥ ${TARGET_RATIO}× peer`,
        met: real.vaultify.mbPerSecond >= TARGET_MB_S && real.ratio >= TARGET_RATIO,
      },
      {
        metric: 'Scan speed ratio, npm bundles',
        vaultify: `${real.ratio}×`,
        peer: '1×',
        target: `≥ ${TARGET_RATIO}×`,
        met: real.ratio >= TARGET_RATIO,
      },
      {
        metric: 'secretlint findings missing from vaultify, npm bundles',
        vaultify: String(real.lostFindings),
        peer: `${real.secretlint.findings} findings`,
        target: '0',
        met: real.lostFindings === 0,
      },
      {
        metric: `Scan throughput, generated tree: ${gen.treeMB} MB (median of ${gen.vaultify.runs.length})`,
        vaultify: `${gen.vaultify.mbPerSecond} MB/s`,
        peer: `${gen.secretlint.mbPerSecond} MB/s (secretlint CLI)`,
        target: `≥ ${TARGET_RATIO}× peer`,
        met: gen.ratio >= TARGET_RATIO,
      },
      {
        metric: 'secretlint findings missing from vaultify, generated tree',
        vaultify: String(gen.lostFindings),
        peer: `${gen.secretlint.findings} findings`,
        target: '0',
        met: gen.lostFindings === 0,
      },
    ],
  };
  console.log(JSON.stringify({ scan: figures }));
}

await main();
