// Bundles the extension, the language server, the CLI and the test suites with esbuild.
// secretlint is ESM-only; bundling turns it into the CommonJS that VS Code and mocha load.
import * as esbuild from 'esbuild';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import initWabt from 'wabt';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
const withTests = !process.argv.includes('--no-tests');
// `--watch` (npm run watch): rebuilds on every save, and runs tsc --watch beside it for the types.
const watch = process.argv.includes('--watch');
// `--only a.ts,b.ts` bundles just those test or bench files: quick, and immune to others' work in progress.
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1].split(',') : undefined;

function filesUnder(dir, suffix) {
  let found = [];
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return found;
  }
  for (const name of entries) {
    // Generated benchmark trees live in dot-folders such as bench/.work.
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found = found.concat(filesUnder(path, suffix));
    else if (path.endsWith(suffix)) found.push(path);
  }
  return found;
}

const wabt = await initWabt();
/**
 * `import bytes from './x.wat'`: the WebAssembly text compiled by wabt, bundled as its bytes (a
 * `Uint8Array`). The text is the source; no binary is committed.
 * @type {esbuild.Plugin}
 */
const wat = {
  name: 'wat',
  setup(build) {
    build.onLoad({ filter: /\.wat$/ }, ({ path }) => {
      const module = wabt.parseWat(path, readFileSync(path, 'utf8'));
      try {
        module.validate();
        return { contents: module.toBinary({}).buffer, loader: 'binary' };
      } finally {
        module.destroy();
      }
    });
  },
};

/** @satisfies {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  // node-pty is native and ships per platform; the VSIX carries it under node_modules.
  external: ['vscode', '@lydell/node-pty', 'playwright-core', 'mocha'],
  // jsonc-parser's UMD entry requires its own modules at run time, which a bundle cannot follow.
  alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
  // secretlint's ESM uses import.meta.url for locale lookups; give the CJS bundle an equivalent.
  define: { 'import.meta.url': 'importMetaUrl', VAULTIFY_VERSION: JSON.stringify(pkg.version) },
  banner: { js: "const importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  plugins: [wat],
};

/**
 * Builds once, or with `--watch` keeps rebuilding what `options` names.
 * @param {esbuild.BuildOptions} options
 */
const build = async (options) => {
  if (!watch) {
    await esbuild.build(options);
    return;
  }
  const context = await esbuild.context(options);
  await context.watch();
};

const testBuild = (entryPoints) => build({ ...common, sourcemap: 'inline', minify: false, entryPoints, outbase: '.', outdir: 'out' });

/**
 * Test files bundled as one, from generated source that requires them.
 * @param {string} sourcefile
 * @param {string} contents
 * @param {string} outfile
 */
const testBundle = (sourcefile, contents, outfile) =>
  build({ ...common, sourcemap: 'inline', minify: false, stdin: { contents, resolveDir: '.', sourcefile, loader: 'ts' }, outfile });

if (only) {
  await testBuild(only);
  process.exit(0);
}

const builds = [
  build({
    ...common,
    entryPoints: { extension: 'src/extension/extension.ts' },
    outdir: 'dist',
    // The bundle's load time is measured from its first statement, dependencies' set-up included.
    banner: { js: 'const vaultifyBundleStart = performance.now();\n' + common.banner.js },
  }),
  build({ ...common, entryPoints: { server: 'src/server/languageServer.ts' }, outdir: 'dist' }),
  // The scan workers' script, which the CLI and the language server fork: the detector and the
  // file scan alone, so that each worker process loads a tenth of either bundle.
  build({ ...common, entryPoints: { scanWorker: 'src/core/workspace/scanWorker.ts' }, outdir: 'dist' }),
  build({
    ...common,
    entryPoints: { cli: 'src/cli/cli.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node\n' + common.banner.js },
  }),
];
if (withTests) {
  // The unit tests are one bundle: one copy of the code they share instead of seventy, which
  // halves their build time and takes their output from over 100 MB to under 20. Mocha runs it
  // as it ran the files; `--only test/unit/x.test.ts` still bundles one file alone.
  const unitTests = filesUnder('test/unit', '.test.ts').sort();
  rmSync('out/test/unit', { recursive: true, force: true });
  builds.push(testBundle('unit.ts', unitTests.map((file) => `require('./${file}');`).join('\n'), 'out/test/unit/unit.test.js'));
  // The integration files are one bundle too, with the suite entry: it gets them as a table keyed
  // by file name (`guard.test`), each loaded only when it runs, so VAULTIFY_TEST_FILES still
  // picks files by name. test/integration/index.ts holds the selection.
  const integrationTests = filesUnder('test/integration', '.test.ts').sort();
  rmSync('out/test/integration', { recursive: true, force: true });
  builds.push(
    testBundle(
      'integration.ts',
      [
        "import { runSuites } from './test/integration/index';",
        'export const run = () =>',
        '  runSuites({',
        ...integrationTests.map((file) => `    ${JSON.stringify(basename(file, '.ts'))}: () => require('./${file}'),`),
        '  });',
      ].join('\n'),
      'out/test/integration/index.js',
    ),
  );
  const benches = filesUnder('bench', '.ts');
  if (benches.length) builds.push(testBuild(benches));
}
await Promise.all(builds);
if (watch) {
  console.log('Watching: esbuild rebuilds dist/ and out/ on save; tsc reports type errors below.');
  spawn(process.execPath, ['node_modules/typescript/bin/tsc', '-b', '--watch', '--preserveWatchOutput'], { stdio: 'inherit' });
}
