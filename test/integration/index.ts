import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/**
 * The suite entry that the extension host loads (extensionTestsPath). Which files run depends on
 * the workspace trust of the run: `*.untrusted.test.js` only in the untrusted run.
 */
export function run(): Promise<void> {
  const untrusted = process.env.VAULTIFY_TEST_SUITE === 'untrusted';
  const only = process.env.VAULTIFY_TEST_FILES?.split(',').map((name) => `${name.trim()}.`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (!file.endsWith('.test.js')) continue;
    if (only && !only.some((prefix) => file.startsWith(prefix))) continue;
    if (file.endsWith('.untrusted.test.js') === untrusted) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
