import { SopsError } from './sopsError';

/** The value types sops encrypts, as named in the `type:` field of `ENC[...]`. */
export type ScalarType = 'str' | 'int' | 'float' | 'bool' | 'time';

/**
 * A leaf as sops sees it. `text` is the canonical form Go's sops gives it: the bytes it
 * encrypts and feeds the MAC (strconv.Itoa, FormatFloat 'f' -1, "True"/"False").
 */
export interface ScalarValue {
  type: ScalarType;
  text: string;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that round-trip, never an exponent. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (Object.is(value, -0)) return '-0';
  const shortest = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (!match) return shortest;
  const [, sign, whole, fraction = '', exponentText] = match;
  const digits = whole + fraction;
  const point = whole.length + Number(exponentText);
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Go's strconv.ParseBool. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * The canonical scalar for decrypted bytes of a given type, as sops' cipher parses them back
 * (Atoi, ParseFloat, ParseBool) before hashing them into the MAC.
 */
export function scalarFromDecrypted(type: string, text: string, where: string): ScalarValue {
  switch (type) {
    case 'str':
      return { type, text };
    case 'int':
      if (!/^[+-]?\d+$/.test(text)) throw new SopsError('decrypt', `${where}: the decrypted int is not a number`);
      return { type, text: BigInt(text).toString() };
    case 'float': {
      const value = Number(text);
      if (text.trim() === '' || (Number.isNaN(value) && !/^[+-]?nan$/i.test(text))) {
        throw new SopsError('decrypt', `${where}: the decrypted float is not a number`);
      }
      return { type, text: formatGoFloat(value) };
    }
    case 'bool': {
      const value = parseGoBool(text);
      if (value === undefined) throw new SopsError('decrypt', `${where}: the decrypted bool is not true or false`);
      return { type, text: value ? 'True' : 'False' };
    }
    case 'time':
      return { type, text };
    case 'bytes':
    case 'comment':
      throw new SopsError('unsupported', `${where}: values of type ${type} are not supported`);
    default:
      throw new SopsError('format', `${where}: unknown value type "${type}"`);
  }
}

/** A plaintext leaf read from a file (an unencrypted key): its sops type and canonical text. */
export function scalarFromPlain(value: string | bigint | number | boolean): ScalarValue {
  switch (typeof value) {
    case 'string':
      return { type: 'str', text: value };
    case 'bigint':
      return { type: 'int', text: value.toString() };
    case 'number':
      return { type: 'float', text: formatGoFloat(value) };
    case 'boolean':
      return { type: 'bool', text: value ? 'True' : 'False' };
  }
}

/** How a value reads in an environment variable, as `sops exec-env` prints non-strings (Go's %v). */
export function environmentText(value: ScalarValue): string {
  if (value.type === 'bool') return value.text === 'True' ? 'true' : 'false';
  return value.text;
}
