/**
 * Value evidence for rules that cannot rely on a vendor format: how random a string looks.
 * Human-chosen stand-ins (words, runs, repeats) score low; generated credentials score high.
 */

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (!value) return 0;
  // Counted by UTF-16 unit: credentials are ASCII, and a surrogate pair counts as two rare symbols.
  const counts = new Map<number, number>();
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** How many of lower case, upper case, digits and other characters a value uses (0 to 4). */
export function charClasses(value: string): number {
  return Number(/[a-z]/.test(value)) + Number(/[A-Z]/.test(value)) + Number(/[0-9]/.test(value)) + Number(/[^A-Za-z0-9]/.test(value));
}

/**
 * Whether a value reads as words rather than as a generated string: letters only (joined
 * by `-`, `_`, `.` or spaces), with no digit or case change inside a word.
 */
export function looksLikeWords(value: string): boolean {
  return /^[A-Za-z]+(?:[-_. ][A-Za-z]+)*$/.test(value) && !/[a-z][A-Z]/.test(value);
}

/** Whether a value looks generated: long enough, varied enough and spread enough. */
export function looksRandom(value: string, minLength = 16): boolean {
  if (value.length < minLength || looksLikeWords(value)) return false;
  const threshold = value.length >= 32 ? 3.5 : 3;
  return shannonEntropy(value) >= threshold && (charClasses(value) >= 2 || /^[0-9a-f]+$/.test(value));
}
