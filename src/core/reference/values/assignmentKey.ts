/**
 * The name a line gives to the value that follows it: the left-hand side of an assignment,
 * an object key, a map index or a keyed call. `prefix` is the text of the line before the
 * value (before its opening quote, for a string literal).
 */
const KEY_PATTERNS: readonly RegExp[] = [
  // headers["Authorization"] = …, os.environ['API_KEY'] = …
  /\[\s*["'`]([^"'`\s]+)["'`]\s*\]\s*(?::=|=)$/,
  // Go: var apiKey string = …
  /\b(?:var|const)\s+([A-Za-z_]\w*)\s+[\w.[\]*]+\s*=$/,
  // const stripeKey = …, API_KEY: str = …, self.token := …, f(password=…), x ??= …
  /([A-Za-z_$][\w$]*)\s*(?::\s*[^=:(){}]+?)?\s*(?::=|\+=|\?\?=|\|\|=|=)$/,
  // apiKey: …, "apiKey": …, key => …, Password: … (Go struct literal)
  /(?:^|[\s{(,[;])["'`]?([A-Za-z_$][\w$.-]*)["'`]?\s*(?::|=>)$/,
  // setenv("GITHUB_TOKEN", …), headers.set('Authorization', …)
  /["'`]([A-Za-z_][\w.-]*)["'`]\s*,$/,
  // a long command-line flag: --api-key …
  /(?:^|\s)--([A-Za-z][\w-]*)$/,
];

/** An HTTP authorization scheme between a key and its credential: `Authorization: Bearer x`. */
const AUTH_SCHEME = /\s*\b(?:Bearer|Token|Basic)\s*$/i;

/**
 * How far back a key is looked for. A key sits next to its value, and the patterns, anchored
 * at the end, would otherwise cost time quadratic in a long line's length.
 */
const LOOKBACK = 256;

export function keyBefore(prefix: string): string | undefined {
  // The opening quote of a literal that the caller did not recognise as one is not part of the key.
  const trimmed = prefix
    .slice(-LOOKBACK)
    .replace(/["'`]$/, '')
    .replace(AUTH_SCHEME, '')
    .trimEnd();
  for (const pattern of KEY_PATTERNS) {
    const match = pattern.exec(trimmed);
    if (match) return match[1];
  }
  return undefined;
}

/**
 * The key inside a string that comes just before a piece of it: `Password` in
 * `Server=db;Password=x;`, `Authorization` in `Authorization: Bearer x`, `api_key` in
 * `?api_key=x`. A `:` counts only when a space follows it, so that the user of `user:pass`
 * is not read as a key.
 */
export function innerKeyBefore(prefix: string): string | undefined {
  const match = /([A-Za-z_][\w.-]*)\s*(?:=\s*|:\s+)(?:(?:Bearer|Token|Basic)\s+)?$/i.exec(prefix.slice(-LOOKBACK));
  return match?.[1];
}
