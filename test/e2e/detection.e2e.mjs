import { openDemoWorkbench, openFile, screenshot } from './workbench.mjs';

describe('workbench: live detection on the demo workspace', function () {
  this.timeout(240_000);
  let bench;
  before(async () => {
    bench = await openDemoWorkbench();
  });
  after(async () => bench?.close());

  it('underlines the planted token and lists it in Problems', async () => {
    const { page } = bench;
    await openFile(page, '.env');
    await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 60_000 });
    // The status bar item counts the findings; clicking it opens the Problems view.
    const status = page.locator('.statusbar-item[id="vaultify.vaultify.findings"], .statusbar-item[id$="vaultify.findings"]').first();
    await status.waitFor({ timeout: 60_000 });
    await status.click();
    await page.locator('.markers-panel .monaco-list-row', { hasText: 'GitHub personal access token' }).first().waitFor({ timeout: 60_000 });
    await screenshot(page, 'detection');
  });
});
