import { randomBytes } from 'node:crypto';

const LINK_LIFETIME_MS = 10 * 60_000;

/**
 * What tells a person's click from a driven call when a command arrives with arguments. VS Code
 * hands the very argument object of a code action, a CodeLens or a tree item back to the command
 * when a person clicks it, so those are marked by identity: a lookalike built by another
 * extension is not the same object. A hover link's arguments travel as JSON, so they carry a
 * random single-use token instead, minted when the hover is shown.
 */
export class PersonMarks {
  private readonly objects = new WeakSet<object>();
  private readonly links = new Map<string, number>();

  /** Marks an argument object that Vaultify's own UI hands to a command. */
  mark<T extends object>(args: T): T {
    this.objects.add(args);
    return args;
  }

  /** A token for one hover link; it works once, within ten minutes. */
  linkToken(now = Date.now()): string {
    for (const [token, expires] of this.links) if (expires <= now) this.links.delete(token);
    const token = randomBytes(16).toString('hex');
    this.links.set(token, now + LINK_LIFETIME_MS);
    return token;
  }

  /** Whether these arguments came from Vaultify's own UI; a link token is used up. */
  isPerson(args: object, now = Date.now()): boolean {
    if (this.objects.has(args)) return true;
    const token = (args as { person?: unknown }).person;
    if (typeof token !== 'string') return false;
    const expires = this.links.get(token);
    this.links.delete(token);
    return expires !== undefined && expires > now;
  }
}
