import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import fc from 'fast-check';
import { StreamSwapper, makePlaceholder, responsePairs } from '../../src/core/secretless';
import { BATCH_BYTES, QUEUED_BYTES, relaySwapped } from '../../src/core/secretless/swapRelay';
import { fakeGitHubToken } from '../support/fakeCredentials';

/** A sink that takes one write per turn of the event loop, and remembers the most it ever held. */
function slowSink(): { sink: Writable; written: Buffer[]; done: Promise<void>; mostQueued: () => number } {
  const written: Buffer[] = [];
  let most = 0;
  const sink = new Writable({
    highWaterMark: 16 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      most = Math.max(most, sink.writableLength);
      written.push(chunk);
      setImmediate(callback);
    },
  });
  const done = new Promise<void>((resolve, reject) => sink.on('finish', resolve).on('error', reject));
  return { sink, written, done, mostQueued: () => most };
}

/** A source that yields the given chunks one per turn, as a socket does. */
function source(chunks: Buffer[]): Readable {
  let i = 0;
  return new Readable({
    highWaterMark: 16 * 1024,
    read() {
      setImmediate(() => this.push(i < chunks.length ? chunks[i++] : null));
    },
  });
}

function split(input: Buffer, cuts: number[]): Buffer[] {
  const chunks: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    chunks.push(input.subarray(at, cut));
    at = cut;
  }
  chunks.push(input.subarray(at));
  return chunks.filter((c) => c.length > 0);
}

describe('secretless swap relay', () => {
  const value = fakeGitHubToken();
  const placeholder = makePlaceholder(value);
  const pairs = responsePairs([{ name: 'gh/token', value, placeholder }]);
  const oneShot = (input: Buffer): Buffer => {
    const swapper = new StreamSwapper(pairs);
    return Buffer.concat([swapper.push(input), swapper.end()]);
  };

  it('property: what reaches the sink is the one-shot swap of what the source yields, in any chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.constant(value),
            fc.constant(value.slice(0, 9)),
            fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
          ),
          {
            maxLength: 10,
          },
        ),
        fc.array(fc.nat(), { maxLength: 8 }),
        async (pieces, rawCuts) => {
          const input = Buffer.from(pieces.join(''), 'latin1');
          const { sink, written, done } = slowSink();
          relaySwapped(
            source(
              split(
                input,
                rawCuts.map((c) => c % (input.length + 1)),
              ),
            ),
            sink,
            new StreamSwapper(pairs),
          );
          await done;
          assert.deepEqual(Buffer.concat(written), oneShot(input));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gathers what one turn yields into one write, and pauses the source while a slow sink holds more than a few batches', async () => {
    const record = 16 * 1024;
    const input = Buffer.concat([randomBytes(BATCH_BYTES * 5), Buffer.from(value, 'latin1'), randomBytes(record * 10)]);
    const chunks = split(
      input,
      Array.from({ length: Math.floor(input.length / record) }, (_, i) => (i + 1) * record),
    );
    // Every chunk at once, as a TLS socket hands over the records of one read.
    const readable = new Readable({ read() {} });
    let paused = false;
    readable.on('pause', () => (paused = true));
    const { sink, written, done, mostQueued } = slowSink();
    relaySwapped(readable, sink, new StreamSwapper(pairs));
    for (const chunk of chunks) readable.push(chunk);
    readable.push(null);
    await done;
    assert.deepEqual(Buffer.concat(written), oneShot(input));
    assert.ok(written.length < chunks.length / 4, `${written.length} writes for ${chunks.length} records`);
    assert.ok(paused, 'the source was never paused');
    assert.ok(mostQueued() <= QUEUED_BYTES + BATCH_BYTES, `the sink held ${mostQueued()} bytes`);
  });

  it('swaps only the first `limit` bytes and passes the rest as it came', async () => {
    const input = Buffer.from(`${value}|${value}|${value}`, 'latin1');
    const limit = value.length + 1 + 5;
    const { sink, written, done } = slowSink();
    relaySwapped(source(split(input, [3, limit - 2, limit + 4])), sink, new StreamSwapper(pairs), limit);
    await done;
    assert.equal(Buffer.concat(written).toString('latin1'), `${placeholder}|${value}|${value}`);
  });
});
