import { randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import type { Transform } from 'node:stream';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import type { WireRecord } from '../audit';
import type { CertificateAuthority } from './certificateAuthority';
import { PROXY_CIPHERS } from './cipherPreference';
import { type HostEntry, anyEntryMatches } from './hostEntry';
import type { BodyFraming, ResponseHead } from './responseHead';
import { StreamSwapper, type SwapPair } from './streamSwapper';
import { relaySwapped } from './swapRelay';
import { UpstreamExchange } from './upstreamExchange';
import { UpstreamSockets } from './upstreamSockets';
import { type WireSecret, requestPairs, responsePairs, swapBasicAuth } from './wireForms';

/** A secret of one run: its placeholder went to the process, its value goes only to these hosts. */
export interface RunSecret extends WireSecret {
  hosts: readonly HostEntry[];
}

/** One exchange with a bound host that carried values, and the secrets it carried. */
export interface WireSwap extends WireRecord {
  secrets: string[];
}

export interface InjectingProxyOptions {
  ca: CertificateAuthority;
  /** The PEM certificates trusted upstream, in place of Node's defaults (`upstreamTrustPems`); absent: Node's defaults. */
  upstreamCaPems?: readonly string[];
  /** Called once per exchange that swapped something, when it ends. */
  onSwap: (swap: WireSwap) => void;
  /** One line per refused or failed exchange; never a header value. */
  log?: (line: string) => void;
  /** How long a client may take to send a request's headers (a stalled client gets 408). */
  headersTimeoutMs?: number;
}

export interface ProxyRun {
  id: string;
  /** `http://RUN:TOKEN@127.0.0.1:PORT`: valid while the run is open. */
  url: string;
  close(): void;
}

/** A run's secrets bound to one host:port, and their swap pairs: made once, not per request. */
interface Binding {
  secrets: RunSecret[];
  request: SwapPair[];
  response: SwapPair[];
}

interface RunState {
  id: string;
  token: Buffer;
  secrets: readonly RunSecret[];
  bindings: Map<string, Binding>;
  sockets: Set<net.Socket>;
  /** Answers in flight, each with the report of what it swapped (made once). */
  open: Map<http.ServerResponse, () => void>;
}

interface Target {
  run: RunState;
  host: string;
  port: number;
  secure: boolean;
}

/** Request bodies are swapped up to this many bytes; the rest passes as sent (a placeholder there stays one). */
export const REQUEST_SWAP_LIMIT = 64 * 1024 * 1024;

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-authenticate',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const DECODERS: Record<string, () => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  deflate: () => zlib.createInflate(),
  br: () => zlib.createBrotliDecompress(),
};

function parseAuthority(authority: string): { host: string; port: number } | undefined {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(authority);
  if (!match) return undefined;
  const port = Number(match[2]);
  return port >= 1 && port <= 65535 ? { host: match[1].toLowerCase(), port } : undefined;
}

const bare = (host: string): string => host.replace(/^\[|\]$/g, '');

/**
 * The injecting proxy: one loopback listener per window, an HTTP/1.1 forward proxy and CONNECT.
 * A request authenticates with its run's credentials (`Proxy-Authorization`) or gets 407. For a
 * host one of the run's secrets is bound to, TLS is terminated with a leaf from the window's CA,
 * placeholders become values on the way out and values become placeholders on the way back;
 * every other host is tunnelled or forwarded untouched.
 */
export class InjectingProxy {
  private readonly runs = new Map<string, RunState>();
  private readonly tunnels = new WeakMap<net.Socket, Target>();
  private readonly outer: http.Server;
  private readonly inner: http.Server;
  private readonly httpsAgent: https.Agent;
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  /** Keep-alive connections of the proxy's own client, which carries every exchange with a bound host. */
  private readonly boundSockets = new UpstreamSockets();
  /** Built once: an agent keyed by a `ca` list would hash it per request. Without `ca`, Node's default trust. */
  private readonly upstreamTrust: tls.SecureContext;

  private constructor(private readonly options: InjectingProxyOptions) {
    const headersTimeout = options.headersTimeoutMs ?? 30_000;
    const serverOptions: http.ServerOptions = {
      requestTimeout: 0,
      connectionsCheckingInterval: Math.max(50, Math.min(headersTimeout / 2, 30_000)),
    };
    this.outer = http.createServer(serverOptions);
    this.inner = http.createServer(serverOptions);
    for (const server of [this.outer, this.inner]) {
      server.headersTimeout = headersTimeout;
      server.keepAliveTimeout = 5_000;
      server.on('clientError', (error: NodeJS.ErrnoException, socket: net.Socket) => this.refuseMalformed(error, socket));
    }
    this.outer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onForward(req, res));
    this.outer.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => void this.onConnect(req, socket, head));
    this.outer.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.onForwardUpgrade(req, socket, head));
    this.inner.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => this.onTunnelled(req, res));
    this.inner.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.onTunnelledUpgrade(req, socket, head));
    const ca = options.upstreamCaPems?.length ? [...options.upstreamCaPems] : undefined;
    this.upstreamTrust = tls.createSecureContext({ ca, ciphers: PROXY_CIPHERS });
    this.httpsAgent = new https.Agent({ keepAlive: true, secureContext: this.upstreamTrust });
  }

  static async start(options: InjectingProxyOptions): Promise<InjectingProxy> {
    const proxy = new InjectingProxy(options);
    await new Promise<void>((resolve, reject) => {
      proxy.outer.once('error', reject);
      proxy.outer.listen(0, '127.0.0.1', () => resolve());
    });
    return proxy;
  }

  get port(): number {
    return (this.outer.address() as net.AddressInfo).port;
  }

  /** Credentials for one run; `close` ends its connections and makes them worthless. */
  openRun(secrets: readonly RunSecret[]): ProxyRun {
    const id = `run-${randomBytes(6).toString('hex')}`;
    const token = randomBytes(24).toString('hex');
    const state: RunState = { id, token: Buffer.from(token), secrets, bindings: new Map(), sockets: new Set(), open: new Map() };
    this.runs.set(id, state);
    // Each named host's leaf is made now, off the first request's path (a wildcard's waits for the name asked).
    for (const entry of secrets.flatMap((s) => s.hosts))
      if (!entry.wildcard) this.options.ca.secureContextFor(bare(entry.host)).catch(() => undefined);
    return { id, url: `http://${id}:${token}@127.0.0.1:${this.port}`, close: () => this.closeRun(state) };
  }

  async close(): Promise<void> {
    for (const run of [...this.runs.values()]) this.closeRun(run);
    this.httpsAgent.destroy();
    this.httpAgent.destroy();
    this.boundSockets.destroy();
    this.outer.closeAllConnections();
    await new Promise<void>((resolve) => this.outer.close(() => resolve()));
  }

  private closeRun(run: RunState): void {
    if (this.runs.get(run.id) !== run) return;
    this.runs.delete(run.id);
    for (const [res, report] of [...run.open]) {
      if (!res.headersSent) this.plain(res, 503, 'the run has ended');
      else res.destroy();
      report();
    }
    for (const socket of run.sockets) socket.destroy();
  }

  private authenticate(req: http.IncomingMessage): RunState | undefined {
    const match = /^basic\s+([A-Za-z0-9+/]+=*)$/i.exec(req.headers['proxy-authorization'] ?? '');
    if (!match) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('latin1');
    const colon = decoded.indexOf(':');
    const run = this.runs.get(decoded.slice(0, colon));
    const token = Buffer.from(decoded.slice(colon + 1), 'latin1');
    return run && colon > 0 && token.length === run.token.length && timingSafeEqual(token, run.token) ? run : undefined;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  private plain(res: http.ServerResponse, status: number, message: string, headers: http.OutgoingHttpHeaders = {}): void {
    if (res.headersSent) return void res.destroy();
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', ...headers });
    res.end(`Vaultify proxy: ${message}\n`);
  }

  private static rawStatus(socket: net.Socket, status: number, reason: string, extra = ''): void {
    if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\n${extra}content-length: 0\r\nconnection: close\r\n\r\n`);
    socket.destroySoon?.();
  }

  private refuseMalformed(error: NodeJS.ErrnoException, socket: net.Socket): void {
    const [status, reason] =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large']
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'Request Timeout']
          : [400, 'Bad Request'];
    this.log(`refused a request: ${status} ${reason}`);
    InjectingProxy.rawStatus(socket, status, reason);
  }

  private refuseAuth(res: http.ServerResponse): void {
    this.log('refused a request without valid run credentials: 407');
    this.plain(res, 407, 'proxy authentication required', { 'proxy-authenticate': 'Basic realm="Vaultify"' });
  }

  private binding(run: RunState, host: string, port: number): Binding {
    const key = `${host}:${port}`;
    let binding = run.bindings.get(key);
    if (!binding) {
      const secrets = run.secrets.filter((s) => anyEntryMatches(s.hosts, bare(host), port));
      binding = { secrets, request: requestPairs(secrets), response: responsePairs(secrets) };
      run.bindings.set(key, binding);
    }
    return binding;
  }

  private onForward(req: http.IncomingMessage, res: http.ServerResponse): void {
    const run = this.authenticate(req);
    if (!run) return this.refuseAuth(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return this.plain(res, 400, 'a proxy request needs an absolute http:// URL');
    }
    if (url.protocol !== 'http:') return this.plain(res, 400, 'a proxy request needs an absolute http:// URL; use CONNECT for https');
    // Once per connection: a keep-alive client sends many requests on one.
    if (!run.sockets.has(req.socket)) {
      run.sockets.add(req.socket);
      req.socket.once('close', () => run.sockets.delete(req.socket));
    }
    this.exchange(
      { run, host: url.hostname.toLowerCase(), port: Number(url.port || 80), secure: false },
      req,
      res,
      url.pathname + url.search,
    );
  }

  private onTunnelled(req: http.IncomingMessage, res: http.ServerResponse): void {
    const target = this.tunnels.get(req.socket);
    if (!target || this.runs.get(target.run.id) !== target.run) return this.plain(res, 503, 'the run has ended');
    this.exchange(target, req, res, req.url ?? '/');
  }

  private async onConnect(req: http.IncomingMessage, socket: net.Socket, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const run = this.authenticate(req);
    if (!run) {
      this.log('refused a CONNECT without valid run credentials: 407');
      return InjectingProxy.rawStatus(socket, 407, 'Proxy Authentication Required', 'proxy-authenticate: Basic realm="Vaultify"\r\n');
    }
    const authority = parseAuthority(req.url ?? '');
    if (!authority) return InjectingProxy.rawStatus(socket, 400, 'Bad Request');
    run.sockets.add(socket);
    socket.once('close', () => run.sockets.delete(socket));
    if (this.binding(run, authority.host, authority.port).secrets.length === 0) return this.tunnel(run, authority, socket, head);
    let context: tls.SecureContext;
    try {
      context = await this.options.ca.secureContextFor(bare(authority.host));
    } catch {
      this.log(`could not make a certificate for ${authority.host}: 502`);
      return InjectingProxy.rawStatus(socket, 502, 'Bad Gateway');
    }
    if (socket.destroyed) return;
    socket.setNoDelay(true);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    if (head.length > 0) socket.unshift(head);
    const secure = new tls.TLSSocket(socket, { isServer: true, secureContext: context, ALPNProtocols: ['http/1.1'] });
    secure.on('error', () => secure.destroy());
    this.tunnels.set(secure, { run, ...authority, secure: true });
    this.inner.emit('connection', secure);
  }

  /** An unbound host: bytes both ways, untouched. */
  private tunnel(run: RunState, authority: { host: string; port: number }, socket: net.Socket, head: Buffer): void {
    const upstream = net.connect(authority.port, bare(authority.host));
    run.sockets.add(upstream);
    upstream.once('close', () => run.sockets.delete(upstream));
    upstream.once('connect', () => {
      upstream.setNoDelay(true);
      socket.setNoDelay(true);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      this.log(`could not reach ${authority.host}:${authority.port} (${error.code ?? 'error'}): 502`);
      if (upstream.connecting || !socket.writable) InjectingProxy.rawStatus(socket, 502, 'Bad Gateway');
      else socket.destroy();
    });
    socket.once('close', () => upstream.destroy());
  }

  private labelPath(path: string, secrets: readonly RunSecret[]): string {
    let bareLabel = path.split('?')[0];
    for (const s of secrets) {
      for (const form of new Set([s.placeholder, encodeURIComponent(s.placeholder), s.value, encodeURIComponent(s.value)])) {
        bareLabel = bareLabel.split(form).join(`{{vault:${s.name}}}`);
      }
    }
    return bareLabel;
  }

  /** The request's headers for upstream: hop-by-hop and proxy headers gone; for a bound host, swapped. */
  private upstreamHeaders(
    req: http.IncomingMessage,
    swapper: StreamSwapper | undefined,
    echoes: SwapPair[],
    keep: readonly string[] = [],
  ): [string, string][] {
    const out: [string, string][] = [];
    const connectionTokens = new Set(
      (req.headers.connection ?? '')
        .toLowerCase()
        .split(',')
        .map((t) => t.trim()),
    );
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i];
      const lower = name.toLowerCase();
      if ((HOP_BY_HOP.has(lower) || connectionTokens.has(lower)) && !keep.includes(lower)) continue;
      let value = req.rawHeaders[i + 1];
      if (swapper) {
        if (lower === 'accept-encoding') continue;
        if (lower === 'authorization') {
          const basic = swapBasicAuth(value, (text) => swapper.swapText(text));
          if (basic.echo) echoes.push(basic.echo);
          value = basic.header;
        }
        value = swapper.swapText(value);
      }
      out.push([name, value]);
    }
    // Bodies from a bound host are read for values: ask for them uncompressed.
    if (swapper) out.push(['Accept-Encoding', 'identity']);
    return out;
  }

  /** The audit record of an exchange with a bound host that swapped something. */
  private reportSwap(
    run: RunState,
    target: Target,
    method: string,
    path: string,
    bound: readonly RunSecret[],
    count: number,
    scrubbed: number,
  ): void {
    if (count + scrubbed === 0) return;
    this.options.onSwap({
      run: run.id,
      host: `${target.host}:${target.port}`,
      method,
      path: this.labelPath(path, bound),
      count,
      scrubbed,
      secrets: bound.map((s) => s.name),
    });
  }

  private static unreachableReason(error: NodeJS.ErrnoException): string {
    return error.code?.startsWith('ERR_TLS') || /certificate|self.signed|verify/i.test(error.message)
      ? 'its certificate is not trusted'
      : (error.code ?? 'error');
  }

  /** The response's headers for the client: hop-by-hop gone, values swapped; `decoded` drops the encoding and length. */
  private static downstreamHeaders(
    rawHeaders: readonly string[],
    incoming: StreamSwapper | undefined,
    decoded: boolean,
  ): [string, string][] {
    const out: [string, string][] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const lower = rawHeaders[i].toLowerCase();
      if (HOP_BY_HOP.has(lower)) continue;
      if (decoded && (lower === 'content-encoding' || lower === 'content-length')) continue;
      out.push([rawHeaders[i], incoming ? incoming.swapText(rawHeaders[i + 1]) : rawHeaders[i + 1]]);
    }
    return out;
  }

  private exchange(target: Target, req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const { run, host, port, secure } = target;
    const binding = this.binding(run, host, port);
    const bound = binding.secrets;
    if (bound.length > 0) return this.exchangeBound(target, binding, req, res, path);
    const upstream = (secure ? https : http).request({
      host: bare(host),
      port,
      method: req.method,
      path,
      headers: this.upstreamHeaders(req, undefined, []).flat() as unknown as http.OutgoingHttpHeaders,
      agent: secure ? this.httpsAgent : this.httpAgent,
      servername: secure && net.isIP(bare(host)) === 0 ? bare(host) : undefined,
    });
    upstream.on('socket', (socket: net.Socket) => socket.setNoDelay(true));
    const close = (): void => {
      run.open.delete(res);
      upstream.destroy();
    };
    run.open.set(res, close);
    res.once('close', close);
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      const reason = InjectingProxy.unreachableReason(error);
      this.log(`${run.id}: could not reach ${host}:${port} (${reason}): 502`);
      this.plain(res, 502, `could not reach ${host}:${port} (${reason})`);
    });
    upstream.on('response', (response: http.IncomingMessage) => {
      const out = InjectingProxy.downstreamHeaders(response.rawHeaders, undefined, false);
      res.writeHead(response.statusCode ?? 502, response.statusMessage, out.flat() as unknown as http.OutgoingHttpHeaders);
      response.on('error', () => res.destroy());
      response.pipe(res);
    });
    req.pipe(upstream);
    req.on('error', () => upstream.destroy());
  }

  /**
   * An exchange with a bound host, through the proxy's own client (`UpstreamExchange`): the request
   * swapped placeholder → value, the response value → placeholder, its body relayed from the
   * upstream socket's records to the client in one write per turn.
   */
  private exchangeBound(target: Target, binding: Binding, req: http.IncomingMessage, res: http.ServerResponse, path: string): void {
    const { run, host, port, secure } = target;
    const method = req.method ?? 'GET';
    const outgoing = new StreamSwapper(binding.request);
    const echoes: SwapPair[] = [];
    const headers = this.upstreamHeaders(req, outgoing, echoes);
    const upstreamPath = outgoing.swapText(path);
    // As Node's client checks them: a value that does not fit a request line or a header is refused, never sent.
    if (/[^\u0021-\u00ff]/.test(upstreamPath) || headers.some(([, v]) => /[^\t\u0020-\u007e\u0080-\u00ff]/.test(v))) {
      this.log(`${run.id}: a value cannot go in a request line or header to ${host}:${port}: 400`);
      return this.plain(res, 400, 'a value of this run cannot go in a request line or header');
    }
    // A request body in chunks is framed again (Node's server took its framing off); one with a length keeps it.
    const chunked = req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined;
    const lines = [`${method} ${upstreamPath} HTTP/1.1`];
    if (req.headers.host === undefined) lines.push(`Host: ${host}:${port}`);
    for (const [name, value] of headers) lines.push(`${name}: ${value}`);
    if (chunked) lines.push('Transfer-Encoding: chunked');
    const key = `${secure ? 'https' : 'http'}:${host}:${port}`;
    const socket = this.boundSockets.take(key) ?? this.connectBound(host, port, secure);
    let incoming: StreamSwapper | undefined;
    // Reported once, when the answer closes or when its run ends first: a run's end never
    // leaves an exchange that swapped unreported, so a caller can record the end after it.
    let reported = false;
    const report = (): void => {
      if (reported) return;
      reported = true;
      run.open.delete(res);
      upstream.abort();
      this.reportSwap(run, target, method, path, binding.secrets, outgoing.count, incoming?.count ?? 0);
    };
    const fail = (): void => {
      upstream.abort();
      res.destroy();
    };
    const upstream = new UpstreamExchange(socket, method, `${lines.join('\r\n')}\r\n\r\n`, chunked, {
      head: (head: ResponseHead, framing: BodyFraming, body) => {
        incoming = new StreamSwapper(echoes.length ? [...binding.response, ...echoes] : binding.response);
        const encoding = (head.rawHeaders.find((_, i, all) => i % 2 === 1 && all[i - 1].toLowerCase() === 'content-encoding') ?? 'identity')
          .toLowerCase()
          .trim();
        const decode = framing.kind !== 'none' && encoding !== 'identity' ? DECODERS[encoding] : undefined;
        if (framing.kind !== 'none' && encoding !== 'identity' && !decode) {
          // An encoding the proxy cannot read could carry a value back: withhold the body.
          upstream.abort();
          return this.plain(res, 502, `${host}:${port} answered with a body in ${encoding}, which the proxy cannot check`);
        }
        try {
          const out = InjectingProxy.downstreamHeaders(head.rawHeaders, incoming, decode !== undefined);
          res.writeHead(head.status, head.reason, out.flat() as unknown as http.OutgoingHttpHeaders);
        } catch {
          upstream.abort();
          return this.plain(res, 502, `${host}:${port} sent a response head the proxy cannot pass on`);
        }
        if (framing.kind === 'none') return void res.end();
        if (!decode) return relaySwapped(body, res, incoming);
        const decoder = decode().on('error', fail);
        body.on('data', (chunk: Buffer) => {
          if (!decoder.write(chunk)) body.pause();
        });
        decoder.on('drain', () => body.resume());
        body.once('end', () => decoder.end());
        relaySwapped(decoder, res, incoming);
      },
      failed: (error: NodeJS.ErrnoException, malformed: boolean) => {
        const reason = malformed ? 'a malformed response' : InjectingProxy.unreachableReason(error);
        if (res.headersSent) return void res.destroy();
        this.log(`${run.id}: could not reach ${host}:${port} (${reason}): 502`);
        this.plain(res, 502, malformed ? `${host}:${port} sent a malformed response` : `could not reach ${host}:${port} (${reason})`);
      },
      done: (reusable: boolean) => {
        if (reusable) this.boundSockets.give(key, socket);
      },
    });
    run.open.set(res, report);
    res.once('close', report);
    const encoded = (req.headers['content-encoding'] ?? 'identity').toLowerCase() !== 'identity';
    relaySwapped(req, upstream.requestSink, outgoing, encoded ? 0 : REQUEST_SWAP_LIMIT);
    req.on('error', fail);
  }

  /** A new connection to a bound host, verified as Node verifies (TLS) and kept by `boundSockets` between exchanges. */
  private connectBound(host: string, port: number, secure: boolean): net.Socket {
    const socket = this.dial(host, port, secure);
    socket.setNoDelay(true);
    // An idle connection's error closes it (the pool forgets it); an exchange's own listener reports one in use.
    socket.on('error', () => socket.destroy());
    return socket;
  }

  /** A connection to an upstream host: TLS verified as Node verifies (plus the configured CAs), HTTP/1.1 only. */
  private dial(host: string, port: number, secure: boolean): net.Socket {
    return secure
      ? tls.connect({
          host: bare(host),
          port,
          servername: net.isIP(bare(host)) === 0 ? bare(host) : undefined,
          secureContext: this.upstreamTrust,
          ALPNProtocols: ['http/1.1'],
        })
      : net.connect(port, bare(host));
  }

  private onForwardUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const run = this.authenticate(req);
    if (!run)
      return InjectingProxy.rawStatus(socket, 407, 'Proxy Authentication Required', 'proxy-authenticate: Basic realm="Vaultify"\r\n');
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      return InjectingProxy.rawStatus(socket, 400, 'Bad Request');
    }
    run.sockets.add(socket);
    this.upgrade(
      { run, host: url.hostname.toLowerCase(), port: Number(url.port || 80), secure: false },
      req,
      socket,
      head,
      url.pathname + url.search,
    );
  }

  private onTunnelledUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const target = this.tunnels.get(socket);
    if (!target || this.runs.get(target.run.id) !== target.run) return InjectingProxy.rawStatus(socket, 503, 'Service Unavailable');
    this.upgrade(target, req, socket, head, req.url ?? '/');
  }

  /** A WebSocket (or other) upgrade: the upgrade request is swapped like any request; the frames after it pass untouched. */
  private upgrade(target: Target, req: http.IncomingMessage, socket: net.Socket, head: Buffer, path: string): void {
    const { run, host, port, secure } = target;
    const binding = this.binding(run, host, port);
    const bound = binding.secrets;
    const outgoing = bound.length > 0 ? new StreamSwapper(binding.request) : undefined;
    const headers = this.upstreamHeaders(req, outgoing, [], ['connection', 'upgrade']).filter(
      ([name]) => !(outgoing && name === 'Accept-Encoding'),
    );
    const upstreamPath = outgoing ? outgoing.swapText(path) : path;
    const upstream = this.dial(host, port, secure);
    run.sockets.add(upstream);
    upstream.once(secure ? 'secureConnect' : 'connect', () => {
      const lines = [`${req.method} ${upstreamPath} HTTP/1.1`, ...headers.map(([n, v]) => `${n}: ${v}`)];
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket).pipe(upstream);
      if (outgoing && outgoing.count > 0) {
        this.options.onSwap({
          run: run.id,
          host: `${host}:${port}`,
          method: req.method ?? '',
          path: this.labelPath(path, bound),
          count: outgoing.count,
          scrubbed: 0,
          secrets: bound.map((s) => s.name),
        });
      }
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      this.log(`${run.id}: could not reach ${host}:${port} for an upgrade (${error.code ?? 'error'}): 502`);
      InjectingProxy.rawStatus(socket, 502, 'Bad Gateway');
    });
    socket.once('close', () => upstream.destroy());
  }
}
