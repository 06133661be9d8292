import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { DEFAULT_HOLD_MS, type HoldTimer, type MaskSecret, MaskStream, StreamMasker, holdBound, maskVariants } from '../../src/core/mask';

/**
 * A simulated clock and scheduler: timers fire and deferred callbacks run only when the schedule
 * says so, in any order with data arrivals and pauses.
 */
class SimulatedTimer implements HoldTimer {
  private timers = new Map<number, () => void>();
  private deferred: (() => void)[] = [];
  private nextId = 1;

  set(callback: () => void, _ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, callback);
    return id;
  }

  clear(handle: unknown): void {
    this.timers.delete(handle as number);
  }

  defer(callback: () => void): void {
    this.deferred.push(callback);
  }

  fireTimers(): void {
    const due = [...this.timers.values()];
    this.timers.clear();
    for (const callback of due) callback();
  }

  runDeferred(): void {
    const due = this.deferred;
    this.deferred = [];
    for (const callback of due) callback();
  }
}

// Secrets over upper-case letters and digits; innocent text over other characters, so that any
// run of secret characters in the output came from a secret.
const LONG = 'QWERTYUIOPASDFGHJKLZXCVBNM123456';
const SHORT = 'ZXCV98765432';
const SECRETS: MaskSecret[] = [
  { name: 'long', value: LONG },
  { name: 'short', value: SHORT },
];
const CSI = /\x1b\[[0-9;]*[A-Za-z]/g;

const innocent = fc
  .array(fc.constantFrom('a', 'b', 'x', ' ', '.', ',', '\n', '\r\n', 'log line ', '\x1b[31m', '\x1b[0m', '\x1b[1;32m', 'é', '😀'), {
    maxLength: 12,
  })
  .map((parts) => parts.join(''));

/** A secret as it may arrive: whole, or split by a colour code at some point. */
const secretOccurrence = fc
  .record({ secret: fc.constantFrom(LONG, SHORT), split: fc.nat(), colour: fc.boolean() })
  .map(({ secret, split, colour }) => {
    if (!colour) return secret;
    const at = split % (secret.length + 1);
    return `${secret.slice(0, at)}\x1b[33m${secret.slice(at)}`;
  });

const stream = fc
  .array(fc.tuple(innocent, fc.option(secretOccurrence, { nil: undefined })), { maxLength: 6 })
  .map((parts) => parts.map(([text, secret]) => text + (secret ?? '')).join(''));

type Step = 'write' | 'fire' | 'defer' | 'pause' | 'resume';
const schedule = fc.array(fc.constantFrom<Step>('write', 'write', 'fire', 'defer', 'pause', 'resume'), { maxLength: 60 });

/** Feeds `input` through a MaskStream in pieces, following `steps`; returns everything emitted. */
function drive(input: string, cuts: number[], steps: Step[]): string {
  const timer = new SimulatedTimer();
  const out: string[] = [];
  const text = new MaskStream(SECRETS, { text: (data) => out.push(data) }, { timer, holdMs: DEFAULT_HOLD_MS });
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let at = 0;
  for (const p of [...points, input.length]) {
    pieces.push(input.slice(at, p));
    at = p;
  }
  for (const step of steps) {
    if (step === 'write') {
      if (pieces.length) text.write(pieces.shift()!);
    } else if (step === 'fire') timer.fireTimers();
    else if (step === 'defer') timer.runDeferred();
    else if (step === 'pause') text.pause();
    else text.resume();
  }
  for (const piece of pieces) {
    text.write(piece);
    timer.fireTimers();
    timer.runDeferred();
  }
  text.end();
  return out.join('');
}

/** The longest run of consecutive characters of `secret` that `output` shows. */
function longestRun(output: string, secret: string): number {
  const seen = output.replace(CSI, '');
  let best = 0;
  for (let i = 0; i < secret.length; i++) {
    for (let j = i + best + 1; j <= secret.length; j++) {
      if (!seen.includes(secret.slice(i, j))) break;
      best = j - i;
    }
  }
  return best;
}

describe('masker properties', function () {
  // Thousands of generated cases; generous on a loaded machine, never a speed check.
  this.timeout(300_000);

  it('never shows more consecutive characters of a secret than the hold bound, for any chunking and schedule', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), schedule, (input, cuts, steps) => {
        const output = drive(input, cuts, steps);
        for (const { value } of SECRETS) {
          const secret = value as string;
          assert.ok(longestRun(output, secret) <= holdBound(secret.length), `${JSON.stringify(input)} -> ${JSON.stringify(output)}`);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('leaves text without secrets unchanged, colours included, for any chunking and schedule', () => {
    fc.assert(
      fc.property(innocent, innocent, fc.array(fc.nat(), { maxLength: 12 }), schedule, (a, b, cuts, steps) => {
        const input = a + b;
        assert.equal(drive(input, cuts, steps), input);
      }),
      { numRuns: 300 },
    );
  });

  it('masks the same whatever the chunking, with every variant and view', () => {
    const value = 'p@ss/w0rd+=&?x y!*(1)"\\é';
    const secrets: MaskSecret[] = [{ name: 'pw', value }];
    const forms = maskVariants(value).map((v) => Buffer.from(v));
    const views = [
      Buffer.from(execFileSync('xxd', [], { input: Buffer.from(`##${value}##`) })),
      Buffer.from(execFileSync('od', ['-c'], { input: Buffer.from(`${value}.`) })),
      Buffer.from(execFileSync('hexdump', ['-C'], { input: Buffer.from(`.....${value}`) })),
      Buffer.from(execFileSync('base64', [], { input: Buffer.from(`${'.'.repeat(50)}${value}${'.'.repeat(50)}`) })),
      Buffer.from(`\x1b[1m${value.slice(0, 5)}\x1b[0m${value.slice(5)}`),
    ];
    const pieces = fc.constantFrom(...forms, ...views, Buffer.from(' text '), Buffer.from('\n'), Buffer.from('\x1b[31m'));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 10 }), fc.boolean(), (parts, cuts, detect) => {
        const input = Buffer.concat(parts);
        const options = { detectCredentials: detect };
        const masker = new StreamMasker(secrets, options);
        const out: Uint8Array[] = [];
        const write = (b: Uint8Array): void => void out.push(Buffer.from(b));
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((x, y) => x - y);
        let at = 0;
        for (const p of [...points, input.length]) {
          masker.push(input.subarray(at, p), write);
          at = p;
        }
        masker.flush(write);
        const whole = new StreamMasker(secrets, options);
        const reference: Uint8Array[] = [];
        whole.push(input, (b) => void reference.push(Buffer.from(b)));
        whole.flush((b) => void reference.push(Buffer.from(b)));
        assert.ok(Buffer.concat(out).equals(Buffer.concat(reference)), JSON.stringify(input.toString('latin1')));
        for (const part of parts) if (forms.some((f) => f.equals(part))) assert.ok(!Buffer.concat(out).includes(part));
      }),
      { numRuns: 300 },
    );
  });
});
