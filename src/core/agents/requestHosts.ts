/**
 * The hosts an agent says a requested credential will go to, and whether a value's detected kind
 * fits them. Kept small and on its own: the per-secret host binding of secretless delivery owns
 * host entries and the suggested hosts per kind once it lands, and replaces this module.
 */

/** `host`, `host:port` or `*.host` (one leading label); lower-case letters, digits, `-` and `.`. */
const HOST_ENTRY = /^(\*\.)?([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(:\d{1,5})?$/;

/** Why a host entry is refused, in words for the agent; undefined when it is valid. */
export function hostProblem(entry: string): string | undefined {
  if (!entry) return 'a host is empty';
  if (entry.length > 260) return 'a host is longer than 260 characters';
  if (/[A-Z]/.test(entry)) return `"${entry}" must be lower case`;
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(entry) || entry.includes('/'))
    return `"${entry}" must be a host name, not a URL (write api.example.com, not https://api.example.com/v1)`;
  if (!HOST_ENTRY.test(entry)) return `"${entry}" is not a host name (api.example.com, api.example.com:8443 or *.example.com)`;
  const port = entry.match(/:(\d+)$/)?.[1];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return `"${entry}" has a port outside 1-65535`;
  return undefined;
}

/** Whether `host` (no port) falls under `pattern`: equal, or one label below a `*.` pattern. Ports are ignored. */
export function hostMatches(pattern: string, host: string): boolean {
  const bare = (entry: string): string => entry.replace(/:\d+$/, '');
  const p = bare(pattern);
  const h = bare(host).replace(/^\*\./, '');
  if (!p.startsWith('*.')) return p === h;
  const parent = p.slice(2);
  return h.endsWith(`.${parent}`) && !h.slice(0, -parent.length - 1).includes('.');
}

/**
 * The hosts a vendor's credentials are used with, by the first word of the detected kind
 * (`github-pat` → github). Only vendors whose API hosts are fixed: self-hosted products (GitLab,
 * GitHub Enterprise) still fit their public hosts here and are asked about elsewhere.
 */
const VENDOR_HOSTS: Record<string, readonly string[]> = {
  github: ['github.com', '*.github.com', 'api.github.com', 'uploads.github.com', '*.githubusercontent.com', 'ghcr.io'],
  gitlab: ['gitlab.com', '*.gitlab.com', 'registry.gitlab.com'],
  stripe: ['api.stripe.com', 'files.stripe.com', 'connect.stripe.com'],
  openai: ['api.openai.com'],
  anthropic: ['api.anthropic.com'],
  slack: ['slack.com', '*.slack.com', 'hooks.slack.com'],
  npm: ['registry.npmjs.org', '*.npmjs.org', 'npmjs.com'],
  pypi: ['upload.pypi.org', 'pypi.org', 'test.pypi.org'],
  huggingface: ['huggingface.co', '*.huggingface.co'],
  sendgrid: ['api.sendgrid.com'],
  twilio: ['api.twilio.com', '*.twilio.com'],
  discord: ['discord.com', 'discordapp.com'],
  telegram: ['api.telegram.org'],
  linear: ['api.linear.app'],
  notion: ['api.notion.com'],
  figma: ['api.figma.com'],
  vercel: ['api.vercel.com'],
  netlify: ['api.netlify.com'],
  digitalocean: ['api.digitalocean.com'],
  mailgun: ['api.mailgun.net', 'api.eu.mailgun.net'],
  replicate: ['api.replicate.com'],
  mistral: ['api.mistral.ai'],
  cohere: ['api.cohere.com', 'api.cohere.ai'],
  perplexity: ['api.perplexity.ai'],
  openrouter: ['openrouter.ai'],
  groq: ['api.groq.com'],
  xai: ['api.x.ai'],
  shopify: ['*.myshopify.com'],
  cloudflare: ['api.cloudflare.com'],
  heroku: ['api.heroku.com'],
  docker: ['hub.docker.com', 'registry-1.docker.io', 'auth.docker.io'],
  sentry: ['sentry.io', '*.sentry.io'],
  datadog: ['api.datadoghq.com', 'api.datadoghq.eu', '*.datadoghq.com'],
  rubygems: ['rubygems.org'],
  postmark: ['api.postmarkapp.com'],
};

/** The vendor's known hosts for a detected kind; undefined when Vaultify does not know them. */
export function hostsOfKind(kind: string): readonly string[] | undefined {
  return VENDOR_HOSTS[kind.split('-')[0]];
}

/**
 * Whether a value of `kind` fits the hosts it is said to go to. Unfit when a requested host lies
 * outside the vendor's hosts: a GitHub token for `api.stripe.com`. A kind with no known hosts,
 * or no hosts asked for, always fits.
 */
export function kindFitsHosts(
  kind: string | undefined,
  hosts: readonly string[],
): { fits: true } | { fits: false; expected: readonly string[] } {
  const expected = kind === undefined ? undefined : hostsOfKind(kind);
  if (!expected || !hosts.length) return { fits: true };
  const outside = hosts.filter((host) => !expected.some((pattern) => hostMatches(pattern, host)));
  return outside.length ? { fits: false, expected } : { fits: true };
}
