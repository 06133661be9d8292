import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  acceptMaskedTerminal,
  capture,
  openDemoWorkbench,
  pickMaskedTerminal,
  runCommand,
  runInTerminal,
  screenshot,
  useDomTerminals,
  vaultifyAndSaveDemoToken,
} from './workbench.mjs';

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
    const demoToken = capture(/^GITHUB_TOKEN=(.*)$/m, readFileSync(join(workspace, '.env'), 'utf8'), 'GITHUB_TOKEN in .env');
    useDomTerminals(workspace);

    // Move the demo token into the vault, as a user would.
    await vaultifyAndSaveDemoToken(page, workspace);

    // The .env reference is listed, checked, under the secrets to pick; no extra secret is picked.
    const reference = await pickMaskedTerminal(page);
    assert.match(await reference.textContent(), /\$GITHUB_TOKEN from \.env/);
    assert.equal(
      await reference
        .locator('input[type=checkbox], .monaco-checkbox')
        .first()
        .evaluate((box) => box.checked ?? box.classList.contains('checked')),
      true,
      'listed checked',
    );
    await screenshot(page, 'masked-terminal-pick');
    const rows = await acceptMaskedTerminal(page);
    // Two lines: the masked output below the typed command.
    await runInTerminal(page, 'printenv GITHUB_TOKEN', '[masked vault:github/token]');
    assert.ok(!(await rows.textContent()).includes(demoToken), 'the token is not on screen');
    await screenshot(page, 'masked-terminal');

    // Stored values win: the vaulted token was masked but not offered for storing; the keys in
    // config.json, which nobody stored, are masked (the AWS secret key as a JSON property) and offered.
    const secretKey = capture(
      /"secretAccessKey": "([^"]+)"/,
      readFileSync(join(workspace, 'config.json'), 'utf8'),
      'secretAccessKey in config.json',
    );
    await runInTerminal(page, 'cat config.json', '[masked secret:aws-secret-access-key]');
    assert.ok(!(await rows.textContent()).includes(secretKey.slice(0, 9)), 'no part of the AWS secret key is on screen');
    // The notification list keeps every offer, also one whose toast has gone.
    await runCommand(page, 'Notifications: Show Notifications');
    const offers = page.locator('.notifications-center .notification-list-item', { hasText: 'Store it in the vault' });
    await offers.first().waitFor({ timeout: WAIT });
    assert.equal(await offers.count(), 1, 'one offer, for a credential nobody stored');
    assert.doesNotMatch(await offers.first().textContent(), /github/i, 'the vaulted token is not offered');
  });
});
