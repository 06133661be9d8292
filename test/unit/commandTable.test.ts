import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS, COMMAND_CATEGORY } from '../../src/extension/commandTable';
import { SETTINGS } from '../../src/core/settings/settingsTable';

const root = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category: string; icon?: string }[];
    configuration: { properties: Record<string, { default: unknown }> };
  };
};

/**
 * The palette's filter and order, as VS Code documents its behaviour for never-used commands: a
 * label matches when each typed word starts a word of the label, in order (letters may run on
 * into the following characters), and matches are sorted by label.
 */
function paletteOrder(query: string, labels: string[]): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (label: string): boolean => {
    const target = label
      .toLowerCase()
      .split(/[\s:]+/)
      .filter(Boolean);
    let at = 0;
    for (const word of words) {
      while (at < target.length && !target[at].startsWith(word)) at++;
      if (at === target.length) return false;
      at++;
    }
    return true;
  };
  return labels.filter(matches).sort((a, b) => a.localeCompare(b));
}

describe('command table', () => {
  it('holds exactly the commands package.json contributes, with their titles, category and icons', () => {
    const contributed = manifest.contributes.commands;
    assert.deepEqual(contributed.map((c) => c.command).sort(), Object.keys(COMMANDS).sort());
    for (const c of contributed) {
      const entry = COMMANDS[c.command as keyof typeof COMMANDS] as { title: string; icon?: string };
      assert.equal(c.title, entry.title, c.command);
      assert.equal(c.category, COMMAND_CATEGORY, c.command);
      assert.equal(c.icon, entry.icon, c.command);
    }
  });

  it('puts Vaultify secret first when "Vaultify secret" is typed into the palette', () => {
    const labels = Object.values(COMMANDS).map((c) => `${COMMAND_CATEGORY}: ${c.title}`);
    const order = paletteOrder('Vaultify secret', labels);
    assert.equal(order[0], 'Vaultify: Vaultify secret', order.join(' | '));
    // The model reproduces the complaint: with the old titles, Add secret came first.
    const old = paletteOrder('Vaultify secret', [
      'Vaultify: Add secret',
      'Vaultify: Copy secret value',
      'Vaultify: Vaultify all secrets in file',
      'Vaultify: Vaultify secret',
    ]);
    assert.deepEqual([old[0], old[old.length - 1]], ['Vaultify: Add secret', 'Vaultify: Vaultify secret']);
  });
});

describe('settings table', () => {
  it('holds every contributed setting with the default package.json documents', () => {
    const properties = manifest.contributes.configuration.properties;
    assert.deepEqual(
      Object.keys(properties).sort(),
      Object.keys(SETTINGS)
        .map((k) => `vaultify.${k}`)
        .sort(),
    );
    for (const [key, spec] of Object.entries(SETTINGS)) assert.deepEqual(properties[`vaultify.${key}`].default, spec.default, key);
  });

  it('falls back to the default for a value of the wrong type', () => {
    assert.equal(SETTINGS['mask.minLength'].accept('6'), undefined);
    assert.equal(SETTINGS['mask.minLength'].accept(0), undefined);
    assert.equal(SETTINGS['mask.minLength'].accept(8), 8);
    assert.deepEqual(SETTINGS['terminal.envFiles'].accept(['.env', 3]), undefined);
  });
});
