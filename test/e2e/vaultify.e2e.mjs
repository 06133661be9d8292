import { strict as assert } from 'node:assert';
import { openDemoWorkbench, screenshot, vaultifyDemoToken } from './workbench.mjs';

const WAIT = 60_000;

describe('workbench: Vaultify secret from the palette', function () {
  this.timeout(300_000);
  let bench;
  before(async () => {
    // A keybinding with arguments is a driven command: its release must meet the approval prompt.
    bench = await openDemoWorkbench({
      keybindings: [{ key: 'ctrl+alt+shift+y', command: 'vaultify.copySecret', args: { name: 'github/token' } }],
    });
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

  it('asks in a modal before a driven command copies the value, and Allow once lets that one copy through', async () => {
    const { page } = bench;
    await page.locator('.part.editor').click();
    await page.keyboard.press('Control+Alt+Shift+KeyY');
    const dialog = page.locator('.monaco-dialog-box', { hasText: 'github/token' });
    await dialog.waitFor({ timeout: WAIT });
    const buttons = await dialog.locator('.dialog-buttons .monaco-button').allTextContents();
    for (const choice of ['Deny', 'Allow once', 'Allow for this session'])
      assert.ok(
        buttons.some((b) => b.includes(choice)),
        `the prompt offers ${choice}: ${buttons.join(', ')}`,
      );
    await screenshot(page, 'approval-prompt');
    await dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Allow once' }).click();
    await page.locator('.part.statusbar', { hasText: 'copied' }).waitFor({ timeout: WAIT });
  });
});
