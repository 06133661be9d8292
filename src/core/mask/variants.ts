/**
 * The forms in which a secret value may reach a terminal or a log (DESIGN.md, "Masking").
 * The GitHub Actions runner's encoders are the anchor; this goes beyond them with base64 at
 * every byte alignment, the form and lower-case URL encodings, ASCII-only JSON, CRLF line
 * breaks and the line-wrapped output of common dump tools.
 */

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
  for (const form of [false, true]) {
    for (const lower of [false, true]) add(percentEncode(bytes, form, lower));
  }
  const text = typeof value === 'string' ? value : decodeStrict(bytes);
  if (text !== undefined) for (const escaped of jsonEscapes(text)) add(escaped);
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
 * Percent-encoding over UTF-8 bytes. `form` is application/x-www-form-urlencoded (space as "+",
 * only `*-._` left bare); otherwise encodeURIComponent's unreserved set. Some encoders emit
 * lower-case hex digits.
 */
function percentEncode(bytes: Uint8Array, form: boolean, lower: boolean): string {
  const digits = lower ? HEX_LOWER : HEX_UPPER;
  const bare = form ? /[A-Za-z0-9*\-._]/ : /[A-Za-z0-9\-_.!~*'()]/;
  let out = '';
  for (const b of bytes) {
    const ch = String.fromCharCode(b);
    if (b < 0x80 && bare.test(ch)) out += ch;
    else if (form && b === 0x20) out += '+';
    else out += '%' + digits[b >> 4] + digits[b & 15];
  }
  return out;
}

/** The inside of a JSON string literal: JSON.stringify's, ASCII-only (Python's default) and with "\/" (PHP's). */
function jsonEscapes(text: string): string[] {
  const plain = JSON.stringify(text).slice(1, -1);
  const ascii = plain.replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
  return [plain, ascii, plain.replace(/\//g, '\\/'), ascii.replace(/\//g, '\\/')];
}
