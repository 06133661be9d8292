import { type HostEntry, formatHostEntry, isLoopbackHost } from './hostEntry';

/** A bound host and the variable that holds the placeholder git should authenticate with there. */
export interface GitCredential {
  entry: HostEntry;
  variable: string;
}

export interface SecretlessEnvironmentInput {
  /** `http://RUN:TOKEN@127.0.0.1:PORT` */
  proxyUrl: string;
  /** The trust bundle: system CAs and Vaultify's CA. */
  bundlePath: string;
  /** Every host a secret of the run is bound to. */
  hosts: readonly HostEntry[];
  gitCredentials: readonly GitCredential[];
  /** The environment the run starts from: its NO_PROXY and GIT_CONFIG_COUNT are extended. */
  base: NodeJS.ProcessEnv;
}

const TRUST_VARIABLES = ['SSL_CERT_FILE', 'NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO'];

/** An entry's host: no leading `.` or `*.`, no port, no brackets (a bare IPv6 address keeps its colons). */
function nameOf(entry: string): string {
  const name = entry
    .trim()
    .toLowerCase()
    .replace(/^\*?\./, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(name);
  if (bracketed) return bracketed[1];
  return name.split(':').length === 2 ? name.replace(/:\d+$/, '') : name;
}

/** Whether a NO_PROXY entry would send a request to a bound host around the proxy. */
function bypasses(entry: string, hosts: readonly HostEntry[]): boolean {
  const name = nameOf(entry);
  if (name === '*') return true;
  return hosts.some((h) => {
    if (isLoopbackHost(h.host) && (isLoopbackHost(name) || name.startsWith('127.') || name === '::1')) return true;
    // Related in either direction: a suffix rule for the host, or a host inside a wildcard's domain.
    return h.host === name || h.host.endsWith(`.${name}`) || (h.wildcard && name.endsWith(`.${h.host}`));
  });
}

/** NO_PROXY without the entries that would let a bound host's requests around the proxy. */
export function narrowedNoProxy(noProxy: string | undefined, hosts: readonly HostEntry[]): string {
  return (noProxy ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '' && !bypasses(e, hosts))
    .join(',');
}

/** A credential helper that answers git with the placeholder the run's environment holds: no value, no file. */
function credentialHelper(variable: string): string {
  return `!f() { test "$1" = get && printf 'username=%s\\npassword=%s\\n' x-access-token "$${variable}"; }; f`;
}

function credentialUrls(entry: HostEntry): string[] {
  const host = formatHostEntry(entry);
  return entry.port === undefined ? [`https://${host}`] : [`https://${host}`, `http://${host}`];
}

/**
 * The variables that send a run's HTTP through the proxy and make it trust Vaultify's CA: proxy
 * variables in both cases (tools read one or the other), NO_PROXY without the bound hosts,
 * Node's env-proxy switch, the bundle for OpenSSL, Node, Python, curl and git, and git's config
 * for the proxy, its CA and a credential helper for each bound host.
 */
export function secretlessEnvironment(input: SecretlessEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY']) {
    env[name] = input.proxyUrl;
    env[name.toLowerCase()] = input.proxyUrl;
  }
  const noProxy = narrowedNoProxy(input.base.NO_PROXY ?? input.base.no_proxy, input.hosts);
  env.NO_PROXY = noProxy;
  env.no_proxy = noProxy;
  env.NODE_USE_ENV_PROXY = '1';
  for (const name of TRUST_VARIABLES) env[name] = input.bundlePath;
  const config: [string, string][] = [
    ['http.proxy', input.proxyUrl],
    ['http.sslCAInfo', input.bundlePath],
  ];
  for (const { entry, variable } of input.gitCredentials) {
    for (const url of credentialUrls(entry)) {
      // An empty helper first: the user's own helpers never answer for a bound host.
      config.push([`credential.${url}.helper`, ''], [`credential.${url}.helper`, credentialHelper(variable)]);
    }
  }
  const start = Number(input.base.GIT_CONFIG_COUNT ?? 0) || 0;
  config.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${start + i}`] = key;
    env[`GIT_CONFIG_VALUE_${start + i}`] = value;
  });
  env.GIT_CONFIG_COUNT = String(start + config.length);
  return env;
}
