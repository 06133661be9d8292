import * as assert from 'node:assert/strict';
import { holdsReference, isCredentialVariable, variableAtLine } from '../../src/core/envfile';

describe('credentials among .env values', () => {
  it('marks credential names and URLs with a password, and leaves plain settings readable', () => {
    for (const name of [
      'SLACK_BOT_TOKEN',
      'API_SECRET',
      'DB_PASSWORD',
      'STRIPE_KEY',
      'SENTRY_DSN',
      'GOOGLE_APPLICATION_CREDENTIALS',
      'token',
      'aws.secret',
    ]) {
      assert.ok(isCredentialVariable(name, 'x'), name);
    }
    for (const name of ['PORT', 'NODE_ENV', 'KEYBOARD_LAYOUT', 'TOKENIZER', 'PASSWORD_MIN_LENGTH', 'LOG_LEVEL']) {
      assert.ok(!isCredentialVariable(name, '8080'), name);
    }
    assert.ok(isCredentialVariable('DATABASE_URL', 'postgres://app:s3cr3t-pw@db:5432/app'));
    assert.ok(isCredentialVariable('REDIS', 'redis://:only-a-password@cache:6379'));
    assert.ok(!isCredentialVariable('DATABASE_URL', 'postgres://app@db:5432/app'));
    assert.ok(!isCredentialVariable('HOMEPAGE', 'https://example.com/a:b@c'));
  });

  it('tells values holding a vault reference from plain ones', () => {
    assert.ok(holdsReference('vault:github/token'));
    assert.ok(holdsReference('postgres://app:{{vault:db/password}}@db/app'));
    assert.ok(!holdsReference('xoxb-123-456-abcdef'));
    assert.ok(!holdsReference('see vault:github/token'));
  });

  it('names the variable of a line, including lines inside a multi-line value', () => {
    const text = '# comment\nexport A=1\nKEY="-----BEGIN KEY-----\nMIIabc\n-----END KEY-----"\nB: 2\n';
    assert.equal(variableAtLine(text, 1), 'A');
    assert.equal(variableAtLine(text, 3), 'KEY');
    assert.equal(variableAtLine(text, 5), 'B');
    assert.equal(variableAtLine(text, 0), undefined);
  });
});
