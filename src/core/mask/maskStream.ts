import { type MaskSecret, type MaskerOptions, StreamMasker } from './streamMasker';

/**
 * The timer that releases held bytes; tests pass a simulated one. `defer` runs a callback after
 * the input already pending has been read (setImmediate in Node: after the I/O callbacks that
 * are ready), so that an expired hold is re-checked only once that input had its chance.
 */
export interface HoldTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  defer(callback: () => void): void;
}

const systemTimer: HoldTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  defer: (callback) => void setImmediate(callback),
};

/**
 * Where masked output goes, once per write, release or end that produced any: as bytes (the
 * parts may share memory with the written chunk: use or copy them before returning), or as text
 * that never splits a code point.
 */
export type MaskOutput = { bytes(parts: Uint8Array[]): void } | { text(text: string): void };

export interface MaskStreamOptions extends MaskerOptions {
  /**
   * Held bytes are released this long (ms) after the last data arrived, so that an interactive
   * program never stalls on a prompt that begins like a secret. Without it they wait for more
   * data or the end: a pipe or a run whose output is read whole.
   */
  holdMs?: number;
  timer?: HoldTimer;
}

/**
 * The one stream adaptor between a process's output and the masker: the masked terminal's PTY,
 * agent runs, `vaultify mask` and `vaultify run` all write through it, so a PTY's line endings,
 * its chunking and the output pacer's pauses meet the same masking as a pipe. It takes bytes or
 * JavaScript strings (a PTY's output), keeps a string that ends between the two halves of a
 * surrogate pair until the next write, and times the hold when asked to.
 *
 * The hold never runs while reading is paused (`pause()`/`resume()`, called by whoever paces the
 * output): a paused reader is not a quiet program. When the timer fires, the release waits one
 * `defer` turn and is skipped if data arrived meanwhile; it shows at most the masker's hold
 * bound of any secret (StreamMasker.release).
 */
export class MaskStream {
  readonly masker: StreamMasker;
  private readonly holdMs: number | undefined;
  private readonly timer: HoldTimer;
  /** Used only when the output is text. */
  private readonly decoder = new TextDecoder('utf-8');
  private highSurrogate = '';
  private parts: Uint8Array[] = [];
  private handle: unknown;
  private paused = false;
  private disposed = false;
  /** Counts writes, so that a deferred release can tell whether data came in after its timer fired. */
  private writes = 0;

  constructor(
    secrets: readonly MaskSecret[],
    private readonly output: MaskOutput,
    options: MaskStreamOptions = {},
  ) {
    this.masker = new StreamMasker(secrets, options);
    this.holdMs = options.holdMs;
    this.timer = options.timer ?? systemTimer;
  }

  write(chunk: Uint8Array | string): void {
    if (this.disposed) return;
    this.writes++;
    this.masker.push(typeof chunk === 'string' ? this.encode(chunk) : chunk, this.collect);
    this.emit(false);
    this.arm();
  }

  /** Reading is paused: the hold stops counting until `resume()`. */
  pause(): void {
    this.paused = true;
    this.cancel();
  }

  /** Reading goes on: the hold counts again, from zero. */
  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    if (!this.disposed) this.arm();
  }

  /** Writes out everything held, masked where complete: the stream ended. */
  end(): void {
    this.cancel();
    if (this.highSurrogate) this.masker.push(Buffer.from(this.highSurrogate, 'utf8'), this.collect);
    this.highSurrogate = '';
    this.masker.flush(this.collect);
    this.emit(true);
  }

  /** Stops the hold timer without writing anything more. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  private encode(text: string): Uint8Array {
    text = this.highSurrogate + text;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return Buffer.from(text, 'utf8');
  }

  /** (Re)starts the hold from now: it is measured from the last data received. */
  private arm(): void {
    this.cancel();
    if (this.holdMs === undefined || this.paused || this.masker.heldLength === 0) return;
    const handle = this.timer.set(() => {
      if (this.handle !== handle) return;
      this.handle = undefined;
      const writes = this.writes;
      this.timer.defer(() => {
        if (this.disposed || this.paused || this.writes !== writes || this.handle !== undefined) return;
        this.masker.release(this.collect);
        this.emit(false);
      });
    }, this.holdMs);
    this.handle = handle;
  }

  private cancel(): void {
    if (this.handle === undefined) return;
    this.timer.clear(this.handle);
    this.handle = undefined;
  }

  private readonly collect = (bytes: Uint8Array): void => void this.parts.push(bytes);

  /** One output call per write, however many parts the masker produced. */
  private emit(ended: boolean): void {
    const parts = this.parts;
    this.parts = [];
    if ('bytes' in this.output) {
      if (parts.length) this.output.bytes(parts);
      return;
    }
    let text = '';
    for (const part of parts) text += this.decoder.decode(part, { stream: true });
    if (ended) text += this.decoder.decode();
    if (text) this.output.text(text);
  }
}
