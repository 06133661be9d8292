import { openDemoWorkbench, screenshot, vaultifyDemoToken } from './workbench.mjs';

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
    await vaultifyDemoToken(page);
    await screenshot(page, 'vaultify-secret');

    await page.locator('.activitybar .action-item a[aria-label^="Vaultify"]').first().click();
    await page.locator('.pane-body .monaco-list-row', { hasText: 'github/token' }).first().waitFor({ timeout: WAIT });
    await screenshot(page, 'vault-view');
  });
});
