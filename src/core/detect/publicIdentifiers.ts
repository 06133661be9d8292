/**
 * Public identifiers that look like keys: values a vendor tells you to ship to browsers or to
 * publish (publishable keys, site keys, client ids, analytics project tokens, search-only keys,
 * web-app configs, CSRF tokens, blockchain addresses). Flagging them teaches users to ignore
 * squiggles, so they are never reported, whichever rule matched them.
 *
 * Each check is by the value's shape, by the key on its line, or by the few lines above it: a
 * section header (`mixpanel:`), an import (`algoliasearch/lite`), a config object (`authDomain`).
 * The context is read only for a finding, and bounded, so a large file costs nothing more.
 */

/** Values public by their shape alone. */
const PUBLIC_SHAPE = new RegExp(
  [
    // Stripe (and Clerk) publishable keys.
    String.raw`^pk_(?:live|test)_[A-Za-z0-9]{10,247}$`,
    // Google OAuth client ids.
    String.raw`^[0-9]{6,20}-[a-z0-9]{32}\.apps\.googleusercontent\.com$`,
    // An Ethereum-style address: 20 bytes. A private key is 32 (64 hex digits) and is not matched.
    String.raw`^0x[0-9a-fA-F]{40}$`,
    // Langfuse's public half.
    String.raw`^pk-lf-[0-9a-f-]{36}$`,
    // Product-analytics and feature-flag SDK keys that ship in every page: PostHog project keys,
    // Datadog RUM client tokens, Mapbox public tokens, Statsig client keys, GrowthBook SDK keys.
    String.raw`^phc_[A-Za-z0-9]{32,64}$`,
    String.raw`^pub[0-9a-f]{32}$`,
    String.raw`^pk\.eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{10,}$`,
    String.raw`^client-[A-Za-z0-9]{32,64}$`,
    String.raw`^sdk-[A-Za-z0-9]{12,32}$`,
  ].join('|'),
);

/** A key on the value's line that names a public value: CSRF tokens, reCAPTCHA site keys. */
const PUBLIC_KEY_NAME = /authenticity_token|csrf|xsrf|site_?key|sitekey|recaptcha[^\n]{0,20}(?:site|public)/i;
/** Words that make a key name a secret even beside a public-sounding one. */
const SECRET_WORD = /secret|private|password|passwd|admin|write_?key_?secret|master|service[_-]?account|server[_-]?key/i;

/** Analytics SDKs whose project tokens and write keys are sent from every visitor's browser. */
const ANALYTICS = /mixpanel|segment|amplitude/i;
/** Algolia's search-only keys are for front ends; its admin key is not. */
const ALGOLIA_SEARCH =
  /algolia[^\n]{0,60}search[-_ ]?(?:only|key|api)|search[-_ ]?only[^\n]{0,40}(?:key|api)|algoliasearch\/lite|searchClient/i;
/** A Firebase web-app config, whose `apiKey` identifies the project and is published by design. */
const FIREBASE_WEB_CONFIG = /authDomain|messagingSenderId|firebaseapp\.com|measurementId/;

/**
 * The text before the value on its line, and the lines above it (at most `linesAbove`, and 600
 * characters): where a key and its section name sit.
 */
function before(text: string, start: number, linesAbove: number): { line: string; above: string } {
  let lineStart = start;
  while (lineStart > 0 && start - lineStart < 300 && text.charCodeAt(lineStart - 1) !== 10) lineStart--;
  let from = lineStart;
  for (let lines = 0; from > 0 && lineStart - from < 600; from--) {
    if (text.charCodeAt(from - 1) === 10 && ++lines > linesAbove) break;
  }
  return { line: text.slice(lineStart, start), above: text.slice(from, lineStart) };
}

/** The lines after the value, at most `linesBelow` and 600 characters. */
function after(text: string, end: number, linesBelow: number): string {
  let to = end;
  for (let lines = 0; to < text.length && to - end < 600; to++) {
    if (text.charCodeAt(to) === 10 && ++lines > linesBelow) break;
  }
  return text.slice(end, to);
}

/** True when the value at `[start, end)` of `text` is an identifier meant to be public. */
export function isPublicIdentifier(text: string, start: number, end: number): boolean {
  const value = text.slice(start, end);
  if (PUBLIC_SHAPE.test(value)) return true;
  const { line, above } = before(text, start, 2);
  if (PUBLIC_KEY_NAME.test(line) && !SECRET_WORD.test(line)) return true;
  if (SECRET_WORD.test(line)) return false;
  if (/^[0-9a-f]{32}$/.test(value) && (ALGOLIA_SEARCH.test(line) || ALGOLIA_SEARCH.test(above))) return true;
  if (/^[A-Za-z0-9]{20,64}$/.test(value) && (ANALYTICS.test(line) || sectionIs(above, ANALYTICS))) return true;
  if (value.startsWith('AIza')) {
    const around = above + line + after(text, end, 6);
    return FIREBASE_WEB_CONFIG.test(around);
  }
  return false;
}

/** Whether the nearest less-indented line above (a YAML section, a TOML table) names `name`. */
function sectionIs(above: string, name: RegExp): boolean {
  const lines = above.split('\n').filter((l) => l.trim());
  const header = lines[lines.length - 1];
  return header !== undefined && /^\s{0,8}(?:\[[^\]\n]{1,60}\]|[A-Za-z0-9_.-]{1,60}:)\s*$/.test(header) && name.test(header);
}
