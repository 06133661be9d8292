import { WINDOW_LINES } from '../windows';

/**
 * Key/value pairs in any of the syntaxes credentials are kept in: env (`KEY=v`, `export KEY="v"`),
 * JSON (`"key": "v"`), YAML (`key: v`), TOML and INI (`key = "v"`), properties, XML
 * (`<password>v</password>`, `<add key="ApiKey" value="v"/>`), command lines (`--password v`)
 * and code (`apiKey: 'v'`, `password := "v"`, `"token" => "v"`, `setPassword("v")`).
 *
 * The scan is keyword-first and linear: a cheap regex finds a key word, the identifier around
 * it is expanded by hand (bounded), and the value is read by hand after the separator. The
 * search then resumes after the identifier, so a long run of key words costs one pass.
 */

export interface Assignment {
  key: string;
  /** The value without quotes; `start`/`end` are its offsets in the text. */
  value: string;
  start: number;
  end: number;
  /** The value was a quoted string literal. */
  quoted: boolean;
  /** The value is percent-encoded, as a query string inside another URL is. */
  encoded?: boolean;
}

const MAX_KEY = 128;
/** Where an unquoted value ends: whitespace, quotes and the punctuation that closes or separates. */
const UNQUOTED_END = new Set([...' \t\r\f\v"\'`,;&)}]<>'].map((ch) => ch.charCodeAt(0)));
const MAX_VALUE = 1024;

/** `[A-Za-z0-9_.-]`, by character code. */
function isIdent(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
}

/** An assignment with what the caller read in its key. */
export type ReadAssignment<Reading> = Assignment & { reading: Reading };

/**
 * Every assignment whose key contains one of `keyWords` (a regex with the `g` and `i` flags,
 * matched against the text) and that `readKey` reads something in: undefined rejects the key
 * before its value is looked for. Keys repeat, so `readKey` is best a cached lookup. A list
 * rather than a generator: this runs on every window of nearly every file, and a plain loop is
 * cheaper to run and to optimise than a generator's resumable one.
 */
export function findAssignments<Reading>(
  text: string,
  keyWords: RegExp,
  readKey: (key: string) => Reading | undefined,
): ReadAssignment<Reading>[] {
  const assignments: ReadAssignment<Reading>[] = [];
  keyWords.lastIndex = 0;
  // Where the previous identifier ended: expanding left never goes back past it, so every
  // character is expanded over once at most.
  let scanned = 0;
  for (let hit = keyWords.exec(text); hit; hit = keyWords.exec(text)) {
    let keyStart = hit.index;
    while (keyStart > scanned && hit.index - keyStart < MAX_KEY && isIdent(text[keyStart - 1])) keyStart--;
    let keyEnd = hit.index + hit[0].length;
    while (keyEnd < text.length && keyEnd - keyStart < MAX_KEY && isIdent(text[keyEnd])) keyEnd++;
    keyWords.lastIndex = Math.max(keyWords.lastIndex, keyEnd);
    scanned = keyEnd;
    const assignment = assignmentAt(text, keyStart, keyEnd, readKey);
    if (assignment) assignments.push(assignment);
  }
  xmlAttributePairs(text, keyWords, readKey, assignments);
  return assignments;
}

/**
 * The assignment to the key candidate `text[keyStart, keyEnd)`, if `readKey` reads something in
 * the key and a value follows it. A function of its own, apart from the loop over candidates:
 * input it has not seen yet makes the optimising compiler redo this part alone.
 */
function assignmentAt<Reading>(
  text: string,
  keyStart: number,
  keyEnd: number,
  readKey: (key: string) => Reading | undefined,
): ReadAssignment<Reading> | undefined {
  // A query string percent-encoded into another URL or a log (`%26token%3D…`): the escape of `&`
  // or `?` before the key is not part of it.
  if (text[keyStart - 1] === '%' && /^(?:26|3[Ff])./.test(text.slice(keyStart, keyEnd))) keyStart += 2;
  // A word inside a value (`arn:aws:...:secret:name`, `https://host/token`) is not a key.
  if (/[:/@\\]/.test(text[keyStart - 1] ?? '')) return undefined;
  // `--password`, `-Dspring.datasource.password`: the dashes belong to the flag, not the key.
  let from = keyStart;
  let to = keyEnd;
  while (from < to && (text[from] === '-' || text[from] === '.')) from++;
  while (to > from && (text[to - 1] === '-' || text[to - 1] === '.')) to--;
  if (from === to) return undefined;
  const key = text.slice(from, to);
  const reading = readKey(key);
  if (reading === undefined) return undefined;
  // `--password v`, and Go's single-dash long flags (`-secret v`, `-token v`) after a space;
  // a short one (`-p`, `-pw`) is too ambiguous without a command that defines it.
  const flag =
    text.startsWith('--', keyStart) ||
    (text[keyStart] === '-' && /^-[A-Za-z][A-Za-z_]{4,}$/.test(text.slice(keyStart, keyEnd)) && /^$|\s/.test(text[keyStart - 1] ?? ''));
  const found =
    encodedQueryValue(text, keyEnd) ??
    namedValue(text, keyStart, keyEnd) ??
    valueAfterKey(text, keyStart, keyEnd, flag) ??
    xmlElementValue(text, keyStart, keyEnd);
  return found && { key, ...found, reading };
}

/**
 * `token%3D…` in a percent-encoded query: the value runs over unreserved characters and escapes
 * (`%2B`, `%2F`, `%3D` of base64) up to the next parameter's `%26`.
 */
function encodedQueryValue(text: string, keyEnd: number): Omit<Assignment, 'key'> | undefined {
  if (text[keyEnd] !== '%' || !/^%3[Dd]/.test(text.slice(keyEnd, keyEnd + 3))) return undefined;
  const start = keyEnd + 3;
  let end = start;
  while (end < text.length && end - start <= MAX_VALUE) {
    if (text[end] === '%') {
      if (!/^%(?!26)[0-9A-Fa-f]{2}/.test(text.slice(end, end + 3))) break;
      end += 3;
    } else if (isIdent(text[end]) || text[end] === '~') end++;
    else break;
  }
  return end > start ? { value: text.slice(start, end), start, end, quoted: false, encoded: true } : undefined;
}

/** Words that make `name(...)` a setter or builder taking the value, not a getter or a prompt. */
const SETTER = /^(?:set|with|use|put|add)[A-Z_]|^(?:password|passwd|token|secret|api_?key|apiKey|auth)$/;

function valueAfterKey(text: string, keyStart: number, keyEnd: number, flag: boolean): Omit<Assignment, 'key'> | undefined {
  let i = keyEnd;
  const opening = text[keyStart - 1];
  const quotedKey = (opening === '"' || opening === "'" || opening === '`') && text[i] === opening;
  // The key's own closing quote (`"password":`) or bracket (`config["password"] =`).
  if (quotedKey) i++;
  if (text[i] === ']') i++;
  i = skipSpaces(text, i);
  // `define('AUTH_KEY', 'v')`, `put("password", "v")`: a quoted key then a comma.
  const separator = /^(?::=|=>|\?\?=|\|\|=|===?|!==?|=|:|\(|,)/.exec(text.slice(i, i + 3));
  if (separator) {
    // `password !== "…"` compares with a literal, which is as hard-coded as an assignment; against
    // anything else (`token != null`) it holds no value.
    if (separator[0].startsWith('!') && !/["'`]/.test(text[skipSpaces(text, i + separator[0].length)] ?? '')) return undefined;
    if (separator[0] === ',' && !quotedKey) return undefined;
    if (separator[0] === '(' && !SETTER.test(text.slice(keyStart, keyEnd).replace(/^.*\./, ''))) return undefined;
    i = skipSpaces(text, i + separator[0].length);
    if (separator[0] === ',' && !/["'`]/.test(text[i] ?? '')) return undefined;
  } else if (!(flag && (text[i - 1] === ' ' || text[i - 1] === '\t'))) {
    return undefined;
  }
  // A typed declaration (`password: str = "v"`, `token: string = 'v'`) puts the value after the type.
  const typed = separator?.[0] === ':' ? /^[A-Za-z_][A-Za-z0-9_.<>[\]|?]{0,40}\s{0,4}=(?!=)\s{0,4}/.exec(text.slice(i, i + 60)) : null;
  if (typed && /["'`]/.test(text[i + typed[0].length] ?? '')) i += typed[0].length;
  if (separator?.[0] === '(' && !/["'`]/.test(text[i] ?? '')) return undefined;
  // An HTTP header's auth scheme (`Authorization: Bearer v`): the credential is the word after it.
  const scheme = /^(?:Bearer|Basic|Token|token|Digest)[ \t]{1,4}(?=[^\s"'`])/.exec(text.slice(i, i + 12));
  if (scheme) i += scheme[0].length;
  return readValue(text, i);
}

function skipSpaces(text: string, i: number): number {
  let j = i;
  while (j < text.length && j - i < 16 && (text[j] === ' ' || text[j] === '\t')) j++;
  return j;
}

/** A quoted literal (with a prefix such as `r"`, `b'`, `@"`), or an unquoted run up to a delimiter. */
function readValue(text: string, at: number): Omit<Assignment, 'key'> | undefined {
  let i = at;
  if (/[rbuf@$]/.test(text[i] ?? '') && /["']/.test(text[i + 1] ?? '')) i++;
  // A quoted value HTML-escaped into an attribute or a diagram's text (`token=&quot;…&quot;`).
  if (text.startsWith('&quot;', i)) {
    const start = i + 6;
    const end = text.indexOf('&quot;', start);
    if (end < 0 || end - start > MAX_VALUE || text.slice(start, end).includes('\n')) return undefined;
    return { value: text.slice(start, end), start, end, quoted: true };
  }
  const quote = text[i];
  if (quote === '"' || quote === "'" || quote === '`') {
    if (text.startsWith(quote.repeat(3), i)) return undefined;
    const start = i + 1;
    let end = start;
    while (end < text.length && end - start <= MAX_VALUE && text[end] !== quote && text[end] !== '\n') {
      end += text[end] === '\\' ? 2 : 1;
    }
    const close = text[end] === quote ? end : wrappedValueEnd(text, start, end, quote);
    if (close === undefined) return undefined;
    return { value: text.slice(start, close), start, end: close, quoted: true };
  }
  const start = i;
  // An object or a list (`"token": {`, `keys: [`) is structure, not a value.
  if (text[start] === '{' && text[start + 1] !== '{') return undefined;
  if (text[start] === '[') return undefined;
  let end = start;
  // `${VAR:-default}`, `$(op read ...)`, `{{ secrets.X }}`: a bracketed expression is read whole.
  let depth = 0;
  while (end < text.length && end - start <= MAX_VALUE) {
    const c = text.charCodeAt(end);
    if (c === 10) break;
    if (c === 123 /* { */ || (c === 40 /* ( */ && (depth > 0 || text.charCodeAt(end - 1) === 36)) /* $ */) depth++;
    else if ((c === 125 /* } */ || c === 41) /* ) */ && depth > 0) depth--;
    else if (depth === 0 && UNQUOTED_END.has(c)) break;
    end++;
  }
  // A trailing backslash continues a shell line; it is not part of the value.
  while (end > start && text[end - 1] === '\\') end--;
  if (end === start || end - start > MAX_VALUE) return undefined;
  return { value: text.slice(start, end), start, end, quoted: false };
}

/** A line of a key wrapped inside a string literal: indentation, then one run of a token's characters, then the quote or the line's end. */
const WRAPPED_LINE = /^\r?\n[ \t]{0,40}[A-Za-z0-9+/=_.-]{1,200}(?=(["'`])|\r?\n)/;

/**
 * Where a string literal wrapped over lines closes, as a long key pasted into PHP, Ruby, a shell
 * or a template literal is (`'MIIB…` on one line, `…=='` on the next): the first line a run of 16
 * or more of a token's characters, each further line one run. Undefined for any other line break
 * inside a quote. A rule sees `WINDOW_LINES` lines below its key word, so a literal wrapped
 * further is read nowhere, rather than in a full scan only.
 */
function wrappedValueEnd(text: string, start: number, lineEnd: number, quote: string): number | undefined {
  if (text[lineEnd] !== '\n' || !/^[A-Za-z0-9+/=_.-]{16,}\r?$/.test(text.slice(start, lineEnd))) return undefined;
  let at = lineEnd - (text[lineEnd - 1] === '\r' ? 1 : 0);
  for (let lines = 0; lines < WINDOW_LINES && at - start <= MAX_VALUE; lines++) {
    const line = WRAPPED_LINE.exec(text.slice(at, at + 250));
    if (!line) return undefined;
    at += line[0].length;
    if (line[1]) return line[1] === quote ? at : undefined;
  }
  return undefined;
}

/** How the text before a named value's key ends (`name: "`, `Key=`): the tail of the pattern in `namedValue`. */
const NAME_SEPARATOR_BEFORE = /[:=]\s{0,4}["']?$/;

/**
 * `- name: API_KEY` then `value: v` (Kubernetes and compose env lists, ECS task definitions,
 * CloudFormation parameters): the key is a name's value, and the secret follows as `value`.
 */
function namedValue(text: string, keyStart: number, keyEnd: number): Omit<Assignment, 'key'> | undefined {
  // The few characters before the key rule most keys out (`pat` in a pattern, `token` in a call)
  // at less cost than the whole look back does.
  if (!NAME_SEPARATOR_BEFORE.test(text.slice(Math.max(0, keyStart - 6), keyStart))) return undefined;
  const before = text.slice(Math.max(0, keyStart - 40), keyStart);
  if (!/(?:^|[\s{,-])["']?(?:name|Name|key|Key|ParameterKey|OptionName)["']?\s{0,4}[:=]\s{0,4}["']?$/.test(before)) return undefined;
  const after = /^["']?\s{0,4},?\s{0,200}?["']?(?:value|Value|ParameterValue)["']?\s{0,4}[:=]\s{0,4}/.exec(
    text.slice(keyEnd, keyEnd + 260),
  );
  return after ? readValue(text, keyEnd + after[0].length) : undefined;
}

/** `<password>v</password>`: the key is the element name. */
function xmlElementValue(text: string, keyStart: number, keyEnd: number): Omit<Assignment, 'key'> | undefined {
  if (text[keyStart - 1] !== '<' || text[keyEnd] !== '>') return undefined;
  const start = keyEnd + 1;
  const close = `</${text.slice(keyStart, keyEnd)}>`;
  const end = text.slice(start, start + MAX_VALUE).indexOf(close);
  if (end <= 0) return undefined;
  const value = text.slice(start, start + end);
  if (/[<\n]/.test(value)) return undefined;
  return { value, start, end: start + end, quoted: true };
}

/** `<add key="ApiKey" value="v"/>`, `<property name="password" value="v"/>`, added to `into`. */
function xmlAttributePairs<Reading>(
  text: string,
  keyWords: RegExp,
  readKey: (key: string) => Reading | undefined,
  into: ReadAssignment<Reading>[],
): void {
  if (!text.includes('value=')) return;
  const pair = /\b(?:key|name)\s{0,4}=\s{0,4}"([A-Za-z0-9_.:-]{1,128})"\s{1,8}value\s{0,4}=\s{0,4}"([^"\n]{0,1024})"/g;
  for (const m of text.matchAll(pair)) {
    const key = m[1];
    keyWords.lastIndex = 0;
    if (!keyWords.test(key)) continue;
    const reading = readKey(key);
    if (reading === undefined) continue;
    const start = m.index + m[0].length - 1 - m[2].length;
    into.push({ key, value: m[2], start, end: start + m[2].length, quoted: true, reading });
  }
  keyWords.lastIndex = 0;
}
