import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDemoWorkbench, runCommand, screenshot, waitForFile } from './workbench.mjs';

const WAIT = 60_000;

/** The quick input's text box once it shows `title`: the prompt a person is looking at. */
async function quickInput(page, title) {
  await page.locator('.quick-input-widget', { hasText: title }).waitFor({ timeout: WAIT });
  return page.locator('.quick-input-widget .quick-input-box input');
}

/** Picks the row holding `text` in the open quick pick by filtering on it, as a person types it. */
async function pick(page, title, text) {
  const input = await quickInput(page, title);
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first().waitFor({ timeout: WAIT });
  await page.keyboard.press('Enter');
}

/** The buttons of the modal that names `text`, then closes it with Escape. */
async function modalButtons(page, text) {
  const dialog = page.locator('.monaco-dialog-box', { hasText: text });
  await dialog.waitFor({ timeout: WAIT });
  const buttons = await dialog.locator('.dialog-buttons .monaco-button').allTextContents();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: WAIT });
  return buttons;
}

describe('workbench: what a person is asked, and in which order', function () {
  this.timeout(300_000);
  const name = `e2e/api-key-${Date.now().toString(36)}`;
  let bench;
  before(async () => {
    bench = await openDemoWorkbench();
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await screenshot(bench.page, 'failure-prompts');
  });
  after(async () => bench?.close());

  it('Add to vault asks for the value first, in a password box', async () => {
    const { page } = bench;
    await runCommand(page, 'Vaultify: Add to vault');
    const first = await quickInput(page, 'Add to vault: value');
    assert.equal(await first.getAttribute('type'), 'password', 'the first prompt hides what is typed');
    await first.fill(`e2e-value-${Date.now().toString(36)}-not-shown`);
    await page.keyboard.press('Enter');

    const nameBox = await quickInput(page, 'Add to vault: name');
    assert.notEqual(await nameBox.getAttribute('type'), 'password');
    await nameBox.fill(name);
    await page.keyboard.press('Enter');
    await pick(page, 'Where should the secret live', 'This workspace');
    await page.locator('.part.statusbar', { hasText: 'added to the vault' }).waitFor({ timeout: WAIT });
  });

  it('Rotate vaulted value offers Copy new value for a generated value, not for a pasted one', async () => {
    const { page } = bench;
    await runCommand(page, 'Vaultify: Rotate vaulted value');
    await pick(page, 'Rotate vaulted value', name);
    await pick(page, `Rotate vaulted value: "${name}"`, 'Paste or type the new value');
    const pasted = await quickInput(page, `New value of "${name}"`);
    assert.equal(await pasted.getAttribute('type'), 'password');
    await pasted.fill(`e2e-pasted-${Date.now().toString(36)}-value`);
    await page.keyboard.press('Enter');
    const afterPaste = await modalButtons(page, `"${name}" rotated.`);
    assert.ok(
      afterPaste.some((b) => b.includes('Show audit trail')),
      afterPaste.join(', '),
    );
    assert.ok(!afterPaste.some((b) => b.includes('Copy new value')), `a pasted value is not offered for copying: ${afterPaste.join(', ')}`);

    await runCommand(page, 'Vaultify: Rotate vaulted value');
    await pick(page, 'Rotate vaulted value', name);
    await pick(page, `Rotate vaulted value: "${name}"`, 'Generate a new value');
    await pick(page, `Alphabet of the new value of "${name}"`, 'Letters and digits');
    await quickInput(page, `Length of the new value of "${name}"`);
    await page.keyboard.press('Enter');
    const afterGenerate = await modalButtons(page, `"${name}" rotated.`);
    assert.ok(
      afterGenerate.some((b) => b.includes('Copy new value')),
      `a generated value is offered for copying: ${afterGenerate.join(', ')}`,
    );
  });

  it('Connect AI agents offers the Claude Code hooks, picked, with what they add; Enter writes them', async () => {
    const { page, workspace } = bench;
    await runCommand(page, 'Vaultify: Connect AI agents');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Claude Code hooks' });
    await row.waitFor({ timeout: WAIT });
    assert.match(
      await row.textContent(),
      /Deny reads of \.env, keys and env dumps; mask tool output; stop prompts holding a key and offer to vault it/,
    );
    assert.equal(await row.locator('[role="checkbox"]').getAttribute('aria-checked'), 'true', 'the hooks are picked by default');
    await screenshot(page, 'connect-agents');
    await page.keyboard.press('Enter');
    await waitForFile(
      join(workspace, '.claude', 'settings.local.json'),
      (text) => text.includes('hook claude') && text.includes('PreToolUse'),
      'the Claude Code hooks in .claude/settings.local.json',
    );
    await waitForFile(join(workspace, '.mcp.json'), (text) => text.includes('"vaultify"'), 'the vaultify MCP server in .mcp.json');
  });
});
