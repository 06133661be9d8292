import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type * as net from 'node:net';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CertificateAuthority } from '../../src/core/secretless';

/** What a test server received: a secretless test judges by whether a value reached an unbound one. */
export interface Received {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface TestServer {
  port: number;
  received: Received[];
  /** Everything received, as one string to search for a value. */
  allReceived(): string;
  close(): Promise<void>;
}

async function listen(server: http.Server | https.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as net.AddressInfo).port;
}

/** The test CA's leaf for localhost, which code-server trusts through NODE_EXTRA_CA_CERTS (the integration harness made it). */
export function testTls(): { key: Buffer; cert: Buffer } {
  const dir = path.join(process.env.VAULTIFY_TEST_RUN_DIR!, 'tls');
  return { key: fs.readFileSync(path.join(dir, 'localhost.key')), cert: fs.readFileSync(path.join(dir, 'localhost.pem')) };
}

/** Server TLS with a leaf of `ca` for whatever name the client asks for. */
export function leafOptions(ca: CertificateAuthority): https.ServerOptions {
  return {
    SNICallback: (name, callback) =>
      void ca.secureContextFor(name).then(
        (context) => callback(null, context),
        (error: Error) => callback(error),
      ),
  };
}

function record(server: http.Server | https.Server, received: Received[], port: number): TestServer {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return {
    port,
    received,
    allReceived: () => JSON.stringify(received),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * An HTTPS server (plain HTTP without `tls`) that answers every request with a
 * JSON echo of it, in two chunks; `/gzip/…` answers gzipped whatever the request accepts, and
 * `/hold/…` answers only when `release` is called. WebSocket-style upgrades are answered with 101
 * and their bytes echoed.
 */
export async function startEchoServer(tls?: https.ServerOptions): Promise<TestServer & { release(): void; holding(): number }> {
  const received: Received[] = [];
  const held: (() => void)[] = [];
  const echo: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('latin1') };
      received.push(entry);
      const text = JSON.stringify(entry);
      const answer = () => {
        if (req.url?.startsWith('/gzip/')) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
          res.end(zlib.gzipSync(text));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json', 'x-echo-authorization': String(req.headers.authorization ?? '') });
        res.write(text.slice(0, text.length >> 1));
        res.end(text.slice(text.length >> 1));
      };
      if (req.url?.startsWith('/hold/')) held.push(answer);
      else answer();
    });
  };
  const server = tls ? https.createServer(tls, echo) : http.createServer(echo);
  server.on('upgrade', (req, socket: net.Socket) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n\r\n');
    socket.pipe(socket);
  });
  const port = await listen(server);
  return { ...record(server, received, port), release: () => held.splice(0).forEach((answer) => answer()), holding: () => held.length };
}

/**
 * Git's smart HTTP: `git http-backend` behind an HTTPS server that asks for Basic auth and
 * accepts one user and password, with pushes enabled for the repositories under `root`.
 */
export async function startGitServer(tls: https.ServerOptions, root: string, user: string, password: string): Promise<TestServer> {
  const received: Received[] = [];
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const server = https.createServer(tls, (req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' });
    if (req.headers.authorization !== expected) {
      req.resume();
      res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'https://localhost');
    const backend = spawn('git', ['http-backend'], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        REMOTE_USER: user,
        REQUEST_METHOD: req.method,
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-length'] ? { CONTENT_LENGTH: req.headers['content-length'] } : {}),
        ...(req.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: req.headers['content-encoding'] } : {}),
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: 'http.receivepack',
        GIT_CONFIG_VALUE_0: 'true',
      },
    });
    req.pipe(backend.stdin);
    let head = Buffer.alloc(0);
    let headersDone = false;
    backend.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) return void res.write(chunk);
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split('\r\n')) {
        const colon = line.indexOf(':');
        const name = line.slice(0, colon).trim();
        const value = line.slice(colon + 1).trim();
        if (name.toLowerCase() === 'status') status = Number(value.split(' ')[0]);
        else res.setHeader(name, value);
      }
      res.writeHead(status);
      res.write(head.subarray(end + 4));
    });
    backend.stdout.on('end', () => res.end());
    backend.on('error', () => res.destroy());
  });
  const port = await listen(server);
  return record(server, received, port);
}
