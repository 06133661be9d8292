import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as path from 'node:path';
import { base62, crc32 } from '../detect/rules/checksums';
import type { CertificateAuthority } from './certificateAuthority';

/** One client's verdict: whether its request reached a bound host with the value swapped in. */
export interface CoverageResult {
  tool: string;
  ok: boolean;
  reason?: string;
}

/** A run opened for the check's own throwaway token: the environment a process gets. */
export type OpenCheckRun = (secret: {
  name: string;
  value: string;
  hosts: string[];
}) => Promise<{ environment: Record<string, string>; placeholder: string; close(): void }>;

interface Client {
  tool: string;
  /** The command, given the URL and the variable that holds the placeholder. */
  command(url: string, variable: string): { file: string; args: string[] };
}

const VARIABLE = 'VAULTIFY_COVERAGE_TOKEN';

/** The clients tried, each asked to send the token as a person's script would. */
const CLIENTS: readonly Client[] = [
  { tool: 'curl', command: (url, v) => ({ file: 'sh', args: ['-c', `curl -sS -o /dev/null -H "Authorization: Bearer $${v}" "${url}"`] }) },
  {
    tool: 'wget',
    command: (url, v) => ({ file: 'sh', args: ['-c', `wget -q -O /dev/null --header "Authorization: Bearer $${v}" "${url}"`] }),
  },
  {
    tool: 'python3',
    command: (url, v) => ({
      file: 'python3',
      args: [
        '-c',
        `import os, urllib.request\ntry:\n  urllib.request.urlopen(urllib.request.Request("${url}", headers={"Authorization": "Bearer " + os.environ["${v}"]}))\nexcept urllib.error.HTTPError:\n  pass`,
      ],
    }),
  },
  {
    tool: 'node',
    command: (url, v) => ({
      file: 'node',
      args: ['-e', `fetch(${JSON.stringify(url)}, { headers: { authorization: 'Bearer ' + process.env.${v} } }).then((r) => r.text())`],
    }),
  },
  // git asks its credential helper after a 401: Vaultify's helper answers with the placeholder.
  { tool: 'git', command: (url) => ({ file: 'git', args: ['ls-remote', `${url}/check.git`] }) },
  {
    tool: 'gh',
    command: (url, v) => ({ file: 'sh', args: ['-c', `GH_HOST="${new URL(url).host}" GH_ENTERPRISE_TOKEN="$${v}" gh api /check`] }),
  },
];

function which(tool: string, env: NodeJS.ProcessEnv): boolean {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const names = process.platform === 'win32' ? [`${tool}.exe`, `${tool}.cmd`] : [tool];
  return dirs.some((d) =>
    names.some((n) => {
      try {
        accessSync(path.join(d, n), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  );
}

function run(command: { file: string; args: string[] }, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command.file, command.args, { env, timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr }),
    );
  });
}

/** A throwaway token in GitHub's shape, so that clients which check a token's form accept it. */
function checkToken(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const random = Array.from(randomBytes(30), (b) => alphabet[b % 62]).join('');
  return `ghp_${random}${base62(crc32(random), 6)}`;
}

/**
 * Runs each client found on this machine against a loopback HTTPS endpoint bound to a throwaway
 * token, through a real run (the proxy variables, the trust bundle, the credential helper), and
 * says which reached it with the token swapped in. The endpoint's certificate is a leaf of the
 * window's CA, which the proxy trusts upstream.
 */
export async function checkCoverage(ca: CertificateAuthority, open: OpenCheckRun, base: NodeJS.ProcessEnv): Promise<CoverageResult[]> {
  const value = checkToken();
  const reached = new Set<string>();
  const server = https.createServer(
    {
      SNICallback: (name, cb) =>
        void ca.secureContextFor(name).then(
          (c) => cb(null, c),
          (e: Error) => cb(e),
        ),
    },
    (req, res) => {
      const tool = (req.url ?? '').split('/')[1];
      const auth = req.headers.authorization ?? '';
      const basic = /^Basic (.+)$/.exec(auth);
      const presented = basic
        ? Buffer.from(basic[1], 'base64').toString().split(':').slice(1).join(':')
        : auth.replace(/^(Bearer|token) /, '');
      if (presented === value) {
        reached.add(tool);
        res.writeHead(404).end();
      } else {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="vaultify coverage check"' }).end();
      }
      req.resume();
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  const checkRun = await open({ name: 'vaultify/coverage-check', value, hosts: [`localhost:${port}`] });
  try {
    const env = { ...base, ...checkRun.environment, [VARIABLE]: checkRun.placeholder, GIT_TERMINAL_PROMPT: '0', GH_PROMPT_DISABLED: '1' };
    const results: CoverageResult[] = [];
    for (const client of CLIENTS) {
      if (!which(client.tool, env)) continue;
      const url = `https://localhost:${port}/${client.tool}`;
      const outcome = await run(client.command(url, VARIABLE), env);
      if (reached.has(client.tool)) results.push({ tool: client.tool, ok: true });
      else {
        const line = outcome.stderr.split('\n').find((l) => l.trim()) ?? '';
        const said = line.split(checkRun.placeholder).join('[placeholder]').slice(0, 200);
        results.push({
          tool: client.tool,
          ok: false,
          reason: `its request did not reach the bound host through the proxy with the trust bundle (exit ${outcome.code}${said ? `: ${said}` : ''})`,
        });
      }
    }
    return results;
  } finally {
    checkRun.close();
    server.closeAllConnections();
    server.close();
  }
}
