import { EventEmitter } from 'node:events';
import type * as net from 'node:net';
import { ChunkedDecoder } from './chunkedBody';
import { type BodyFraming, MalformedResponse, type ResponseHead, bodyFraming, headEnd, parseResponseHead } from './responseHead';
import type { RelaySink, RelaySource } from './swapRelay';

const EMPTY = Buffer.alloc(0);

/** What an exchange tells its caller: `head` at most once, then one of `failed` and `done`, once; nothing after `abort`. */
export interface UpstreamHandlers {
  /** The final head (1xx heads are dropped): the body, if any, follows on `body`. */
  head(head: ResponseHead, framing: BodyFraming, body: RelaySource): void;
  /** Nothing or part of the answer arrived: `malformed` when what came was not HTTP/1.1. The socket is gone. */
  failed(error: Error, malformed: boolean): void;
  /** The answer and the request are over: the socket may carry another exchange (`reusable`), or is gone. */
  done(reusable: boolean): void;
}

/** A response body read off the socket: 'data' and 'end', paused and resumed through the socket while it is this exchange's. */
class SocketBody extends EventEmitter implements RelaySource {
  ended = false;

  constructor(private readonly socket: net.Socket) {
    super();
  }

  pause(): this {
    if (!this.ended) this.socket.pause();
    return this;
  }

  resume(): this {
    if (!this.ended) this.socket.resume();
    return this;
  }
}

/**
 * One HTTP/1.1 exchange on a connection to a bound host, read and written by the proxy itself: the
 * response's body goes from the socket's records to the relay as slices of them, where Node's
 * client would copy each out of its parser and through a stream. `head` is the request head,
 * written at once; the request body is written through `requestSink` (framed as `chunked` says)
 * until the caller ends it. Malformed heads, chunk framing or lengths fail the exchange.
 */
export class UpstreamExchange {
  private pending: Buffer = EMPTY;
  private framing: BodyFraming | undefined;
  private remaining = 0;
  private decoder: ChunkedDecoder | undefined;
  private body: SocketBody;
  private keepAlive = false;
  private requestDone = false;
  private responseDone = false;
  private finished = false;
  private readonly dataListener = (chunk: Buffer): void => this.onData(chunk);
  private readonly endListener = (): void => this.onEnd();
  private readonly errorListener = (error: Error): void => this.fail(error, false);
  /** The request body's way upstream. */
  readonly requestSink: RelaySink;
  /** Who waits for the socket to drain: told when the exchange ends instead. */
  private readonly drainWaiters = new Set<() => void>();

  constructor(
    private readonly socket: net.Socket,
    private readonly method: string,
    head: string,
    chunked: boolean,
    private readonly handlers: UpstreamHandlers,
  ) {
    this.body = new SocketBody(socket);
    socket.on('data', this.dataListener).on('end', this.endListener).on('close', this.endListener).on('error', this.errorListener);
    socket.write(head, 'latin1');
    const over = (): boolean => this.finished;
    this.requestSink = {
      write: (chunk: Buffer) => {
        if (this.finished || chunk.length === 0) return;
        if (!chunked) return void socket.write(chunk);
        socket.cork();
        socket.write(`${chunk.length.toString(16)}\r\n`, 'latin1');
        socket.write(chunk);
        socket.write('\r\n', 'latin1');
        socket.uncork();
      },
      end: () => {
        if (this.finished) return;
        if (chunked) socket.write('0\r\n\r\n', 'latin1');
        this.requestDone = true;
        if (this.responseDone) this.finish(this.keepAlive);
      },
      // Once the exchange is over, what is left of the request body drains into nothing, so
      // that the client's connection reads on to its next request.
      get writableLength(): number {
        return over() ? 0 : socket.writableLength;
      },
      once: (event: 'drain', listener: () => void) => {
        if (this.finished) return void setImmediate(listener);
        const waiter = (): void => {
          this.drainWaiters.delete(waiter);
          listener();
        };
        this.drainWaiters.add(waiter);
        socket.once(event, waiter);
      },
    };
  }

  /** Ends the exchange from outside (the client went away, the run ended): the socket goes with it. */
  abort(): void {
    if (!this.finished) this.detach(false);
  }

  private onData(chunk: Buffer): void {
    if (this.finished) return;
    if (this.responseDone) return this.finish(false);
    try {
      if (this.framing) this.bodyBytes(chunk);
      else this.headBytes(chunk);
    } catch (error) {
      this.fail(error as Error, error instanceof MalformedResponse);
    }
  }

  private headBytes(chunk: Buffer): void {
    let buffer = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    for (;;) {
      const end = headEnd(buffer);
      if (end === -1) {
        this.pending = buffer;
        return;
      }
      const head = parseResponseHead(buffer.subarray(0, end));
      buffer = buffer.subarray(end);
      if (head.status === 101) throw new MalformedResponse('an upgrade answered a request that asked for none');
      if (head.status >= 200) {
        this.pending = EMPTY;
        this.startBody(head, bodyFraming(head, this.method));
        if (buffer.length > 0 && !this.finished) this.bodyBytes(buffer);
        return;
      }
      // 1xx (100 Continue, 103 Early Hints): dropped; the client had its 100 from the proxy.
    }
  }

  private startBody(head: ResponseHead, framing: BodyFraming): void {
    this.framing = framing;
    this.keepAlive = head.keepAlive && framing.kind !== 'close';
    if (framing.kind === 'length') this.remaining = framing.length;
    if (framing.kind === 'chunked') this.decoder = new ChunkedDecoder();
    this.handlers.head(head, framing, this.body);
    if (framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0)) this.bodyEnd(true);
  }

  private readonly emitData = (slice: Buffer): void => {
    this.body.emit('data', slice);
  };

  private bodyBytes(chunk: Buffer): void {
    const framing = this.framing;
    if (this.responseDone || !framing || framing.kind === 'none') return this.finish(false);
    if (framing.kind === 'close') return this.emitData(chunk);
    if (framing.kind === 'length') {
      const take = Math.min(this.remaining, chunk.length);
      this.remaining -= take;
      this.emitData(take === chunk.length ? chunk : chunk.subarray(0, take));
      if (this.remaining === 0) this.bodyEnd(take === chunk.length);
      return;
    }
    const end = (this.decoder as ChunkedDecoder).push(chunk, this.emitData);
    if (end !== -1) this.bodyEnd(end === chunk.length);
  }

  /** The body is complete; `clean`: nothing came after it. */
  private bodyEnd(clean: boolean): void {
    this.responseDone = true;
    this.body.ended = true;
    this.body.emit('end');
    if (!clean) this.keepAlive = false;
    if (this.requestDone || !this.keepAlive) this.finish(this.requestDone && this.keepAlive);
  }

  private onEnd(): void {
    if (this.finished) return;
    if (this.framing?.kind === 'close' && !this.responseDone) return this.bodyEnd(false);
    if (!this.responseDone) this.fail(new Error('the connection closed before the answer was complete'), false);
    else this.finish(false);
  }

  private fail(error: Error, malformed: boolean): void {
    if (this.finished) return;
    this.detach(false);
    this.handlers.failed(error, malformed);
  }

  private finish(reusable: boolean): void {
    this.detach(reusable);
    this.handlers.done(reusable);
  }

  private detach(reusable: boolean): void {
    this.finished = true;
    this.body.ended = true;
    this.socket.off('data', this.dataListener).off('end', this.endListener).off('close', this.endListener).off('error', this.errorListener);
    for (const waiter of this.drainWaiters) {
      this.socket.off('drain', waiter);
      setImmediate(waiter);
    }
    if (!reusable) this.socket.destroy();
  }
}
