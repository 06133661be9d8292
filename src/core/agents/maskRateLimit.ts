/** How much masking one window answers in a rolling window of time, whoever asks. */
export interface MaskLimits {
  requests: number;
  bytes: number;
  windowMs: number;
}

/**
 * Enough for an agent's every tool call, far too little to test guesses against stored values
 * by the thousand.
 */
export const MASK_LIMITS: MaskLimits = { requests: 120, bytes: 16 * 1024 * 1024, windowMs: 60_000 };

/** A sliding-window count of mask requests and their bytes. */
export class MaskRateLimit {
  private taken: { at: number; bytes: number }[] = [];

  constructor(
    private readonly limits: MaskLimits = MASK_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one request of `bytes`, or returns why it is refused (and counts nothing). */
  take(bytes: number): string | undefined {
    const now = this.now();
    this.taken = this.taken.filter((t) => t.at > now - this.limits.windowMs);
    const used = this.taken.reduce((sum, t) => sum + t.bytes, 0);
    if (this.taken.length >= this.limits.requests || used + bytes > this.limits.bytes) {
      const oldest = this.taken[0]?.at ?? now;
      const wait = Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000));
      const seconds = Math.round(this.limits.windowMs / 1000);
      return `Vaultify refused this mask request: this VS Code window masks at most ${this.limits.requests} requests and ${Math.round(this.limits.bytes / (1024 * 1024))} MB in ${seconds} s, so that masking cannot be used to test guesses against stored values. Try again in ${wait} s.`;
    }
    this.taken.push({ at: now, bytes });
    return undefined;
  }
}
