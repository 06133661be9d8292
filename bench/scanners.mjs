// The two scanners the benchmarks compare, run as their CLIs: `vaultify scan` (dist/cli.js) and
// the secretlint CLI with only the recommended preset. Both report findings as
// `{ file, line, endLine, ruleId, kind? }` with `file` relative to `cwd` and lines 1-based.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const WORK_DIR = join(ROOT, 'bench', '.work');
const VAULTIFY_CLI = join(ROOT, 'dist', 'cli.js');

function secretlintBin() {
  const pkgDir = join(ROOT, 'node_modules', 'secretlint');
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  return join(pkgDir, typeof pkg.bin === 'string' ? pkg.bin : pkg.bin.secretlint);
}

/** A secretlint config holding the recommended preset and nothing else. */
function presetRc() {
  mkdirSync(WORK_DIR, { recursive: true });
  const rc = join(WORK_DIR, 'secretlintrc.preset.json');
  writeFileSync(rc, JSON.stringify({ rules: [{ id: '@secretlint/secretlint-rule-preset-recommend' }] }) + '\n');
  return rc;
}

/** GNU time, when present, gives the CPU seconds of the whole process (all its threads). */
const GNU_TIME = ['/usr/bin/time', '/usr/local/bin/time'].find((p) => existsSync(p));

/** The pids of a process and all its descendants (Linux /proc; none elsewhere). */
function processTree(pid) {
  const pids = [];
  const visit = (p) => {
    pids.push(p);
    let children;
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8');
    } catch {
      return;
    }
    for (const c of children.split(' ').filter(Boolean)) visit(Number(c));
  };
  visit(pid);
  return pids;
}

/** Resident memory of a process tree now, in bytes: the sum of each process's VmRSS. */
function treeRss(pid) {
  let bytes = 0;
  for (const p of processTree(pid)) {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      if (kb) bytes += Number(kb[1]) * 1024;
    } catch {
      // Gone between the listing and the read.
    }
  }
  return bytes;
}

/**
 * Runs a command to completion, or until `limitSeconds` of wall time when given (then its whole
 * process group is killed and `timedOut` is true). Stdout goes to a file, not a pipe: a CLI that calls
 * process.exit() right after a large write loses the tail of it on a pipe. `seconds` is
 * wall-clock time; `cpuSeconds` is user + system time when GNU time is available; `peakRssMB`
 * the highest sum of resident memory over the command's processes (workers included), sampled
 * every 50 ms where /proc exists, else null.
 */
function run(command, args, cwd, limitSeconds) {
  mkdirSync(WORK_DIR, { recursive: true });
  const outPath = join(WORK_DIR, `stdout-${process.pid}.txt`);
  const timesPath = join(WORK_DIR, `times-${process.pid}.txt`);
  const out = openSync(outPath, 'w');
  const [cmd, argv] = GNU_TIME ? [GNU_TIME, ['-f', '%U %S', '-o', timesPath, command, ...args]] : [command, args];
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    // Its own process group, so that a bound kills the scanner and not only GNU time above it.
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', out, 'pipe'], detached: limitSeconds !== undefined });
    let timedOut = false;
    const bound =
      limitSeconds === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
          }, limitSeconds * 1000);
    let peakRss = 0;
    const sampler = existsSync('/proc/self/status') ? setInterval(() => (peakRss = Math.max(peakRss, treeRss(child.pid))), 50) : undefined;
    const err = [];
    child.stderr?.on('data', (chunk) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      clearInterval(sampler);
      clearTimeout(bound);
      closeSync(out);
      const stdout = readFileSync(outPath, 'utf8');
      rmSync(outPath, { force: true });
      let cpuSeconds = null;
      if (GNU_TIME && !timedOut) {
        const times = readFileSync(timesPath, 'utf8').trim().split('\n').slice(-1)[0].split(' ').map(Number);
        cpuSeconds = times[0] + times[1];
      }
      rmSync(timesPath, { force: true });
      const peakRssMB = sampler ? Math.round(peakRss / 1e5) / 10 : null;
      resolvePromise({ code, stdout, stderr: Buffer.concat(err).toString('utf8'), seconds, cpuSeconds, peakRssMB, timedOut });
    });
  });
}

function failure(tool, result) {
  const tail = result.stderr.trim().split('\n').slice(-5).join('\n');
  return new Error(`${tool} exited with ${result.code}${tail ? `:\n${tail}` : ''}`);
}

/**
 * `vaultify scan TARGET... --format json [extraArgs]`; `target` is a path or a list of them.
 * Exit 1 means "found something" and is not an error.
 */
export async function vaultifyScan(target, cwd = ROOT, extraArgs = []) {
  if (!existsSync(VAULTIFY_CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const result = await run(process.execPath, [VAULTIFY_CLI, 'scan', ...[target].flat(), '--format', 'json', ...extraArgs], cwd);
  if (result.code !== 0 && result.code !== 1) throw failure('vaultify scan', result);
  const findings = JSON.parse(result.stdout).map((f) => ({
    file: f.file.split('\\').join('/'),
    line: f.line,
    endLine: f.endLine,
    ruleId: f.ruleId,
    kind: f.kind,
  }));
  // Rules that threw are skipped per file and noted on stderr; the benchmark passes that on.
  const ruleFailures = result.stderr.split('\n').filter((l) => /rule .* failed/.test(l));
  return { findings, seconds: result.seconds, cpuSeconds: result.cpuSeconds, peakRssMB: result.peakRssMB, ruleFailures };
}

/**
 * The secretlint CLI over `glob` (a glob, or a list of files) with the recommended preset,
 * `--format json`. With `limitSeconds`, a run that takes longer is stopped and resolves as
 * `{ timedOut: true, seconds }` with no findings.
 */
export async function secretlintScan(glob, cwd = ROOT, limitSeconds = undefined) {
  const result = await run(
    process.execPath,
    [secretlintBin(), '--format', 'json', '--no-color', '--secretlintrc', presetRc(), ...[glob].flat()],
    cwd,
    limitSeconds,
  );
  if (result.timedOut) return { findings: [], seconds: result.seconds, cpuSeconds: null, peakRssMB: result.peakRssMB, timedOut: true };
  if (result.code !== 0 && result.code !== 1) throw failure('secretlint', result);
  const findings = [];
  for (const file of JSON.parse(result.stdout)) {
    const rel = relative(cwd, file.filePath).split('\\').join('/');
    for (const m of file.messages) findings.push({ file: rel, line: m.loc.start.line, endLine: m.loc.end.line, ruleId: m.ruleId });
  }
  return { findings, seconds: result.seconds, cpuSeconds: result.cpuSeconds, peakRssMB: result.peakRssMB };
}
