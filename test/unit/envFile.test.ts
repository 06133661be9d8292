import * as assert from 'node:assert/strict';
import { MissingSecretsError, parseEnvFile, resolveEnv, resolveEnvFile } from '../../src/core/envfile';

const vault = new Map([
  ['github/token', 'ghp_FAKE0000000000000000000000000000'],
  ['db/password', 'p@ss:w/rd-FAKE'],
]);

function resolver(): { resolve: (name: string) => Promise<string | undefined>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    resolve: async (name) => {
      asked.push(name);
      return vault.get(name);
    },
  };
}

describe('.env resolution', () => {
  it('parses with dotenv: quotes, comments, export and multi-line values', () => {
    const vars = parseEnvFile('# c\nexport A=1\nB="two words" # note\nC=\'vault:x\'\nKEY="-----BEGIN-----\nabc\n-----END-----"\n');
    assert.deepEqual(vars, { A: '1', B: 'two words', C: 'vault:x', KEY: '-----BEGIN-----\nabc\n-----END-----' });
  });

  it('replaces whole and embedded references, passes plain values through', async () => {
    const { resolve, asked } = resolver();
    const env = await resolveEnvFile(
      [
        'GITHUB_TOKEN=vault:github/token',
        'QUOTED="{{vault:github/token}}"',
        'DATABASE_URL=postgres://app:{{vault:db/password}}@db:5432/app?x={{vault:db/password}}',
        'NOTE=see vault:github/token for details',
        'PORT=5432',
      ].join('\n'),
      resolve,
    );
    assert.deepEqual(env, {
      GITHUB_TOKEN: vault.get('github/token'),
      QUOTED: vault.get('github/token'),
      DATABASE_URL: `postgres://app:${vault.get('db/password')}@db:5432/app?x=${vault.get('db/password')}`,
      NOTE: 'see vault:github/token for details',
      PORT: '5432',
    });
    assert.deepEqual(asked.sort(), ['db/password', 'github/token']);
  });

  it('resolves nothing when anything is missing, and names every missing secret but no value', async () => {
    const { resolve } = resolver();
    const text = 'A=vault:github/token\nB=vault:stripe/key\nC=x{{vault:aws/secret}}y\nD=vault:stripe/key\n';
    await assert.rejects(resolveEnvFile(text, resolve, '.env'), (error: unknown) => {
      assert.ok(error instanceof MissingSecretsError);
      assert.deepEqual(error.names, ['stripe/key', 'aws/secret']);
      assert.equal(error.message, 'Secrets not found in the vault: stripe/key, aws/secret (referenced in .env)');
      assert.ok(!error.message.includes(vault.get('github/token')!));
      return true;
    });
    await assert.rejects(resolveEnv({ A: 'vault:nope' }, resolve), /^MissingSecretsError: Secret not found in the vault: nope$/);
  });

  it('lets a resolver refusal through, so that nothing starts', async () => {
    await assert.rejects(
      resolveEnv({ A: 'vault:github/token' }, async () => {
        throw new Error('workspace is not trusted');
      }),
      /not trusted/,
    );
  });
});
