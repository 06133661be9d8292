import { dotenvDoubleQuoted, dotenvUnquoted, quoteDotenvValue, verbatim, type StringEncoding } from './stringEncodings';
import type { ValueContext } from './valueContext';

/**
 * The `dotenv` package's own line pattern (lib/main.js), with match indices, so that
 * Vaultify reads a `.env` file exactly as the programs that load it do: `KEY=value`,
 * `export KEY=value`, `KEY: value`, quoted values that may span lines, and a `#` comment
 * that ends an unquoted value.
 */
const LINE =
  /(?:^|^)\s*(?:export\s+)?([\w.-]+)(?:\s*=\s*?|:\s+?)(\s*'(?:\\'|[^'])*'|\s*"(?:\\"|[^"])*"|\s*`(?:\\`|[^`])*`|[^#\r\n]+)?\s*(?:#.*)?(?:$|$)/dgm;

const QUOTED: Record<string, StringEncoding> = {
  '"': dotenvDoubleQuoted,
  "'": verbatim(/'/),
  '`': verbatim(/`/),
};

/** The dotenv value that holds `[start, end)`, or undefined when the range is in a key, a comment or between entries. */
export function dotenvContext(text: string, start: number, end: number): ValueContext | undefined {
  LINE.lastIndex = 0;
  for (let match = LINE.exec(text); match; match = LINE.exec(text)) {
    if (match.index > end) break;
    const span = match.indices?.[2];
    if (!span) continue;
    const raw = text.slice(span[0], span[1]);
    const valueStart = span[0] + (raw.length - raw.trimStart().length);
    const valueEnd = span[1] - (raw.length - raw.trimEnd().length);
    const quote = text[valueStart];
    const quoted = valueEnd - valueStart >= 2 && quote in QUOTED && text[valueEnd - 1] === quote;
    const contentStart = quoted ? valueStart + 1 : valueStart;
    const contentEnd = quoted ? valueEnd - 1 : valueEnd;
    if (start < contentStart || end > contentEnd) continue;
    return {
      start: contentStart,
      end: contentEnd,
      encoding: quoted ? QUOTED[quote] : dotenvUnquoted,
      keys: [match[1]],
      requote: { start: valueStart, end: valueEnd, valueStart: contentStart, valueEnd: contentEnd, write: quoteDotenvValue },
    };
  }
  return undefined;
}
