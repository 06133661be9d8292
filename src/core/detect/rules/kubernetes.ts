import { isLookup, isPlaceholder } from '../filters';
import { decodeBase64 } from './checksums';
import { looksRandom } from './entropy';
import { defineRule, type SecretMatch } from './ruleDefinition';

/** Entries that describe where a secret lives rather than hold one. */
const DESCRIPTIVE_KEY =
  /(?:^|[_.-])(?:user(?:name)?|host(?:name)?|port|database|db|name|namespace|region|email|endpoint|url|uri|ca\.crt|ca-bundle|tls\.crt)$/i;

/** A YAML scalar written on one line, quoted or not, and where it starts; not a block (`|`) or a comment. */
function scalarOf(rest: string): { value: string; offset: number } | undefined {
  const trimmed = rest.replace(/[ \t\r]+$/, '');
  const quote = trimmed[0];
  if (quote === '"' || quote === "'") {
    return trimmed.length > 2 && trimmed.endsWith(quote) ? { value: trimmed.slice(1, -1), offset: 1 } : undefined;
  }
  if (!trimmed || trimmed === '|' || trimmed === '>' || trimmed.startsWith('#') || /[\s"']/.test(trimmed)) return undefined;
  return { value: trimmed, offset: 0 };
}

/** The YAML documents of a text, with their offsets. */
function* yamlDocuments(text: string): Iterable<[start: number, body: string]> {
  let from = 0;
  for (const separator of text.matchAll(/^---[^\n]*$/gm)) {
    yield [from, text.slice(from, separator.index)];
    from = separator.index + separator[0].length;
  }
  yield [from, text.slice(from)];
}

/**
 * Values under `data:` (base64) and `stringData:` (plain) of a `kind: Secret` manifest. A value
 * that decodes to a placeholder or a lookup is skipped; one that decodes to random-looking text
 * is high confidence.
 */
function* secretValues(text: string): Iterable<SecretMatch> {
  for (const [offset, doc] of yamlDocuments(text)) {
    if (!/^kind:\s{0,4}["']?Secret["']?\s*$/m.test(doc)) continue;
    for (const section of doc.matchAll(/^([ \t]{0,8})(data|stringData):[ \t]*$/gm)) {
      const indent = section[1].length;
      const encoded = section[2] === 'data';
      let at = section.index + section[0].length + 1;
      while (at < doc.length) {
        const newline = doc.indexOf('\n', at);
        const lineEnd = newline < 0 ? doc.length : newline;
        const line = doc.slice(at, lineEnd).replace(/\r$/, '');
        const entry = /^([ \t]+)([A-Za-z0-9_.-]{1,253}):[ \t]*(.*)$/.exec(line);
        if (!line.trim() || line.trimStart().startsWith('#')) {
          at = lineEnd + 1;
          continue;
        }
        if (!entry || entry[1].length <= indent) break;
        const lineStart = at;
        at = lineEnd + 1;
        const found = scalarOf(entry[3]);
        if (!found || DESCRIPTIVE_KEY.test(entry[2])) continue;
        const value = found.value;
        const plain = encoded ? decodeBase64(value)?.toString('utf8') : value;
        if (plain === undefined || !plain.trim() || isPlaceholder(plain) || isLookup(plain)) continue;
        const start = offset + lineStart + line.length - entry[3].length + found.offset;
        const match: SecretMatch = {
          start,
          end: start + value.length,
          kind: 'kubernetes-secret',
          title: 'value in a Kubernetes Secret',
          confidence: looksRandom(plain, 12) || plain.includes('"auths"') ? 'high' : 'medium',
        };
        yield match;
      }
    }
  }
}

export const KUBERNETES_RULES = [defineRule({ id: 'kubernetes-secret', keywords: ['secret'], scan: ({ text }) => secretValues(text) })];
