import { closeSync, constants, fstatSync, openSync, promises as fs, readSync } from 'node:fs';
import { decodeForScan, looksBinary, tooLargeReason } from '../detect/content';
import { describeError, isUnreadable } from './fileWalker';

export type FileRead =
  | {
      ok: true;
      text: string;
      /** The text's bytes when it is all ASCII; with the blocking reader they are valid only until its next read. */
      ascii?: Uint8Array;
      notes: string[];
    }
  | { ok: false; reason: string; /** The file is there but could not be read. */ unreadable: boolean };

/**
 * Reads a file for scanning: at most `maxFileSizeKB` KB whatever `stat` says (a file that grows,
 * or a `/proc` file that claims size 0, is cut off there and skipped as too large), never a
 * FIFO or device (opened without blocking, then checked), never a binary file. Never throws.
 */
export async function readForScan(file: string, maxFileSizeKB: number): Promise<FileRead> {
  const limit = Math.floor(maxFileSizeKB * 1024);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = await handle.stat();
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file', unreadable: false };
    const large = tooLargeReason(stat.size, maxFileSizeKB);
    if (large) return { ok: false, reason: large, unreadable: false };
    // Read in chunks until end of file, the size stat gave, or past the limit: a file longer
    // than stat said (it grew, or a kernel file that reports 0) stops there. Stopping at stat's
    // size saves the read that would only find the end of a regular file. Chunks are whole pages, which kernel
    // files such as /proc/self/pagemap require; one byte past the limit tells "at" from "over".
    const chunk = roundToPage(Math.min(Math.max(stat.size + 1, 65536), limit + 1));
    const parts: Buffer[] = [];
    let length = 0;
    while (length <= limit) {
      const part = Buffer.allocUnsafe(chunk);
      const { bytesRead } = await handle.read(part, 0, chunk, null);
      if (bytesRead === 0) break;
      parts.push(bytesRead === chunk ? part : part.subarray(0, bytesRead));
      length += bytesRead;
      if (length === stat.size) break;
    }
    return finished(parts, length, stat.size, limit, maxFileSizeKB);
  } catch (error) {
    return { ok: false, reason: describeError(error), unreadable: isUnreadable(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The blocking reader's one buffer, reused for every file: each text is decoded out of it before the next read. */
let scratch = Buffer.allocUnsafe(0);

/**
 * `readForScan` with blocking calls, for scan workers: a worker has nothing else to do while a
 * file is read, and a blocking read costs a fraction of an asynchronous one's round trips. It
 * reads into one reused buffer, so that a pass over 100,000 files does not leave a buffer per
 * file for the garbage collector (the process's memory would grow with the pass).
 */
export function readForScanSync(file: string, maxFileSizeKB: number): FileRead {
  const limit = Math.floor(maxFileSizeKB * 1024);
  let fd: number | undefined;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: 'not a regular file', unreadable: false };
    const large = tooLargeReason(stat.size, maxFileSizeKB);
    if (large) return { ok: false, reason: large, unreadable: false };
    const chunk = roundToPage(Math.min(Math.max(stat.size + 1, 65536), limit + 1));
    let length = 0;
    while (length <= limit) {
      if (scratch.length < length + chunk) {
        const grown = Buffer.allocUnsafe(roundToPage(length + chunk));
        scratch.copy(grown, 0, 0, length);
        scratch = grown;
      }
      const bytesRead = readSync(fd, scratch, length, chunk, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length === stat.size) break;
    }
    return finished([scratch.subarray(0, length)], length, stat.size, limit, maxFileSizeKB);
  } catch (error) {
    return { ok: false, reason: describeError(error), unreadable: isUnreadable(error) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function finished(parts: Buffer[], length: number, statSize: number, limit: number, maxFileSizeKB: number): FileRead {
  if (length > limit) {
    const grown = statSize <= limit ? ' (read stopped there)' : '';
    return { ok: false, reason: `${tooLargeReason(length, maxFileSizeKB) ?? 'too large'}${grown}`, unreadable: false };
  }
  return decoded(parts.length === 1 ? parts[0] : Buffer.concat(parts, length));
}

function roundToPage(bytes: number): number {
  return Math.ceil(bytes / 4096) * 4096;
}

function decoded(bytes: Buffer): FileRead {
  if (looksBinary(bytes)) return { ok: false, reason: 'binary file', unreadable: false };
  const { text, invalidUtf8, ascii } = decodeForScan(bytes);
  return {
    ok: true,
    text,
    ...(ascii ? { ascii: bytes } : {}),
    notes: invalidUtf8 ? ['invalid UTF-8; scanned with replacement characters'] : [],
  };
}

export type FileScan<T> = { ok: true; text: string; result: T; notes: string[] } | { ok: false; reason: string; unreadable: boolean };

/**
 * Reads a file as `readForScan` does and scans its text with `scan`: the one path from disk to
 * findings that the CLI and the language server's workspace scan share.
 */
export async function scanFileOnDisk<T>(
  file: string,
  maxFileSizeKB: number,
  scan: (text: string, ascii?: Uint8Array) => Promise<T>,
  options: { blocking?: boolean } = {},
): Promise<FileScan<T>> {
  const read = options.blocking ? readForScanSync(file, maxFileSizeKB) : await readForScan(file, maxFileSizeKB);
  if (!read.ok) return read;
  return { ok: true, text: read.text, result: await scan(read.text, read.ascii), notes: read.notes };
}
