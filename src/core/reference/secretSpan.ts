import { lineEndAt, lineStartAt } from './values/valueContext';

/**
 * The credential inside a larger selected text, where the text's shape says exactly where it
 * is: the password of a URL, the credential after an HTTP authorization scheme, the password
 * of a `key=value;` connection string. Only the credential moves to the vault; the rest of
 * the text stays readable.
 */
const INNER_SECRET: readonly RegExp[] = [
  /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:]*:([^\s/?#@]+)@\S*$/d,
  /^(?:(?:Proxy-)?Authorization:\s*)?(?:Bearer|Token)\s+(\S+)$/di,
  /^(?:[^=;]+=[^;]*;)*\s*(?:password|pwd)\s*=\s*([^;\s](?:[^;]*[^;\s])?)\s*(?:;.*)?$/dis,
];

/** `[start, end)` narrowed to the credential inside it, or unchanged when it has no such shape. */
export function narrowToSecret(text: string, start: number, end: number): [number, number] {
  const selected = text.slice(start, end);
  for (const pattern of INNER_SECRET) {
    const match = pattern.exec(selected);
    const span = match?.indices?.[1];
    if (span) return [start + span[0], start + span[1]];
  }
  return [start, end];
}

export interface UrlCredential {
  scheme: string;
  user: string;
  host: string;
}

/** The URL whose password is exactly `[start, end)`: `scheme://user:[start, end)@host`. */
export function urlPasswordAt(text: string, start: number, end: number): UrlCredential | undefined {
  const lineStart = Math.max(lineStartAt(text, start), start - 1024);
  const lineEnd = Math.min(lineEndAt(text, end), end + 1024);
  const before = /([A-Za-z][A-Za-z0-9+.-]*):\/\/([^\s/?#@:'"`]*):$/.exec(text.slice(lineStart, start));
  const after = /^@([^\s/?#:@'"`]+)/.exec(text.slice(end, lineEnd));
  if (!before || !after || /[\s/?#@]/.test(text.slice(start, end))) return undefined;
  return { scheme: before[1], user: before[2], host: after[1] };
}
