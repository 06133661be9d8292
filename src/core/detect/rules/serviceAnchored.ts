import { type Assignment, findAssignments } from './assignments';
import { looksRandom } from './entropy';
import { keyWordsOf } from './generic';
import { defineRule, type SecretMatch } from './ruleDefinition';

/**
 * Service-anchored credentials: most services' keys have no prefix to recognise them by, only
 * the service's name beside them (`shippo_token = "…"`, `TABLEAU_PAT=…`, `sonar.login=…`, or a
 * `rapidapi:` section holding `api: …`). A high-entropy value assigned to a key made of a
 * service's name and credential words is reported as that service's credential.
 *
 * The names are the services of gitleaks' rule list (the file names under
 * cmd/generate/config/rules in github.com/gitleaks/gitleaks), written out here, less those with
 * a vendor rule of their own and those that are common English words; plus Tableau and Sonar,
 * whose keys are just as bare. Names only: the patterns are Vaultify's.
 */
const SERVICES = [
  'adafruit', 'adobe', 'adyen', 'airtable', 'alibaba', 'artifactory', 'asana', 'authress', 'bittrex', 'castai',
  'chargebee', 'clickhouse', 'clojars', 'codecov', 'coinbase', 'confluent', 'contentful', 'databricks', 'definednetworking',
  'dropbox', 'droneci', 'duffel', 'dynatrace', 'easypost', 'etsy', 'facebook', 'fastly', 'finicity', 'finnhub', 'flickr',
  'flutterwave', 'frameio', 'freemius', 'freshbooks', 'gitter', 'gocardless', 'harness', 'hubspot', 'infracost',
  'intercom', 'intra42', 'jfrog', 'kraken', 'kucoin', 'launchdarkly', 'linkedin', 'looker', 'mapbox', 'mattermost',
  'maxmind', 'messagebird', 'nytimes', 'okta', 'plaid', 'planetscale', 'postman', 'prefect', 'rapidapi', 'scalingo',
  'sendbird', 'settlemint', 'shippo', 'sidekiq', 'snyk', 'sonar', 'sourcegraph', 'squarespace', 'sumologic', 'tableau',
  'travisci', 'twitch', 'twitter', 'typeform', 'yandex', 'zendesk',
];
const SERVICE_SET: ReadonlySet<string> = new Set(SERVICES);
const SERVICE_WORDS = new RegExp(SERVICES.join('|'), 'gi');

/** Words that, beside a service's name, make a key name its credential. */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(
  'pat api token tokens key keys secret access auth login password pass pwd credential credentials creds private client app personal sdk server admin management mgmt write master bearer oauth integration service'.split(' '),
);
/** The credential words a section's own keys are found by (`api:` under `rapidapi:`). */
const SECTION_KEYS = /pat|api|token|key|secret|auth|login|password|pass|pwd|cred/gi;

/** The service a key names when the rest of its words are credential words, if any. */
function serviceOf(key: string): string | undefined {
  const words = keyWordsOf(key);
  let service: string | undefined;
  let credential = false;
  for (const w of words) {
    if (SERVICE_SET.has(w)) service = w;
    else if (CREDENTIAL_WORDS.has(w)) credential = true;
    else return undefined;
  }
  return service && credential ? service : undefined;
}

/** Keys inside a section: credential words only (`api`, `token`, `secret_key`). */
function isCredentialKey(key: string): boolean {
  const words = keyWordsOf(key);
  return words.length > 0 && words.every((w) => CREDENTIAL_WORDS.has(w));
}

/**
 * A YAML mapping (`rapidapi:`), a TOML or INI table (`[rapidapi]`) or a JSON object
 * (`"rapidapi": {`) opened on the line at `index`, named after a service: its body, up to the
 * next line indented as little, and at most twelve lines.
 */
function sectionAt(text: string, index: number): { service: string; start: number; body: string } | undefined {
  let lineStart = index;
  while (lineStart > 0 && index - lineStart < 80 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  let lineEnd = text.indexOf('\n', index);
  if (lineEnd < 0 || lineEnd - index > 80) return undefined;
  const header = /^([ \t]{0,16})(?:\[([A-Za-z0-9_.-]{2,60})\]|["']?([A-Za-z0-9_.-]{2,60})["']?\s{0,4}:\s{0,4}\{?)\s*$/.exec(text.slice(lineStart, lineEnd));
  if (!header) return undefined;
  const service = keyWordsOf(header[2] ?? header[3]).find((w) => SERVICE_SET.has(w));
  if (!service) return undefined;
  const indent = header[1].length;
  const start = lineEnd + 1;
  let end = start;
  for (let lines = 0; lines < 12 && end < text.length; lines++) {
    lineEnd = text.indexOf('\n', end);
    const line = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
    // A table ends at the next table; a mapping at the next line indented no deeper than its key.
    const ends = header[2] !== undefined ? /^\s*\[/.test(line) : /^[ \t]*/.exec(line)![0].length <= indent;
    if (line.trim() && ends) break;
    end = lineEnd < 0 ? text.length : lineEnd + 1;
  }
  return { service, start, body: text.slice(start, end) };
}

function report(a: Assignment, offset: number, service: string): SecretMatch | undefined {
  const value = a.value.replace(/^(?:Bearer|Basic|token)\s{1,4}/, '');
  if (!looksRandom(value, 16) || /^[a-z][a-z0-9+.-]{1,30}:\/\/|^[./~]/.test(value)) return undefined;
  const start = offset + a.end - value.length;
  return { start, end: offset + a.end, kind: `${service}-credential`, title: `${service[0].toUpperCase()}${service.slice(1)} credential`, confidence: 'medium', generic: true };
}

function* serviceCredentials(text: string): Iterable<SecretMatch> {
  for (const a of findAssignments(text, SERVICE_WORDS, (key) => serviceOf(key) !== undefined)) {
    const match = report(a, 0, serviceOf(a.key)!);
    if (match) yield match;
  }
  SERVICE_WORDS.lastIndex = 0;
  for (const hit of text.matchAll(SERVICE_WORDS)) {
    const section = sectionAt(text, hit.index);
    if (!section) continue;
    for (const a of findAssignments(section.body, SECTION_KEYS, isCredentialKey)) {
      const match = report(a, section.start, section.service);
      if (match) yield match;
    }
  }
}

export const SERVICE_ANCHORED_RULES = [
  defineRule({ id: 'service-anchored', keywords: SERVICES, scan: ({ text }) => serviceCredentials(text) }),
];
