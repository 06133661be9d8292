import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_HOLD_MS, type HoldTimer, MaskStream } from '../../src/core/mask';

/** A timer that fires only when the test says so, and records the delay it was given. */
class FakeTimer implements HoldTimer {
  private callbacks = new Map<number, () => void>();
  private deferred: (() => void)[] = [];
  private nextId = 1;
  readonly delays: number[] = [];

  set(callback: () => void, ms: number): unknown {
    this.delays.push(ms);
    const id = this.nextId++;
    this.callbacks.set(id, callback);
    return id;
  }

  clear(handle: unknown): void {
    this.callbacks.delete(handle as number);
  }

  get armed(): number {
    return this.callbacks.size;
  }

  defer(callback: () => void): void {
    this.deferred.push(callback);
  }

  /** Fires the armed timers, then runs what they deferred (no input arrives in between). */
  fire(): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending) callback();
    this.runDeferred();
  }

  /** Fires the armed timers only: what they defer waits for runDeferred(). */
  fireOnly(): void {
    const pending = [...this.callbacks.values()];
    this.callbacks.clear();
    for (const callback of pending) callback();
  }

  runDeferred(): void {
    const deferred = this.deferred;
    this.deferred = [];
    for (const callback of deferred) callback();
  }
}

function setup(value = 'ghp_FAKEtoken0001', holdMs = DEFAULT_HOLD_MS) {
  const timer = new FakeTimer();
  const written: string[] = [];
  const text = new MaskStream([{ name: 'TOKEN', value }], { text: (data) => written.push(data) }, { timer, holdMs });
  return { timer, written, masker: text.masker, text, output: () => written.join('') };
}

describe('mask stream over text', function () {
  // The property test generates a hundred cases; generous on a loaded machine, never a speed check.
  this.timeout(60_000);

  it('writes text that cannot begin a secret at once, with no timer', () => {
    const { text, timer, output } = setup();
    text.write('$ printenv TOKEN\r\n');
    assert.equal(output(), '$ printenv TOKEN\r\n');
    assert.equal(timer.armed, 0);
  });

  it('masks a secret that arrives in pieces, holding only its prefix', () => {
    const { text, timer, output } = setup();
    text.write('value: ghp_FA');
    assert.equal(output(), 'value: ');
    assert.equal(timer.armed, 1);
    text.write('KEtoken0001\r\n$ ');
    assert.equal(output(), 'value: [masked vault:TOKEN]\r\n$ ');
    assert.equal(timer.armed, 0);
  });

  it('releases a held prefix after holdMs, then masks the rest if the secret completes', () => {
    const { text, timer, output } = setup(undefined, 45);
    text.write('Password? ghp_');
    assert.equal(output(), 'Password? ');
    assert.deepEqual(timer.delays, [45]);
    timer.fire();
    assert.equal(output(), 'Password? ghp_');
    text.write('FAKEtoken0001 done');
    assert.equal(output(), 'Password? ghp_[masked vault:TOKEN] done');
  });

  it('measures the hold from the last data received: every write re-arms it', () => {
    const { text, timer } = setup();
    text.write('ghp_');
    text.write('FAKE');
    assert.equal(timer.delays.length, 2);
    assert.equal(timer.armed, 1);
    text.write('x ghp_');
    assert.equal(timer.delays.length, 3);
    assert.equal(timer.armed, 1);
  });

  it('shows the token of a secret, not its prefix, when a hold on more than the bound expires', () => {
    const { text, timer, output } = setup('ghp_FAKEtoken0001abcdefghijklmnop');
    text.write('TOKEN=ghp_FAKEtoken00');
    assert.equal(output(), 'TOKEN=');
    timer.fire();
    assert.equal(output(), 'TOKEN=[masked vault:TOKEN]');
    text.write('01abcdefghijklmnop and more\r\n');
    assert.equal(output(), 'TOKEN=[masked vault:TOKEN] and more\r\n');
  });

  it('does not count the hold while reading is paused, and restarts it on resume', () => {
    const { text, timer, output } = setup('ghp_FAKEtoken0001abcdefghijklmnop');
    text.write('TOKEN=ghp_FAKE');
    text.pause();
    assert.equal(timer.armed, 0);
    timer.fire();
    assert.equal(output(), 'TOKEN=');
    text.resume();
    assert.equal(timer.armed, 1);
    text.write('token0001abcdefghijklmnop.');
    assert.equal(output(), 'TOKEN=[masked vault:TOKEN].');
  });

  it('releases a prompt that begins like a dump line, but holds a partial dump line until its end', () => {
    const { text, timer, output } = setup();
    text.write('   > ');
    timer.fire();
    assert.equal(output(), '   > ');
    text.write('\n00000000: 4142 4344 4546 4748');
    timer.fire();
    assert.equal(output(), '   > \n');
    text.write(' 494a  ABCDEFGHIJ\n');
    assert.equal(output(), '   > \n00000000: 4142 4344 4546 4748 494a  ABCDEFGHIJ\n');
  });

  it('skips a release when data arrived between the timer firing and its deferred check', () => {
    const { text, timer, output } = setup('ghp_FAKEtoken0001abcdefghijklmnop');
    text.write('x ghp_');
    timer.fireOnly();
    text.write('FAKEtoken0001abcdefghijklmnop y');
    timer.runDeferred();
    assert.equal(output(), 'x [masked vault:TOKEN] y');
  });

  it('never splits a code point or a surrogate pair, whatever the input split', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.array(fc.nat(), { maxLength: 6 }), (tail, cuts) => {
        const input = `é€😀 ghp_FAKEtoken0001 ${tail} ghp_FAKE😀`;
        const { text, written } = setup();
        const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        let at = 0;
        for (const p of [...points, input.length]) {
          text.write(input.slice(at, p));
          at = p;
        }
        text.end();
        for (const piece of written) assert.ok(!piece.includes('\ufffd') || tail.includes('\ufffd'), JSON.stringify(piece));
        assert.equal(written.join(''), `é€😀 [masked vault:TOKEN] ${tail} ghp_FAKE😀`);
      }),
    );
  });

  it('flushes held bytes and a trailing half surrogate pair when the stream ends', () => {
    const { text, timer, output } = setup();
    text.write('end ghp_FAKE');
    text.write('\ud83d');
    text.end();
    assert.equal(output(), 'end ghp_FAKE\ufffd');
    assert.equal(timer.armed, 0);
  });

  it('masks a value added while the terminal is open, as well as the old one', () => {
    const { text, masker, output } = setup('old-value-1234');
    text.write('a old-value-1234 ');
    masker.addSecrets([{ name: 'TOKEN', value: 'new-value-5678' }]);
    text.write('b new-value-5678 c old-value-1234\r\n');
    assert.equal(output(), 'a [masked vault:TOKEN] b [masked vault:TOKEN] c [masked vault:TOKEN]\r\n');
  });

  it('stops its timer on dispose', () => {
    const { text, timer, output } = setup();
    text.write('ghp_');
    text.dispose();
    assert.equal(timer.armed, 0);
    assert.equal(output(), '');
  });
});
