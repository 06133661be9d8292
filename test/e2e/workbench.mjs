// Shared steps for the browser end-to-end tests: a code-server with the extension under
// development, a copy of the demo workspace, and the few workbench gestures the tests use.
// The page functions run in the workbench, where the DOM's types hold.
/// <reference lib="dom" />
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDemoWorkspace } from '../../scripts/demoWorkspace.mjs';
import { installRig, launchBrowser, remote, repoRoot, startCodeServer, workbenchUrl } from '../harness/codeServer.mjs';

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');
const WAIT = 60_000;
// The quick input's text box; before VS Code 1.94 each row's checkbox is an input of the widget too.
const QUICK_INPUT = '.quick-input-widget .quick-input-box input';

/**
 * The demo workspace in a workbench with the extension under development; given `rig` and `vsix`,
 * on that rig's code-server with the package installed instead, as a user has it.
 * @param {{ keybindings?: object[], rig?: typeof import('../harness/codeServer.mjs').mainRig, vsix?: string }} [options]
 */
export async function openDemoWorkbench({ keybindings = [], rig, vsix } = {}) {
  if (!rig) installRig();
  const server = await startCodeServer({
    keybindings,
    rig,
    vsix,
    smokeTestDriver: !rig,
    settings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.fontSize': 14,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    },
  });
  const workspace = prepareDemoWorkspace(server.runDir);
  const browser = await launchBrowser();
  const { page } = browser;
  const payload = [...(vsix ? [] : [['extensionDevelopmentPath', remote(server, repoRoot)]]), ['skipWelcome', 'true']];
  await page.goto(workbenchUrl(server, workspace, payload));
  await page.locator('.monaco-workbench').waitFor({ timeout: WAIT });
  await page.locator('.part.statusbar').waitFor({ timeout: WAIT });
  // The extension is active once its status bar item shows: before that the palette lacks its commands.
  await page.locator('.part.statusbar .codicon-shield').first().waitFor({ timeout: WAIT });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    server,
    page,
    workspace,
    close: async () => {
      await browser.close();
      server.stop();
    },
  };
}

/** Runs a palette command by its exact title (fuzzy matching would pick a longer look-alike). */
export async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>' + title);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
  await row.first().waitFor({ timeout: WAIT });
  await row.first().click();
}

export async function openFile(page, name) {
  await runCommand(page, 'Go to File...');
  const input = page.locator(QUICK_INPUT);
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor({ timeout: WAIT });
}

export async function screenshot(page, name) {
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * Runs "Vaultify secret" from the palette on the demo `.env`'s GitHub token, as a user would:
 * the cursor is on no secret, so the detected ones are offered; the suggested name and the
 * workspace scope are kept.
 */
export async function vaultifyDemoToken(page) {
  await openFile(page, '.env');
  await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: WAIT });
  // Typed as a user would, then Enter: the headline command must rank first among everything that matches.
  await page.keyboard.press('F1');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>Vaultify secret');
  await page.waitForFunction(
    () =>
      document.querySelector('.quick-input-list .monaco-list-row[data-index="0"] .label-name')?.textContent === 'Vaultify: Vaultify secret',
    undefined,
    { timeout: WAIT },
  );
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'GitHub' }).first().waitFor({ timeout: WAIT });
  await page.locator(QUICK_INPUT).fill('GitHub');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Vaultify secret: name' }).waitFor({ timeout: WAIT });
  await page.waitForFunction((selector) => document.querySelector(selector)?.value === 'github/token', QUICK_INPUT, { timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'This workspace' }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  // The token's vendor hosts are offered, prefilled; Escape stores it unbound (environment delivery), as the terminal tests expect.
  await page.locator('.quick-input-widget', { hasText: 'Bind "github/token" to the hosts that accept it?' }).waitFor({ timeout: WAIT });
  await page.waitForFunction((selector) => document.querySelector(selector)?.value === 'github.com, api.github.com', QUICK_INPUT, {
    timeout: WAIT,
  });
  await page.keyboard.press('Escape');
  await page.locator('.view-lines', { hasText: 'GITHUB_TOKEN=vault:github/token' }).waitFor({ timeout: WAIT });
}

/**
 * Runs "Vaultify secret" on the demo token and saves `.env`: a masked terminal reads the file from
 * disk, as the shell will, so the edit is saved as a person would.
 */
export async function vaultifyAndSaveDemoToken(page, workspace) {
  await vaultifyDemoToken(page);
  await page.keyboard.press('Control+S');
  await waitForFile(join(workspace, '.env'), (text) => text.includes('GITHUB_TOKEN=vault:github/token'), 'the vaultified .env on disk');
}

/** Terminals drawn by the DOM renderer put their text in the page, where a test can read it; WebGL draws it on a canvas. */
export function useDomTerminals(workspace) {
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off' }));
}

/** Runs "New masked terminal" and waits for its pick to list the vaultified `.env` reference; returns that row. */
export async function pickMaskedTerminal(page) {
  await runCommand(page, 'Vaultify: New masked terminal');
  await page.locator('.quick-input-widget', { hasText: 'secrets to put in its environment' }).waitFor({ timeout: WAIT });
  const reference = page.locator('.quick-input-list .monaco-list-row', { hasText: 'vault:github/token' });
  await reference.waitFor({ timeout: WAIT });
  return reference;
}

/** Accepts the masked terminal's pick and focuses the terminal; returns its rows. */
export async function acceptMaskedTerminal(page) {
  await page.keyboard.press('Enter');
  const rows = page.locator('.terminal-wrapper.active .xterm-rows');
  await rows.waitFor({ timeout: WAIT });
  await page.locator('.terminal-wrapper.active .xterm').click();
  return rows;
}

/** Types `command` into the focused terminal and waits until `expected` is on its screen. */
export async function runInTerminal(page, command, expected) {
  await page.keyboard.type(command);
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (text) => (document.querySelector('.terminal-wrapper.active .xterm-rows')?.textContent ?? '').includes(text),
    expected,
    { timeout: WAIT },
  );
}

/** The first group of `pattern` in `text`; fails the test, naming `what`, when there is none. */
export function capture(pattern, text, what) {
  const match = pattern.exec(text);
  if (!match) throw new Error(`No ${what} in the demo workspace`);
  return match[1];
}

/** Polls a file of the workspace copy until `accept` holds for its text. */
export async function waitForFile(file, accept, what) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (text !== undefined && accept(text)) return text;
    if (Date.now() > deadline) throw new Error(`Timed out after ${WAIT} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
