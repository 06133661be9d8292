import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import ignore from 'ignore';
import {
  DEFAULT_EXCEPTIONS,
  DEFAULT_SENSITIVE_PATTERNS,
  GUARD_TOOLS,
  computeSensitiveSet,
  filesHiddenByTools,
  planToolFile,
} from '../../src/core/guard';

const DIRS = [
  '',
  'src/',
  'config/',
  'deploy/',
  'secrets/',
  'envs/',
  'app/server/',
  '.ssh/',
  'keys/',
  'docs/',
  'credentials/',
  'terraform/',
  'a b/',
  'x[1]/',
  'SECRETS/',
  'Config/',
];
const SENSITIVE_NAMES = [
  '.env',
  '.env.local',
  '.env.production',
  '.env.qa-eu',
  'prod.env',
  'id_rsa',
  'id_ed25519',
  'server.pem',
  'tls.key',
  'credentials.json',
  'secrets.yaml',
  'secrets.enc.yaml',
  'terraform.tfstate',
  'prod.tfvars',
  '.npmrc',
  '.bash_history',
  'service-account-prod.json',
  'kubeconfig',
  'Id_RSA',
  '.ENV',
  'master.key',
];
const EXCEPTION_NAMES = [
  '.env.example',
  '.env.sample',
  '.env.template',
  'example.env',
  'id_rsa.pub',
  'secrets.yaml.example',
  'config.template',
  'prod.tfvars.example',
  '.dev.vars.example',
];
const PLAIN_NAMES = ['index.ts', 'README.md', 'app.py', 'notes.txt', 'config.json', 'Dockerfile', 'weird*name.txt'];
const EXTRA_PATTERNS = [
  '*.secret',
  'local.properties',
  '!.npmrc',
  'docs/*.txt',
  'config/',
  '!keys/',
  '*.example',
  '/docs/notes.txt',
  '!config/master.key',
  'app/**',
  '!app/server/',
  '*/server/',
];

const workspace = fc
  .uniqueArray(
    fc.tuple(
      fc.constantFrom(...DIRS),
      fc.oneof(fc.constantFrom(...SENSITIVE_NAMES, ...EXCEPTION_NAMES, ...PLAIN_NAMES), fc.stringMatching(/^[a-z][a-z._-]{0,9}$/)),
    ),
    { minLength: 1, maxLength: 40, selector: ([dir, name]) => dir + name },
  )
  .map((entries) => entries.map(([dir, name]) => dir + name))
  .chain((files) =>
    fc.record({
      files: fc.constant(files),
      secretFiles: fc.subarray(files, { maxLength: Math.min(4, files.length) }),
      extraPatterns: fc.subarray(EXTRA_PATTERNS, { maxLength: 3 }),
    }),
  );

describe('guard: property', function () {
  this.timeout(120000);

  it('every written file hides exactly the sensitive files: all of them, and no exception', () => {
    fc.assert(
      fc.property(workspace, (input) => {
        const set = computeSensitiveSet(input);
        const written = GUARD_TOOLS.flatMap((tool) => {
          const result = planToolFile(tool, undefined, set);
          assert.ok(result.ok, `${tool.file}: ${result.ok ? '' : result.reason}`);
          return [{ tool: tool.id, text: result.text }];
        });
        const sensitive = new Set(set.sensitiveFiles);

        // Independent of the rules the set chose: what the defaults, the extra patterns and
        // detection each name must be hidden, and what an exception names must stay readable.
        const base = ignore().add([...DEFAULT_SENSITIVE_PATTERNS, ...DEFAULT_EXCEPTIONS.map((e) => '!' + e), ...input.extraPatterns]);
        for (const file of input.files) {
          if (base.ignores(file) || input.secretFiles.includes(file)) assert.ok(sensitive.has(file), `sensitive: ${file}`);
          else if (base.test(file).unignored) assert.ok(set.exceptionFiles.includes(file), `exception: ${file}`);
        }

        const results = filesHiddenByTools(input.files, written);
        assert.equal(
          results.length,
          GUARD_TOOLS.filter((t) => t.format !== 'vscode-settings' && !t.format.endsWith('-hooks')).length,
          'every tool but the VS Code settings and the hook configs hides files',
        );
        for (const { file, hidden } of results) {
          for (const path of set.sensitiveFiles) assert.ok(hidden.includes(path), `${file} hides ${path}`);
          for (const path of set.exceptionFiles) assert.ok(!hidden.includes(path), `${file} leaves ${path} readable`);
          assert.deepEqual(hidden, [...set.sensitiveFiles].filter((f) => input.files.includes(f)).sort(), `${file} hides nothing else`);
        }
      }),
      { numRuns: 50 },
    );
  });
});
