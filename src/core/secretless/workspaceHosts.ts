import { formatHostEntry, intersectHosts, parseHostEntries } from './hostEntry';

/** The workspace setting that narrows secrets' hosts, as messages name it. */
export const ALLOWED_HOSTS_SETTING = '"vaultify.secretless.allowedHosts"';

export interface WorkspaceNarrowing<T> {
  /** Every secret, a bound one with its hosts narrowed to what the workspace allows. */
  secrets: T[];
  /** The bound secrets whose hosts the workspace changed, as narrowed. */
  narrowed: T[];
  /** Set when a bound secret has no host left: the run is refused, never widened to the environment. */
  refusal?: { reason: string; message: string };
}

/**
 * A workspace's `secretless.allowedHosts` applied to the secrets of one run: each bound secret's
 * hosts intersected with the allowed ones. Secrets without hosts are not host-bound, so there is
 * nothing to narrow; an empty allowed list narrows nothing. The window and the CLI both decide here.
 */
export function narrowToAllowedHosts<T extends { name: string; hosts?: readonly string[] }>(
  secrets: readonly T[],
  allowedHosts: readonly string[],
): WorkspaceNarrowing<T> {
  if (!allowedHosts.length) return { secrets: [...secrets], narrowed: [] };
  const allowed = parseHostEntries(allowedHosts).entries;
  const narrowed: T[] = [];
  const outside: string[] = [];
  const result = secrets.map((s) => {
    if (!s.hosts?.length) return s;
    const hosts = intersectHosts(parseHostEntries(s.hosts).entries, allowed).map(formatHostEntry);
    const next = { ...s, hosts };
    if (!hosts.length) outside.push(s.name);
    else if (hosts.join('\n') !== s.hosts.join('\n')) narrowed.push(next);
    return next;
  });
  if (!outside.length) return { secrets: result, narrowed };
  const one = outside.length === 1;
  const reason = `${outside.map((n) => `"${n}"`).join(', ')} ${one ? 'is' : 'are'} bound only to hosts outside ${ALLOWED_HOSTS_SETTING} of this workspace`;
  const message = `${reason} (${allowedHosts.join(', ')}), so ${one ? 'it is' : 'they are'} not released for this run. A workspace can narrow a secret's hosts, never widen them. Nothing was released.`;
  return { secrets: result, narrowed, refusal: { reason, message } };
}
