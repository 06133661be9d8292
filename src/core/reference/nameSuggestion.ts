/**
 * How Vaultify names a secret, so that a user can predict the name:
 * 1. The password of a URL is `SCHEME/USER` (`postgres://app:…@db` → `postgres/app`); for
 *    web schemes (http, https, ws, ftp…) the host stands in for the scheme
 *    (`https://bot:…@api.example.com` → `api.example.com/bot`). No user: `password`.
 * 2. Otherwise the keys that name the value: the `.env` key, the JSON/YAML/TOML key path,
 *    the INI section and key, the assignment's left-hand side in code, the key inside a
 *    string (`Password` of `Server=db;Password=…`). Array indexes are skipped and the last
 *    three keys are kept, each lower-cased with its words joined by `_` (`apiKey`, `API_KEY`
 *    and `api-key` all become `api_key`), joined by `/` (`database.password` →
 *    `database/password`).
 * 3. An environment-variable key (UPPER_SNAKE_CASE) names the secret alone, wherever it is
 *    written: `GITHUB_TOKEN` in `.env`, in a compose file's `environment` or in code.
 * 4. A name of one segment whose first word is a known vendor splits after it:
 *    `GITHUB_TOKEN` → `github/token`, `stripeSecretKey` → `stripe/secret_key`.
 * 5. No keys, or a single generic word (`token`, `password`, `authorization`…) when the
 *    credential's kind is known: the kind (`github-pat`). No kind either: `secret`.
 * Names are at most 128 characters (leading segments drop first) and always end in a letter,
 * digit or `_`, so that a bare reference is never cut short by trailing punctuation.
 */
import { detectFileSyntax } from './fileSyntax';
import { isValidName, nameProblem } from './referenceGrammar';
import { isSelectionProblem, selectSecret } from './secretSelection';
import { urlPasswordAt, type UrlCredential } from './secretSpan';
import { innerKeyBefore } from './values/assignmentKey';
import type { SecretLocation } from './editPlan';

/** A secret's location, and the credential kind a detector reported there, if any. */
export interface NameRequest extends SecretLocation {
  /** The credential kind a detector reported, e.g. `github-pat`. */
  kind?: string;
}

const VENDORS = new Set([
  'airtable',
  'algolia',
  'anthropic',
  'atlassian',
  'auth0',
  'aws',
  'azure',
  'bitbucket',
  'circleci',
  'cloudflare',
  'codecov',
  'cohere',
  'databricks',
  'datadog',
  'deepseek',
  'digitalocean',
  'discord',
  'docker',
  'doppler',
  'dropbox',
  'facebook',
  'figma',
  'firebase',
  'gcp',
  'gemini',
  'github',
  'gitlab',
  'google',
  'grafana',
  'groq',
  'heroku',
  'huggingface',
  'jira',
  'linear',
  'mailchimp',
  'mailgun',
  'mapbox',
  'mistral',
  'netlify',
  'newrelic',
  'notion',
  'npm',
  'okta',
  'openai',
  'pagerduty',
  'paypal',
  'pinecone',
  'plaid',
  'postmark',
  'pulumi',
  'pypi',
  'replicate',
  'resend',
  'sendgrid',
  'sentry',
  'shopify',
  'slack',
  'snyk',
  'square',
  'stripe',
  'supabase',
  'telegram',
  'terraform',
  'twilio',
  'twitch',
  'twitter',
  'vercel',
]);

const GENERIC = new Set([
  'api_key',
  'apikey',
  'auth',
  'authorization',
  'bearer',
  'credential',
  'credentials',
  'key',
  'pass',
  'passwd',
  'password',
  'pwd',
  'secret',
  'token',
  'value',
]);

const WEB_SCHEMES = new Set(['http', 'https', 'ws', 'wss', 'ftp', 'ftps', 'sftp']);
const ENV_STYLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
const MAX_NAME = 128;

function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** A key's segments: its words joined by `_`; a key naming a URL (`.npmrc`'s `//host/:_authToken`) keeps the host. */
function segmentsOf(key: string): string[] {
  const url = /\/\/([A-Za-z0-9.-]+)(?::\d+)?(.*)$/.exec(key);
  if (url) return [url[1].toLowerCase(), words(url[2]).join('_')].filter(Boolean);
  const joined = words(key).join('_');
  return joined ? [joined] : [];
}

function nameFromKeys(keys: readonly string[]): string[] {
  const named = keys.filter((key) => key && !/^\d+$/.test(key));
  const last = named[named.length - 1];
  const chosen = last !== undefined && ENV_STYLE.test(last) && last.length > 1 ? [last] : named.slice(-3);
  const segments: string[] = [];
  for (const segment of chosen.flatMap(segmentsOf)) {
    if (segment !== segments[segments.length - 1]) segments.push(segment);
  }
  if (segments.length === 1) {
    const [vendor, ...rest] = segments[0].split('_');
    if (VENDORS.has(vendor) && rest.length) return [vendor, rest.join('_')];
  }
  return segments;
}

function nameFromUrl(url: UrlCredential): string[] {
  const scheme = url.scheme.toLowerCase().replace(/\+.*$/, '');
  const first = WEB_SCHEMES.has(scheme) ? url.host.toLowerCase().replace(/^www\./, '') : scheme;
  return [first, words(decodeURIComponentSafe(url.user)).join('_') || 'password'];
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Segments joined into a valid name of at most 128 characters, or undefined when nothing valid is left. */
function fit(segments: string[]): string | undefined {
  const kept = segments.map((segment) => segment.replace(/[^A-Za-z0-9_.-]+/g, '_')).filter(Boolean);
  while (kept.length > 1 && kept.join('/').length > MAX_NAME) kept.shift();
  const name = kept
    .join('/')
    .slice(0, MAX_NAME)
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/[^A-Za-z0-9_]+$/, '');
  return isValidName(name) ? name : undefined;
}

function fallback(kind: string | undefined): string {
  return (kind && fit([words(kind).join('-')])) || 'secret';
}

/** A valid vault name for the secret at `[start, end)`, from its context (see the rules above). */
export function suggestName(request: NameRequest): string {
  const { text, kind } = request;
  const selected = selectSecret(text, request.start, request.end, detectFileSyntax(request.languageId, request.fileName));
  if (isSelectionProblem(selected)) return fallback(kind);
  const { start, end, context } = selected;
  const url = urlPasswordAt(text, start, end);
  if (url) return fit(nameFromUrl(url)) ?? fallback(kind);

  const keys = [...context.keys];
  const whole = !context.piece && start === context.start && end === context.end;
  const innerKey = whole ? undefined : innerKeyBefore(text.slice(context.start, start));
  if (innerKey) keys.push(innerKey);
  const segments = nameFromKeys(keys);
  if (!segments.length || (segments.length === 1 && GENERIC.has(segments[0]) && kind)) return fallback(kind);
  return fit(segments) ?? fallback(kind);
}

/**
 * `base` when it is free, else the first free `base-2`, `base-3`…, shortened to stay within
 * 128 characters. Throws when `base` is not a valid name, or no name is free after many tries.
 */
export function uniqueName(base: string, taken: (name: string) => boolean): string {
  const problem = nameProblem(base);
  if (problem) throw new Error(`Cannot derive a name from an invalid one: ${problem}`);
  if (!taken(base)) return base;
  for (let n = 2; n < 100_000; n++) {
    const suffix = `-${n}`;
    const candidate = base.slice(0, MAX_NAME - suffix.length).replace(/[.\-/]+$/, '') + suffix;
    if (!taken(candidate)) return candidate;
  }
  throw new Error(`No free name found near "${base}".`);
}
