// `npm start`: opens a scratch copy of the demo workspace with the extension under development. A
// desktop VS Code on PATH is used when there is one; otherwise the cached code-server, in this
// browser-only setup.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { installRig, remote, repoRoot, rigRoot, startCodeServer, workbenchUrl } from '../test/harness/codeServer.mjs';
import { prepareDemoWorkspace } from './demoWorkspace.mjs';

const demo = prepareDemoWorkspace();
const code = spawnSync('code', ['--version'], { stdio: 'ignore' });
if (code.status === 0) {
  console.log(`Opening a scratch copy of the demo in VS Code: ${demo}\n(Delete it when you are done; the clone's demo/ is never changed.)`);
  spawnSync('code', [`--extensionDevelopmentPath=${repoRoot}`, demo], { stdio: 'inherit' });
} else {
  if (!existsSync(join(rigRoot, 'cs/node_modules/.bin/code-server'))) {
    console.log(
      `First start: installing Node 24 and code-server from the npm registry into ${rigRoot}.\nThis takes about 3 minutes once (code-server builds native modules); later starts take seconds.`,
    );
  }
  installRig();
  console.log('Starting code-server…');
  const server = await startCodeServer();
  const url = workbenchUrl(server, demo, [['extensionDevelopmentPath', remote(server, repoRoot)]]);
  console.log(
    `\nVaultify is running on a scratch copy of the demo workspace (${demo}).\nOpen this URL in a browser on this machine:\n\n  ${url}\n\nThis window has its own home folder, settings and secret storage: see "What is private to the npm start window" in the README.\nPress Ctrl+C to stop; the copy is deleted then.`,
  );
  const stop = () => {
    server.stop();
    rmSync(dirname(demo), { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  setInterval(() => {}, 1 << 30);
}
