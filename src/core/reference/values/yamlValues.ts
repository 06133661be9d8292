import { isCollection, isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Scalar, type YAMLError } from 'yaml';
import { yamlDoubleQuoted, yamlFoldedBlock, yamlLiteralBlock, yamlPlain, yamlSingleQuoted, type StringEncoding } from './stringEncodings';
import type { ContextResult, ValueContext } from './valueContext';

type Ancestors = readonly unknown[];

/**
 * The YAML scalar that holds `[start, end)`, with its key path; every document of a
 * multi-document stream counts. Undefined when the range is in no scalar (a comment).
 */
export function yamlContext(text: string, start: number, end: number): ContextResult | undefined {
  // The duplicate-key check compares each key with every earlier one: quadratic in a large map.
  for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
    const [docStart, , docEnd] = doc.range;
    if (end < docStart || start > docEnd) continue;
    let found: { scalar: Scalar; isKey: boolean; ancestors: Ancestors } | undefined;
    visit(doc, {
      Scalar(key, node, path) {
        const range = node.range;
        if (!range || start < range[0] || end > range[1]) return undefined;
        found = { scalar: node, isKey: key === 'key', ancestors: path };
        return visit.BREAK;
      },
    });
    if (!found) continue;
    if (found.isKey) return { problem: 'in-key', message: 'The selection is inside a YAML key; Vaultify replaces values.' };
    if (unclosedQuote(doc.errors, found.scalar)) {
      return { problem: 'not-in-string', message: 'The quoted YAML value around the selection is not closed; close it, then try again.' };
    }
    return scalarContext(text, start, found.scalar, found.ancestors);
  }
  return undefined;
}

/** A quoted scalar the parser had to end at the end of the text: it has no closing quote, so no extent to replace within. */
function unclosedQuote(errors: readonly YAMLError[], scalar: Scalar): boolean {
  if (scalar.type !== 'QUOTE_DOUBLE' && scalar.type !== 'QUOTE_SINGLE') return false;
  const [scalarStart, scalarEnd] = scalar.range!;
  return errors.some((error) => error.code === 'MISSING_CHAR' && error.pos[0] >= scalarStart && error.pos[0] <= scalarEnd);
}

function scalarContext(text: string, start: number, scalar: Scalar, ancestors: Ancestors): ValueContext | undefined {
  const [scalarStart, scalarEnd] = scalar.range!;
  const keys = keyPath([...ancestors, scalar]);
  // A JSON string is also a valid YAML double-quoted scalar.
  const write = (value: string) => JSON.stringify(value);
  switch (scalar.type) {
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
      return {
        start: scalarStart + 1,
        end: scalarEnd - 1,
        encoding: scalar.type === 'QUOTE_DOUBLE' ? yamlDoubleQuoted : yamlSingleQuoted,
        keys,
        requote: { start: scalarStart, end: scalarEnd, valueStart: scalarStart + 1, valueEnd: scalarEnd - 1, write },
      };
    case 'BLOCK_LITERAL':
    case 'BLOCK_FOLDED':
      return blockContext(text, start, scalar, keys);
    default: {
      const inFlow = ancestors.some((node) => isCollection(node) && node.flow);
      const embedProblem = inFlow
        ? 'A reference inside a larger value in a YAML flow collection would not parse; quote the value first.'
        : start === scalarStart
          ? 'A reference at the start of an unquoted YAML value would read as a mapping; quote the value first.'
          : undefined;
      const requote = { start: scalarStart, end: scalarEnd, valueStart: scalarStart, valueEnd: scalarEnd, write };
      return { start: scalarStart, end: scalarEnd, encoding: yamlPlain, keys, embedProblem, requote };
    }
  }
}

/**
 * A block scalar's content starts on the line after its `|` or `>` header. Its value always
 * ends with the block's line break, so a reference inside it is always the embedded form.
 */
function blockContext(text: string, start: number, scalar: Scalar, keys: string[]): ValueContext | undefined {
  const [scalarStart, scalarEnd] = scalar.range!;
  const headerEnd = text.indexOf('\n', scalarStart);
  if (headerEnd < 0 || start <= headerEnd) return undefined;
  const contentStart = headerEnd + 1;
  const indent = /^[ ]*/.exec(text.slice(contentStart, scalarEnd))![0];
  const encoding: StringEncoding = scalar.type === 'BLOCK_LITERAL' ? yamlLiteralBlock(indent) : yamlFoldedBlock;
  return { start: contentStart + indent.length, end: scalarEnd, encoding, keys, piece: true };
}

/**
 * Keys and sequence indexes from the document down to the scalar. A `value` beside a `name`
 * (a Kubernetes or CI `env` entry: `- name: DB_PASSWORD` / `value: …`) is named by that name.
 */
function keyPath(chain: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const node = chain[i];
    if (isPair(node)) {
      const key = isScalar(node.key) ? String(node.key.value) : '';
      const parent = chain[i - 1];
      const sibling = key === 'value' && isMap(parent) ? parent.get('name', true) : undefined;
      keys.push(isScalar(sibling) && typeof sibling.value === 'string' ? sibling.value : key);
    } else if (isSeq(node)) {
      keys.push(String(node.items.indexOf(chain[i + 1])));
    }
  }
  return keys;
}
