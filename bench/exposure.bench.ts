/**
 * Exposure benchmark. Build, then run: node out/bench/exposure.bench.js
 * 1. The transcript check over generated Claude Code-style JSONL transcripts (default 1 GB) with
 *    100 vaulted values, beside `grep -F -c -f` with the same 100 values over the same files.
 * 2. The git history check on a generated repository of 10,000 commits (git fast-import), beside
 *    `git log -p | grep -F -c -f` with the same values.
 * Both inputs are generated into bench/.work/exposure and kept for the next run.
 * Env: BENCH_EXPOSURE_MB (default 1024), BENCH_GIT_COMMITS (default 10000); BENCH_QUICK=1 uses 64 MB and 1,000 commits.
 * Prints readable lines, then one JSON object of figures on the last line.
 */
import { spawn } from 'node:child_process';
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  openSync,
  writeSync,
  closeSync,
} from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ValueMatcher, type VaultValue, scanFiles, scanGitHistory } from '../src/core/exposure';
import { seededRandom } from './seededRandom';

const quick = Boolean(process.env.BENCH_QUICK);
const TRANSCRIPT_MB = Number(process.env.BENCH_EXPOSURE_MB ?? (quick ? 64 : 1024));
const COMMITS = Number(process.env.BENCH_GIT_COMMITS ?? (quick ? 1000 : 10_000));
const MB = 1 << 20;
const FILE_MB = 16;
const root = path.resolve(__dirname, '../..');
const workDir = path.join(root, 'bench/.work/exposure');

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const values: VaultValue[] = (() => {
  const next = seededRandom(7);
  return Array.from({ length: 100 }, (_, i) => ({
    name: `bench/secret${i}`,
    value: Array.from({ length: 24 + (i % 24) }, () => B62[Math.floor(next() * 62)]).join(''),
  }));
})();

const WORDS = (
  'the function returns a promise that resolves when the server is ready so we await it before ' +
  'running the migration then we check the status code and retry on failure with exponential backoff ' +
  'const config = require ( ) ; export default async import from test describe it expect toEqual ' +
  'error undefined null true false return if else for while class extends interface type string number'
).split(' ');

function sentence(next: () => number, words: number): string {
  let s = '';
  for (let i = 0; i < words; i++) s += (i ? ' ' : '') + WORDS[Math.floor(next() * WORDS.length)];
  return s;
}

function uuid(next: () => number): string {
  const h = () => Math.floor(next() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, h).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-8${part(3)}-${part(12)}`;
}

/** One Claude Code transcript line: prompts, replies, tool calls and their outputs (file contents, command output). */
function transcriptLine(next: () => number, n: number, planted: string | undefined): string {
  const envelope = {
    parentUuid: null,
    isSidechain: false,
    userType: 'external',
    cwd: '/home/dev/app',
    sessionId: 'bench',
    version: '2.0.72',
    gitBranch: 'main',
    uuid: uuid(next),
    timestamp: new Date(1_760_000_000_000 + n * 1000).toISOString(),
  };
  const kind = planted ? 3 : Math.floor(next() * 4);
  const body = (words: number) => sentence(next, words);
  if (kind === 0)
    return JSON.stringify({ ...envelope, type: 'user', message: { role: 'user', content: body(20 + Math.floor(next() * 60)) } });
  if (kind === 1)
    return JSON.stringify({
      ...envelope,
      type: 'assistant',
      message: { role: 'assistant', model: 'claude-sonnet-4-5', content: [{ type: 'text', text: body(80 + Math.floor(next() * 300)) }] },
    });
  if (kind === 2) {
    return JSON.stringify({
      ...envelope,
      type: 'assistant',
      message: {
        role: 'assistant',
        content: [{ type: 'tool_use', id: `toolu_${n}`, name: 'Read', input: { file_path: `/home/dev/app/src/module${n % 97}.ts` } }],
      },
    });
  }
  const lines = Array.from(
    { length: 10 + Math.floor(next() * 80) },
    (_, i) => `${String(i + 1).padStart(5)}\t${body(4 + Math.floor(next() * 10))}`,
  );
  if (planted) lines.splice(Math.floor(lines.length / 2), 0, `API_KEY="${planted}"`);
  const output = lines.join('\n');
  return JSON.stringify({
    ...envelope,
    type: 'user',
    message: { role: 'user', content: [{ tool_use_id: `toolu_${n}`, type: 'tool_result', content: output }] },
    toolUseResult: { stdout: output, stderr: '' },
  });
}

interface Corpus {
  files: string[];
  bytes: number;
  planted: string[];
}

/** Generated transcripts: FILE_MB files under a Claude Code-style projects folder. Every third value is planted once. */
function transcriptCorpus(): Corpus {
  const dir = path.join(workDir, `transcripts-${TRANSCRIPT_MB}mb`, '.claude', 'projects');
  const marker = path.join(workDir, `transcripts-${TRANSCRIPT_MB}mb`, 'generated.json');
  if (existsSync(marker)) return JSON.parse(readFileSync(marker, 'utf8')) as Corpus;
  rmSync(path.dirname(marker), { recursive: true, force: true });
  const next = seededRandom(11);
  const fileCount = Math.max(1, Math.round(TRANSCRIPT_MB / FILE_MB));
  const planted = values.filter((_, i) => i % 3 === 0);
  const plantAt = new Map<number, VaultValue[]>();
  planted.forEach((v, i) => {
    const f = Math.floor(((i + 0.5) / planted.length) * fileCount);
    plantAt.set(f, [...(plantAt.get(f) ?? []), v]);
  });
  const files: string[] = [];
  let bytes = 0;
  let n = 0;
  for (let f = 0; f < fileCount; f++) {
    const project = path.join(dir, `-home-dev-project${f % 8}`);
    mkdirSync(project, { recursive: true });
    const file = path.join(project, `${uuid(next)}.jsonl`);
    const fd = openSync(file, 'w');
    let size = 0;
    const plants = new Map((plantAt.get(f) ?? []).map((v, j) => [100 + j * 97, v.value]));
    let parts: string[] = [];
    let pending = 0;
    for (let line = 0; size < FILE_MB * MB; line++, n++) {
      const text = transcriptLine(next, n, plants.get(line)) + '\n';
      parts.push(text);
      pending += text.length;
      size += Buffer.byteLength(text);
      if (pending > 4 * MB) {
        writeSync(fd, parts.join(''));
        parts = [];
        pending = 0;
      }
    }
    writeSync(fd, parts.join(''));
    closeSync(fd);
    files.push(file);
    bytes += size;
  }
  const corpus = { files, bytes, planted: planted.map((v) => v.name).sort() };
  writeFileSync(marker, JSON.stringify(corpus));
  return corpus;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; pipeTo?: [string, string[]] } = {},
): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const env = { ...process.env, LC_ALL: 'C' };
    const first = spawn(command, args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const last = options.pipeTo
      ? spawn(options.pipeTo[0], options.pipeTo[1], { cwd: options.cwd, env, stdio: ['pipe', 'pipe', 'inherit'] })
      : first;
    if (last !== first) first.stdout.pipe(last.stdin!);
    let stdout = '';
    last.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    last.on('error', reject);
    // grep exits 1 when nothing matched: not an error here.
    last.on('close', (code) =>
      code === 0 || code === 1
        ? resolve({ seconds: (performance.now() - started) / 1000, stdout })
        : reject(new Error(`${command} exited ${code}`)),
    );
  });
}

async function readAll(files: string[]): Promise<void> {
  for (const file of files) for await (const _ of createReadStream(file, { highWaterMark: MB }));
}

async function transcriptBench() {
  const t0 = performance.now();
  const corpus = transcriptCorpus();
  console.log(
    `transcripts: ${corpus.files.length} files, ${(corpus.bytes / MB).toFixed(0)} MB (generated in ${((performance.now() - t0) / 1000).toFixed(0)} s or reused)`,
  );
  const valuesFile = path.join(workDir, 'values.txt');
  writeFileSync(valuesFile, values.map((v) => v.value).join('\n') + '\n');
  await readAll(corpus.files); // both read from the page cache

  const matcher = new ValueMatcher(values);
  const started = performance.now();
  const result = await scanFiles(
    corpus.files.map((file) => ({ path: file, tool: 'claude-code' as const })),
    matcher,
    'transcript',
  );
  const seconds = (performance.now() - started) / 1000;
  const found = [...new Set(result.findings.map((f) => f.name))].sort();
  if (JSON.stringify(found) !== JSON.stringify(corpus.planted))
    throw new Error(`found ${found.length} values, planted ${corpus.planted.length}`);
  const rssMB = process.memoryUsage().rss / MB;

  const grep = await run('grep', ['-F', '-c', '-f', valuesFile, ...corpus.files]);
  const grepFiles = grep.stdout.split('\n').filter((l) => /:[1-9]\d*$/.test(l)).length;
  const vaultifyFiles = new Set(result.findings.map((f) => f.location)).size;
  const mbps = corpus.bytes / MB / seconds;
  const grepMbps = corpus.bytes / MB / grep.seconds;
  console.log(
    `vaultify: ${mbps.toFixed(0)} MB/s (${matcher.patternCount} patterns, ${found.length} values in ${vaultifyFiles} files, RSS ${rssMB.toFixed(0)} MB); grep -F: ${grepMbps.toFixed(0)} MB/s (${grepFiles} files)`,
  );
  return {
    transcript_MB: Math.round(corpus.bytes / MB),
    transcript_files: corpus.files.length,
    transcript_values: values.length,
    transcript_patterns: matcher.patternCount,
    transcript_MBps: Math.round(mbps),
    transcript_grep_MBps: Math.round(grepMbps),
    transcript_found_values: found.length,
    transcript_found_files: vaultifyFiles,
    transcript_grep_files: grepFiles,
    transcript_rss_MB: Math.round(rssMB),
  };
}

/** A generated history: 500 source files, then one to three files changed per commit; one value added and removed mid-way. */
async function gitRepo(): Promise<{ dir: string; leakedAt: number }> {
  const dir = path.join(workDir, `git-${COMMITS}`);
  const leakedAt = Math.floor(COMMITS / 2);
  if (existsSync(path.join(dir, 'generated.json'))) return { dir, leakedAt };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await run('git', ['init', '-q', '-b', 'main', dir]);
  const next = seededRandom(23);
  const files = Array.from({ length: 500 }, (_, i) => ({
    path: `src/${['api', 'core', 'ui', 'db', 'util'][i % 5]}/module${i}.ts`,
    lines: Array.from({ length: 40 + Math.floor(next() * 40) }, () => sentence(next, 6 + Math.floor(next() * 8))),
  }));
  const chunks: string[] = [];
  const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}\n`;
  for (let c = 1; c <= COMMITS; c++) {
    let ops = '';
    if (c === 1) for (const f of files) ops += `M 100644 inline ${f.path}\n${data(f.lines.join('\n') + '\n')}`;
    else {
      for (let k = 0; k < 1 + Math.floor(next() * 3); k++) {
        const f = files[Math.floor(next() * files.length)];
        f.lines[Math.floor(next() * f.lines.length)] = sentence(next, 6 + Math.floor(next() * 8));
        ops += `M 100644 inline ${f.path}\n${data(f.lines.join('\n') + '\n')}`;
      }
    }
    if (c === leakedAt)
      ops += `M 100644 inline deploy/prod.env\n${data(`DATABASE_URL=postgres://app@db/app\nAPI_KEY=${values[0].value}\n`)}`;
    if (c === leakedAt + 3) ops += 'D deploy/prod.env\n';
    chunks.push(
      `commit refs/heads/main\ncommitter Bench <bench@example.com> ${1_700_000_000 + c * 60} +0000\n${data(`change ${c}`)}${ops}\n`,
    );
  }
  await new Promise<void>((resolve, reject) => {
    const child = spawn('git', ['fast-import', '--quiet'], { cwd: dir, stdio: ['pipe', 'inherit', 'inherit'] });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`))));
    child.stdin.end(chunks.join(''));
  });
  writeFileSync(path.join(dir, 'generated.json'), JSON.stringify({ commits: COMMITS, leakedAt }));
  return { dir, leakedAt };
}

async function gitBench() {
  const t0 = performance.now();
  const { dir } = await gitRepo();
  console.log(`git: ${COMMITS} commits in ${dir} (generated in ${((performance.now() - t0) / 1000).toFixed(0)} s or reused)`);
  const packBytes = readdirSync(path.join(dir, '.git/objects/pack')).reduce(
    (sum, name) => sum + statSync(path.join(dir, '.git/objects/pack', name)).size,
    0,
  );
  const matcher = new ValueMatcher(values);
  await scanGitHistory(matcher, { cwd: dir }); // warm the pack into the page cache
  const started = performance.now();
  const result = await scanGitHistory(matcher, { cwd: dir, timeLimitMs: 600_000 });
  const seconds = (performance.now() - started) / 1000;
  if (result.stopped || result.findings.length !== 1 || result.findings[0].name !== values[0].name || !result.findings[0].commit) {
    throw new Error(`git check found ${JSON.stringify(result.findings.map((f) => f.name))} (stopped: ${result.stopped})`);
  }
  const valuesFile = path.join(workDir, 'values.txt');
  const peer = await run('git', ['log', '-p', 'HEAD'], { cwd: dir, pipeTo: ['grep', ['-F', '-c', '-f', valuesFile]] });
  console.log(
    `vaultify: ${seconds.toFixed(2)} s for ${result.commits} commits, ${result.blobs} distinct blobs (${(result.bytes / MB).toFixed(0)} MB); git log -p | grep -F: ${peer.seconds.toFixed(2)} s`,
  );
  return {
    git_commits: result.commits,
    git_blobs: result.blobs,
    git_blob_MB: Math.round(result.bytes / MB),
    git_pack_MB: Math.round(packBytes / MB),
    git_seconds: Number(seconds.toFixed(2)),
    git_peer_seconds: Number(peer.seconds.toFixed(2)),
  };
}

async function main() {
  mkdirSync(workDir, { recursive: true });
  const t = await transcriptBench();
  const g = await gitBench();
  const figures = { ...t, ...g };
  const rows = [
    {
      metric: `Exposure check over ${t.transcript_MB} MB of transcripts (generated Claude Code JSONL, ${t.transcript_files} files), 100 vaulted values`,
      vaultify: `${t.transcript_MBps} MB/s`,
      peer: `${t.transcript_grep_MBps} MB/s (\`grep -F -c -f\`, same 100 values)`,
    },
    {
      metric: `Git history check, ${g.git_commits.toLocaleString('en')} commits (generated with git fast-import, ${g.git_blobs.toLocaleString('en')} distinct blobs), 100 values`,
      vaultify: `${g.git_seconds} s`,
      peer: `${g.git_peer_seconds} s (\`git log -p | grep -F -c -f\`)`,
    },
  ];
  console.log(JSON.stringify({ bench: 'exposure', ...figures, rows }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
