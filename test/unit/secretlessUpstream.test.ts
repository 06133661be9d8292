import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import fc from 'fast-check';
import {
  CertificateAuthority,
  InjectingProxy,
  type ProxyRun,
  type RunSecret,
  StreamSwapper,
  type WireSwap,
  makePlaceholder,
  parseHostEntries,
  responsePairs,
} from '../../src/core/secretless';
import { ChunkedDecoder } from '../../src/core/secretless/chunkedBody';
import { MalformedResponse, bodyFraming, headEnd, parseResponseHead } from '../../src/core/secretless/responseHead';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { waitFor } from '../support/wait';

const value = fakeGitHubToken();
const placeholder = makePlaceholder(value);
const secret = { name: 'gh/token', value, placeholder };

/** The one-shot response swap: the reference every relayed body is compared with. */
function scrubbed(body: Buffer): Buffer {
  const swapper = new StreamSwapper(responsePairs([secret]));
  return Buffer.concat([swapper.push(body), swapper.end()]);
}

/** Body text with values, their base64, partial values and near misses (one character changed) among random bytes. */
const bodyPieces = fc.array(
  fc.oneof(
    fc.constant(value),
    fc.constant(Buffer.from(value).toString('base64')),
    fc.nat({ max: value.length - 1 }).map((n) => value.slice(0, n)),
    fc.nat({ max: value.length - 1 }).map((n) => `${value.slice(0, n)}${value[n] === 'x' ? 'y' : 'x'}${value.slice(n + 1)}`),
    fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('latin1')),
  ),
  { maxLength: 12 },
);

function split(input: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b)) {
    chunks.push(input.subarray(at, cut));
    at = cut;
  }
  chunks.push(input.subarray(at));
  return chunks.filter((c) => c.length > 0);
}

/** `body` in chunks of the given sizes (the rest in one), with an extension on the first and a trailer that holds the value. */
function chunked(body: Buffer, sizes: number[]): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const size of [...sizes.map((s) => 1 + s), body.length]) {
    if (at >= body.length) break;
    const piece = body.subarray(at, at + size);
    parts.push(Buffer.from(`${piece.length.toString(16)}${at === 0 ? ';ext=1' : ''}\r\n`), piece, Buffer.from('\r\n'));
    at += piece.length;
  }
  parts.push(Buffer.from(`0\r\nX-Trailer: ${value}\r\n\r\n`));
  return Buffer.concat(parts);
}

describe('secretless upstream response parsing', () => {
  it('parses a head and says how its body ends', () => {
    const head = (text: string) => parseResponseHead(Buffer.from(`${text}\r\n\r\n`, 'latin1'));
    const ok = head('HTTP/1.1 200 OK\r\nContent-Length: 12\r\nX-A:  spaced  ');
    assert.deepEqual(ok, { status: 200, reason: 'OK', rawHeaders: ['Content-Length', '12', 'X-A', 'spaced'], keepAlive: true });
    assert.deepEqual(bodyFraming(ok, 'GET'), { kind: 'length', length: 12 });
    assert.deepEqual(bodyFraming(ok, 'HEAD'), { kind: 'none' });
    assert.deepEqual(bodyFraming(head('HTTP/1.1 204 No Content'), 'GET'), { kind: 'none' });
    assert.deepEqual(bodyFraming(head('HTTP/1.1 304 Not Modified\r\nContent-Length: 5'), 'GET'), { kind: 'none' });
    assert.deepEqual(bodyFraming(head('HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked'), 'GET'), { kind: 'chunked' });
    assert.deepEqual(bodyFraming(head('HTTP/1.1 200 OK'), 'GET'), { kind: 'close' });
    assert.deepEqual(bodyFraming(head('HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\ncontent-length: 7'), 'GET'), {
      kind: 'length',
      length: 7,
    });
    assert.equal(head('HTTP/1.0 200 OK').keepAlive, false);
    assert.equal(head('HTTP/1.1 200 OK\r\nConnection: keep-alive, Close').keepAlive, false);
    assert.equal(head('HTTP/1.1 200').reason, '');
  });

  it('refuses what it does not understand', () => {
    const malformed = [
      'HTTP/2 200 OK',
      'HTTP/1.1 20 OK',
      'HTTP/1.1 200 OK\r\nNo colon here',
      'HTTP/1.1 200 OK\r\nX-A: 1\r\n folded',
      'HTTP/1.1 200 OK\r\nX-A: bell\x07',
      'HTTP/1.1 200 OK\r\nBad Name: 1',
    ];
    for (const text of malformed) assert.throws(() => parseResponseHead(Buffer.from(`${text}\r\n\r\n`, 'latin1')), MalformedResponse, text);
    for (const length of ['7, 8', '-1', '0x10', '']) {
      const head = parseResponseHead(Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n`));
      assert.throws(() => bodyFraming(head, 'GET'), MalformedResponse, length);
    }
    // A transfer coding the swap cannot read through, or framing by both a length and a coding.
    for (const framing of [
      'Transfer-Encoding: gzip, chunked',
      'Transfer-Encoding: gzip',
      'Transfer-Encoding: chunked\r\nContent-Length: 3',
      'Transfer-Encoding: chunked, chunked',
    ]) {
      const head = parseResponseHead(Buffer.from(`HTTP/1.1 200 OK\r\n${framing}\r\n\r\n`));
      assert.throws(() => bodyFraming(head, 'GET'), MalformedResponse, framing);
    }
    assert.equal(headEnd(Buffer.from('HTTP/1.1 200 OK\r\nX: 1\r\n')), -1);
    assert.throws(() => headEnd(Buffer.alloc(70 * 1024, 'a')), MalformedResponse);
  });

  it('property: a chunked body decodes to what was framed, in any split, and says where it ended', () => {
    fc.assert(
      fc.property(
        bodyPieces,
        fc.array(fc.nat({ max: 500 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (pieces, sizes, cuts) => {
          const body = Buffer.from(pieces.join(''), 'latin1');
          const after = Buffer.from('HTTP/1.1 200 next');
          const wire = Buffer.concat([chunked(body, sizes), after]);
          const decoder = new ChunkedDecoder();
          const out: Buffer[] = [];
          let rest: Buffer | undefined;
          for (const piece of split(wire, cuts)) {
            if (rest) {
              rest = Buffer.concat([rest, piece]);
              continue;
            }
            const end = decoder.push(piece, (slice) => out.push(Buffer.from(slice)));
            if (end !== -1) rest = piece.subarray(end);
          }
          assert.ok(decoder.done);
          assert.deepEqual(Buffer.concat(out), body);
          assert.deepEqual(rest, after);
        },
      ),
    );
  });

  it('refuses malformed chunk framing', () => {
    for (const wire of [
      'zz\r\nab\r\n0\r\n\r\n',
      '2\r\nabc\r\n0\r\n\r\n',
      '2\nab\r\n0\r\n\r\n',
      `${'1'.repeat(20)}\r\n`,
      '2\r\nab\r\n0\r\nX: 1\n\r\n',
    ]) {
      assert.throws(() => new ChunkedDecoder().push(Buffer.from(wire), () => undefined), MalformedResponse, JSON.stringify(wire));
    }
  });
});

interface Upstream {
  port: number;
  connections: number;
  /** What each request's head and body were, as received, and which connection (counted from 1) carried it. */
  requests: { head: string; body: Buffer; connection: number }[];
  /** The next answers: each is the chunks written, one per turn, whether the connection closes after, and whether it goes as soon as the request head came. */
  answers: { chunks: Buffer[]; close?: boolean; early?: boolean }[];
  closed: number;
  close(): Promise<void>;
}

/** A raw HTTP/1.1 server on loopback that answers each request with the next scripted bytes (keep-alive unless told). */
async function startScriptedUpstream(): Promise<Upstream> {
  const sockets = new Set<net.Socket>();
  const upstream: Upstream = {
    port: 0,
    connections: 0,
    requests: [],
    answers: [],
    closed: 0,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((socket) => {
    const connection = ++upstream.connections;
    sockets.add(socket);
    socket.on('close', () => {
      sockets.delete(socket);
      upstream.closed++;
    });
    socket.on('error', () => socket.destroy());
    let buffer = Buffer.alloc(0);
    let early = false;
    const answer = async (): Promise<void> => {
      const script = upstream.answers.shift() ?? { chunks: [Buffer.from('HTTP/1.1 500 No Script\r\nContent-Length: 0\r\n\r\n')] };
      for (const chunk of script.chunks) {
        if (socket.destroyed) return;
        socket.write(chunk);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (script.close) socket.end();
    };
    socket.on('data', (data: Buffer) => {
      if (early) return;
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end === -1) return;
        const head = buffer.subarray(0, end).toString('latin1');
        if (upstream.answers[0]?.early) {
          early = true;
          upstream.requests.push({ head, body: Buffer.alloc(0), connection });
          return void answer();
        }
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        let body: Buffer;
        let used: number;
        if (/\r\ntransfer-encoding: *chunked/i.test(head)) {
          const decoder = new ChunkedDecoder();
          const parts: Buffer[] = [];
          const at = decoder.push(buffer.subarray(end + 4), (s) => parts.push(Buffer.from(s)));
          if (at === -1) return;
          body = Buffer.concat(parts);
          used = end + 4 + at;
        } else {
          if (buffer.length < end + 4 + length) return;
          body = buffer.subarray(end + 4, end + 4 + length);
          used = end + 4 + length;
        }
        buffer = buffer.subarray(used);
        upstream.requests.push({ head, body, connection });
        void answer();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  upstream.port = (server.address() as net.AddressInfo).port;
  return upstream;
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: Buffer;
  reused: boolean;
  /** The client connection's own port: the same for two answers on one connection. */
  localPort: number | undefined;
}

describe('secretless proxy: its own client for bound hosts', function () {
  this.timeout(60_000);
  let ca: CertificateAuthority;
  let proxy: InjectingProxy;
  let upstream: Upstream;
  let run: ProxyRun;
  let authorization: string;
  let agent: http.Agent;
  const swaps: WireSwap[] = [];

  before(async () => {
    ca = await CertificateAuthority.create();
    proxy = await InjectingProxy.start({ ca, onSwap: (s) => swaps.push(s) });
    upstream = await startScriptedUpstream();
    const bound: RunSecret = { ...secret, hosts: parseHostEntries([`localhost:${upstream.port}`]).entries };
    run = proxy.openRun([bound]);
    const url = new URL(run.url);
    authorization = `Basic ${Buffer.from(`${url.username}:${url.password}`).toString('base64')}`;
  });

  beforeEach(() => {
    agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    upstream.answers = [];
    upstream.requests = [];
  });

  afterEach(() => agent.destroy());

  after(async () => {
    run.close();
    await proxy.close();
    await upstream.close();
  });

  /** One request through the proxy with Node's client (the reference parser), the placeholder in its header. */
  function ask(options: { method?: string; path?: string; body?: Buffer; chunkedBody?: boolean } = {}): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const headers: http.OutgoingHttpHeaders = { 'proxy-authorization': authorization, authorization: `Bearer ${placeholder}` };
      if (options.body && !options.chunkedBody) headers['content-length'] = options.body.length;
      const req = http.request(
        {
          host: '127.0.0.1',
          port: proxy.port,
          method: options.method ?? 'GET',
          path: `http://localhost:${upstream.port}${options.path ?? '/'}`,
          headers,
          agent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              trailers: res.trailers,
              body: Buffer.concat(chunks),
              reused: req.reusedSocket,
              localPort: req.socket?.localPort,
            }),
          );
          res.on('error', reject);
          res.on('aborted', () => reject(new Error('the answer was cut off')));
        },
      );
      req.on('error', reject);
      if (options.body && options.chunkedBody) for (const piece of split(options.body, [3, 40])) req.write(piece);
      req.end(options.body && !options.chunkedBody ? options.body : undefined);
    });
  }

  it('property: any head and body, chunked, with a length or until close, in any split, arrive as the one-shot swap', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('length', 'chunked', 'close'),
        bodyPieces,
        fc.array(fc.nat({ max: 300 }), { maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (framing, pieces, sizes, cuts) => {
          const body = Buffer.from(pieces.join(''), 'latin1');
          const head = [`HTTP/1.1 200 OK`, `X-Echo: ${value}`];
          if (framing === 'length') head.push(`Content-Length: ${body.length}`);
          if (framing === 'chunked') head.push('Transfer-Encoding: chunked');
          const wire = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), framing === 'chunked' ? chunked(body, sizes) : body]);
          upstream.answers.push({ chunks: split(wire, cuts), close: framing === 'close' });
          const answer = await ask();
          assert.equal(answer.status, 200);
          assert.equal(answer.headers['x-echo'], placeholder);
          assert.deepEqual(answer.body, scrubbed(body));
          assert.ok(!JSON.stringify(answer.trailers).includes(value));
          assert.equal(answer.headers['content-length'], framing === 'length' ? String(body.length) : undefined);
        },
      ),
      { numRuns: 60 },
    );
    // Every request carried the value, never the placeholder.
    assert.ok(upstream.requests.every((r) => r.head.includes(`Bearer ${value}`) && !r.head.includes(placeholder)));
  });

  it('keeps both connections alive: the next request on the client connection works, on the same upstream connection', async () => {
    upstream.answers.push(
      { chunks: [Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${value.length}\r\n\r\n${value}`)] },
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n')] },
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')] },
    );
    const first = await ask();
    const second = await ask();
    const third = await ask();
    assert.deepEqual([first.body.toString(), second.body.toString(), third.body.toString()], [placeholder, 'abc', 'ok']);
    assert.deepEqual([second.reused, third.reused], [true, true]);
    assert.equal(new Set(upstream.requests.map((r) => r.connection)).size, 1);
  });

  it('answers HEAD, 204, 304 and a 100 Continue before the answer without a body, and the connection goes on', async () => {
    upstream.answers.push(
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n')] },
      { chunks: [Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')] },
      { chunks: [Buffer.from('HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n')] },
      {
        chunks: [
          Buffer.from(
            'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n',
          ),
          Buffer.from('ok'),
        ],
      },
    );
    const head = await ask({ method: 'HEAD' });
    assert.deepEqual([head.status, head.headers['content-length'], head.body.length], [200, '100', 0]);
    const none = await ask();
    assert.deepEqual([none.status, none.body.length], [204, 0]);
    const notModified = await ask();
    assert.deepEqual([notModified.status, notModified.body.length], [304, 0]);
    const created = await ask({ method: 'POST', body: Buffer.from(`token=${placeholder}`) });
    assert.deepEqual([created.status, created.body.toString()], [201, 'ok']);
    assert.equal(upstream.requests.at(-1)?.body.toString(), `token=${value}`);
  });

  it('answers before the request body is all sent, and the client connection goes on to its next request', async () => {
    upstream.answers.push(
      { chunks: [Buffer.from('HTTP/1.1 413 Too Large\r\nContent-Length: 3\r\n\r\nbig')], early: true, close: true },
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')] },
    );
    const early = await ask({ method: 'POST', body: Buffer.alloc(8 * 1024 * 1024, 'a') });
    assert.deepEqual([early.status, early.body.toString()], [413, 'big']);
    const next = await ask();
    assert.deepEqual([next.status, next.body.toString(), next.localPort], [200, 'ok', early.localPort]);
  });

  it('frames a chunked request body again, swapped', async () => {
    upstream.answers.push({ chunks: [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')] });
    const answer = await ask({ method: 'PUT', body: Buffer.from(`{"token":"${placeholder}","n":1}`), chunkedBody: true });
    assert.equal(answer.status, 200);
    assert.equal(upstream.requests.at(-1)?.body.toString(), `{"token":"${value}","n":1}`);
  });

  it('pipelined requests on one client connection get their answers in order', async () => {
    upstream.answers.push(
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst')] },
      { chunks: [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n')] },
    );
    const request = (last: boolean) =>
      `GET http://localhost:${upstream.port}/ HTTP/1.1\r\nHost: localhost:${upstream.port}\r\nProxy-Authorization: ${authorization}\r\n${last ? 'Connection: close\r\n' : ''}\r\n`;
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(proxy.port, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
      socket.on('error', reject);
      socket.write(request(false) + request(true));
    });
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\nfirstHTTP\/1\.1 200 OK\r\n[\s\S]*second[\s\S]*$/);
  });

  it('answers a malformed head with 502 and passes on nothing of its body', async () => {
    for (const bad of [
      'HTTP/1.1 200 OK\r\nBroken header\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n',
      'HTTP/1.1 101 Switching\r\n\r\n',
      'SSH-2.0-x\r\n\r\n',
    ]) {
      upstream.answers.push({ chunks: [Buffer.from(`${bad}${value}`)] });
      const answer = await ask();
      assert.equal(answer.status, 502, bad);
      assert.ok(!answer.body.includes(value) && !JSON.stringify(answer.headers).includes(value));
    }
  });

  it('cuts the answer off when the upstream breaks its framing or closes mid-body', async () => {
    for (const broken of [
      { chunks: [Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n${value}`)], close: true },
      { chunks: [Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\nzz\r\n${value}`)] },
    ]) {
      upstream.answers.push(broken);
      await assert.rejects(ask(), /cut off|socket hang up|aborted|ECONNRESET/);
    }
  });

  it('closes the upstream connection when the client goes away mid-body', async () => {
    upstream.answers.push({ chunks: [Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nfirst bytes`)] });
    const closedBefore = upstream.closed;
    await new Promise<void>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: proxy.port,
        path: `http://localhost:${upstream.port}/`,
        headers: { 'proxy-authorization': authorization },
      });
      req.on('response', (res) => res.once('data', () => resolve(void req.destroy())));
      req.on('error', reject);
      req.end();
    });
    await waitFor(() => upstream.closed > closedBefore, 'the upstream connection outlived the client');
  });

  it('reports every swap of an answer cut off by the run ending before close returns, and closes its upstream connection', async () => {
    const other = proxy.openRun([{ ...secret, hosts: parseHostEntries([`localhost:${upstream.port}`]).entries }]);
    const otherUrl = new URL(other.url);
    upstream.answers.push({ chunks: [Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${value}`)] });
    const closedBefore = upstream.closed;
    const received = await new Promise<Buffer>((resolve, reject) => {
      const req = http.request({
        host: '127.0.0.1',
        port: proxy.port,
        path: `http://localhost:${upstream.port}/cut`,
        headers: { 'proxy-authorization': `Basic ${Buffer.from(`${otherUrl.username}:${otherUrl.password}`).toString('base64')}` },
      });
      req.on('response', (res) => res.once('data', (c: Buffer) => resolve(c)));
      req.on('error', reject);
      req.end();
    });
    assert.equal(received.toString(), placeholder);
    const before = swaps.length;
    other.close();
    assert.deepEqual(
      swaps.slice(before).map(({ run: id, path, scrubbed: count }) => ({ id, path, count })),
      [{ id: other.id, path: '/cut', count: 1 }],
    );
    await waitFor(() => upstream.closed > closedBefore, 'the upstream connection of the ended answer was never closed');
  });
});
