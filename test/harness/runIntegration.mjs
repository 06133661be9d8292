// Runs the integration suite (mocha inside code-server's Node extension host) and exits with its
// result. Usage: node test/harness/runIntegration.mjs [--untrusted | --refused-apis] [--entry FILE]
// --refused-apis runs the suite whose extension host refuses every optional API (VAULTIFY_TEST_FAIL_APIS).
// --entry runs another extension-host entry instead of the suite (the benchmarks use it).
// The extension and the suite are passed through the workbench URL's payload; mocha's exit code
// comes back through the smoke-test driver's codeAutomationExit.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format } from 'node:util';
import { installRig, launchBrowser, remote, repoRoot, startCodeServer, workbenchUrl } from './codeServer.mjs';

const untrusted = process.argv.includes('--untrusted');
const suite = untrusted ? 'untrusted' : process.argv.includes('--refused-apis') ? 'refusedApis' : 'trusted';
const entryIndex = process.argv.indexOf('--entry');
const entry = entryIndex > 0 ? resolve(process.argv[entryIndex + 1]) : join(repoRoot, 'out/test/integration/index.js');
const isSuite = entryIndex < 0;
const timeoutMs = Number(process.env.VAULTIFY_TEST_TIMEOUT_MS ?? 15 * 60_000);

installRig();
const server = await startCodeServer({ settings: untrusted ? { 'security.workspace.trust.enabled': true } : {} });
let code;
try {
  // A two-folder workspace, so that scope isolation and multi-root behaviour can be tested.
  const workspace = join(server.runDir, 'workspace');
  for (const folder of ['alpha', 'beta']) mkdirSync(join(workspace, folder), { recursive: true });
  cpSync(join(repoRoot, 'test/integration/fixtures'), join(workspace, 'alpha'), { recursive: true });
  writeFileSync(join(workspace, 'beta', 'README.md'), '# second folder\n');
  const workspaceFile = join(workspace, 'vaultify-test.code-workspace');
  writeFileSync(workspaceFile, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }] }));

  const env = {
    VAULTIFY_TEST_SUITE: suite,
    ...(suite === 'refusedApis' && { VAULTIFY_TEST_FAIL_APIS: 'lmTools,mcpProvider,cursorMcp' }),
    VAULTIFY_TEST_USER_DATA: server.userData,
    VAULTIFY_TEST_RUN_DIR: server.runDir,
    // A comma-separated list of suite files (e.g. `terminal,vault`) runs only those: for work on one area.
    ...(process.env.VAULTIFY_TEST_FILES && { VAULTIFY_TEST_FILES: process.env.VAULTIFY_TEST_FILES }),
  };
  const payload = [
    ['extensionDevelopmentPath', remote(server, repoRoot)],
    ['extensionTestsPath', remote(server, entry)],
    ['extensionEnvironment', JSON.stringify(env)],
    ['skipWelcome', 'true'],
  ];
  const browser = await launchBrowser();
  const noise =
    /AgentHost|ChatModelSelection|AccountPolicyGate|socket|connection token|grace time|Service Worker|builtin extensions cache|open-vsx|^\s+at |ENOTFOUND|telemetry|authentication provider/;
  let finish;
  const done = new Promise((resolve) => (finish = resolve));
  await browser.page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(args ?? []));
    if (!noise.test(line)) console.log(line);
  });
  await browser.page.exposeFunction('codeAutomationExit', (exitCode) => finish(exitCode));
  const timer = setTimeout(() => {
    console.error(`Integration suite did not finish within ${timeoutMs / 1000} s.`);
    finish(124);
  }, timeoutMs);
  await browser.page.goto(workbenchUrl(server, workspaceFile, payload));
  code = await done;
  clearTimeout(timer);
  await browser.close();
  if (code !== 0) console.error(`code-server log tail:\n${server.log().slice(-3000)}`);
  await server.shutdown();
  if (code === 0 && isSuite && suite === 'trusted' && !noPlaintextAfterShutdown(server.runDir)) code = 1;
} finally {
  server.stop();
}
/**
 * Invariant 1 once more, after code-server has flushed its state and exited: none of the values
 * the suite vaulted is in any file code-server or the extension wrote (the workspace, where the
 * tests wrote literals themselves, is left out).
 */
function noPlaintextAfterShutdown(runDir) {
  const list = join(runDir, 'watched-values.b64');
  if (!existsSync(list)) {
    console.error('The suite did not record its vaulted values; the plaintext search cannot run.');
    return false;
  }
  const values = readFileSync(list, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => Buffer.from([...Buffer.from(line, 'base64').toString('utf8')].reverse().join(''), 'utf8'));
  const hits = [];
  const walk = (path) => {
    for (const entry of readdirSync(path)) {
      const full = join(path, entry);
      if (full === join(runDir, 'workspace') || full === list) continue;
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full);
      else if (stat?.isFile()) {
        const bytes = readFileSync(full);
        if (values.some((v) => bytes.includes(v))) hits.push(full);
      }
    }
  };
  walk(runDir);
  if (hits.length) console.error(`Vaulted values found in plaintext after shutdown:\n  ${hits.join('\n  ')}`);
  else console.log(`No vaulted value in plaintext after shutdown (${values.length} values searched).`);
  return hits.length === 0;
}

if (isSuite) console.log(`integration (${suite}): exit code ${code}`);
process.exit(code);
