import * as assert from 'node:assert/strict';
import ignore from 'ignore';
import { computeSensitiveSet } from '../../src/core/guard';

const FILES = [
  '.env',
  '.env.local',
  '.env.example',
  'config/.env.production',
  'config/settings.json',
  'deploy/id_ed25519',
  'deploy/id_ed25519.pub',
  'deploy/run.sh',
  'secrets/prod.env',
  'secrets/README.example',
  'src/index.ts',
  'src/app.env.template',
  'README.md',
];

function hides(rules: readonly { pattern: string }[], file: string): boolean {
  return ignore()
    .add(rules.map((r) => r.pattern))
    .ignores(file);
}

describe('guard: sensitive set', () => {
  it('hides the default sensitive paths and keeps the exceptions readable', () => {
    const set = computeSensitiveSet({ files: FILES });
    assert.deepEqual(set.sensitiveFiles, [
      '.env',
      '.env.local',
      'config/.env.production',
      'deploy/id_ed25519',
      'secrets/README.example',
      'secrets/prod.env',
    ]);
    assert.deepEqual(set.exceptionFiles, ['.env.example', 'deploy/id_ed25519.pub', 'src/app.env.template']);
  });

  it('cannot re-include a file under a hidden folder, as in git', () => {
    const set = computeSensitiveSet({ files: FILES });
    assert.ok(set.sensitiveFiles.includes('secrets/README.example'));
    assert.ok(hides(set.rules, 'secrets/README.example'));
  });

  it('adds files with a detected secret after the exceptions, so a secret in a template is hidden too', () => {
    const set = computeSensitiveSet({ files: FILES, secretFiles: ['config/settings.json', '.env.example', '.env'] });
    const secretRules = set.rules.filter((r) => r.source === 'secret').map((r) => r.pattern);
    // `.env` is hidden by the defaults already and gets no line of its own.
    assert.deepEqual(secretRules, ['/config/settings.json', '/.env.example']);
    assert.equal(set.rules[set.rules.length - 1].source, 'secret');
    assert.ok(set.sensitiveFiles.includes('.env.example'));
    assert.ok(!set.exceptionFiles.includes('.env.example'));
    assert.ok(hides(set.rules, '.env.example'));
    assert.ok(!hides(set.rules, 'src/.env.example'));
  });

  it('escapes glob characters in the names of secret files', () => {
    const set = computeSensitiveSet({ files: ['a[1]*.json', 'a1x.json'], secretFiles: ['a[1]*.json'] });
    assert.ok(hides(set.rules, 'a[1]*.json'));
    assert.ok(!hides(set.rules, 'a1x.json'));
  });

  it('puts extra patterns after the exceptions: they can hide a template or make a path readable', () => {
    const set = computeSensitiveSet({
      files: ['local.properties', '.npmrc', 'config/db.example', 'other.example'],
      extraPatterns: ['local.properties', '!.npmrc', 'config/*.example', '# a comment', ''],
    });
    assert.deepEqual(set.sensitiveFiles, ['config/db.example', 'local.properties']);
    assert.deepEqual(set.exceptionFiles, ['.npmrc', 'other.example']);
    assert.deepEqual(
      set.rules.filter((r) => r.source === 'extra').map((r) => r.pattern),
      ['local.properties', '!.npmrc', 'config/*.example'],
    );
  });

  describe('folders hidden whole', () => {
    it('hides a folder named like a key store whole, new files included', () => {
      const set = computeSensitiveSet({ files: ['deploy/envs/dev.yaml', 'deploy/envs/prod.yaml', 'src/a.ts'] });
      assert.deepEqual(set.folders, ['deploy/envs']);
      assert.ok(set.rules.some((r) => r.source === 'folder' && r.pattern === '/deploy/envs/'));
      assert.ok(hides(set.rules, 'deploy/envs/staging.yaml'));
      assert.deepEqual(set.sensitiveFiles, ['deploy/envs/dev.yaml', 'deploy/envs/prod.yaml']);
    });

    it('leaves a folder named credentials alone when it holds code', () => {
      const set = computeSensitiveSet({ files: ['src/credentials/provider.ts', 'src/credentials/store.ts', 'src/credentials/README.md'] });
      assert.deepEqual(set.folders, []);
      assert.deepEqual(set.sensitiveFiles, []);
    });

    it('hides the files of infra/, not its Terraform code beside them', () => {
      const set = computeSensitiveSet({ files: ['infra/main.tf', 'infra/terraform.tfstate', 'infra/prod.tfvars', 'src/app.ts'] });
      assert.deepEqual(set.folders, []);
      assert.deepEqual(set.sensitiveFiles, ['infra/prod.tfvars', 'infra/terraform.tfstate']);
      assert.ok(!hides(set.rules, 'infra/main.tf'));
      assert.ok(!hides(set.rules, 'infra/variables.tf'), 'a new code file stays readable');
    });

    it('keeps a file readable beside sensitive ones in any folder not named as a key store', () => {
      for (const folder of ['infra', 'deploy/keys', 'keys', 'config', 'ops/terraform']) {
        const files = [`${folder}/README.md`, `${folder}/a.pem`, `${folder}/b.key`, `${folder}/terraform.tfstate`];
        const set = computeSensitiveSet({ files });
        assert.deepEqual(set.folders, [], folder);
        assert.deepEqual(set.sensitiveFiles, files.slice(1).sort(), folder);
        assert.ok(!hides(set.rules, `${folder}/README.md`), folder);
      }
    });

    it("hides a folder named as a key store whole, its neighbours' files included, where infra/ would keep them", () => {
      for (const name of ['credentials', '.credentials', 'envs', 'private-keys']) {
        const set = computeSensitiveSet({
          files: [`infra/${name}/main.tf.json`, `infra/${name}/terraform.tfstate`, `infra/${name}/notes.txt`],
        });
        assert.deepEqual(set.folders, [`infra/${name}`], name);
        assert.ok(hides(set.rules, `infra/${name}/notes.txt`), name);
        assert.ok(!hides(set.rules, 'infra/main.tf'), name);
      }
    });

    it('leaves a folder with code alone, however many .env files sit beside it', () => {
      const set = computeSensitiveSet({ files: ['backend/.env', 'backend/.env.local', 'backend/app.ts'] });
      assert.deepEqual(set.folders, []);
    });

    it('hides the smallest such folder, not its parent', () => {
      const set = computeSensitiveSet({ files: ['deploy/credentials/a.pem', 'deploy/credentials/b.txt', 'deploy/run.sh'] });
      assert.deepEqual(set.folders, ['deploy/credentials']);
      assert.ok(!set.sensitiveFiles.includes('deploy/run.sh'));
    });

    it('never hides a folder that holds an exception, nor the workspace root', () => {
      const set = computeSensitiveSet({ files: ['config/.env', 'config/.env.local', 'config/.env.example', '.env', '.env.prod'] });
      assert.deepEqual(set.folders, []);
      assert.deepEqual(set.exceptionFiles, ['config/.env.example']);
    });

    it('leaves alone a folder an extra "!" pattern makes readable', () => {
      const set = computeSensitiveSet({ files: ['secrets-store/a.pem', 'envs/a.yaml', 'envs/notes.txt'], extraPatterns: ['!envs/'] });
      assert.deepEqual(set.folders, []);
      assert.ok(!set.sensitiveFiles.includes('envs/notes.txt'));
    });

    it('treats folders that differ only in case as one, as the tools match case-insensitively', () => {
      const set = computeSensitiveSet({ files: ['config/.env', 'config/master.key', 'Config/.env.example'] });
      assert.deepEqual(set.folders, []);
      assert.deepEqual(set.exceptionFiles, ['Config/.env.example']);
    });

    it('does not repeat a folder a default pattern hides already', () => {
      const set = computeSensitiveSet({ files: ['secrets/a.txt', 'secrets/b.txt', 'app/.ssh/id_rsa', 'app/.ssh/config'] });
      assert.deepEqual(set.folders, []);
      assert.deepEqual(set.sensitiveFiles, ['app/.ssh/config', 'app/.ssh/id_rsa', 'secrets/a.txt', 'secrets/b.txt']);
    });
  });

  describe('the explicit rules, for formats without "!"', () => {
    const set = computeSensitiveSet({ files: FILES, secretFiles: ['config/settings.json'] });

    it('hold no negation, and no pattern that would hide an exception', () => {
      const patterns = set.explicitRules.map((r) => r.pattern);
      assert.ok(patterns.every((p) => !p.startsWith('!')));
      for (const broad of ['.env.*', '*.env', 'secrets.*']) assert.ok(!patterns.includes(broad), broad);
      for (const kept of ['.env', '*.pem', '*_ed25519', 'secrets/', '.npmrc', '/config/settings.json'])
        assert.ok(patterns.includes(kept), kept);
    });

    it('name the usual variants instead of the wildcard', () => {
      const patterns = set.explicitRules.map((r) => r.pattern);
      for (const variant of ['.env.local', '.env.*.local', '.env.production', '.env.development', '.env.test', 'prod.env']) {
        assert.ok(patterns.includes(variant), variant);
      }
    });

    it('still hide every sensitive file and no exception', () => {
      for (const file of set.sensitiveFiles) assert.ok(hides(set.explicitRules, file), file);
      for (const file of set.exceptionFiles) assert.ok(!hides(set.explicitRules, file), file);
    });

    it('name an unusual sensitive file one by one', () => {
      const odd = computeSensitiveSet({ files: ['.env.qa-eu', '.env.example'] });
      assert.ok(odd.explicitRules.some((r) => r.source === 'file' && r.pattern === '/.env.qa-eu'));
    });
  });
});
