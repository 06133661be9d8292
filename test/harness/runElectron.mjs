// `npm run test:electron`: the same integration suite in a desktop VS Code, downloaded by
// @vscode/test-electron. For machines that can reach VS Code's download servers; the default
// `npm test` runs the suite in code-server instead (see runIntegration.mjs).
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './codeServer.mjs';

const run = mkdtempSync(join(tmpdir(), 'vaultify-electron-'));
const workspace = join(run, 'workspace');
for (const folder of ['alpha', 'beta']) mkdirSync(join(workspace, folder), { recursive: true });
cpSync(join(repoRoot, 'test/integration/fixtures'), join(workspace, 'alpha'), { recursive: true });
writeFileSync(join(workspace, 'beta', 'README.md'), '# second folder\n');
const workspaceFile = join(workspace, 'vaultify-test.code-workspace');
writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }));
const userData = join(run, 'ud');

try {
  await runTests({
    version: process.env.VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out/test/integration/index.js'),
    launchArgs: [workspaceFile, '--user-data-dir', userData, '--disable-extensions', '--disable-workspace-trust'],
    extensionTestsEnv: { VAULTIFY_TEST_SUITE: 'trusted', VAULTIFY_TEST_USER_DATA: userData, VAULTIFY_TEST_RUN_DIR: run },
  });
} catch (error) {
  console.error(`Integration suite failed in desktop VS Code: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
