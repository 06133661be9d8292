import { keyWordsOf } from './keyWords';

/**
 * Service-anchored credentials: most services' keys have no prefix to recognise them by, only
 * the service's name beside them (`shippo_token = "…"`, `TABLEAU_PAT=…`, `sonar.login=…`, or a
 * `rapidapi:` section holding `api: …`). The generic assignment rule reports a high-entropy value
 * assigned to such a key as that service's credential; this module says which keys those are.
 *
 * The names are the services of gitleaks' rule list (the file names under
 * cmd/generate/config/rules in github.com/gitleaks/gitleaks), written out here, less those with
 * a vendor rule of their own and those that are common English words; plus Tableau and Sonar,
 * whose keys are just as bare. Names only: the patterns are Vaultify's.
 */
const SERVICES: ReadonlySet<string> = new Set([
  'adafruit', 'adobe', 'adyen', 'airtable', 'alibaba', 'artifactory', 'asana', 'authress', 'bittrex', 'castai',
  'chargebee', 'clickhouse', 'clojars', 'codecov', 'coinbase', 'confluent', 'contentful', 'databricks', 'definednetworking',
  'dropbox', 'droneci', 'duffel', 'dynatrace', 'easypost', 'etsy', 'facebook', 'fastly', 'finicity', 'finnhub', 'flickr',
  'flutterwave', 'frameio', 'freemius', 'freshbooks', 'gitter', 'gocardless', 'harness', 'hubspot', 'infracost',
  'intercom', 'intra42', 'jfrog', 'kraken', 'kucoin', 'launchdarkly', 'linkedin', 'looker', 'mapbox', 'mattermost',
  'maxmind', 'messagebird', 'nytimes', 'okta', 'plaid', 'planetscale', 'postman', 'prefect', 'rapidapi', 'scalingo',
  'sendbird', 'settlemint', 'shippo', 'sidekiq', 'snyk', 'sonar', 'sourcegraph', 'squarespace', 'sumologic', 'tableau',
  'travisci', 'twitch', 'twitter', 'typeform', 'yandex', 'zendesk',
]);

/** Words that, beside a service's name, make a key name its credential. */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(
  'pat api token tokens key keys secret access auth login password pass pwd credential credentials creds private client app personal sdk server admin management mgmt write master bearer oauth integration service'.split(' '),
);

/** The service a key names when the rest of its words are credential words (`TABLEAU_PAT`), if any. */
export function serviceOfKey(key: string): string | undefined {
  let service: string | undefined;
  let credential = false;
  for (const w of keyWordsOf(key)) {
    if (SERVICES.has(w)) service = w;
    else if (CREDENTIAL_WORDS.has(w)) credential = true;
    else return undefined;
  }
  return service && credential ? service : undefined;
}

/** A key made of credential words only (`api`, `token`, `secret_key`): it names its section's credential. */
export function isCredentialKey(key: string): boolean {
  const words = keyWordsOf(key);
  return words.length > 0 && words.every((w) => CREDENTIAL_WORDS.has(w));
}

const HEADER = /^([ \t]{0,16})(?:\[([A-Za-z0-9_.-]{2,60})\]|["']?([A-Za-z0-9_.-]{2,60})["']?\s{0,4}:\s{0,4}\{?)\s*$/;

/**
 * The service named by the section that holds the assignment whose value starts at `valueStart`:
 * the nearest line above, within twelve, that opens a YAML mapping or JSON object indented less
 * than the key (`rapidapi:`, `"rapidapi": {`) or a TOML or INI table (`[rapidapi]`).
 */
export function serviceOfSection(text: string, valueStart: number): string | undefined {
  let lineStart = valueStart;
  while (lineStart > 0 && valueStart - lineStart < 300 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const indent = /^[ \t]*/.exec(text.slice(lineStart, lineStart + 32))![0].length;
  let end = lineStart - 1;
  for (let lines = 0; lines < 12 && end > 0; lines++) {
    let start = end;
    while (start > 0 && end - start < 200 && text.charCodeAt(start - 1) !== 10) start--;
    const line = text.slice(start, end);
    end = start - 1;
    if (!line.trim()) continue;
    const header = HEADER.exec(line);
    const own = /^[ \t]*/.exec(line)![0].length;
    if (header && (header[2] !== undefined || own < indent)) return keyWordsOf(header[2] ?? header[3]).find((w) => SERVICES.has(w));
    if (own < indent) return undefined;
  }
  return undefined;
}
