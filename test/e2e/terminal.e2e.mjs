import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDemoWorkbench, runCommand, screenshot, vaultifyDemoToken, waitForFile } from './workbench.mjs';

const WAIT = 60_000;

describe('workbench: masked terminal from the palette', function () {
  this.timeout(300_000);
  let bench;
  before(async () => {
    bench = await openDemoWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(bench.page, 'failure-masked-terminal');
  });
  after(async () => bench?.close());

  it('shows the vaulted demo token as a mask token when a process prints it', async () => {
    const { page, workspace } = bench;
    const demoToken = /^GITHUB_TOKEN=(.*)$/m.exec(readFileSync(join(workspace, '.env'), 'utf8'))[1];
    // The DOM renderer puts the terminal's text in the page, where the test can read it; WebGL draws it on a canvas.
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'terminal.integrated.gpuAcceleration': 'off' }));

    // Move the demo token into the vault, as a user would.
    await vaultifyDemoToken(page);
    // The terminal reads .env from disk, as the shell will: save the edit, as a person would.
    await page.keyboard.press('Control+S');
    await waitForFile(join(workspace, '.env'), (text) => text.includes('GITHUB_TOKEN=vault:github/token'), 'the vaultified .env on disk');

    await runCommand(page, 'Vaultify: New masked terminal');
    // The .env reference is listed, checked, under the secrets to pick; no extra secret is picked.
    await page.locator('.quick-input-widget', { hasText: 'secrets to put in its environment' }).waitFor({ timeout: WAIT });
    const reference = page.locator('.quick-input-list .monaco-list-row', { hasText: 'vault:github/token' });
    await reference.waitFor({ timeout: WAIT });
    assert.match(await reference.textContent(), /\$GITHUB_TOKEN from \.env/);
    assert.equal(await reference.locator('input[type=checkbox], .monaco-checkbox').first().evaluate((box) => box.checked ?? box.classList.contains('checked')), true, 'listed checked');
    await screenshot(page, 'masked-terminal-pick');
    await page.keyboard.press('Enter');
    const rows = page.locator('.terminal-wrapper.active .xterm-rows');
    await rows.waitFor({ timeout: WAIT });
    await page.locator('.terminal-wrapper.active .xterm').click();
    await page.keyboard.type('printenv GITHUB_TOKEN');
    await page.keyboard.press('Enter');
    // Two lines: the masked output below the typed command.
    await page.waitForFunction(
      () => (document.querySelector('.terminal-wrapper.active .xterm-rows')?.textContent ?? '').includes('[masked vault:github/token]'),
      undefined,
      { timeout: WAIT },
    );
    assert.ok(!(await rows.textContent()).includes(demoToken), 'the token is not on screen');
    await screenshot(page, 'masked-terminal');

    // Stored values win: the vaulted token was masked but not offered for storing; the keys in
    // config.json, which nobody stored, are masked (the AWS secret key as a JSON property) and offered.
    const secretKey = /"secretAccessKey": "([^"]+)"/.exec(readFileSync(join(workspace, 'config.json'), 'utf8'))[1];
    await page.keyboard.type('cat config.json');
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => (document.querySelector('.terminal-wrapper.active .xterm-rows')?.textContent ?? '').includes('[masked secret:aws-secret-access-key]'),
      undefined,
      { timeout: WAIT },
    );
    assert.ok(!(await rows.textContent()).includes(secretKey.slice(0, 9)), 'no part of the AWS secret key is on screen');
    // The notification list keeps every offer, also one whose toast has gone.
    await runCommand(page, 'Notifications: Show Notifications');
    const offers = page.locator('.notifications-center .notification-list-item', { hasText: 'Store it in the vault' });
    await offers.first().waitFor({ timeout: WAIT });
    assert.equal(await offers.count(), 1, 'one offer, for a credential nobody stored');
    assert.doesNotMatch(await offers.first().textContent(), /github/i, 'the vaulted token is not offered');
  });
});
