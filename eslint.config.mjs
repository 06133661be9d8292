// ESLint with typescript-eslint's type-checked recommended rules. Rules that do not fit the
// codebase are turned off below, each with its reason.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The layers, lowest first: core (pure, no `vscode`), shared (messages typed once for both ends),
 * then server, cli and extension, which never import one another. Within the extension the vault
 * is below the features: it imports only core, the context and UserError.
 */
const LAYERS = ['core', 'shared', 'server', 'cli', 'extension'];

const readonlyGlobals = (names) => Object.fromEntries(names.map((name) => [name, 'readonly']));
/** What Node provides to every module without an import. */
const NODE_GLOBALS = readonlyGlobals([
  'AbortController',
  'AbortSignal',
  'Buffer',
  'URL',
  'URLSearchParams',
  'TextDecoder',
  'TextEncoder',
  'clearImmediate',
  'clearInterval',
  'clearTimeout',
  'console',
  'crypto',
  'fetch',
  'globalThis',
  'performance',
  'process',
  'queueMicrotask',
  'setImmediate',
  'setInterval',
  'setTimeout',
  'structuredClone',
]);
/** @returns {import('eslint').Linter.Config} */
const layer = (name, allowed) => ({
  files: [`src/${name}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: name === 'extension' ? [] : [{ name: 'vscode', message: `src/${name} runs outside VS Code: no vscode import.` }],
        patterns: [
          {
            regex: `^(\\.\\./)+(${LAYERS.filter((other) => other !== name && !allowed.includes(other)).join('|')})(/|$)`,
            message: `src/${name} may import only ${[name, ...allowed].join(', ')} (docs/ARCHITECTURE.md, Layout).`,
          },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'bench/.work/**', '.vscode-test/**', 'test/fixtures/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    // One program for every TypeScript file: the per-layer projects of tsconfig.json would each
    // load the layers below them again and make a full lint half again as slow.
    languageOptions: { parserOptions: { project: './tsconfig.lint.json', tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Binary sniffing, terminal escape handling and string escaping match control characters on purpose.
      'no-control-regex': 'off',
      // A leading underscore marks a value taken apart only to leave it out (`const { a: _a, ...rest }`).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  layer('core', []),
  layer('shared', ['core']),
  layer('server', ['core', 'shared']),
  layer('cli', ['core', 'shared']),
  layer('extension', ['core', 'shared']),
  {
    files: ['src/extension/vault/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!ctx$|userError$|testHooks$|\\.\\./core/)',
              message: 'The vault is below the features: it imports only core, ../ctx, ../userError and ../testHooks.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read JSON output, settings files and extension-host results as untyped values; the assertions are the check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // Test doubles implement async interfaces (SecretStorage, Memento) with synchronous bodies.
      '@typescript-eslint/require-await': 'off',
      // Integration tests load modules inside the extension host at run time.
      '@typescript-eslint/no-require-imports': 'off',
      // Failure messages print whatever value a test got, objects included.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    // The build, harness, corpus and bench scripts: JavaScript, linted with ESLint's recommended rules.
    files: ['**/*.mjs'],
    languageOptions: { ecmaVersion: 2024, sourceType: 'module', globals: NODE_GLOBALS },
    rules: {
      // Corpus generators share one callback shape, (random, context), and many use only the first.
      'no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Mocha's globals in the e2e and matrix suites, and the page's in code that runs in the browser.
    files: ['test/e2e/**/*.mjs', 'test/matrix/**/*.mjs'],
    languageOptions: { globals: readonlyGlobals(['describe', 'it', 'before', 'after', 'beforeEach', 'afterEach', 'document', 'window']) },
  },
);
