import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDemoWorkbench, runCommand, screenshot, waitForFile } from './workbench.mjs';

const WAIT = 60_000;

describe("workbench: what AI assistants can't see", function () {
  this.timeout(300_000);
  let bench;
  before(async () => {
    bench = await openDemoWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(bench.page, 'failure-guard');
  });
  after(async () => bench?.close());

  it('writes the ignore files, offers to git-ignore .env once, and shows what each assistant cannot see, never-opened files included', async () => {
    const { page, workspace } = bench;
    for (const file of ['.copilotignore', '.cursorignore']) {
      await waitForFile(join(workspace, file), (text) => text.includes('# >>> vaultify'), `${file} in the demo workspace`);
    }

    // The demo's .env is not git-ignored: the offer comes once, as a notification. The headless
    // workbench keeps new notifications in the notification center rather than as toasts. The
    // committed ignore files are there before the guard has run, so the center is opened until
    // the offer is in it.
    const offer = page.locator('.notifications-center .notification-list-item', { hasText: 'not git-ignored' });
    const deadline = Date.now() + WAIT;
    for (;;) {
      await runCommand(page, 'Notifications: Show Notifications');
      try {
        await offer.first().waitFor({ timeout: 5000 });
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`The .gitignore offer did not come within ${WAIT} ms: ${error}`, { cause: error });
        await page.keyboard.press('Escape');
      }
    }
    await offer.locator('.monaco-button', { hasText: 'Add to .gitignore' }).first().click();
    const gitignore = await waitForFile(join(workspace, '.gitignore'), (text) => text.includes('/.env'), '.env in .gitignore');
    assert.ok(!gitignore.includes('.env.example'), '.env.example is not git-ignored');

    await runCommand(page, 'Notifications: Clear All Notifications');
    await page.keyboard.press('Escape');

    await runCommand(page, "Vaultify: Show what AI assistants can't see");
    const editor = page.locator('.editor-instance .view-lines');
    await editor.filter({ hasText: "What AI assistants can't see" }).first().waitFor({ timeout: WAIT });
    await editor.filter({ hasText: 'GitHub Copilot' }).first().waitFor({ timeout: WAIT });
    await editor.filter({ hasText: '- `.env`' }).first().waitFor({ timeout: WAIT });
    // A file no editor opened, listed because the background scan found its credentials.
    await editor.filter({ hasText: '- `config.json`' }).first().waitFor({ timeout: WAIT });
    for (const file of ['.copilotignore', '.cursorignore']) {
      const text = readFileSync(join(workspace, file), 'utf8');
      assert.ok(text.includes('\n/config.json\n'), `${file} still lists the never-opened config.json`);
    }
    await page.locator('.tab.active', { hasText: "What AI can't see.md" }).waitFor({ timeout: WAIT });
    await screenshot(page, 'ai-hidden-files');
  });
});
