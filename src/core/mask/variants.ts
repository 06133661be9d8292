/**
 * The forms in which a secret value may reach a terminal or a log. The GitHub Actions runner's
 * encoders are the anchor; this goes beyond them with base64 at every byte alignment, the
 * percent-encodings of common encoders, JSON, shell and OSC 633 escapes, and CRLF line breaks.
 * Renderings that depend on the surrounding output (colours, wrapped runs, dumps) are the
 * stream view's (streamView.ts), not variants.
 */

import { StreamView } from './streamView';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Line widths at which common tools wrap their encoded output of a value. */
const BASE64_WRAP_WIDTHS = [64, 76]; // openssl base64 and PEM bodies; GNU base64 and MIME
const HEX_WRAP_WIDTHS = [60]; // xxd -p

/** PEM armour is public boilerplate shared by every key; masking it would hide innocent text. */
const PEM_ARMOUR = /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/;

function valueBytes(value: string | Uint8Array): Uint8Array {
  return typeof value === 'string' ? utf8.encode(value) : value;
}

/** The length that `minLength` is compared with: characters for text, bytes for binary values. */
export function valueLength(value: string | Uint8Array): number {
  if (typeof value !== 'string') return value.length;
  let count = 0;
  for (const _ of value) count++;
  return count;
}

/**
 * Every variant of a value, the raw bytes first, without duplicates. Variants shorter than the
 * caller's minimum are the caller's to drop.
 */
export function maskVariants(value: string | Uint8Array): Uint8Array[] {
  const bytes = valueBytes(value);
  const found = new Map<string, Uint8Array>();
  const add = (variant: Uint8Array | string): void => {
    const b = typeof variant === 'string' ? utf8.encode(variant) : variant;
    if (b.length === 0) return;
    const key = Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
    if (!found.has(key)) found.set(key, b);
  };

  add(bytes);
  for (const line of trimmedLines(bytes)) add(line);
  for (const crlf of crlfForms(bytes)) add(crlf);
  for (const b64 of base64Variants(bytes)) add(b64);
  const hex = Buffer.from(bytes).toString('hex');
  for (const h of [hex, hex.toUpperCase()]) {
    add(h);
    for (const width of HEX_WRAP_WIDTHS) for (const piece of wrapped(h, width)) add(piece);
  }
  for (const bare of Object.values(URL_BARE)) {
    for (const digits of [HEX_UPPER, HEX_LOWER]) add(percentEncode(bytes, bare, digits));
  }
  const text = typeof value === 'string' ? value : decodeStrict(bytes);
  if (text !== undefined) {
    for (const escaped of jsonEscapes(text)) add(escaped);
    for (const quoted of shellQuotes(text)) add(quoted);
    add(osc633Escape(text));
  }
  return [...found.values()];
}

function decodeStrict(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

const isBlank = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0b || b === 0x0c;

/** Each line of the value without surrounding blanks: PEM bodies, and a value stored with a stray newline. */
function trimmedLines(bytes: Uint8Array): Uint8Array[] {
  const lines: Uint8Array[] = [];
  let from = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i < bytes.length && bytes[i] !== 0x0a) continue;
    let a = from;
    let b = i;
    while (a < b && isBlank(bytes[a])) a++;
    while (b > a && isBlank(bytes[b - 1])) b--;
    const line = bytes.subarray(a, b);
    if (!PEM_ARMOUR.test(Buffer.from(line).toString('latin1'))) lines.push(line);
    from = i + 1;
  }
  return lines;
}

/** A terminal's line discipline turns each "\n" into "\r\n", including the one of an existing "\r\n". */
function crlfForms(bytes: Uint8Array): Uint8Array[] {
  if (!bytes.includes(0x0a)) return [];
  const text = Buffer.from(bytes).toString('latin1');
  return [text.replace(/\r?\n/g, '\r\n'), text.replace(/\n/g, '\r\n')].map((t) => Buffer.from(t, 'latin1'));
}

/**
 * Base64 of the value preceded by 0, 1 or 2 bytes of other data. Characters that mix in bits of
 * the surrounding data are dropped (the interior), so the value is found inside any larger
 * encoded blob; where the value ends the data, its final characters are known too, with and
 * without padding. Each in the standard and the URL-safe alphabet.
 */
function base64Variants(bytes: Uint8Array): string[] {
  const variants: string[] = [];
  for (let align = 0; align < 3; align++) {
    const shifted = new Uint8Array(align + bytes.length);
    shifted.set(bytes, align);
    const padded = Buffer.from(shifted).toString('base64');
    const first = Math.ceil((8 * align) / 6);
    const interiorEnd = Math.floor((8 * (align + bytes.length)) / 6);
    const unpadded = padded.replace(/=+$/, '');
    for (const encoded of [padded.slice(first, interiorEnd), unpadded.slice(first), padded.slice(first)]) {
      variants.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
    }
    if (align === 0) for (const width of BASE64_WRAP_WIDTHS) variants.push(...wrapped(padded, width));
  }
  return variants;
}

/** The lines a tool prints when it wraps an encoding of the value alone; nothing if it fits one line. */
function wrapped(encoded: string, width: number): string[] {
  if (encoded.length <= width) return [];
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += width) lines.push(encoded.slice(i, i + width));
  return lines;
}

const HEX_UPPER = '0123456789ABCDEF';
const HEX_LOWER = '0123456789abcdef';

/**
 * The ASCII characters each percent-encoder leaves bare; a space in the set stands for "+".
 * Encoders differ in what they keep, and in the case of their hex digits.
 */
const URL_BARE = {
  /** encodeURIComponent. */
  component: "A-Za-z0-9\\-_.!~*'()",
  /** application/x-www-form-urlencoded (WHATWG, Java's URLEncoder). */
  form: 'A-Za-z0-9*\\-._ ',
  /** Python's quote_plus. */
  quotePlus: 'A-Za-z0-9_.\\-~ ',
  /** Python's quote(), which keeps "/" by default. */
  quote: 'A-Za-z0-9_.\\-~/',
  /** encodeURI, which keeps URL syntax ("+", "/", "?", "&"...). */
  uri: "A-Za-z0-9\\-_.!~*'();/?:@&=+$,#",
  /** RFC 3986 unreserved only (Go's url.PathEscape less its sub-delims, curl). */
  unreserved: 'A-Za-z0-9\\-_.~',
};

/** Percent-encoding over UTF-8 bytes, `bare` the characters left as they are (a space there means "+" for spaces). */
function percentEncode(bytes: Uint8Array, bare: string, digits: string): string {
  const keep = new RegExp(`[${bare.replace(' ', '')}]`);
  const plus = bare.includes(' ');
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && keep.test(ch)) out += ch;
    else if (plus && b === 0x20) out += '+';
    else out += '%' + digits[b >> 4] + digits[b & 15];
  }
  return out;
}

const unicodeEscape = (c: string, digits = HEX_LOWER): string => {
  const code = c.charCodeAt(0);
  return '\\u' + [12, 8, 4, 0].map((shift) => digits[(code >> shift) & 15]).join('');
};

/**
 * The inside of a JSON string literal as encoders write it: JSON.stringify's; ASCII-only
 * (Python's default); with "\/" (PHP's); HTML-safe ("<", ">", "&" as \u003c \u003e \u0026,
 * Go's and Rails'); with every character as \u00XX; and with every one but letters and digits
 * as \u00XX in either case (.NET writes upper-case hex), which any JSON reader accepts.
 */
function jsonEscapes(text: string): string[] {
  const plain = JSON.stringify(text).slice(1, -1);
  const ascii = plain.replace(/[\u0080-\uffff]/g, (c) => unicodeEscape(c));
  const forms: string[] = [];
  for (const base of [plain, ascii]) {
    const htmlSafe = base.replace(/[<>&]/g, (c) => unicodeEscape(c));
    forms.push(base, base.replace(/\//g, '\\/'), htmlSafe, htmlSafe.replace(/\//g, '\\/'));
  }
  forms.push([...text].map((c) => [...c].map((u) => unicodeEscape(u)).join('')).join(''));
  for (const digits of [HEX_LOWER, HEX_UPPER]) forms.push(text.replace(/[^A-Za-z0-9]/g, (c) => unicodeEscape(c, digits)));
  return forms;
}

/**
 * Shell-quoted forms: the inside of single quotes (`${x@Q}`, Python's shlex.quote, `'\''` for a
 * quote), and backslash-escaping as bash's `printf %q` writes it (every character outside its
 * safe set `A-Za-z0-9_./:+@%=#~-` and non-ASCII) and as tools that escape every non-alphanumeric character write it.
 */
function shellQuotes(text: string): string[] {
  const forms = [text.replace(/'/g, "'\\''"), text.replace(/'/g, "'\"'\"'")];
  if (!/[\u0000-\u001f\u007f]/.test(text)) {
    // Mid-word form; alone, a leading "~" or "#" is escaped too.
    const midWord = text.replace(/[^A-Za-z0-9_./:+@%=#~\-\u0080-\uffff]/g, (c) => '\\' + c);
    forms.push(
      midWord,
      midWord.replace(/^[~#]/, (c) => '\\' + c),
    );
    forms.push(text.replace(/[^A-Za-z0-9]/g, (c) => '\\' + c));
  }
  return forms;
}

/**
 * The command line a shell reports in OSC 633 `E`: `\` as `\\`, `;` and control characters as `\xNN`.
 */
function osc633Escape(text: string): string {
  return text.replace(/[\\;\u0000-\u001f]/g, (c) => (c === '\\' ? '\\\\' : '\\x' + c.charCodeAt(0).toString(16).padStart(2, '0')));
}

/**
 * A pattern as the masker's normalised view shows it, beside the pattern itself: a value that
 * holds a CSI sequence or a wrapped base64 run shows without them there. Also the pattern with
 * every line break between base64/hex characters removed, which the view removes in context.
 */
export function normalisedForms(pattern: Uint8Array): Uint8Array[] {
  const view = new StreamView();
  const parts = [view.feed(pattern, 0), view.finish()];
  const forms = [pattern, Buffer.concat(parts)];
  if (pattern.includes(0x0a)) {
    const joined = Buffer.from(pattern)
      .toString('latin1')
      .replace(/([A-Za-z0-9+/=_-])\r?\n(?=[A-Za-z0-9+/=_-])/g, '$1');
    forms.push(Buffer.from(joined, 'latin1'));
  }
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = Buffer.from(f.buffer, f.byteOffset, f.length).toString('latin1');
    if (f.length === 0 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
