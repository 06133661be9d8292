import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { IPty } from '@lydell/node-pty';

/** What node-pty keeps of the master side on Unix: its descriptor and the socket that reads it. */
interface UnixPtyInternals {
  _fd?: number;
  _socket?: { destroyed: boolean; destroy(error?: Error): unknown; emit(event: 'data', chunk: string): boolean };
}

/**
 * Keeps a spawned PTY's last output whole, and returns what to call once node-pty reports the
 * exit. Two Linux behaviours would lose it:
 * - a read of the master answers EIO as soon as the last slave descriptor closes, even with output
 *   still queued, so a shell that prints and exits at once (`…; exit`) loses its last output. One
 *   slave descriptor held until the exit keeps the master readable until it is drained; nothing
 *   is read or written through it.
 * - node-pty destroys its socket 200 ms after the exit. After an event-loop stall that timer runs
 *   before the queued output is read (timers come before I/O in each turn), so whatever the
 *   master still holds is read at that moment and passed on first.
 * ConPTY has no slave to hold.
 */
export function holdPtySlave(child: IPty): () => void {
  const name = (child as IPty & { ptsName?: string }).ptsName;
  if (process.platform === 'win32' || !name) return () => undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(name, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
  } catch {
    // The process is already gone: there is nothing left to keep readable.
    return () => undefined;
  }
  drainBeforeDestroy(child as unknown as UnixPtyInternals);
  return () => {
    if (fd === undefined) return;
    fs.closeSync(fd);
    fd = undefined;
  };
}

/** The most output read at the exit: far more than a PTY queues (a few kilobytes on Linux). */
const DRAIN_LIMIT = 1024 * 1024;

function drainBeforeDestroy(internals: UnixPtyInternals): void {
  const { _fd: master, _socket: socket } = internals;
  if (typeof master !== 'number' || !socket) return;
  const destroy = socket.destroy.bind(socket);
  socket.destroy = (error?: Error) => {
    // Once the socket is closed its descriptor number may belong to another file: drain only while open.
    if (socket.destroyed) return destroy(error);
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(64 * 1024);
    // Bounded: a process still writing (a background job of the shell) must not hold the host here.
    for (let drained = 0; drained < DRAIN_LIMIT;) {
      let read: number;
      try {
        // The master is non-blocking: EAGAIN once drained (the held slave keeps EIO away).
        read = fs.readSync(master, buffer, 0, buffer.length, null);
      } catch {
        break;
      }
      if (read <= 0) break;
      drained += read;
      socket.emit('data', decoder.write(buffer.subarray(0, read)));
    }
    const rest = decoder.end();
    if (rest) socket.emit('data', rest);
    return destroy(error);
  };
}
