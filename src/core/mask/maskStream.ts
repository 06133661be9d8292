import type { StreamMasker } from './streamMasker';
import { DEFAULT_HOLD_MS } from './maskDefaults';

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

export interface TextMaskerOptions {
  /** How long after the last data bytes that could begin a secret are held before they are released. Default 30. */
  holdMs?: number;
  timer?: HoldTimer;
}

/**
 * A masker for text that arrives as JavaScript strings (a PTY's output) and leaves through a
 * callback (a Pseudoterminal's onDidWrite). Held bytes are released `holdMs` after the last data
 * arrived, so an interactive program never stalls on a prompt that happens to begin like a
 * secret; the release shows at most the masker's hold bound of any secret (StreamMasker.release).
 *
 * The hold never runs while reading is paused (`pause()`/`resume()`, called by whoever paces the
 * output): a paused reader is not a quiet program. When the timer fires, the release waits one
 * `defer` turn and is skipped if data arrived meanwhile. Output never splits a code point, and a
 * string that ends between the two halves of a surrogate pair keeps the first half until the next write.
 */
export class TextMasker {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly holdMs: number;
  private readonly timer: HoldTimer;
  private highSurrogate = '';
  private decoded = '';
  private handle: unknown;
  private paused = false;
  private disposed = false;
  /** Counts writes, so that a deferred release can tell whether data came in after its timer fired. */
  private writes = 0;

  constructor(
    readonly masker: StreamMasker,
    private readonly onData: (text: string) => void,
    options: TextMaskerOptions = {},
  ) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.timer = options.timer ?? systemTimer;
  }

  write(text: string): void {
    if (this.disposed) return;
    this.writes++;
    text = this.highSurrogate + text;
    this.highSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.masker.push(Buffer.from(text, 'utf8'), this.decode);
    this.emit();
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

  /** Writes out everything held, masked where complete: when the stream ends. */
  flush(): void {
    this.cancel();
    if (this.highSurrogate) this.masker.push(Buffer.from(this.highSurrogate, 'utf8'), this.decode);
    this.highSurrogate = '';
    this.masker.flush(this.decode);
    this.decoded += this.decoder.decode();
    this.emit();
  }

  /** Stops the hold timer without writing anything more. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
  }

  /** (Re)starts the hold from now: it is measured from the last data received. */
  private arm(): void {
    this.cancel();
    if (this.paused || this.masker.heldLength === 0) return;
    const handle = this.timer.set(() => {
      if (this.handle !== handle) return;
      this.handle = undefined;
      const writes = this.writes;
      this.timer.defer(() => {
        if (this.disposed || this.paused || this.writes !== writes || this.handle !== undefined) return;
        this.masker.release(this.decode);
        this.emit();
      });
    }, this.holdMs);
    this.handle = handle;
  }

  private cancel(): void {
    if (this.handle === undefined) return;
    this.timer.clear(this.handle);
    this.handle = undefined;
  }

  private readonly decode = (bytes: Uint8Array): void => {
    this.decoded += this.decoder.decode(bytes, { stream: true });
  };

  /** One onData call per write, however many parts the masker produced. */
  private emit(): void {
    if (!this.decoded) return;
    const text = this.decoded;
    this.decoded = '';
    this.onData(text);
  }
}
