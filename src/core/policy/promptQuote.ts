/**
 * Text a requester chose (its label, the command line, a folder), quoted for the approval
 * prompt so that nothing in it can pass for Vaultify's own words: one line, between quotes it
 * cannot close. Backslashes and quotes are escaped; line breaks, tabs, other control
 * characters, invisible format characters (bidirectional overrides, zero-width ones) and the
 * Unicode line and paragraph separators are shown as escapes.
 */
export function promptQuote(text: string): string {
  return `"${text.replace(/[\\"\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, escapeOne)}"`;
}

const SHORT: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const code = c.codePointAt(0)!;
  return SHORT[c] ?? (code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`);
}
