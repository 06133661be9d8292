import { openDemoWorkbench, openFile, runCommand, screenshot } from './workbench.mjs';

const WAIT = 60_000;

describe('workbench: Vaultify secret from the palette', function () {
  this.timeout(300_000);
  let bench;
  before(async () => {
    bench = await openDemoWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(bench.page, 'failure-vaultify');
  });
  after(async () => bench?.close());

  it('moves the demo token into the vault and shows it in the Vault view', async () => {
    const { page } = bench;
    await openFile(page, '.env');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: WAIT });

    await runCommand(page, 'Vaultify: Vaultify secret');
    // The cursor is not on a secret, so the detected ones are offered.
    const input = page.locator('.quick-input-widget input');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'GitHub' }).first().waitFor({ timeout: WAIT });
    await input.fill('GitHub');
    await page.keyboard.press('Enter');
    // The suggested name comes from the .env key; keep it.
    await page.locator('.quick-input-widget', { hasText: 'Vaultify secret: name' }).waitFor({ timeout: WAIT });
    await page.waitForFunction(() => document.querySelector('.quick-input-widget input')?.value === 'github/token', undefined, { timeout: WAIT });
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'This workspace' }).first().waitFor({ timeout: WAIT });
    await page.keyboard.press('Enter');

    await page.locator('.view-lines', { hasText: 'GITHUB_TOKEN=vault:github/token' }).waitFor({ timeout: WAIT });
    await screenshot(page, 'vaultify-secret');

    await page.locator('.activitybar .action-item a[aria-label^="Vaultify"]').first().click();
    await page.locator('.pane-body .monaco-list-row', { hasText: 'github/token' }).first().waitFor({ timeout: WAIT });
    await screenshot(page, 'vault-view');
  });
});
