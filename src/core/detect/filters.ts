/**
 * Filters shared by every rule: a matched value that is really a reference, a lookup, a
 * placeholder, a documented example, ciphertext or a public key is not a secret, whichever
 * rule matched it. Shape filters (UUIDs, hashes, prose) apply only to generic findings, whose
 * rules know nothing of a vendor format; a vendor format that happens to look like a UUID
 * (Heroku's keys) is still a credential.
 *
 * Every regex here is linear: bounded repetitions, no nested quantifiers over overlapping classes.
 */
import { findReferences, isForeignReference } from '../reference';
import { isPublicIdentifier } from './publicIdentifiers';

/** Environment lookups and template expressions standing in for a value. */
const LOOKUP = new RegExp(
  [
    String.raw`^\$[A-Za-z_][A-Za-z0-9_]{0,127}(?![A-Za-z0-9_])`,
    String.raw`^\$\(`,
    String.raw`^%[-+ #0-9.]{0,6}[sdvqxX]$`,
    String.raw`^\{[0-9]{0,2}\}$|^\{[A-Za-z_][A-Za-z0-9_.]{0,60}\}$`,
    String.raw`\$\{[^}\n]{0,200}\}`,
    String.raw`\{\{[^}\n]{0,200}\}\}`,
    String.raw`\{%[^%\n]{0,200}%\}`,
    String.raw`<%=?[^%\n]{0,200}%>`,
    String.raw`^%\(?[A-Za-z_][A-Za-z0-9_]{0,127}\)?[sd%]?$`,
    String.raw`^\$\([A-Za-z_][A-Za-z0-9_.]{0,127}\)$`,
    String.raw`^#\{[^}\n]{0,200}\}$`,
    String.raw`^@[A-Za-z_][A-Za-z0-9_.]{0,127}@$`,
    String.raw`(?:process\.env|import\.meta\.env|Deno\.env|os\.environ|ENV)(?:\.|\[|\.get\(|\.fetch\()`,
    String.raw`(?:getenv|GetEnvironmentVariable|env|config|secret|Secret|secrets\.get)\(\s{0,4}["'A-Za-z_]`,
    String.raw`^(?:secrets|vars|env|inputs|steps)\.[A-Za-z_][A-Za-z0-9_.]{0,127}$`,
  ].join('|'),
);

/** Words that mark a value as a stand-in. */
const PLACEHOLDER_WORD = new RegExp(
  [
    String.raw`your[-_ .]?[a-z0-9_-]{0,40}?[-_ .]?(?:here|token|key|secret|password|pass|pwd|value|id|api)`,
    String.raw`(?:^|[^a-z])(?:change|replace|insert|put|enter|paste|add|set)[-_ .]?(?:me|it|here|this|your|with|the|real|token|key|secret|password)`,
    String.raw`(?:^|[^a-z])real[-_ .]?(?:key|token|secret|value|password)`,
    String.raw`placeholder|example|dummy|sample[-_]?(?:key|token|secret|password)|redacted|censored|not[-_ .]?a[-_ .]?real|notreal|fixme|todo[-_:]`,
    String.raw`<[A-Za-z][A-Za-z0-9 _.-]{0,60}>`,
    String.raw`\[[A-Za-z_ -]{1,40}\]$`,
    String.raw`\*{3,}|•{3,}|…|\.\.\.`,
  ].join('|'),
  'i',
);

/** Marks of a typed stand-in, checked in short values only: a long key body may hold `xxxx` by chance. */
const PLACEHOLDER_MARK =
  /x{4,}|X{4,}|^(?:abc123|qwerty\w{0,6}|letmein|hunter2|passw(?:or)?d\d{0,4}|secret\d{0,4}|admin\d{0,4}|test\d{0,4}|demo\d{0,4}|foo|bar|baz|foobar)$/;

/** Documented example credentials that vendors publish in their own docs. */
const VENDOR_EXAMPLES = [
  // AWS's documented access key pair.
  /EXAMPLE(?:KEY)?$/,
  // Stripe's documented test keys.
  /^(?:sk|pk)_test_(?:4eC39HqLyjWDarjtT1zdp7dc|TYooMQauvdEDq54NiTphI7jx|BQokikJOvBiI2HlWgH4olfQ2)$/,
  // The jwt.io sample token's signature.
  /SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c$/,
  // Slack's documentation token.
  /^xox[a-z]-not-a-real-token/,
  // GitHub's documentation token, MongoDB's documentation password, Azurite's well-known storage key.
  /^gh[pousr]_16C7e42F292c6912E7710c838347Ae178B4a$/,
  /^D1fficultP(?:%40|@)ssw0rd$/,
  /^Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq\/K1SZFPTOtr\/KBHBeksoGMGw==$/,
  // The Azure Cosmos DB emulator's well-known key.
  /^C2y6yDjf5\/R\+ob0N8A7Cgv30VRDJIWEHLM\+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw\/Jw==$/,
];

/** Ciphertext that is safe at rest: SOPS, jasypt, ansible-vault, Vault transit, PGP and age armour, kubeseal output. */
const CIPHERTEXT =
  /^(?:ENC\[[A-Z0-9_]{1,20},|ENC\(|!vault\b|\$ANSIBLE_VAULT;|vault:v\d{1,3}:|-----BEGIN (?:PGP MESSAGE|AGE ENCRYPTED FILE)-----|Ag[A-D][A-Za-z0-9+/]{300,}={0,2}$)/;

/** Public halves and certificates, which are published on purpose. */
const PUBLIC_KEY =
  /^(?:ssh-(?:rsa|dss|ed25519)\s|ecdsa-sha2-|sk-(?:ssh|ecdsa)-|AAAAB3NzaC1|AAAAC3NzaC1lZDI1NTE5|AAAAE2VjZHNh|age1[a-z0-9]{58}$|-----BEGIN (?:[A-Z]{1,10} )?(?:PUBLIC KEY|CERTIFICATE|PGP PUBLIC KEY BLOCK|X509 CRL|CERTIFICATE REQUEST|NEW CERTIFICATE REQUEST)-----)/;

/** Subresource-integrity and lockfile hashes. */
const INTEGRITY_HASH = /^(?:sha(?:1|224|256|384|512)-[A-Za-z0-9+/]{20,}={0,2}|h1:[A-Za-z0-9+/]{43}=|sha256:[0-9a-f]{64})$/;

/** Other managers' references and cloud secret-store locators, which name a secret without holding it. */
const STORE_LOCATOR = new RegExp(
  '^(?:' +
    [
      String.raw`arn:aws[a-z-]{0,20}:(?:secretsmanager|ssm|kms):`,
      String.raw`\{\{resolve:(?:secretsmanager|ssm|ssm-secure):`,
      String.raw`projects\/[^/\s]{1,100}\/secrets\/`,
      String.raw`@Microsoft\.(?:KeyVault|AppConfiguration)\(`,
      String.raw`ref\+[a-z0-9]{1,20}:\/\/`,
      // A secret store's scheme before a path or name: `gcp:secretmanager:projects/…`,
      // `secretsmanager:prod/…`, `aws-parameterstore:/…` (Spring Cloud), `sm://…` and `sm@…`
      // (Spring Cloud GCP, berglas), and the managers' own URIs.
      String.raw`(?:(?:gcp|google|aws|azure|az)[:-])?(?:secret-?manager|secrets-?manager|parameter-?store|ssm|ssm-secure|key-?vault|azurekeyvault)(?::\/\/|[:@]\/?)[A-Za-z0-9_.-]`,
      String.raw`(?:sm|berglas|sops|doppler|infisical|bws|bitwarden|op|onepassword|akv|gcpsm|awssm|conjur|akeyless|keeper|vault)(?::\/\/|@)[A-Za-z0-9_.-]`,
    ].join('|') +
    ')',
);

/** Other scanners' allow comments on the finding's line: detect-secrets' pragma and gitleaks' marker. */
const ALLOW_COMMENT = /pragma:\s{0,4}allowlist[ -]secret|gitleaks:allow/;

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'composer.lock',
  'Gemfile.lock',
  'Cargo.lock',
  'poetry.lock',
  'Pipfile.lock',
  'uv.lock',
  'pdm.lock',
  'go.sum',
  'packages.lock.json',
  'flake.lock',
  'mix.lock',
  'pubspec.lock',
  'Podfile.lock',
  'gradle.lockfile',
  'deno.lock',
]);

const I18N_PATH =
  /(?:^|[\\/])(?:locales?|i18n|l10n|lang|langs|languages|translations?|messages|strings)[\\/]|\.(?:po|pot|xliff|xlf|resx|strings|stringsdict|arb)$|(?:^|[\\/])messages(?:_[a-z]{2}(?:_[A-Z]{2})?)?\.properties$/i;

/**
 * A secret's name or path in another manager (`prod/billing/db-password`, the `secret_id` that
 * Terraform and boto3 pass around): lower-case words joined by `/`, where a value encoded in
 * base64 would mix cases.
 */
const SECRET_PATH = /^[a-z0-9][a-z0-9_.-]{0,63}(?:\/[a-z0-9][a-z0-9_.-]{0,63}){1,8}$/;
const WORDY_SEGMENTS = /^(?:[^/]*[a-z]{3}[^/]*)(?:\/[^/]*[a-z]{3}[^/]*)*$/;

/**
 * A UUID or GUID: its version digit (0 to 8, 0 for the nil UUID and old GUIDs) and variant digit
 * (8 to b for RFC 9562, 0 to 7 for the NCS, c and d for Microsoft's) are what make it one. Hex in
 * the same layout with a version digit of 9 to f (`…-b4e2-…`) or a variant of e or f is a generated
 * key written in a UUID's layout, and its key name decides.
 */
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-8][0-9a-fA-F]{3}-[0-9a-dA-D][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;
const HEX_DIGEST = /^(?:[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128}|[0-9A-F]{40}|[0-9A-F]{64})$/;
const GIT_CONTEXT =
  /\b(?:commit|sha|sha1|sha256|rev|revision|ref|hash|checksum|digest|tree|parent|head|integrity|etag|fingerprint)\b|[\\/](?:commit|tree|blob)[\\/]|@[0-9a-f]{40}\b/i;

function isReference(value: string): boolean {
  const trimmed = value.trim();
  if (isForeignReference(trimmed) || STORE_LOCATOR.test(trimmed)) return true;
  const refs = findReferences(trimmed);
  return refs.length > 0 && refs.some((r) => r.start === 0 || trimmed.slice(0, r.start).trim() === '');
}

export function isLookup(value: string): boolean {
  return LOOKUP.test(value.trim());
}

const PLACEHOLDER_WORDS = new RegExp(PLACEHOLDER_WORD.source, 'gi');

export function isPlaceholder(value: string): boolean {
  if (value.length <= 256 ? PLACEHOLDER_WORD.test(value) : hasPlaceholderWordInOneCase(value)) return true;
  if (value.length > 256 || value.includes('\n')) return false;
  const body = bodyOf(value);
  return PLACEHOLDER_MARK.test(value) || hasLongRun(body) || isPeriodic(body);
}

/**
 * A placeholder word in a long value (a key body, a base64 blob) counts only written in one
 * case: 2 KB of random base64 holds a mixed-case `SEtMe` or `AdDIt` by chance.
 */
function hasPlaceholderWordInOneCase(value: string): boolean {
  for (const m of value.matchAll(PLACEHOLDER_WORDS)) if (m[0] === m[0].toLowerCase() || m[0] === m[0].toUpperCase()) return true;
  return false;
}

/**
 * Whether a value counts: six or more characters in a row that go up or down by one (`123456`,
 * `abcdef`, `654321`), the way people type a stand-in for a token's body. A generated value
 * has such a run about once in ten million.
 */
export function hasCountingRun(value: string, length = 6): boolean {
  let run = 1;
  let step = 0;
  for (let i = 1; i < value.length; i++) {
    const a = value.charCodeAt(i - 1);
    const b = value.charCodeAt(i);
    const d = b - a;
    const sameClass = (isDigit(a) && isDigit(b)) || (isLower(a) && isLower(b)) || (isUpper(a) && isUpper(b));
    if (sameClass && (d === 1 || d === -1) && (run === 1 || d === step)) {
      step = d;
      if (++run >= length) return true;
    } else {
      run = sameClass && (d === 1 || d === -1) ? 2 : 1;
      step = d;
    }
  }
  return false;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;
const isUpper = (c: number) => c >= 65 && c <= 90;

/** The head of a base64 data URI (an inline image or font). */
const DATA_URI_HEAD = /data:[\w.+-]{1,40}\/[\w.+-]{1,60}(?:;[\w=.-]{1,40}){0,3};base64,$/;

const BASE64_MARKER = ';base64,';

/**
 * Whether a value lies in a data URI's payload: base64 all the way back to the URI's `;base64,`,
 * however long. The payload has no line break, so only the base64 run before the value is read,
 * never the text before it.
 */
function inDataUri(text: string, start: number): boolean {
  // A value that starts within the marker or right after it has an empty payload before it.
  const near = Math.max(0, start - BASE64_MARKER.length);
  const marker = text.slice(near, start + BASE64_MARKER.length).lastIndexOf(BASE64_MARKER, start - near);
  if (marker !== -1) return hasDataUriHead(text, near + marker);
  let payload = start;
  while (payload > 0 && isBase64(text.charCodeAt(payload - 1))) payload--;
  // The character before the run is not base64: the marker's `,` when this is a payload.
  const head = payload - BASE64_MARKER.length;
  return head >= 0 && text.startsWith(BASE64_MARKER, head) && hasDataUriHead(text, head);
}

function hasDataUriHead(text: string, marker: number): boolean {
  return DATA_URI_HEAD.test(text.slice(Math.max(0, marker - 120), marker + BASE64_MARKER.length));
}

/** `[A-Za-z0-9+/=]` */
const isBase64 = (c: number) => isDigit(c) || isLower(c) || isUpper(c) || c === 43 || c === 47 || c === 61;
/** A line of uuencoded data: `M` and 60 characters of its alphabet. */
const UUENCODED_LINE = /^M[\x20-\x60]{60}$/;
/**
 * What borders a line of uuencoded data: another such line, the `begin 644 name` header, the
 * closing backquote or `end`. An upper-case config line of 61 characters (`MYSQL_USER=…;`) has
 * the alphabet and the length too, but stands alone.
 */
const UUENCODED_NEIGHBOUR = /^(?:M[\x20-\x60]{60}|begin(?:-base64)? [0-7]{3,4} \S.{0,200}|`|end)\r?$/;

/** Whether the range lies on a line of a uuencoded block. */
function inUuencodedBlock(text: string, start: number, end: number): boolean {
  const [from, to] = lineBounds(text, start, end);
  if (!UUENCODED_LINE.test(text.slice(from, to).replace(/\r$/, ''))) return false;
  const above = from > 0 ? lineAround(text, from - 1, from - 1) : '';
  const below = to < text.length ? lineAround(text, to + 1, to + 1) : '';
  return UUENCODED_NEIGHBOUR.test(above) || UUENCODED_NEIGHBOUR.test(below);
}

function isVendorExample(value: string): boolean {
  return VENDOR_EXAMPLES.some((re) => re.test(value));
}

function isCiphertext(value: string): boolean {
  return CIPHERTEXT.test(value.trimStart());
}

function isPublicKey(value: string): boolean {
  return PUBLIC_KEY.test(value.trimStart());
}

/** True when the matched value is not a credential whatever its shape and wherever it is. */
export function isNonSecret(value: string): boolean {
  return (
    isReference(value) ||
    isLookup(value) ||
    isPlaceholder(value) ||
    isVendorExample(value) ||
    isCiphertext(value) ||
    isPublicKey(value) ||
    INTEGRITY_HASH.test(value)
  );
}

/** A finding as the filters see it. */
export interface CandidateFinding {
  start: number;
  end: number;
  /** Found by key name and value evidence, not by a vendor format. */
  generic?: boolean;
  /** Passed its vendor's checksum. */
  verified?: boolean;
  /** A service's name names it: a UUID or a hex string is that service's key shape, not an id or a digest. */
  anchored?: boolean;
}

/**
 * The filter for one text: file-level facts (a lockfile, an i18n bundle, a SOPS or
 * ansible-vault file, SealedSecrets documents) are worked out once, then each finding is
 * checked against its value and surroundings. Returns true for a finding that is not a secret.
 */
export function nonSecretFilter(text: string, filePath?: string): (finding: CandidateFinding) => boolean {
  const base = filePath ? filePath.replace(/^.*[\\/]/, '') : '';
  const lockfile = LOCKFILES.has(base);
  const i18n = filePath !== undefined && I18N_PATH.test(filePath);
  const vaultFile = /^\s{0,10}\$ANSIBLE_VAULT;/.test(text.slice(0, 64));
  const sopsStart = sopsMetadataStart(text);
  const sealed = sealedSecretDocuments(text);
  const encryptedBlocks = armouredBlocks(text);
  const sopsValues = text.includes('ENC[');
  const allowComments = text.includes('allowlist') || text.includes('gitleaks:allow');

  return (finding) => {
    const value = text.slice(finding.start, finding.end);
    if (!value.trim() || isNonSecret(value) || isPublicIdentifier(text, finding.start, finding.end)) return true;
    if (vaultFile) return true;
    if (sopsStart !== undefined && finding.start >= sopsStart) return true;
    if (within(sealed, finding) || within(encryptedBlocks, finding)) return true;
    if (sopsValues && insideSopsValue(text, finding.start, finding.end)) return true;
    if (!finding.verified && (isMarkedFake(text, finding.start, finding.end) || hasCountingRun(value))) return true;
    if (inDataUri(text, finding.start)) return true;
    if (allowComments && ALLOW_COMMENT.test(lineAround(text, finding.start, finding.end))) return true;
    if (lockfile && (finding.generic || HEX_DIGEST.test(value) || /^[A-Za-z0-9+/]{40,}={0,2}$/.test(value))) return true;
    if (!finding.generic) return false;
    if (i18n || isProse(value) || (SECRET_PATH.test(value) && WORDY_SEGMENTS.test(value))) return true;
    // A number or an array written in code (`0x81103c14`, `{0x48, 0x65}`) is no password, whatever its key
    // says: 64 bits at most, where a key written in hex (an Ethereum private key) has 256.
    if (/^(?:0x[0-9a-fA-F]{1,16}$|[{[])/.test(value) || inUuencodedBlock(text, finding.start, finding.end)) return true;
    if (finding.anchored) return false;
    return UUID.test(value) || (HEX_DIGEST.test(value) && GIT_CONTEXT.test(lineAround(text, finding.start, finding.end)));
  };
}

/**
 * Whether test code marks the value as fake: `fake_`, `dummy_` or `test_` in the value (other
 * than a vendor's own test-mode prefix such as Stripe's `sk_test_`), or in a name on its line
 * before it (`FAKE_TOKEN=`, `const dummyKey =`, `test_api_key:`).
 */
export function isMarkedFake(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (/(?:fake|dummy)[-_]/i.test(value) || /(?<!(?:sk|rk|pk|rzp)_)test_/i.test(value)) return true;
  let lineStart = start;
  while (lineStart > 0 && start - lineStart < 200 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  const before = text.slice(lineStart, start);
  return (
    /(?:^|[^A-Za-z0-9])(?:fake|dummy|test)_|_(?:fake|dummy)(?![A-Za-z0-9])/i.test(before) ||
    /(?:^|[^A-Za-z0-9])(?:fake|dummy|Fake|Dummy|FAKE|DUMMY)(?=[A-Z0-9_])|[a-z0-9](?:Fake|Dummy)(?![a-z])/.test(before)
  );
}

/** Prose and labels: several words, or a sentence. */
function isProse(value: string): boolean {
  return /^[\p{L}'’,.!?:;()-]{1,40}(?:\s{1,3}[\p{L}'’,.!?:;()-]{1,40}){1,30}$/u.test(value.trim());
}

/**
 * A run of identical, ascending or descending characters covering a third of the body
 * (`0000…`, `abcdefgh…`). Shorter runs occur in real keys: Azure DevOps PATs hold `AAAAAAAAAAAA`.
 */
function hasLongRun(body: string): boolean {
  let same = 1;
  let up = 1;
  let down = 1;
  let longest = 1;
  for (let i = 1; i < body.length; i++) {
    const d = body.charCodeAt(i) - body.charCodeAt(i - 1);
    same = d === 0 ? same + 1 : 1;
    up = d === 1 ? up + 1 : 1;
    down = d === -1 ? down + 1 : 1;
    longest = Math.max(longest, same, up, down);
  }
  return longest >= 6 && longest * 3 >= body.length;
}

/** The part of a value after its vendor prefix (`sk_live_`, `xoxb-`), where randomness should be. */
function bodyOf(value: string): string {
  const m = /^(?:[A-Za-z0-9]{1,12}[-_.]){1,3}/.exec(value);
  return m && value.length - m[0].length >= 8 ? value.slice(m[0].length) : value;
}

/** A unit repeated over the whole body (`abcabcabc`, `0123456789abcdef0123456789abcdef`): typed, not generated. */
function isPeriodic(body: string): boolean {
  if (body.length < 6) return false;
  for (let period = 1; period * 2 <= body.length; period++) {
    let repeats = true;
    for (let i = period; i < body.length && repeats; i++) repeats = body[i] === body[i - period];
    if (repeats) return true;
  }
  return false;
}

/** The bounds of a range's line, at most `reach` characters each way. */
function lineBounds(text: string, start: number, end: number, reach = 300): [number, number] {
  let from = start;
  while (from > 0 && start - from < reach && text.charCodeAt(from - 1) !== 10) from--;
  let to = end;
  while (to < text.length && to - end < reach && text.charCodeAt(to) !== 10) to++;
  return [from, to];
}

function lineAround(text: string, start: number, end: number): string {
  const [from, to] = lineBounds(text, start, end);
  return text.slice(from, to);
}

/** Whether a finding lies inside one of some ranges, sorted by start and disjoint: a binary search. */
function within(ranges: [number, number][], finding: CandidateFinding): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid][0] > finding.start) hi = mid - 1;
    else if (ranges[mid][1] < finding.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Where a SOPS file's own metadata begins (its recipients and MAC), if this is one. */
function sopsMetadataStart(text: string): number | undefined {
  if (!text.includes('ENC[')) return undefined;
  const yaml = /^sops:\s*$/m.exec(text);
  if (yaml) return yaml.index;
  const json = /"sops"\s{0,10}:\s{0,10}\{/.exec(text);
  if (json) return json.index;
  const env = /^sops_[a-z_]{1,40}=/m.exec(text);
  return env ? env.index : undefined;
}

/** Whether a range lies inside a SOPS `ENC[...]` value on its line. */
function insideSopsValue(text: string, start: number, end: number): boolean {
  const [from, to] = lineBounds(text, start, end, 20000);
  const line = text.slice(from, to);
  if (!line.includes('ENC[')) return false;
  const offset = start - from;
  for (const m of line.matchAll(/ENC\[[^\]\n]{0,20000}\]/g)) {
    if (offset >= m.index && offset + (end - start) <= m.index + m[0].length) return true;
  }
  return false;
}

/** Ranges of YAML documents whose kind is SealedSecret: their values are encrypted for the cluster. */
function sealedSecretDocuments(text: string): [number, number][] {
  if (!/^kind:\s{0,4}SealedSecret\s*$/m.test(text)) return [];
  const ranges: [number, number][] = [];
  let from = 0;
  for (const separator of [...text.matchAll(/^---.*$/gm), { index: text.length }]) {
    const doc = text.slice(from, separator.index);
    if (/^kind:\s{0,4}SealedSecret\s*$/m.test(doc)) ranges.push([from, separator.index]);
    from = separator.index;
  }
  return ranges;
}

/** Ranges of armoured ciphertext and public material (PGP messages, age files, certificates, public keys). */
function armouredBlocks(text: string): [number, number][] {
  if (!text.includes('-----BEGIN ')) return [];
  const ranges: [number, number][] = [];
  const begin =
    /-----BEGIN ((?:PGP MESSAGE|AGE ENCRYPTED FILE|(?:[A-Z]{1,10} )?PUBLIC KEY|CERTIFICATE|PGP PUBLIC KEY BLOCK|PGP SIGNATURE|CERTIFICATE REQUEST|X509 CRL)(?: BLOCK)?)-----/g;
  // Each block ends at the first END line after it; that position only moves forward.
  const endLine = /-----END /g;
  let end = -1;
  for (const m of text.matchAll(begin)) {
    if (end < m.index) {
      endLine.lastIndex = m.index;
      const next = endLine.exec(text);
      if (!next) break;
      end = next.index;
    }
    const endMarker = `-----END ${m[1]}-----`;
    if (text.startsWith(endMarker, end)) ranges.push([m.index, end + endMarker.length]);
  }
  return ranges;
}
