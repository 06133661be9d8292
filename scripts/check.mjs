// `npm run check`: the loop after an edit. Builds (esbuild), type-checks (tsc -b: only the
// projects an edit touches) and lints (cached, without the type-aware rules) side by side, then
// prints each step's result and time. `npm test` runs the full lint and the tests.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** @type {[string, string[]][]} */
const STEPS = [
  ['build', ['scripts/build.mjs']],
  ['typecheck', ['node_modules/typescript/bin/tsc', '-b']],
  [
    'lint',
    ['node_modules/eslint/bin/eslint.js', '--config', 'eslint.fast.config.mjs', '--cache', '--cache-location', '.eslintcache-fast', '.'],
  ],
];

/**
 * Runs one step with its output held back, so that the steps' reports do not interleave.
 * @param {string} name
 * @param {string[]} args
 * @returns {Promise<{ name: string, code: number | null, output: string, seconds: number }>}
 */
function run(name, args) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('close', (code) => resolve({ name, code, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const results = await Promise.all(STEPS.map(([name, args]) => run(name, args)));
for (const { name, code, output, seconds } of results) {
  if (output.trim()) console.log(output.trimEnd());
  console.log(`${code === 0 ? 'ok  ' : 'FAIL'} ${name} (${seconds.toFixed(1)} s)`);
}
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
