import { propertiesValue, verbatim } from './stringEncodings';
import { lineEndAt, lineStartAt, type ContextResult } from './valueContext';

/**
 * An unquoted INI value is trimmed and ends at a `;` or `#` comment, so a value that starts
 * or ends with white space, or holds a comment character, must be quoted.
 */
const INI_UNQUOTED = verbatim(/^\s|\s$|[\r\n;#]|^["']/);

const IN_SECTION = { problem: 'in-key' as const, message: 'The selection is inside a section name or key; Vaultify replaces values.' };

/** The nearest `[section]` header above a line, or undefined in the file's unnamed first section. */
function sectionAbove(text: string, lineStart: number): string | undefined {
  let end = lineStart - 1;
  while (end > 0) {
    const start = lineStartAt(text, end);
    const header = /^\s*\[([^\]\r\n]*)\]/.exec(text.slice(start, end));
    if (header) return header[1].trim();
    end = start - 1;
  }
  return undefined;
}

/**
 * The INI value (`.ini`, `.cfg`, `.npmrc`, `.gitconfig`, AWS credentials) that holds
 * `[start, end)`: the text after the first `=` (or `:`) of its line, up to an inline comment
 * that follows white space, optionally quoted. Keys are the section and the key.
 * Undefined on comment lines.
 */
export function iniContext(text: string, start: number, end: number): ContextResult | undefined {
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, start);
  if (end > lineEnd) return undefined;
  const line = text.slice(lineStart, lineEnd);
  if (/^\s*[;#]/.test(line)) return undefined;
  if (/^\s*\[/.test(line)) return IN_SECTION;
  let separator = line.indexOf('=');
  if (separator < 0) separator = line.indexOf(':');
  if (separator < 0) return undefined;
  if (start < lineStart + separator) return IN_SECTION;

  const afterSeparator = line.slice(separator + 1);
  const valueOffset = separator + 1 + (afterSeparator.length - afterSeparator.trimStart().length);
  const comment = /\s[;#]/.exec(line.slice(valueOffset));
  const rawValue = line.slice(valueOffset, comment ? valueOffset + comment.index : undefined).trimEnd();
  const valueStart = lineStart + valueOffset;
  const valueEnd = valueStart + rawValue.length;
  const quote = rawValue[0];
  const quoted = rawValue.length >= 2 && (quote === '"' || quote === "'") && rawValue.endsWith(quote);
  const contentStart = quoted ? valueStart + 1 : valueStart;
  const contentEnd = quoted ? valueEnd - 1 : valueEnd;
  if (start < contentStart || end > contentEnd) return undefined;

  const section = sectionAbove(text, lineStart);
  const key = line.slice(0, separator).trim();
  return {
    start: contentStart,
    end: contentEnd,
    encoding: quoted ? verbatim(new RegExp(`[${quote}\\r\\n]`)) : INI_UNQUOTED,
    keys: section === undefined ? [key] : [section, key],
    requote: {
      start: valueStart,
      end: valueEnd,
      valueStart: contentStart,
      valueEnd: contentEnd,
      write: (value) => (/["\r\n]/.test(value) ? undefined : `"${value}"`),
    },
  };
}

/**
 * The Java `.properties` value that holds `[start, end)`: the key ends at the first
 * unescaped `=`, `:` or white space, and the value runs to the end of the line. A dotted key
 * (`spring.datasource.password`) is a path. Undefined on comment lines and continued lines.
 */
export function propertiesContext(text: string, start: number, end: number): ContextResult | undefined {
  const lineStart = lineStartAt(text, start);
  const lineEnd = lineEndAt(text, start);
  if (end > lineEnd) return undefined;
  const line = text.slice(lineStart, lineEnd);
  if (/^\s*[#!]/.test(line)) return undefined;
  const keyMatch = /^\s*((?:\\.|[^\\=:\s])+)\s*[=:]?\s*/.exec(line);
  if (!keyMatch) return undefined;
  const valueStart = lineStart + keyMatch[0].length;
  if (start < valueStart) return IN_SECTION;
  const key = keyMatch[1].replace(/\\(.)/g, '$1');
  return { start: valueStart, end: lineEnd, encoding: propertiesValue, keys: key.split('.') };
}
