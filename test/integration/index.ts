import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The runs other than the trusted one, each in its own code-server session: `*.<run>.test.js`. */
const SEPARATE_RUNS = ['untrusted', 'refusedApis'];

/**
 * The suite entry that the extension host loads (extensionTestsPath). Which files run depends on
 * the run (VAULTIFY_TEST_SUITE): `*.untrusted.test.js` only in the untrusted run, and so on.
 */
export function run(): Promise<void> {
  const suite = process.env.VAULTIFY_TEST_SUITE ?? 'trusted';
  const only = process.env.VAULTIFY_TEST_FILES?.split(',').map((name) => `${name.trim()}.`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (!file.endsWith('.test.js')) continue;
    if (only && !only.some((prefix) => file.startsWith(prefix))) continue;
    const fileRun = SEPARATE_RUNS.find((run) => file.endsWith(`.${run}.test.js`)) ?? 'trusted';
    if (fileRun === suite) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
