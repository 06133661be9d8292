// Shared steps for the browser end-to-end tests: a code-server with the extension under
// development, a copy of the demo workspace, and the few workbench gestures the tests use.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareDemoWorkspace } from '../../scripts/demoWorkspace.mjs';
import { installRig, launchBrowser, remote, repoRoot, startCodeServer, workbenchUrl } from '../harness/codeServer.mjs';

export const screenshotDir = join(repoRoot, 'test-results', 'screenshots');
const WAIT = 60_000;

export async function openDemoWorkbench({ keybindings = [] } = {}) {
  installRig();
  const server = await startCodeServer({ keybindings, settings: { 'workbench.colorTheme': 'Default Dark Modern', 'editor.fontSize': 14, 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'chat.disableAIFeatures': true } });
  const workspace = prepareDemoWorkspace(server.runDir);
  const browser = await launchBrowser();
  const { page } = browser;
  const payload = [['extensionDevelopmentPath', remote(server, repoRoot)], ['skipWelcome', 'true']];
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
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>' + title);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) });
  await row.first().waitFor({ timeout: WAIT });
  await row.first().click();
}

export async function openFile(page, name) {
  await runCommand(page, 'Go to File...');
  const input = page.locator('.quick-input-widget input');
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
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: WAIT });
  await input.fill('>Vaultify secret');
  await page.waitForFunction(
    () => document.querySelector('.quick-input-list .monaco-list-row[data-index="0"] .label-name')?.textContent === 'Vaultify: Vaultify secret',
    undefined,
    { timeout: WAIT },
  );
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'GitHub' }).first().waitFor({ timeout: WAIT });
  await page.locator('.quick-input-widget input').fill('GitHub');
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'Vaultify secret: name' }).waitFor({ timeout: WAIT });
  await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === 'github/token', undefined, { timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'This workspace' }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
  await page.locator('.view-lines', { hasText: 'GITHUB_TOKEN=vault:github/token' }).waitFor({ timeout: WAIT });
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
