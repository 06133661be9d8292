/**
 * How a value's characters are written inside one kind of literal, and how to read them
 * back. The secret Vaultify stores is the value a program reads (`a/b` for the JSON source
 * `a\/b`), and the way back must write a value so that the program reads it unchanged.
 */
export interface StringEncoding {
  /**
   * The value that `source[from, to)` stands for, where `source` is a literal's whole
   * content. Undefined when `from` or `to` falls inside an escape sequence, or the piece holds
   * something this syntax does not read literally (an unknown escape, a shell expansion, a
   * line break that YAML folds).
   */
  decode(source: string, from: number, to: number): string | undefined;
  /** The source text for a value placed in the literal; undefined when the literal cannot hold it. */
  encode(value: string): string | undefined;
}

/** One unit of source: the characters it stands for and how many source characters it spans. */
type Token = readonly [text: string, length: number];

/**
 * Reads an escape at `source[i]`, one of the encoding's special characters. Returns the
 * token, or undefined when the syntax does not read it literally; `skip` is then the length
 * to step over when the escape lies before the range (where it only has to be stepped over).
 */
type EscapeReader = (source: string, i: number) => Token | { skip: number } | undefined;

/**
 * Walks the source token by token from its start, so that a range boundary inside an escape
 * is noticed, and collects the tokens inside `[from, to)`.
 */
function decodeTokens(source: string, from: number, to: number, special: RegExp, read: EscapeReader): string | undefined {
  special.lastIndex = 0;
  const first = special.exec(source);
  if (!first || first.index >= to) return source.slice(from, to);
  let out = '';
  let i = 0;
  while (i < to) {
    special.lastIndex = i;
    const next = special.exec(source);
    const plainEnd = next ? Math.min(next.index, to) : to;
    if (plainEnd > i) {
      if (plainEnd > from) out += source.slice(Math.max(i, from), plainEnd);
      i = plainEnd;
      continue;
    }
    const escape = read(source, i);
    if (escape === undefined || 'skip' in escape) {
      if (i >= from) return undefined;
      const skip = escape?.skip ?? 2;
      if (i + skip > from) return undefined;
      i += skip;
      continue;
    }
    const [text, length] = escape;
    if (i < from && i + length > from) return undefined;
    if (i >= from) {
      if (i + length > to) return undefined;
      out += text;
    }
    i += length;
  }
  return out;
}

function hexToken(source: string, i: number, digits: number, prefix: number): Token | undefined {
  const hex = source.slice(i + prefix, i + prefix + digits);
  if (hex.length !== digits || !/^[0-9A-Fa-f]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return [String.fromCodePoint(code), prefix + digits];
}

function lineBreakLength(source: string, i: number): number {
  if (source[i] === '\r' && source[i + 1] === '\n') return 2;
  return source[i] === '\n' || source[i] === '\r' ? 1 : 0;
}

/** A literal without escapes: what is written is what is read. */
export function verbatim(forbidden?: RegExp): StringEncoding {
  return {
    decode: (source, from, to) => source.slice(from, to),
    encode: (value) => (forbidden?.test(value) ? undefined : value),
  };
}

const JSON_SIMPLE: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

export const jsonString: StringEncoding = {
  decode: (source, from, to) =>
    decodeTokens(source, from, to, /\\/g, (s, i) => {
      const c = s[i + 1];
      if (c === 'u') return hexToken(s, i, 4, 2);
      return c !== undefined && c in JSON_SIMPLE ? [JSON_SIMPLE[c], 2] : undefined;
    }),
  encode: (value) => JSON.stringify(value).slice(1, -1),
};

/** What a dialect does with a backslash before a character that is not an escape. */
export type UnknownEscape = 'identity' | 'verbatim' | 'invalid';

const C_SIMPLE: Record<string, string> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  '`': '`',
  '?': '?',
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  v: '\v',
  a: '\x07',
};

/**
 * The backslash escapes shared by JavaScript, Python, Go, Java, C# and C string literals.
 * `unknown` says what a backslash before any other character means: JavaScript drops it,
 * Python keeps it, the compiled languages reject it. A template literal (JavaScript's
 * backquotes) also treats `${` as the start of an expression.
 */
export function cString(quote: string, unknown: UnknownEscape, template = false): StringEncoding {
  const special = template ? /\\|\$\{/g : /\\/g;
  return {
    decode: (source, from, to) =>
      decodeTokens(source, from, to, special, (s, i) => {
        if (s[i] === '$') return { skip: 2 };
        const c = s[i + 1];
        if (c === undefined) return undefined;
        if (c in C_SIMPLE) return [C_SIMPLE[c], 2];
        if (c === '0' && !/[0-9]/.test(s[i + 2] ?? '')) return ['\0', 2];
        if (c === 'x') return hexToken(s, i, 2, 2);
        if (c === 'u') {
          if (s[i + 2] === '{') {
            const close = s.indexOf('}', i + 3);
            const token = close > i + 3 ? hexToken(s, i, close - i - 3, 3) : undefined;
            return token && [token[0], close - i + 1];
          }
          return hexToken(s, i, 4, 2);
        }
        if (c === 'U') return hexToken(s, i, 8, 2);
        const breakLength = lineBreakLength(s, i + 1);
        if (breakLength) return unknown === 'invalid' ? undefined : ['', 1 + breakLength];
        if (/[0-9]/.test(c)) return undefined;
        if (unknown === 'identity') return [c, 2];
        if (unknown === 'verbatim') return ['\\' + c, 2];
        return undefined;
      }),
    encode: (value) =>
      value.replace(template ? /[\\\x00-\x1f\x7f\u2028\u2029"'`]|\$\{/g : /[\\\x00-\x1f\x7f\u2028\u2029"'`]/g, (c) => {
        if (c === '${') return '\\${';
        if (c === '\\') return '\\\\';
        if (c === '\n') return '\\n';
        if (c === '\r') return '\\r';
        if (c === '\t') return '\\t';
        if (c === '"' || c === "'" || c === '`') return c === quote ? '\\' + c : c;
        return '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
      }),
  };
}

const YAML_SIMPLE: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};

/** Line breaks inside a YAML flow scalar fold into spaces, so a piece holding one is not read literally. */
const HAS_LINE_BREAK = /[\r\n]/;

export const yamlDoubleQuoted: StringEncoding = {
  decode: (source, from, to) => {
    if (HAS_LINE_BREAK.test(source.slice(from, to))) return undefined;
    return decodeTokens(source, from, to, /\\/g, (s, i) => {
      const c = s[i + 1];
      if (c === 'x') return hexToken(s, i, 2, 2);
      if (c === 'u') return hexToken(s, i, 4, 2);
      if (c === 'U') return hexToken(s, i, 8, 2);
      return c !== undefined && c in YAML_SIMPLE ? [YAML_SIMPLE[c], 2] : undefined;
    });
  },
  encode: (value) => JSON.stringify(value).slice(1, -1),
};

export const yamlSingleQuoted: StringEncoding = {
  decode: (source, from, to) => {
    if (HAS_LINE_BREAK.test(source.slice(from, to))) return undefined;
    return decodeTokens(source, from, to, /'/g, (s, i) => (s[i + 1] === "'" ? ["'", 2] : undefined));
  },
  encode: (value) => (HAS_LINE_BREAK.test(value) ? undefined : value.replace(/'/g, "''")),
};

/**
 * Whether a value can be written as a YAML plain scalar and read back as the same string.
 * Conservative: anything that could start a collection, a comment, an alias, a tag or a
 * quoted scalar is refused, and so is anything a flow collection would split.
 */
function isPlainSafe(value: string): boolean {
  return value.length > 0 && !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/\s$/.test(value) && !/[\r\n]|: |:$| #|[,[\]{}]/.test(value);
}

export const yamlPlain: StringEncoding = {
  decode: (source, from, to) => {
    const piece = source.slice(from, to);
    return HAS_LINE_BREAK.test(piece) ? undefined : piece;
  },
  encode: (value) => (isPlainSafe(value) ? value : undefined),
};

/**
 * A YAML literal block (`|`): line breaks are kept and each content line carries the block's
 * indentation, which is not part of the value.
 */
export function yamlLiteralBlock(indent: string): StringEncoding {
  const indented = new RegExp(`(\\r?\\n)${indent}`, 'g');
  return {
    decode: (source, from, to) => source.slice(from, to).replace(indented, '$1'),
    encode: (value) => (/^\s/.test(value) ? undefined : value.replace(/\r?\n/g, (lineBreak) => lineBreak + indent)),
  };
}

/** A folded YAML block (`>`): line breaks fold, so only single-line pieces are literal. */
export const yamlFoldedBlock: StringEncoding = {
  decode: (source, from, to) => {
    const piece = source.slice(from, to);
    return HAS_LINE_BREAK.test(piece) ? undefined : piece;
  },
  encode: (value) => (HAS_LINE_BREAK.test(value) || /^\s/.test(value) ? undefined : value),
};

const TOML_ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };
const TOML_WRITTEN: Record<string, string> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r', '\b': '\\b', '\f': '\\f' };

/** TOML basic strings (`"…"` and `"""…"""`). A line-ending backslash, which trims, is not literal. */
export function tomlBasic(multiLine: boolean): StringEncoding {
  return {
    decode: (source, from, to) =>
      decodeTokens(source, from, to, /\\/g, (s, i) => {
        const c = s[i + 1];
        if (c === 'u') return hexToken(s, i, 4, 2);
        if (c === 'U') return hexToken(s, i, 8, 2);
        if (c === 'x') return hexToken(s, i, 2, 2);
        if (c !== undefined && c in TOML_ESCAPES) return [TOML_ESCAPES[c], 2];
        if (multiLine) {
          const trimmed = /^\\[ \t]*\r?\n\s*/.exec(s.slice(i));
          if (trimmed) return { skip: trimmed[0].length };
        }
        return undefined;
      }),
    encode: (value) =>
      value.replace(/[\\"\x00-\x1f\x7f]/g, (c) => TOML_WRITTEN[c] ?? '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')),
  };
}

/**
 * A double-quoted value as the `dotenv` package reads it: `\n` and `\r` become line breaks,
 * every other backslash is kept, and a `"` cannot be written at all.
 */
export const dotenvDoubleQuoted: StringEncoding = {
  decode: (source, from, to) => decodeTokens(source, from, to, /\\[nr]/g, (s, i) => [s[i + 1] === 'n' ? '\n' : '\r', 2]),
  encode: (value) => (/"|\\[nr]/.test(value) ? undefined : value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')),
};

/** A dotenv value written without quotes: it ends at `#` and is trimmed. */
export const dotenvUnquoted = verbatim(/[\s#]|^["'`]/);

/**
 * The best way to write a whole dotenv value: bare when that reads back unchanged,
 * else double quotes (the common style), else single quotes, else backquotes.
 */
export function quoteDotenvValue(value: string): string | undefined {
  if (dotenvUnquoted.encode(value) !== undefined) return value;
  const doubled = dotenvDoubleQuoted.encode(value);
  if (doubled !== undefined) return `"${doubled}"`;
  if (!value.includes("'")) return `'${value}'`;
  if (!value.includes('`')) return `\`${value}\``;
  return undefined;
}

/** Shell double quotes: `\` escapes only `$`, `` ` ``, `"`, `\` and a line break; `$` and `` ` `` expand. */
export const shellDoubleQuoted: StringEncoding = {
  decode: (source, from, to) =>
    decodeTokens(source, from, to, /[\\$`]/g, (s, i) => {
      if (s[i] !== '\\') return { skip: 1 };
      const c = s[i + 1];
      if (c === '$' || c === '`' || c === '"' || c === '\\') return [c, 2];
      const breakLength = lineBreakLength(s, i + 1);
      if (breakLength) return ['', 1 + breakLength];
      return ['\\', 1];
    }),
  encode: (value) => value.replace(/[\\$`"]/g, (c) => '\\' + c),
};

/** An unquoted shell word: `\` quotes the next character, `$` and `` ` `` expand. */
export const shellWord: StringEncoding = {
  decode: (source, from, to) =>
    decodeTokens(source, from, to, /[\\$`]/g, (s, i) => {
      if (s[i] !== '\\') return { skip: 1 };
      const breakLength = lineBreakLength(s, i + 1);
      if (breakLength) return ['', 1 + breakLength];
      return s[i + 1] === undefined ? undefined : [s[i + 1], 2];
    }),
  encode: (value) => (HAS_LINE_BREAK.test(value) ? undefined : value.replace(/[^A-Za-z0-9_@%+=:,./-]/g, (c) => '\\' + c)),
};

const PROPERTIES_ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

/** Java `.properties` values: `\t`, `\n`, `\uXXXX`…, and a backslash before anything else drops. */
export const propertiesValue: StringEncoding = {
  decode: (source, from, to) =>
    decodeTokens(source, from, to, /\\/g, (s, i) => {
      const c = s[i + 1];
      if (c === undefined || lineBreakLength(s, i + 1)) return undefined;
      if (c === 'u') return hexToken(s, i, 4, 2);
      return [PROPERTIES_ESCAPES[c] ?? c, 2];
    }),
  encode: (value) =>
    value.replace(/^ |[\\\n\r\t\f]/g, (c) => ({ ' ': '\\ ', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\f': '\\f' })[c]!),
};
