import type { Readable, Writable } from 'node:stream';
import type { StreamSwapper } from './streamSwapper';

/** The most gathered for one write: the source pauses there until the write at the end of the turn. */
const BATCH_BYTES = 256 * 1024;
/** The source stays paused while the sink holds more than this: a few batches, so reading goes on while the last one is sent. */
const QUEUED_BYTES = 2 * BATCH_BYTES;

/**
 * Relays `source` into `sink` through a swapper and ends `sink` with it; the first `limit` bytes
 * are swapped, the rest pass as they are. A TLS socket hands over one 16 KB record at a time;
 * what arrives in one turn of the event loop is written as one buffer at the end of that turn, so
 * the sink's socket encrypts and sends it at once instead of record by record, and never gets two
 * writes in one turn (which a socket would gather and copy into one again). A plain 'data'
 * listener with pause and resume: a Transform between the two would add two stream queues and
 * their callbacks per record.
 */
export function relaySwapped(source: Readable, sink: Writable, swapper: StreamSwapper, limit = Infinity): void {
  let seen = 0;
  let batch: Buffer[] = [];
  let batched = 0;
  let scheduled = false;
  let paused = false;
  let draining = false;
  const add = (out: Buffer): void => {
    if (out.length === 0) return;
    batch.push(out);
    batched += out.length;
  };
  const write = (): void => {
    if (batched === 0) return;
    sink.write(batch.length === 1 ? batch[0] : Buffer.concat(batch, batched));
    batch = [];
    batched = 0;
  };
  const resume = (): void => {
    draining = false;
    paused = false;
    source.resume();
  };
  const flush = (): void => {
    scheduled = false;
    write();
    if (sink.writableLength > QUEUED_BYTES) {
      if (!paused) source.pause();
      paused = true;
      if (!draining) sink.once('drain', resume);
      draining = true;
    } else if (paused && !draining) resume();
  };
  source.on('data', (chunk: Buffer) => {
    if (seen >= limit) add(chunk);
    else {
      const within = Math.min(chunk.length, limit - seen);
      seen += chunk.length;
      add(swapper.push(within === chunk.length ? chunk : chunk.subarray(0, within)));
      if (within < chunk.length) {
        add(swapper.end());
        add(chunk.subarray(within));
      }
    }
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    if (batched >= BATCH_BYTES && !paused) {
      paused = true;
      source.pause();
    }
  });
  source.once('end', () => {
    add(swapper.end());
    write();
    sink.end();
  });
}
