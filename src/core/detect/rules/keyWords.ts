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

/** The same split, uncached: for text that is not a key (a line around a value). */
export function splitKey(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}
