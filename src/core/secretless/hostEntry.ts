/**
 * The hosts a secret is bound to: `host`, `host:port`, or `*.domain` for exactly one label.
 * A secret with hosts reaches a process as a placeholder, and its value exists only on the wire
 * to a host that one of its entries matches.
 */

export interface HostEntry {
  /** Lower case, without the `*.` of a wildcard. */
  host: string;
  /** Absent: the default ports (443 and 80). */
  port?: number;
  /** `*.host`: one label in front of `host`, never `host` itself or deeper. */
  wildcard: boolean;
}

export type HostParse = { ok: true; entry: HostEntry } | { ok: false; error: string };

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DEFAULT_PORTS = [443, 80];

/** Hosts that reach this machine: bound only by an entry that names one port. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1' || h === '0.0.0.0';
}

function validHostname(host: string): boolean {
  if (host.length > 253) return false;
  const v4 = IPV4.exec(host);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  return host.split('.').every((label) => LABEL.test(label)) && !/^\d+$/.test(host.split('.').pop() ?? '');
}

/** Parses one entry as a person types it; the error says what is wrong in words. */
export function parseHostEntry(text: string): HostParse {
  const raw = text.trim().toLowerCase();
  if (raw === '') return { ok: false, error: 'A host entry is empty.' };
  if (/[/\s@?#]/.test(raw))
    return { ok: false, error: `"${text.trim()}" is not a host: give a name such as api.github.com, without a scheme or path.` };
  let host = raw;
  let port: number | undefined;
  const v6 = /^\[([0-9a-f:.]+)\](?::(\d+))?$/.exec(raw);
  if (v6) {
    host = `[${v6[1]}]`;
    if (v6[2] !== undefined) port = Number(v6[2]);
  } else {
    const colon = raw.lastIndexOf(':');
    if (colon >= 0) {
      const portText = raw.slice(colon + 1);
      if (!/^\d{1,5}$/.test(portText)) return { ok: false, error: `"${text.trim()}" has no valid port after the colon.` };
      port = Number(portText);
      host = raw.slice(0, colon);
    }
  }
  if (port !== undefined && (port < 1 || port > 65535)) return { ok: false, error: `"${text.trim()}" has a port outside 1-65535.` };
  const wildcard = host.startsWith('*.');
  if (wildcard) host = host.slice(2);
  if (host.includes('*')) return { ok: false, error: `"${text.trim()}": a wildcard may only be a leading "*." for one label.` };
  if (!v6 && !validHostname(host)) return { ok: false, error: `"${text.trim()}" is not a valid host name.` };
  if (wildcard && (IPV4.test(host) || v6 || host.split('.').length < 2)) {
    return { ok: false, error: `"${text.trim()}": a wildcard needs a domain of at least two labels, such as *.example.com.` };
  }
  if (isLoopbackHost(host) && (wildcard || port === undefined)) {
    return { ok: false, error: `"${text.trim()}" is this machine: name the one port to bind, such as localhost:8443.` };
  }
  return { ok: true, entry: port === undefined ? { host, wildcard } : { host, port, wildcard } };
}

/** Parses a list; every error, one per bad entry. Duplicates are dropped. */
export function parseHostEntries(texts: readonly string[]): { entries: HostEntry[]; errors: string[] } {
  const entries: HostEntry[] = [];
  const errors: string[] = [];
  for (const text of texts) {
    const parsed = parseHostEntry(text);
    if (!parsed.ok) errors.push(parsed.error);
    else if (!entries.some((e) => formatHostEntry(e) === formatHostEntry(parsed.entry))) entries.push(parsed.entry);
  }
  return { entries, errors };
}

export function formatHostEntry(entry: HostEntry): string {
  return `${entry.wildcard ? '*.' : ''}${entry.host}${entry.port === undefined ? '' : `:${entry.port}`}`;
}

function hostMatches(entry: HostEntry, host: string): boolean {
  if (!entry.wildcard) return host === entry.host;
  const dot = host.indexOf('.');
  return dot > 0 && host.slice(dot + 1) === entry.host;
}

/** Whether a request to `host:port` is bound by the entry. Host names compare without case and a trailing dot. */
export function entryMatches(entry: HostEntry, host: string, port: number): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!hostMatches(entry, h)) return false;
  return entry.port === undefined ? DEFAULT_PORTS.includes(port) : entry.port === port;
}

export function anyEntryMatches(entries: readonly HostEntry[], host: string, port: number): boolean {
  return entries.some((entry) => entryMatches(entry, host, port));
}

/** Whether every request `inner` binds is one `outer` binds too. */
export function entryCovers(outer: HostEntry, inner: HostEntry): boolean {
  if (inner.wildcard && !outer.wildcard) return false;
  if (outer.wildcard && !inner.wildcard ? !hostMatches(outer, inner.host) : outer.host !== inner.host) return false;
  if (outer.port === undefined) return inner.port === undefined || DEFAULT_PORTS.includes(inner.port);
  return inner.port === outer.port;
}

/**
 * A workspace or a driven call may narrow a secret's hosts, never widen them: every proposed
 * entry must be covered by a current one. An empty list is a widening when the secret has hosts,
 * because a secret without hosts is delivered in the process environment.
 */
export function narrowing(current: readonly HostEntry[], proposed: readonly HostEntry[]): { ok: true } | { ok: false; widened: string[] } {
  if (current.length === 0) return proposed.length === 0 ? { ok: true } : { ok: false, widened: proposed.map(formatHostEntry) };
  if (proposed.length === 0) return { ok: false, widened: ['(none: the value would be in the process environment)'] };
  const widened = proposed.filter((p) => !current.some((c) => entryCovers(c, p))).map(formatHostEntry);
  return widened.length === 0 ? { ok: true } : { ok: false, widened };
}

/** The requests both entries bind, as one entry; undefined when they share none. */
function entryIntersection(a: HostEntry, b: HostEntry): HostEntry | undefined {
  let host: { host: string; wildcard: boolean };
  if (a.wildcard === b.wildcard) {
    if (a.host !== b.host) return undefined;
    host = { host: a.host, wildcard: a.wildcard };
  } else {
    const [wild, plain] = a.wildcard ? [a, b] : [b, a];
    if (!hostMatches(wild, plain.host)) return undefined;
    host = { host: plain.host, wildcard: false };
  }
  if (a.port === undefined && b.port === undefined) return host;
  const ports = [a.port, b.port].filter((p): p is number => p !== undefined);
  const port = ports[0];
  if (ports.length === 2 ? ports[0] !== ports[1] : !DEFAULT_PORTS.includes(port)) return undefined;
  return { ...host, port };
}

/**
 * A secret's hosts narrowed to those a workspace allows: every request that both lists bind, and
 * nothing else, so the result never binds a request the secret's own hosts do not. Entries another
 * result entry covers are dropped. Empty when they share none.
 */
export function intersectHosts(secret: readonly HostEntry[], allowed: readonly HostEntry[]): HostEntry[] {
  const all = secret.flatMap((s) => allowed.map((a) => entryIntersection(s, a))).filter((e): e is HostEntry => e !== undefined);
  const unique = all.filter((e, i) => all.findIndex((o) => formatHostEntry(o) === formatHostEntry(e)) === i);
  return unique.filter((e) => !unique.some((o) => o !== e && entryCovers(o, e)));
}
