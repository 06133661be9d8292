// `npm start`: opens the demo workspace with the extension under development. A desktop VS Code
// on PATH is used when there is one; otherwise the cached code-server, in this browser-only setup.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { installRig, remote, repoRoot, startCodeServer, workbenchUrl } from '../test/harness/codeServer.mjs';

const demo = join(repoRoot, 'demo');
const code = spawnSync('code', ['--version'], { stdio: 'ignore' });
if (code.status === 0) {
  spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
} else {
  installRig();
  const server = await startCodeServer();
  const url = workbenchUrl(server, demo, [['extensionDevelopmentPath', remote(server, repoRoot)]]);
  console.log(`\nVaultify is running on the demo workspace. Open this URL in a browser on this machine:\n\n  ${url}\n\nPress Ctrl+C to stop.`);
  const stop = () => {
    server.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
