import { formatHostEntry, parseHostEntries } from '../secretless/hostEntry';
import { SopsError } from './sopsError';
import type { SopsValue } from './sopsFile';

/**
 * Where a team file keeps the hosts its values are bound to: one value under this top-level key,
 * a JSON object from reference name to host entries, `{"payments/stripe":["api.stripe.com"]}`.
 * It sits in the same file as the values it binds, under the same data key and MAC, so only a
 * member (who can read the values anyway) can change where one may go, and every member sees the
 * same hosts. The key is reserved: it is no secret, and `sops exec` leaves it out.
 */
export const TEAM_HOSTS_KEY = 'vaultify_hosts';

/** Whether a key path is the hosts home or inside it. */
export const isTeamHostsPath = (path: readonly string[]): boolean => path[0] === TEAM_HOSTS_KEY;

/**
 * The hosts home of a decrypted file, by reference name: empty when the file has none. Throws a
 * SopsError naming the file when the home is not one string of that JSON shape, holds an entry
 * that is not a host, or is kept where the MAC does not cover it (unencrypted, with
 * `mac_only_encrypted`): hosts anyone could change would decide where a value goes.
 */
export function readTeamHosts(file: string, values: readonly SopsValue[], macOnlyEncrypted: boolean): Map<string, string[]> {
  const home = values.filter((v) => isTeamHostsPath(v.path));
  if (home.length === 0) return new Map();
  const bad = (why: string): SopsError => new SopsError('format', `${file}: ${TEAM_HOSTS_KEY} ${why}`);
  if (home.length > 1 || home[0].path.length !== 1 || home[0].value.type !== 'str')
    throw bad('must be one string: a JSON object from secret name to hosts');
  if (!home[0].encrypted && macOnlyEncrypted)
    throw bad('is neither encrypted nor covered by the MAC (mac_only_encrypted), so it is not used');
  let parsed: unknown;
  try {
    parsed = JSON.parse(home[0].value.text);
  } catch {
    throw bad('is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw bad('must be a JSON object from secret name to hosts');
  const hosts = new Map<string, string[]>();
  for (const [name, entries] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string'))
      throw bad(`gives ${name} something other than a list of hosts`);
    const { entries: parsedEntries, errors } = parseHostEntries(entries as string[]);
    if (errors.length) throw bad(`for ${name}: ${errors.join(' ')}`);
    if (parsedEntries.length) hosts.set(name, parsedEntries.map(formatHostEntry));
  }
  return hosts;
}

/** The home's text for `hosts`, names sorted so that a change is one small diff; undefined when nothing is bound. */
export function teamHostsText(hosts: ReadonlyMap<string, readonly string[]>): string | undefined {
  const bound = [...hosts].filter(([, entries]) => entries.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return bound.length ? JSON.stringify(Object.fromEntries(bound)) : undefined;
}
