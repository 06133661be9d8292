// The compatibility matrix: on each host of MATRIX_HOSTS (a code-server release with API proposals
// gated as desktop VS Code, VSCodium and Cursor gate them), the packaged VSIX installed as a user
// installs it, and a first user's path through the workbench: activation to its end without an
// error, the `.env` underline, Vaultify secret, a masked terminal and Connect AI agents. The agent
// APIs a host lacks are absent with the reason in the Vaultify log.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../harness/codeServer.mjs';
import { MATRIX_HOSTS, installMatrixHost, matrixRig } from '../harness/matrixHosts.mjs';
import {
  acceptMaskedTerminal,
  capture,
  openDemoWorkbench,
  openFile,
  pickMaskedTerminal,
  runCommand,
  runInTerminal,
  screenshot,
  useDomTerminals,
  vaultifyAndSaveDemoToken,
  waitForFile,
} from '../e2e/workbench.mjs';

const WAIT = 60_000;
// A cold install builds code-server's native modules at nice 19 on a shared machine.
const INSTALL_TIMEOUT = 45 * 60_000;
// The agent APIs that were proposals, refused to this extension, before these VS Code versions.
const AGENT_APIS = [
  { label: 'Language Model tools', since: '1.95' },
  { label: 'MCP server definition provider', since: '1.101' },
];

const { name, version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const vsix = join(repoRoot, `${name}-linux-x64-${version}.vsix`);

function atLeast(hostVersion, floor) {
  const [major, minor] = hostVersion.split('.').map(Number);
  const [floorMajor, floorMinor] = floor.split('.').map(Number);
  return major > floorMajor || (major === floorMajor && minor >= floorMinor);
}

/** The text of every log file called `file` that the server wrote under its user-data folder. */
function readLogs(server, file) {
  const logs = join(server.userData, 'logs');
  if (!existsSync(logs)) return '';
  return readdirSync(logs, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith(`/${file}`))
    .map((path) => readFileSync(join(logs, path), 'utf8'))
    .join('\n');
}

async function waitForLog(server, file, pattern, what) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const text = readLogs(server, file);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT} ms waiting for ${what} in ${file}:\n${text}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

before(function () {
  this.timeout(10 * 60_000);
  execFileSync('node', ['scripts/package.mjs'], { cwd: repoRoot, stdio: 'inherit' });
});

for (const host of MATRIX_HOSTS) {
  describe(`VS Code ${host.vscode} (code-server ${host.codeServer}), proposals gated, VSIX installed`, function () {
    this.timeout(300_000);
    let bench;
    let demoToken;
    before(async function () {
      this.timeout(INSTALL_TIMEOUT);
      installMatrixHost(host);
      bench = await openDemoWorkbench({ rig: matrixRig(host), vsix });
      demoToken = capture(/^GITHUB_TOKEN=(.*)$/m, readFileSync(join(bench.workspace, '.env'), 'utf8'), 'GITHUB_TOKEN in .env');
      useDomTerminals(bench.workspace);
    });
    afterEach(async function () {
      if (this.currentTest?.state === 'failed') await screenshot(bench.page, `failure-matrix-${host.codeServer}`);
    });
    after(async () => bench?.close());

    it('activates to the end without an error', async () => {
      await waitForLog(bench.server, 'Vaultify.log', /Activated in/, "the end of Vaultify's activation");
      const extensionHost = readLogs(bench.server, 'remoteexthost.log');
      assert.ok(extensionHost, 'the extension host wrote its log');
      assert.doesNotMatch(extensionHost, /CANNOT use API proposal/);
      assert.doesNotMatch(extensionHost, /Activating extension .?vaultify\.vaultify.? failed/i);
    });

    it('underlines the secret in .env', async () => {
      await openFile(bench.page, '.env');
      await bench.page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: WAIT });
    });

    it('moves it into the vault with Vaultify secret', async () => {
      await vaultifyAndSaveDemoToken(bench.page, bench.workspace);
    });

    it('masks it in a masked terminal', async () => {
      const { page } = bench;
      await pickMaskedTerminal(page);
      const rows = await acceptMaskedTerminal(page);
      await runInTerminal(page, 'printenv GITHUB_TOKEN', '[masked vault:github/token]');
      assert.ok(!(await rows.textContent()).includes(demoToken), 'the token is not on screen');
    });

    it('offers Connect AI agents, which connects Claude Code and Cursor', async () => {
      const { page, workspace } = bench;
      await runCommand(page, 'Vaultify: Connect AI agents');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code hooks' }).waitFor({ timeout: WAIT });
      await page.keyboard.press('Enter');
      await waitForFile(join(workspace, '.mcp.json'), (text) => text.includes('"vaultify"'), 'the vaultify MCP server in .mcp.json');
      await waitForFile(
        join(workspace, '.cursor', 'mcp.json'),
        (text) => text.includes('"vaultify"'),
        'the vaultify MCP server in .cursor/mcp.json',
      );
    });

    it('registers the agent APIs the host has, and says why it skips the ones it lacks', async () => {
      const log = readLogs(bench.server, 'Vaultify.log');
      for (const api of AGENT_APIS) {
        assert.doesNotMatch(log, new RegExp(`${api.label}: not available on this host`), `${api.label} was refused`);
        const skipped = `${api.label}: not offered, as it needs VS Code ${api.since} or later and this host is ${host.vscode}.`;
        if (atLeast(host.vscode, api.since)) assert.ok(!log.includes(skipped), `${api.label} skipped on ${host.vscode}`);
        else assert.ok(log.includes(skipped), `the log says why ${api.label} is absent:\n${log}`);
      }
    });

    it('logged no error in the whole session', () => {
      const errors = readLogs(bench.server, 'Vaultify.log')
        .split('\n')
        .filter((line) => line.includes('[error]'));
      assert.deepEqual(errors, []);
    });
  });
}
