/** How long a denied name stays denied to the requester that asked for it. */
export const DENIAL_MEMORY_MS = 10 * 60 * 1000;

/**
 * Names a person denied, per requester, for ten minutes: an agent that asks again at once is
 * answered without a new prompt, so a loop of requests cannot wear the person down.
 */
export class DenialMemory {
  private readonly denied = new Map<string, number>();

  constructor(private readonly now: () => number) {}

  remember(requester: string, name: string): void {
    this.denied.set(key(requester, name), this.now());
  }

  /** When the denial ends (epoch ms), or undefined when `name` may be asked for. */
  deniedUntil(requester: string, name: string): number | undefined {
    const at = this.denied.get(key(requester, name));
    if (at === undefined) return undefined;
    const until = at + DENIAL_MEMORY_MS;
    if (this.now() < until) return until;
    this.denied.delete(key(requester, name));
    return undefined;
  }
}

const key = (requester: string, name: string): string => `${requester}\0${name}`;

/** Runs tasks one after another in the order they came: one prompt on screen at a time. */
export class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
