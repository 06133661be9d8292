import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateAgeIdentity, recipientOf, TeamFile } from '../../src/core/sops';
import { type CliRun, runCli } from '../support/cliProcess';

// Built by `npm run build` (or scripts/build.mjs) before the unit tests run.

function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliRun> {
  return runCli(args, { cwd, env });
}

describe('vaultify sops and run', function () {
  // Each test starts node processes; generous on a loaded machine, never a speed check.
  this.timeout(60_000);
  const stripe = 'sk_test_FAKE_51Hx0000000000000000';
  const dbPassword = 'FAKE-db-password-value';
  let dir: string;
  let identity: string;
  let env: NodeJS.ProcessEnv;
  let teamText: string;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-cli-sops-'));
    identity = await generateAgeIdentity();
    const recipient = await recipientOf(identity);
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, '.sops.yaml'), `creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    age: ${recipient}\n`);
    const created = await TeamFile.create('secrets/team.yaml', [recipient], [identity], {
      'payments/stripe': stripe,
      'db/password': dbPassword,
    });
    teamText = created.text;
    writeFileSync(path.join(dir, 'secrets', 'team.yaml'), teamText);
    // An empty HOME and XDG folder keep the developer's own keys.txt out of the test.
    env = { PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'xdg'), SOPS_AGE_KEY: identity };
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('sops check prints the count and key paths, never a value, and exits 0', async () => {
    const run = await cli(['sops', 'check', 'secrets/team.yaml'], dir, env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /secrets\/team\.yaml: MAC verified, 2 values \(2 encrypted\), 1 age recipient/);
    assert.match(run.stdout, /^ {2}payments\.stripe$/m);
    assert.match(run.stdout, /^ {2}db\.password$/m);
    assert.ok(!run.stdout.includes(stripe) && !run.stderr.includes(stripe));
  });

  it('sops check exits 1 on a MAC failure or a missing identity, 2 on bad input', async () => {
    writeFileSync(path.join(dir, 'tampered.yaml'), teamText.replace(/lastmodified: "\d{4}/, 'lastmodified: "1999'));
    const tampered = await cli(['sops', 'check', 'tampered.yaml'], dir, env);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stderr, /tampered\.yaml: the MAC cannot be decrypted/);
    const noKey = await cli(['sops', 'check', 'secrets/team.yaml'], dir, { ...env, SOPS_AGE_KEY: undefined });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /no age identity/);
    writeFileSync(path.join(dir, 'plain.yaml'), 'a: 1\n');
    assert.equal((await cli(['sops', 'check', 'plain.yaml'], dir, env)).code, 2);
    assert.equal((await cli(['sops', 'check', 'missing.yaml'], dir, env)).code, 2);
    const ini = await cli(['sops', 'check', 'x.ini'], dir, env);
    assert.equal(ini.code, 2);
    assert.match(ini.stderr, /INI files are not supported/);
    assert.equal((await cli(['sops', 'check'], dir, env)).code, 2);
  });

  it('sops exec gives the command the values as variables, masks its output and passes its exit code', async () => {
    const script =
      'console.log(process.env.payments_stripe.length, process.env.payments_stripe); console.error(process.env.db_password); process.exit(7)';
    const run = await cli(['sops', 'exec', 'secrets/team.yaml', '--', process.execPath, '-e', script], dir, env);
    assert.equal(run.code, 7, run.stderr);
    assert.equal(run.stdout.trim(), `${stripe.length} [masked vault:payments/stripe]`);
    assert.match(run.stderr, /\[masked vault:db\/password\]/);
    assert.ok(!run.stderr.includes(dbPassword));
  });

  it('run resolves vault: references from the team files, masks the output, and names what does not resolve', async () => {
    writeFileSync(
      path.join(dir, '.env'),
      'STRIPE_KEY=vault:payments/stripe\nURL=postgres://app:{{vault:db/password}}@db/app\nPLAIN=hello\n',
    );
    const script = 'console.log(process.env.STRIPE_KEY === ' + JSON.stringify(stripe) + ', process.env.URL, process.env.PLAIN)';
    const run = await cli(['run', '--env-file', '.env', '--', process.execPath, '-e', script], dir, env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), 'true postgres://app:[masked vault:db/password]@db/app hello');

    writeFileSync(path.join(dir, 'missing.env'), 'X=vault:payments/nope\n');
    const missing = await cli(['run', '--env-file', 'missing.env', '--', process.execPath, '-e', '0'], dir, env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /payments\/nope/);

    const failing = await cli(['run', '--env-file', '.env', '--', process.execPath, '-e', 'process.exit(3)'], dir, env);
    assert.equal(failing.code, 3);
  });

  it('run reads vaultify.team.files from .vscode/settings.json', async () => {
    const other = path.join(dir, 'other');
    mkdirSync(path.join(other, '.vscode'), { recursive: true });
    writeFileSync(path.join(other, 'team-secrets.yaml'), teamText);
    writeFileSync(
      path.join(other, '.vscode', 'settings.json'),
      '{\n  // the team file\n  "vaultify.team.files": ["team-secrets.yaml"]\n}\n',
    );
    writeFileSync(path.join(other, '.env'), 'K=vault:payments/stripe\n');
    const run = await cli(['run', '--env-file', '.env', '--', process.execPath, '-e', 'console.log(process.env.K)'], other, env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout.trim(), '[masked vault:payments/stripe]');
  });
});
