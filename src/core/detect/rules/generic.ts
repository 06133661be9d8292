import { isLookup, isPlaceholder } from '../filters';
import type { Confidence } from '../finding';
import { type Assignment, findAssignments, type ReadAssignment } from './assignments';
import { decodeBase64 } from './checksums';
import { charClasses, looksLikeWords, looksRandom, shannonEntropy } from './entropy';
import { keyWordsOf } from './keyWords';
import { defineRule, SERVICE_EVIDENCE, type SecretMatch } from './ruleDefinition';
import { isCredentialKey, serviceNearby, serviceOfKey, serviceOfSection } from './serviceAnchored';

/**
 * Generic assignments: `password`, `secret`, `token`, `api_key` and their spellings, in every
 * file syntax. A finding needs both a key that names a secret and a value that looks like one;
 * vendor rules, which know the format, win over these wherever both match.
 */

type Category = 'password' | 'secret' | 'token' | 'api-key' | 'jwt-secret' | 'credential';

const KINDS: Record<Category, [kind: string, title: string]> = {
  password: ['generic-password', 'password'],
  secret: ['generic-secret', 'secret'],
  token: ['generic-token', 'token'],
  'api-key': ['generic-api-key', 'API key'],
  'jwt-secret': ['jwt-secret', 'JWT signing secret'],
  credential: ['generic-credential', 'credential'],
};

/**
 * Every word one typing slip from `target` as `misspells` reads one (a letter added, dropped,
 * changed, or two swapped, past the first two), other than those holding `target` itself: a
 * misspelt `secret` (`secert`, `seecret`) keeps no shorter key word, so each slip is one.
 */
function slipsOf(target: string): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const slips = new Set<string>();
  for (let i = 2; i <= target.length; i++) {
    for (const c of letters) slips.add(target.slice(0, i) + c + target.slice(i));
    if (i === target.length) continue;
    slips.add(target.slice(0, i) + target.slice(i + 1));
    for (const c of letters) slips.add(target.slice(0, i) + c + target.slice(i + 1));
    if (i + 1 < target.length) slips.add(target.slice(0, i) + target[i + 1] + target[i] + target.slice(i + 2));
  }
  return [...slips].filter((w) => !w.includes(target));
}

/** `password`'s slips keep `pass`, `pw` or `pasw`; `secret`'s keep none of its letters in a row. */
export const SECRET_SLIPS = slipsOf('secret');

/**
 * `target` or one of its slips, as one pattern: `target` first, then an alternative per kind of
 * slip and place, in the order `slipsOf` lists them, with a class for the 26 letters. At every
 * offset it matches what `target|<each slip>` matches (the same length too): what the list
 * leaves out holds `target`, and so starts with it, where `target` matches first. Irregexp
 * tries alternatives one by one: with 20 rather than 250, and those of other first letters
 * ruled out by one (`KEY_WORDS`), a text costs about 30% fewer instructions to scan.
 */
function slipPattern(target: string): string {
  const alternatives: string[] = [target.slice(2)];
  for (let i = 2; i <= target.length; i++) {
    alternatives.push(`${target.slice(2, i)}[a-z]${target.slice(i)}`);
    if (i === target.length) continue;
    alternatives.push(target.slice(2, i) + target.slice(i + 1));
    alternatives.push(`${target.slice(2, i)}[a-z]${target.slice(i + 1)}`);
    if (i + 1 < target.length) alternatives.push(target.slice(2, i) + target[i + 1] + target[i] + target.slice(i + 2));
  }
  return `${target.slice(0, 2)}(?:${alternatives.join('|')})`;
}

/**
 * Words that find candidate keys; the key's words then decide. `pat`, `api` and `login` find
 * service-anchored keys (`TABLEAU_PAT`). The alternatives that share a first letter are
 * grouped, in their order, so that one letter rules most out: the same matches as the plain
 * alternation
 * `pass|pwd|pw|ps{1,2}w|pasw|secret|<each of SECRET_SLIPS>|token|key|auth|credential|creds|bearer|pat|api|login`.
 */
export const KEY_WORDS = new RegExp(
  `p(?:ass|wd|w|s{1,2}w|asw|at)|${slipPattern('secret')}|token|key|a(?:uth|pi)|cre(?:dential|ds)|bearer|login`,
  'gi',
);

/** Words that make a key describe a secret rather than hold one (`token_url`, `password_length`). */
const DESCRIPTIVE = new Set(
  (
    'public publishable pub url uri endpoint path file filename dir directory name names type types length len size ' +
    'expiry expires expiration expire expired ttl timeout header headers field fields prefix suffix count policy ' +
    'enabled enable disabled required min max regex pattern label placeholder hint reset forgot format mode version ' +
    'env var vars variable location algorithm alg method strategy provider store manager validator validation rules ' +
    'strength question ref reference arn kind cache storage input prompt message error errors description help ' +
    'column index hash hashed digest sha commit checksum fingerprint salt nonce csrf xsrf confirm confirmation ' +
    'rotation lifetime usage limit scope scopes audience issuer color icon button link style class id ids uuid ' +
    'param params parameter query id_token_hint policy policies id_prefix exists missing invalid valid changed ' +
    'event events handler callback redirect response request status state flag feature tab page view form modal'
  ).split(/\s+/),
);

/** Keys repeat (every `password:` in a file): their category is worked out once per key. */
const categories = new Map<string, Category | undefined>();

/** What a key names, or undefined when it names no secret. */
export function categoryOf(key: string): Category | undefined {
  if (categories.has(key)) return categories.get(key);
  const category = categorise(key);
  // Bounded, so that a file of generated identifiers cannot grow it without end.
  if (categories.size >= 10_000) categories.clear();
  categories.set(key, category);
  return category;
}

// `categorise`'s patterns and lists, made once rather than for each word of each key it reads.

/** WordPress's authentication keys and salts, which name a secret beside a descriptive word (`SALT`). */
const WORDPRESS_KEY = /^(?:AUTH|SECURE_AUTH|LOGGED_IN|NONCE)_(?:KEY|SALT)$/;
/** Words that name a password, as a word's end (`dbpassword`), an abbreviation or misspelling (`PW`, `X3_PSWD`, `PASWRD`), or a prefixed `pass`. */
const PASSWORD_WORDS = [
  /(?:pass(?:word|wd|phrase)|pwd|passwort|contrasena|motdepasse)s?$/,
  /^(?:[a-z0-9]{0,6}_)?(?:pw|pa?s{1,2}w(?:o?r)?d|ps{1,2}w(?:o?r)?d)$/,
  /^(?:db|my|pg|sql|mysql|pgsql|postgres|root|admin|user|app|smtp|mail|redis|ftp|ssh|ldap|keystore|truststore)?pass$/,
];
const API_KEY_WORD = /^(?:apikey|apisecret|accesskey|secretkey|privatekey|masterkey|authkey|appkey|licensekey)$/;
/** Words that make `<word> key` an API key. */
const API_KEY_QUALIFIERS = [
  'api',
  'access',
  'secret',
  'private',
  'signing',
  'encryption',
  'master',
  'auth',
  'app',
  'account',
  'service',
  'license',
  'client',
  'subscription',
];
const SECRET_WORD = /^(?:secret|secrets|clientsecret|appsecret|consumersecret)$/;
const TOKEN_WORD = /^(?:token|tokens|accesstoken|authtoken|apitoken|refreshtoken|bearer|sessiontoken|pat)$/;
const CREDENTIAL_WORD = /^(?:credential|credentials|creds)$/;

function categorise(key: string): Category | undefined {
  const words = keyWordsOf(key);
  if (!words.length) return undefined;
  const has = (w: string) => words.includes(w);
  const pair = (a: string, b: string) => words.some((w, i) => w === a && words[i + 1] === b);
  // Vault AppRole's `secret_id` is a secret, the one "id" that is.
  const descriptive = words.some((w) => DESCRIPTIVE.has(w) && !(w === 'id' && has('secret')));
  if (descriptive && !WORDPRESS_KEY.test(key)) return undefined;
  if (
    (has('jwt') && (has('secret') || has('key'))) ||
    pair('signing', 'key') ||
    pair('signing', 'secret') ||
    pair('token', 'secret') ||
    pair('key', 'base') ||
    has('hmac')
  ) {
    return 'jwt-secret';
  }
  if (WORDPRESS_KEY.test(key)) return 'secret';
  if (words.some((w) => PASSWORD_WORDS.some((p) => p.test(w)) || misspells(w, 'password'))) return 'password';
  if (words.some((w) => API_KEY_WORD.test(w))) return 'api-key';
  if (API_KEY_QUALIFIERS.some((w) => pair(w, 'key'))) return 'api-key';
  if (words.some((w) => SECRET_WORD.test(w) || misspells(w, 'secret'))) return 'secret';
  if (words.some((w) => TOKEN_WORD.test(w))) return 'token';
  if (words.some((w) => CREDENTIAL_WORD.test(w))) return 'credential';
  if (words.length === 1 && /^(?:auth|authorization)$/.test(words[0])) return 'token';
  // `kerberos_authentication`, `proxy_authorization`: what the header or the handshake carries.
  if (/^(?:authentication|authorization)$/.test(words[words.length - 1])) return 'token';
  return undefined;
}

/**
 * A key word one typing slip away from `target` (a letter added, dropped, changed, or two
 * swapped: `passworsd`, `pasword`, `passwrod`), where the slip is not its first two letters.
 */
function misspells(word: string, target: string): boolean {
  if (Math.abs(word.length - target.length) > 1 || word === target || !word.startsWith(target.slice(0, 2))) return false;
  let i = 0;
  while (i < word.length && word[i] === target[i]) i++;
  return (
    word.slice(i + 1) === target.slice(i + 1) ||
    word.slice(i + 1) === target.slice(i) ||
    word.slice(i) === target.slice(i + 1) ||
    (word[i] === target[i + 1] && word[i + 1] === target[i] && word.slice(i + 2) === target.slice(i + 2))
  );
}

/**
 * Keys too common in code to name a secret on their own (`key`, `…_api`): they count only for a
 * value that looks generated in three classes of character, as an API key does and a cache key,
 * a sort key or a version rarely does.
 */
function isBareKeyName(key: string): boolean {
  const words = keyWordsOf(key);
  if (words.some((w) => DESCRIPTIVE.has(w))) return false;
  return (words.length === 1 && words[0] === 'key') || (words.length > 1 && words[words.length - 1] === 'api');
}

/** What the assignment rule reads in a key that may name a secret. */
interface KeyReading {
  category: Category | undefined;
  /** The service the key names (`TABLEAU_PAT`, `octopusDeployApiKey`). */
  service: string | undefined;
  /** Credential words only (`api`, `secret_key`): the key names its section's credential. */
  credentialWords: boolean;
  /** `key`, `…_api`: see `isBareKeyName`. */
  bare: boolean;
}

/**
 * Keys repeat (`path`, `token`, `key` on every other line of a source tree): each is read once,
 * and a key that names no secret (null) costs one lookup each time it comes back.
 */
const readings = new Map<string, KeyReading | null>();

function readingOf(key: string): KeyReading | undefined {
  let reading = readings.get(key);
  if (reading === undefined) {
    // Bounded, so that a file of generated identifiers cannot grow it without end.
    if (readings.size >= 10_000) readings.clear();
    reading = readKey(key);
    readings.set(key, reading);
  }
  return reading ?? undefined;
}

function readKey(key: string): KeyReading | null {
  const reading = {
    category: categoryOf(key),
    service: serviceOfKey(key),
    credentialWords: isCredentialKey(key),
    bare: isBareKeyName(key),
  };
  return reading.category || reading.service || reading.credentialWords || reading.bare ? reading : null;
}

const CODE_FILE =
  /\.(?:[cm]?[jt]sx?|py|go|java|kt|kts|scala|rb|php|cs|fs|swift|rs|c|cc|cpp|h|hpp|m|dart|lua|pl|ex|exs|groovy|vue|svelte|tf|hcl|graphql|gql)$/i;
const LITERAL_WORDS =
  /^(?:true|false|null|nil|none|undefined|yes|no|on|off|required|optional|string|str|int|number|bool|boolean|object|any|void|secret|token|password|empty|default|\*+)$/i;

/**
 * An unquoted value in code is an expression (`password = user.password`, `token: string`), not a
 * literal; so is an operator or a YAML tag, alias or anchor first (`!vault`, `*default`). In
 * other files (`.env`, `.properties`, notes) a leading `!` or `&` is a password's first character.
 */
function isCodeExpression(a: Assignment, text: string, filePath: string | undefined): boolean {
  if (a.quoted) return false;
  // A URL's query parameter (`…?key=v&…`, percent-encoded `%26key%3Dv`) sits inside a string literal or a document, never in an expression.
  if (a.encoded || /[?&]/.test(text[a.start - a.key.length - 2] ?? '')) return false;
  const code = !filePath || CODE_FILE.test(filePath);
  // A bare word that switches between letters and digits at every turn (`F1lT3ReDw17hQ`) was generated, not named.
  if (/^[A-Za-z_$][\w$]*(?:[.([]|$)/.test(a.value) && code) return !(looksRandom(a.value, 12) && alternations(a.value) >= 6);
  if (/^[!&*|]/.test(a.value)) return code || /\.ya?ml$/i.test(filePath ?? '');
  return /^[A-Za-z_$][\w$]*\(/.test(a.value);
}

/** How often a value switches between a letter and a digit: a generator's output switches often, a word and a number once. */
function alternations(value: string): number {
  return value.match(/[A-Za-z](?=[0-9])|[0-9](?=[A-Za-z])/g)?.length ?? 0;
}

/** The value's strength as evidence, by what the key says it is; undefined rejects it. */
function evidence(category: Category, value: string): Confidence | undefined {
  if (category === 'password') {
    if (value.length < 6) return undefined;
    // A word or two is a label, a prompt or a default far more often than a password.
    if (looksLikeWords(value)) return undefined;
    if (value.length >= 8 && charClasses(value) >= 3) return 'medium';
    // Letters and digits interleaved (`2IWJD88FH4Y`) as a generator makes them, not a word and a number.
    if (looksRandom(value, 10) && alternations(value) >= 4) return 'medium';
    return charClasses(value) >= 2 ? 'low' : undefined;
  }
  if (value.length < 8 || looksLikeWords(value)) return undefined;
  if (looksRandom(value, 16)) return 'medium';
  return charClasses(value) >= 2 && shannonEntropy(value) >= 2.5 ? 'low' : undefined;
}

/** Base64 of a placeholder or a lookup (`Y2hhbmdlbWU=` is `changeme`), as Kubernetes manifests hold them. */
function encodesStandIn(value: string): boolean {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]{4,}={0,2}$/.test(value)) return false;
  const decoded = decodeBase64(value)?.toString('utf8');
  return decoded !== undefined && /^[\x20-\x7e]+$/.test(decoded) && (isPlaceholder(decoded) || isLookup(decoded));
}

/** A percent-encoded value that decodes to a lookup or a placeholder (`%24%7BTOKEN%7D` is `${TOKEN}`). */
function percentEncodesStandIn(value: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return false;
  }
  return isLookup(decoded) || isPlaceholder(decoded);
}

/** The value an assignment holds, stripped of an HTTP auth scheme (`Bearer x`, `token x`). */
function credentialPart(a: Assignment): { value: string; start: number } {
  const scheme = /^(?:Bearer|Basic|token|Token|Digest|ApiKey|Api-Key)\s{1,4}/.exec(a.value);
  return scheme ? { value: a.value.slice(scheme[0].length), start: a.start + scheme[0].length } : { value: a.value, start: a.start };
}

/**
 * Passwords on command lines: `sshpass -p '...'`, `mysql -u x -p'...'`, `docker login -p ...`,
 * `curl -u user:...`. Each alternative is anchored on a literal command name and bounded.
 */
const COMMAND_LINE =
  /\b(?:sshpass\s{1,4}-p\s{0,4}|(?:mysql|mysqldump|mysqladmin|mysqlimport|mariadb|mariadb-dump)\b[^\n|;&]{0,200}?\s-p(?=\S)|docker\s{1,4}login\b[^\n|;&]{0,200}?\s(?:-p|--password)\s{1,4}|curl\b[^\n|;&]{0,300}?\s(?:-u|--user)\s{1,4}["']?[^\s:"']{1,64}:)(?:'(?<sq>[^'\n]{1,128})'|"(?<dq>[^"\n]{1,128})"|(?<bare>[^\s'"]{1,128}))/dg;

/**
 * Passwords passed as arguments where a key-value reading finds none: PowerShell's
 * `-Password '…'` and `ConvertTo-SecureString '…'`, libcurl's `CURLOPT_PASSWORD, "…"` (and the
 * password half of `CURLOPT_USERPWD, "user:…"`), and C, RPM-spec and batch definitions
 * (`#define password "…"`, `%global PASSWORD "…"`, `SET password "…"`).
 */
const ARGUMENT =
  /(?:(?<![\w-])-[Pp]assword\s{1,4}|\bConvertTo-SecureString(?:\s{1,4}-(?:String|AsPlainText|Force)\b){0,3}\s{1,4}|\bCURLOPT_(?:PASSWORD|PROXYPASSWORD|KEYPASSWD|TLSAUTH_PASSWORD|XOAUTH2_BEARER)\s{0,4},\s{0,4}|\bCURLOPT_(?:PROXY)?USERPWD\s{0,4},\s{0,4}"[^":\n]{1,64}:(?=[^"\n]{1,128}")|(?:#define|%define|%global|\b(?:set|SET))(?:[\t ]{1,4}|\\t)[A-Za-z_]{0,20}(?:token|TOKEN|secret|SECRET|password|PASSWORD|passwd|PASSWD|pwd|PWD)(?:\\t|[\t ]){1,4})(?:'(?<sq>[^'\n]{1,128})'|\\"(?<eq>[^"\\\n]{1,128})\\"|"(?<dq>[^"\n]{1,128})"|(?<bare>[^\s'"$-][^\s'"]{0,127}))/dgm;

function* argumentPasswords(text: string): Iterable<SecretMatch> {
  for (const m of text.matchAll(ARGUMENT)) {
    const indices = m.indices!.groups!;
    const [start, matchEnd] = indices.sq ?? indices.eq ?? indices.dq ?? indices.bare;
    let end = matchEnd;
    // `CURLOPT_USERPWD, "user:pass"`: the lookahead left the value's closing quote out of `bare`.
    if (text[end - 1] === '"') end--;
    const value = text.slice(start, end);
    // An unquoted expression in code (`CURLOPT_PASSWORD, config->password);`) is a variable, not a
    // value; the password half of `CURLOPT_USERPWD, "user:…"` is read as bare but sits in quotes.
    if (indices.bare && text[end] !== '"' && /^[A-Za-z_][A-Za-z0-9_]*(?:->|\.|\(|\)|,|;|\[|$)/.test(value)) continue;
    const confidence = evidence('password', value);
    if (!confidence || isLookup(value) || isPlaceholder(value)) continue;
    const [kind, title] = KINDS.password;
    yield { start, end, kind, title, confidence, generic: true };
  }
}

/**
 * SQL that sets a user's password: `IDENTIFIED [WITH plugin] BY '…'`, and `PASSWORD '…'` in a
 * `CREATE`/`ALTER` of a user, role or login (`WITH ENCRYPTED PASSWORD '…'`, `LOGIN PASSWORD '…'`).
 * `IDENTIFIED WITH mysql_native_password AS '*…'` gives the stored hash, which MySQL's native
 * handshake accepts in place of the password (a client holding it can log in).
 */
const SQL_PASSWORD =
  /\b(?:identified\s{1,4}with\s{1,4}['"`]?mysql_native_password['"`]?\s{1,4}as(?=\s{1,4}['"]\*[0-9A-Fa-f]{40}['"])|identified(?:\s{1,4}with\s{1,4}['"]?\w{1,40}['"]?)?\s{1,4}by(?:\s{1,4}password)?|(?<![\w-])password(?<=\b(?:create|alter)\s{1,4}(?:user|role|login)\b[^\n;]{0,200}\spassword)(?:\s{0,4}=)?)\s{1,4}(?:'(?<sq>[^'\n]{1,128})'|"(?<dq>[^"\n]{1,128})"|(?<bare>[A-Za-z0-9!#%&*+.@^_~-]{1,128}))/dgi;

function* sqlPasswords(text: string): Iterable<SecretMatch> {
  for (const m of text.matchAll(SQL_PASSWORD)) {
    const indices = m.indices!.groups!;
    const [start, end] = indices.sq ?? indices.dq ?? indices.bare;
    const value = text.slice(start, end);
    const confidence = evidence('password', value);
    if (!confidence || isLookup(value) || isPlaceholder(value)) continue;
    const [kind, title] = KINDS.password;
    yield { start, end, kind, title, confidence, generic: true };
  }
}

/**
 * Passwords and keys written in prose, as notes and tickets hold them, where no key-value reading
 * finds them: a pair behind a slash or a bracket (`ID:admin/PW:…`, `10.0.0.5(ID/PW:…)`), a pair
 * written as one (`ID/Password=admin/…`), a password for someone (`password for admin: …`),
 * and keys named in words (`Secret Key: …`, `access key: …`). Each value needs a password's or
 * a generated key's evidence.
 */
const PROSE =
  /(?:(?:(?<=[/(])(?:pw|pwd|pass|passwd|password)|(?<![\w-])(?:pw|pwd|pass|passwd|password)[ \t]{1,3}for[ \t]{1,3}[\w.@-]{1,64}|(?<![\w-])(?<key>(?:secret|access|authentication|private)[ \t]key))[ \t]{0,2}[:=][ \t]{0,2}|(?<![\w-])(?:id|user|username|login)[ \t]{0,2}\/[ \t]{0,2}(?:pw|pwd|pass|password)[ \t]{0,2}[:=][ \t]{0,2}[\w.@-]{1,64}\/)(?<value>[^\s"'<>(){}[\]/,;]{6,128})/dgi;

function* proseCredentials(text: string): Iterable<SecretMatch> {
  for (const m of text.matchAll(PROSE)) {
    const [start, end] = m.indices!.groups!.value;
    const value = text.slice(start, end);
    if (isLookup(value) || isPlaceholder(value)) continue;
    const category: Category = m.groups!.key ? 'api-key' : 'password';
    const confidence = category === 'password' ? evidence(category, value) : looksRandom(value, 12) ? 'medium' : undefined;
    if (confidence !== 'medium') continue;
    const [kind, title] = KINDS[category];
    yield { start, end, kind, title, confidence, generic: true };
  }
}

/**
 * A literal given as an environment lookup's fallback: `os.getenv("DB_PASSWORD", "…")`,
 * `os.environ.get("TOKEN") or "…"`, `process.env.API_KEY || "…"`, `ENV.fetch("SECRET", "…")`.
 * The fallback is the value the program runs with wherever the variable is unset, so it is as
 * much a secret as an assignment. The variable's name, or the key the result is assigned to,
 * must name a secret.
 */
const ENV_FALLBACK =
  /(?:\b(?:getenv|environ\.get|ENV\.fetch|GetEnvironmentVariable)\(\s{0,4}["'](?<name>[A-Za-z_][A-Za-z0-9_.-]{0,80})["']\s{0,4}(?:,\s{0,4}b?|\)\s{0,4}(?:or|\|\||\?\?|\?:)\s{0,4})|\bprocess\.env\.(?<jsName>[A-Za-z_][A-Za-z0-9_]{0,80})\s{0,4}(?:\|\||\?\?)\s{0,4})(?:'(?<sq>[^'\n]{1,128})'|"(?<dq>[^"\n]{1,128})"|`(?<bq>[^`$\n]{1,128})`)/dg;
/** The key a lookup's result is assigned to on its line: `SECRET := getenv(…)`, `password = os.environ.get(…)`. */
const ASSIGNED_KEY = /([A-Za-z_][A-Za-z0-9_]{0,80})["']?\s{0,4}(?::=|=|:)\s{0,4}[^=\n]{0,80}$/;

function* envFallbacks(text: string): Iterable<SecretMatch> {
  for (const m of text.matchAll(ENV_FALLBACK)) {
    const groups = m.groups!;
    const indices = m.indices!.groups!;
    const [start, end] = indices.sq ?? indices.dq ?? indices.bq;
    const value = text.slice(start, end);
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const assigned = ASSIGNED_KEY.exec(text.slice(Math.max(lineStart, m.index - 200), m.index))?.[1];
    const category = categoryOf(groups.name ?? groups.jsName) ?? (assigned ? categoryOf(assigned) : undefined);
    if (!category || isLookup(value) || isPlaceholder(value) || LITERAL_WORDS.test(value)) continue;
    const confidence = evidence(category, value);
    if (!confidence) continue;
    const [kind, title] = KINDS[category];
    yield { start, end, kind, title, confidence, generic: true };
  }
}

function* commandLinePasswords(text: string): Iterable<SecretMatch> {
  for (const m of text.matchAll(COMMAND_LINE)) {
    const indices = m.indices!.groups!;
    const [start, end] = indices.sq ?? indices.dq ?? indices.bare;
    const value = text.slice(start, end);
    const confidence = evidence('password', value);
    if (!confidence || value.startsWith('$')) continue;
    const [kind, title] = KINDS.password;
    yield { start, end, kind, title, confidence, generic: true };
  }
}

/**
 * Whether a value looks generated, for a service's key: random hex spreads over 16 symbols at
 * most, and 16 to 32 random ones often stay under 3 bits a character; a UUID is generated by
 * construction (many services' keys are UUIDs).
 */
const looksGenerated = (value: string) =>
  looksRandom(value, 16) ||
  (/^[0-9a-fA-F]{16,}$/.test(value) && shannonEntropy(value) >= 2.75) ||
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A service-anchored credential: the service's name is the evidence, so the value must look generated. */
function serviceCredential(value: string, start: number, service: string, how: string): SecretMatch | undefined {
  if (!looksGenerated(value) || /^[a-z][a-z0-9+.-]{1,30}:\/\/|^[./~]/.test(value)) return undefined;
  const title = `${service.replace(/(^| )([a-z])/g, (_, space: string, c: string) => space + c.toUpperCase())} credential`;
  const evidence = `${SERVICE_EVIDENCE} ${how} (${title.replace(/ credential$/, '')}) + entropy`;
  return {
    start,
    end: start + value.length,
    kind: `${service.replace(/ /g, '-')}-credential`,
    title,
    confidence: 'medium',
    generic: true,
    evidence,
  };
}

/** The service named by an assignment's section, or within a line of it for a key that names a secret itself (`api_key`, not `client`). */
function serviceAnchor(text: string, a: ReadAssignment<KeyReading>): { name: string; how: string } | undefined {
  const section = serviceOfSection(text, a.start);
  if (section) return { name: section, how: 'in the section' };
  const nearby = a.reading.category ? serviceNearby(text, a.start) : undefined;
  return nearby ? { name: nearby, how: 'nearby' } : undefined;
}

export const GENERIC_RULES = [
  defineRule({
    id: 'command-line-password',
    keywords: ['sshpass', 'mysql', 'mariadb', 'docker', 'curl'],
    scan: ({ text }) => commandLinePasswords(text),
  }),
  defineRule({
    id: 'argument-password',
    keywords: ['-password', 'convertto-securestring', 'curlopt_', '#define', '%define', '%global', 'set password', 'set passwd', 'set pwd'],
    scan: ({ text }) => argumentPasswords(text),
  }),
  defineRule({
    id: 'env-fallback',
    keywords: ['getenv', 'environ.get', 'env.fetch', 'getenvironmentvariable', 'process.env.'],
    scan: ({ text }) => envFallbacks(text),
  }),
  defineRule({
    id: 'prose-credential',
    keywords: [
      // A slash or bracket before the key, a key `for` someone, or a key named in words: narrower than
      // `pass` and `key`, which half the lines of any source tree hold.
      '/pw',
      '/pass',
      '(pw',
      '(pass',
      'pw for',
      'pwd for',
      'pass for',
      'passwd for',
      'password for',
      'secret key',
      'access key',
      'authentication key',
      'private key',
    ],
    scan: ({ text }) => proseCredentials(text),
  }),
  defineRule({ id: 'sql-password', keywords: ['identified', 'password'], scan: ({ text }) => sqlPasswords(text) }),
  defineRule({
    id: 'generic-assignment',
    keywords: [
      'pass',
      'pwd',
      'pw',
      'psw',
      'pssw',
      'pasw',
      'secret',
      ...SECRET_SLIPS,
      'token',
      'key',
      'auth',
      'credential',
      'creds',
      'bearer',
      'pat',
      'api',
      'login',
    ],
    // `pat` names a credential only as a word of its own (`GITHUB_PAT`); in `path`, `pattern`
    // and `dispatch`, which fill source trees, it opens no window.
    keyWordKeywords: ['pat'],
    scan({ text, filePath }) {
      // One pass finds both: generic keys, and keys that name a service (or sit in its section).
      const matches: SecretMatch[] = [];
      for (const a of findAssignments(text, KEY_WORDS, readingOf)) {
        const match = assignedCredential(a, text, filePath);
        if (match) matches.push(match);
      }
      return matches;
    },
  }),
];

/** The credential an assignment holds, if its key and value say it is one. */
function assignedCredential(a: ReadAssignment<KeyReading>, text: string, filePath: string | undefined): SecretMatch | undefined {
  if (isCodeExpression(a, text, filePath) || (a.encoded && percentEncodesStandIn(a.value))) return undefined;
  const { value, start } = credentialPart(a);
  const anchored = a.reading.credentialWords && looksGenerated(value) ? serviceAnchor(text, a) : undefined;
  const named = a.reading.service;
  const service = named ? { name: named, how: 'in the key' } : anchored;
  if (service) return serviceCredential(value, start, service.name, service.how);
  const bareKey = !a.reading.category && a.reading.bare;
  const category = bareKey ? 'api-key' : a.reading.category;
  if (!category || (bareKey && !(looksRandom(value, 16) && charClasses(value) >= 3))) return undefined;
  if (!value.trim() || LITERAL_WORDS.test(value.replace(/[!?]$/, '')) || /^[+-]?[0-9.]{1,15}$/.test(value)) return undefined;
  // Paths, URLs and file names say where a secret is; URLs with passwords have their own rule.
  if (
    /^(?:[a-z][a-z0-9+.-]{1,30}:\/\/|\.{0,2}[\\/]|~[\\/]|[A-Za-z]:\\)/.test(value) ||
    /\.(?:json|pem|key|crt|cer|p12|pfx|jks|txt|ya?ml|env|properties|xml|conf|gpg)$/i.test(value)
  )
    return undefined;
  // An environment variable's name (`token: GITHUB_TOKEN`), or the key repeated as its own value.
  const bare = value.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (
    /^[A-Z][A-Z0-9]{0,40}_[A-Z0-9_]{1,80}$/.test(value) ||
    bare === a.key.toLowerCase().replace(/[^a-z0-9]/g, '') ||
    keyWordsOf(a.key).includes(bare)
  )
    return undefined;
  if (encodesStandIn(value)) return undefined;
  const confidence = evidence(category, value);
  if (!confidence) return undefined;
  const [kind, title] = KINDS[category];
  return { start, end: start + value.length, kind, title, confidence, generic: true };
}
