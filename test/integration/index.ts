import Mocha from 'mocha';

/** The runs other than the trusted one, each in its own code-server session: `*.<run>.test.ts`. */
const SEPARATE_RUNS = ['untrusted', 'refusedApis'];

/**
 * The suite the extension host runs (extensionTestsPath). The build bundles every integration
 * file into this one entry and passes them here by name (`guard.test`), each loaded only when it
 * runs. Which files run depends on the run (VAULTIFY_TEST_SUITE): `*.untrusted.test.ts` only in
 * the untrusted run, and so on; VAULTIFY_TEST_FILES=guard,terminal narrows it to those files.
 */
export function runSuites(files: Record<string, () => unknown>): Promise<void> {
  const suite = process.env.VAULTIFY_TEST_SUITE ?? 'trusted';
  const only = process.env.VAULTIFY_TEST_FILES?.split(',').map((name) => `${name.trim()}.`);
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  for (const name of Object.keys(files).sort()) {
    if (only && !only.some((prefix) => `${name}.`.startsWith(prefix))) continue;
    const fileRun = SEPARATE_RUNS.find((run) => name.endsWith(`.${run}.test`)) ?? 'trusted';
    if (fileRun !== suite) continue;
    // What mocha.addFile and loadFiles do for a file on disk: mocha's globals (describe, it) are
    // set up for the file, which is then loaded.
    mocha.suite.emit('pre-require', globalThis, name, mocha);
    mocha.suite.emit('require', files[name](), name, mocha);
    mocha.suite.emit('post-require', globalThis, name, mocha);
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} integration tests failed.`)) : resolve()));
  });
}
