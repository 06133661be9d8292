// `npm run package`: one VSIX per platform target, because the PTY module (@lydell/node-pty) is
// native and a VSIX carries only the platform package that npm installed.
// Usage: node scripts/package.mjs [TARGET...]   (default: linux-x64)
// Other targets: linux-arm64, darwin-x64, darwin-arm64, win32-x64, win32-arm64. Build each on a
// machine of that platform (or after `npm install --no-save --force @lydell/node-pty-<target>`),
// since only the installed platform package is packed.
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['linux-x64'];
const { version, name } = JSON.parse(
  execFileSync('node', ['-p', 'JSON.stringify(require("./package.json"))'], { cwd: root, encoding: 'utf8' }),
);

for (const target of targets) {
  if (!existsSync(join(root, 'node_modules', '@lydell', `node-pty-${target}`))) {
    console.error(`Skipping ${target}: node_modules/@lydell/node-pty-${target} is not installed (see the header of this script).`);
    process.exitCode = 1;
    continue;
  }
  const out = `${name}-${target}-${version}.vsix`;
  execFileSync('npx', ['vsce', 'package', '--target', target, '--out', out], { cwd: root, stdio: 'inherit' });
  console.log(`${out}: ${(statSync(join(root, out)).size / 1024 / 1024).toFixed(2)} MB`);
}
