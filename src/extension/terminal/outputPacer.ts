/** Characters shown between two round trips; VS Code's own terminals pause at 100,000 unacknowledged. */
export const PACE_BUDGET_CHARS = 100_000;

/**
 * Flow control for a Pseudoterminal. VS Code acknowledges nothing an extension terminal writes,
 * so a process printing 100 MB at once would be read as fast as it writes and queued between the
 * extension host and the window: memory grows, and the window stops answering while it catches
 * up. After every `budget` characters shown, the pacer stops reading the process until `delivered`
 * resolves: a round trip to the window, which answers only once the output sent before it has
 * arrived. Meanwhile the process blocks on its full PTY or pipe, so memory stays flat and input
 * such as Ctrl-C still gets through.
 */
export class OutputPacer {
  private spent = 0;
  private waiting = false;
  private disposed = false;

  constructor(
    private readonly source: { pause(): void; resume(): void },
    private readonly delivered: () => PromiseLike<unknown>,
    private readonly budget = PACE_BUDGET_CHARS,
  ) {}

  /** Counts what was just shown; pauses the source when the budget is spent. */
  shown(chars: number): void {
    this.spent += chars;
    if (this.spent < this.budget || this.waiting || this.disposed) return;
    this.waiting = true;
    this.source.pause();
    const resume = (): void => {
      this.waiting = false;
      this.spent = 0;
      if (!this.disposed) this.source.resume();
    };
    Promise.resolve().then(this.delivered).then(resume, resume);
  }

  dispose(): void {
    this.disposed = true;
  }
}
