import SERVICE_LIST from './services.json';
import { keyWordsOf, splitKey } from './keyWords';

/**
 * Service-anchored credentials: most services' keys have no prefix to recognise them by, only
 * the service's name beside them (`shippo_token = "…"`, `TABLEAU_PAT=…`, `sonar.login=…`, a
 * `rapidapi:` section holding `api: …`, `new Shippo({ apiKey: "…" })`). The generic assignment
 * rule reports a high-entropy value assigned to such a key as that service's credential; this
 * module says which keys those are. The services are data: `services.json`, one entry each.
 */

interface ServiceEntry {
  name: string;
  shape: string;
  env?: string[];
  envOnly?: boolean;
}

export const SERVICES: readonly ServiceEntry[] = SERVICE_LIST.services;

/** Each service's name as words (`octopus deploy`), listed under its first word. */
const NAMES_BY_FIRST_WORD = new Map<string, string[][]>();
/** A service's usual environment variable names, lower-cased, to the service. */
const SERVICE_OF_ENV = new Map<string, string>();
for (const service of SERVICES) {
  for (const env of service.env ?? []) SERVICE_OF_ENV.set(env.toLowerCase(), service.name);
  if (service.envOnly) continue;
  const words = service.name.split(' ');
  const list = NAMES_BY_FIRST_WORD.get(words[0]) ?? NAMES_BY_FIRST_WORD.set(words[0], []).get(words[0])!;
  list.push(words);
}

/** Words that, beside a service's name, make a key name its credential. */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set(
  'pat api token tokens key keys secret access auth login password pass pwd credential credentials creds private client app personal sdk server admin management mgmt write master bearer oauth integration service'.split(
    ' ',
  ),
);

/** The service whose name starts at `words[at]`, with its length in words, if any. */
function serviceAt(words: readonly string[], at: number): { name: string; length: number } | undefined {
  for (const name of NAMES_BY_FIRST_WORD.get(words[at]) ?? []) {
    if (name.every((w, i) => words[at + i] === w)) return { name: name.join(' '), length: name.length };
  }
  return undefined;
}

/**
 * The service a key names: one of its usual environment variable names, or its name with only
 * credential words beside it (`TABLEAU_PAT`, `octopusDeployApiKey`); otherwise undefined.
 */
export function serviceOfKey(key: string): string | undefined {
  const byEnv = SERVICE_OF_ENV.get(key.toLowerCase());
  if (byEnv) return byEnv;
  const words = keyWordsOf(key);
  let service: string | undefined;
  let credential = false;
  for (let i = 0; i < words.length;) {
    const named = service === undefined ? serviceAt(words, i) : undefined;
    if (named) {
      service = named.name;
      i += named.length;
    } else if (CREDENTIAL_WORDS.has(words[i])) {
      credential = true;
      i++;
    } else return undefined;
  }
  return service && credential ? service : undefined;
}

/** A key made of credential words only (`api`, `token`, `secret_key`): it names its section's credential. */
export function isCredentialKey(key: string): boolean {
  const words = keyWordsOf(key);
  return words.length > 0 && words.every((w) => CREDENTIAL_WORDS.has(w));
}

/** The first service named in some words. */
function serviceIn(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const named = serviceAt(words, i);
    if (named) return named.name;
  }
  return undefined;
}

const HEADER = /^([ \t]{0,16})(?:\[([A-Za-z0-9_. -]{2,60})\]|["']?([A-Za-z0-9_.-]{2,60})["']?\s{0,4}:\s{0,4}\{?)\s*$/;

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
    if (header && (header[2] !== undefined || own < indent)) return serviceIn(keyWordsOf(header[2] ?? header[3]));
    if (own < indent) return undefined;
  }
  return undefined;
}

/**
 * The service named within a line of an assignment: before its value on the value's line, or
 * on the line above (`client = Shippo(api_key="…")`, `# Hasura` over `ADMIN_SECRET=…`). At most
 * 200 characters each, so a minified line costs no more than a short one.
 */
export function serviceNearby(text: string, valueStart: number): string | undefined {
  let lineStart = valueStart;
  while (lineStart > 0 && valueStart - lineStart < 200 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  let above = lineStart > 0 && text.charCodeAt(lineStart - 1) === 10 ? lineStart - 1 : lineStart;
  const aboveEnd = above;
  while (above > 0 && aboveEnd - above < 200 && text.charCodeAt(above - 1) !== 10) above--;
  // The value's own line first: a name there is closer than one on the line above.
  return serviceIn(splitKey(text.slice(lineStart, valueStart))) ?? serviceIn(splitKey(text.slice(above, lineStart)));
}
