import * as fs from 'node:fs';
import type { IPty } from '@lydell/node-pty';

/**
 * Opens the slave side of a spawned PTY and returns what closes it. Linux answers a read of the
 * master with EIO as soon as the last slave descriptor closes, even with output still queued, so
 * a shell that prints and exits at once (`…; exit`) would lose its last output. One descriptor
 * held until node-pty reports the exit keeps the master readable until it is drained. Nothing
 * is read or written through it. ConPTY has no slave to hold.
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
  return () => {
    if (fd === undefined) return;
    fs.closeSync(fd);
    fd = undefined;
  };
}
