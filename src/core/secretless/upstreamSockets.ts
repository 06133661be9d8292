import type * as net from 'node:net';

/** An idle socket is closed after this long: below the 5 s a Node server keeps one open, so the proxy seldom reuses one being closed. */
const IDLE_MS = 4_000;

/**
 * Idle keep-alive connections to bound hosts, by host and port, for the proxy's own HTTP client
 * (as Node's agent keeps them for its). A byte, an end or an error on an idle connection makes it
 * unusable: it is closed and forgotten.
 */
export class UpstreamSockets {
  private readonly idle = new Map<string, Map<net.Socket, () => void>>();

  /** A live idle connection to `key`, taken out of the pool; none: undefined. */
  take(key: string): net.Socket | undefined {
    const sockets = this.idle.get(key);
    if (!sockets) return undefined;
    for (const [socket, forget] of sockets) {
      forget();
      if (!socket.destroyed) return socket;
    }
    return undefined;
  }

  /** Keeps `socket` for the next exchange with `key`. */
  give(key: string, socket: net.Socket): void {
    let sockets = this.idle.get(key);
    if (!sockets) this.idle.set(key, (sockets = new Map<net.Socket, () => void>()));
    const forget = (): void => {
      socket.off('data', drop).off('end', drop).off('close', drop).off('timeout', drop);
      socket.setTimeout(0);
      sockets.delete(socket);
      if (sockets.size === 0 && this.idle.get(key) === sockets) this.idle.delete(key);
    };
    const drop = (): void => {
      forget();
      socket.destroy();
    };
    socket.on('data', drop).on('end', drop).on('close', drop).on('timeout', drop);
    socket.setTimeout(IDLE_MS);
    sockets.set(socket, forget);
    socket.resume();
  }

  destroy(): void {
    for (const sockets of [...this.idle.values()]) for (const socket of [...sockets.keys()]) socket.destroy();
    this.idle.clear();
  }
}
