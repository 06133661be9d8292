import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The README is the user's manual: every contributed command and setting must be in it. */
describe('README', () => {
  const root = join(__dirname, '..', '..', '..');
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string; title: string }[]; configuration: { properties: Record<string, { default: unknown }> } };
  };

  it('documents every command by id and title', () => {
    for (const { command, title } of manifest.contributes.commands) {
      assert.ok(readme.includes(`\`${command}\``), `README does not mention ${command}`);
      assert.ok(readme.includes(title), `README does not mention the title "${title}"`);
    }
  });

  it('documents every setting with its default', () => {
    for (const [key, { default: value }] of Object.entries(manifest.contributes.configuration.properties)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\``));
      assert.ok(row, `README has no settings row for ${key}`);
      const shown = typeof value === 'string' ? value : JSON.stringify(value);
      assert.ok(row.replace(/\s/g, '').includes(shown.replace(/\s/g, '')), `README's default for ${key} is not ${shown}`);
    }
  });

  it('shows only screenshots that exist', () => {
    for (const [, path] of readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)) {
      assert.doesNotThrow(() => readFileSync(join(root, path)), `README shows ${path}, which is missing`);
    }
  });
});
