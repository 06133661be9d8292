// Activation time of the extension in a real VS Code (code-server), from the first statement of
// its bundle to the end of activate(), over several fresh starts. Prints a JSON object of figures
// on its last line.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const RUNS = Number(process.env.BENCH_QUICK ? 2 : (process.env.BENCH_ACTIVATION_RUNS ?? 5));
const samples = [];
for (let i = 0; i < RUNS; i++) {
  const run = spawnSync(
    process.execPath,
    [join(root, 'test/harness/runIntegration.mjs'), '--entry', join(root, 'out/bench/activationProbe.js')],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  const match = /vaultify-activation-ms=([\d.]+)/.exec(run.stdout);
  if (!match) {
    console.error(run.stdout.slice(-2000), run.stderr.slice(-2000));
    throw new Error(`Activation run ${i + 1} printed no activation time.`);
  }
  samples.push(Number(match[1]));
  console.log(`activation run ${i + 1}: ${match[1]} ms`);
}
const sorted = [...samples].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(
  JSON.stringify({
    benchmark: 'activation',
    runs: RUNS,
    samplesMs: samples,
    medianMs: median,
    rows: [{ metric: `Activation (median of ${RUNS} fresh starts)`, vaultify: `${median} ms`, target: '≤ 50 ms', met: median <= 50 }],
  }),
);
