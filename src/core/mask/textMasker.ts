import type { StreamMasker } from './streamMasker';

/** The timer that releases held bytes; tests pass a fake one. */
export interface HoldTimer {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const DEFAULT_HOLD_MS = 30;

const systemTimer: HoldTimer = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface TextMaskerOptions {
  /** How long bytes that could begin a secret may be held before they are shown. Default 30. */
  holdMs?: number;
  timer?: HoldTimer;
}

/**
 * A masker for text that arrives as JavaScript strings (a PTY's output) and leaves through a
 * callback (a Pseudoterminal's onDidWrite). Held bytes are released after `holdMs`, so an
 * interactive program never stalls on a prompt that happens to begin like a secret. Output never
 * splits a code point, and a string that ends between the two halves of a surrogate pair keeps
 * the first half until the next write.
 */
export class TextMasker {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly holdMs: number;
  private readonly timer: HoldTimer;
  private highSurrogate = '';
  private decoded = '';
  private handle: unknown;
  /** The held prefix the timer runs for: a new prefix gets its own full `holdMs`. */
  private armedFor = -1;

  constructor(
    readonly masker: StreamMasker,
    private readonly onData: (text: string) => void,
    options: TextMaskerOptions = {},
  ) {
    this.holdMs = options.holdMs ?? DEFAULT_HOLD_MS;
    this.timer = options.timer ?? systemTimer;
  }

  write(text: string): void {
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
    this.cancel();
  }

  private arm(): void {
    if (this.masker.heldLength === 0) return this.cancel();
    if (this.handle !== undefined && this.armedFor === this.masker.heldFrom) return;
    this.cancel();
    this.armedFor = this.masker.heldFrom;
    this.handle = this.timer.set(() => {
      this.handle = undefined;
      this.masker.flush(this.decode);
      this.emit();
    }, this.holdMs);
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
