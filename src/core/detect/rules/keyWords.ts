/** Key names split into lower-case words, cached: every rule that reads key names asks often. */
const wordsByKey = new Map<string, string[]>();

/** Splits `dbPassword`, `DB_PASSWORD`, `x-api-key`, `spring.datasource.password` into lower-case words. */
export function keyWordsOf(key: string): string[] {
  let words = wordsByKey.get(key);
  if (!words) {
    // Bounded, so that a file of generated identifiers cannot grow it without end.
    if (wordsByKey.size >= 10_000) wordsByKey.clear();
    wordsByKey.set(key, (words = splitKey(key)));
  }
  return words;
}

const isUpper = (c: number) => c >= 65 && c <= 90;
const isLower = (c: number) => c >= 97 && c <= 122;
const isDigit = (c: number) => c >= 48 && c <= 57;

/**
 * The same split, uncached: for text that is not a key (a line around a value). Words are runs
 * of ASCII letters and digits, broken before an upper-case letter that follows a lower-case one
 * or a digit (`db|Password`), and before the last of two or more upper-case letters that a
 * lower-case one follows (`XML|Http`). Text with other characters takes `splitKeyByPatterns`,
 * whose lower-casing can turn them into ASCII letters (the Kelvin sign into `k`).
 */
export function splitKey(key: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= key.length; i++) {
    const c = i < key.length ? key.charCodeAt(i) : 32;
    if (c >= 128) return splitKeyByPatterns(key);
    if (!isUpper(c) && !isLower(c) && !isDigit(c)) {
      if (start >= 0) words.push(key.slice(start, i).toLowerCase());
      start = -1;
      continue;
    }
    if (start < 0) {
      start = i;
      continue;
    }
    const before = key.charCodeAt(i - 1);
    if (isUpper(c) && (!isUpper(before) || (i + 1 < key.length && isLower(key.charCodeAt(i + 1))))) {
      words.push(key.slice(start, i).toLowerCase());
      start = i;
    }
  }
  return words;
}

/**
 * Whether `text[start, end)` may be a whole word of a key name as `splitKey` splits one: not
 * followed by a lower-case letter or a digit (`path`, `pat2`), and not a lower-case start within
 * a word (`compat`). Anything else may be (`PATH` is not, but is kept: the key reader decides).
 */
export function mayBeKeyWord(text: string, start: number, end: number): boolean {
  const after = text.charCodeAt(end);
  if (isLower(after) || isDigit(after)) return false;
  if (start === 0 || !isLower(text.charCodeAt(start))) return true;
  const before = text.charCodeAt(start - 1);
  return !(isUpper(before) || isLower(before) || isDigit(before));
}

/** The split as patterns say it, for any text: `splitKey`'s loop gives the same words for ASCII. */
function splitKeyByPatterns(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
