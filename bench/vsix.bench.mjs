// Size of the packaged extension per platform target (budget: 3 MB), built with esbuild and
// @vscode/vsce exactly as `npm run package` does. Prints a JSON object of figures on its last line.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const existing = () => readdirSync(root).filter((f) => f.endsWith('.vsix'));
for (const file of existing()) rmSync(join(root, file));
execFileSync(process.execPath, [join(root, 'scripts/package.mjs')], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
// Packaging builds dist/ for production; put the development build back for the tests.
execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), '--no-tests'], { cwd: root, stdio: 'inherit' });
const rows = existing().map((file) => {
  const mb = statSync(join(root, file)).size / 1024 / 1024;
  console.log(`${file}: ${mb.toFixed(2)} MB`);
  return {
    metric: `VSIX size, ${file.replace(/^vaultify-(.*)-\d+\.\d+\.\d+\.vsix$/, '$1')}`,
    vaultify: `${mb.toFixed(2)} MB`,
    target: '≤ 3 MB',
    met: mb <= 3,
  };
});
console.log(JSON.stringify({ benchmark: 'vsix', rows }));
