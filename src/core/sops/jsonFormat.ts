import { applyEdits, type FormattingOptions, modify, type Node, parseTree, type ParseError } from 'jsonc-parser';
import { addressKey, type DocumentChanges, type DocumentLeaf, type ParsedDocument, type SopsFormatHandler } from './sopsDocument';
import { SopsError } from './sopsError';
import { metadataObject } from './sopsMetadata';
import { orderedTree } from './yamlFormat';

interface Analysis {
  parsed: ParsedDocument;
  leafNodes: Map<string, Node>;
  metadataNode?: Node;
}

function analyse(text: string, file: string): Analysis {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length || !root) throw new SopsError('format', `${file}: not valid JSON`);
  if (root.type !== 'object') throw new SopsError('format', `${file}: the top level of a sops JSON file must be an object`);
  const leaves: DocumentLeaf[] = [];
  const leafNodes = new Map<string, Node>();
  let metadataNode: Node | undefined;
  const walk = (node: Node, address: (string | number)[], path: string[]): void => {
    switch (node.type) {
      case 'object':
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children!;
          const key = keyNode.value as string;
          if (address.length === 0 && key === 'sops') {
            metadataNode = valueNode;
            continue;
          }
          if (valueNode) walk(valueNode, [...address, key], [...path, key]);
        }
        return;
      case 'array':
        (node.children ?? []).forEach((item, i) => walk(item, [...address, i], path));
        return;
      case 'null':
        return;
      case 'number': {
        // Go's decoder keeps an integer as int and anything else as float64; the source says which.
        const raw = text.slice(node.offset, node.offset + node.length);
        const value = /^-?\d+$/.test(raw) ? BigInt(raw) : Number(raw);
        leaves.push({ address, path, value });
        break;
      }
      default:
        leaves.push({ address, path, value: node.value as string | boolean });
    }
    leafNodes.set(addressKey(address), node);
  };
  walk(root, [], []);
  const metadata = metadataNode ? toPlain(metadataNode) : undefined;
  return { parsed: { leaves, metadata, comments: [] }, leafNodes, metadataNode };
}

function toPlain(node: Node): unknown {
  if (node.type === 'object')
    return Object.fromEntries(
      (node.children ?? []).map((p) => [p.children![0].value as string, p.children![1] ? toPlain(p.children![1]) : null]),
    );
  if (node.type === 'array') return (node.children ?? []).map(toPlain);
  return node.value;
}

function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '\t';
  return indent.startsWith('\t')
    ? { insertSpaces: false, tabSize: 1, eol: '\n' }
    : { insertSpaces: true, tabSize: indent.length, eol: '\n' };
}

/** Inserts before the metadata, which sops keeps last. */
const beforeSops = (properties: string[]): number => {
  const at = properties.indexOf('sops');
  return at < 0 ? properties.length : at;
};

function render(value: unknown, indent: string, depth: number): string {
  const pad = indent.repeat(depth + 1);
  const close = indent.repeat(depth);
  if (value instanceof Map) {
    if (!value.size) return '{}';
    return `{\n${[...value].map(([k, v]) => `${pad}${JSON.stringify(k)}: ${render(v, indent, depth + 1)}`).join(',\n')}\n${close}}`;
  }
  if (Array.isArray(value)) return `[\n${value.map((v) => pad + render(v, indent, depth + 1)).join(',\n')}\n${close}]`;
  if (value && typeof value === 'object') return render(new Map(Object.entries(value)), indent, depth);
  return JSON.stringify(value);
}

export const jsonFormat: SopsFormatHandler = {
  parse: (text, file) => analyse(text, file).parsed,

  apply(text: string, changes: DocumentChanges, file: string): string {
    const formattingOptions = formatting(text);
    let out = text;
    for (const path of changes.remove) {
      let depth = path.length;
      // A mapping left empty goes too, as in YAML.
      const root = parseTree(out)!;
      const objectAt = (p: string[]): Node | undefined => {
        let node: Node | undefined = root;
        for (const key of p) node = node?.children?.find((c) => c.children?.[0].value === key)?.children?.[1];
        return node;
      };
      while (depth > 1 && objectAt(path.slice(0, depth - 1))?.children?.length === 1) depth--;
      out = applyEdits(out, modify(out, path.slice(0, depth), undefined, { formattingOptions }));
    }
    for (const { path, value } of changes.insert) {
      out = applyEdits(out, modify(out, path, value, { formattingOptions, getInsertionIndex: path.length === 1 ? beforeSops : undefined }));
    }
    const { leafNodes, metadataNode } = analyse(out, file);
    if (!metadataNode || metadataNode.type !== 'object')
      throw new SopsError('format', `${file} is not a sops file: it has no sops metadata`);
    const splices: [number, number, string][] = [];
    for (const { address, value } of changes.replace) {
      const node = leafNodes.get(addressKey(address));
      if (!node) throw new SopsError('format', `${file}: no value at ${address.join('.')}`);
      splices.push([node.offset, node.offset + node.length, JSON.stringify(value)]);
    }
    const meta = changes.metadata;
    const field = (name: string): Node | undefined => metadataNode.children?.find((p) => p.children?.[0].value === name)?.children?.[1];
    const simple = !changes.rewriteMetadata && ['lastmodified', 'mac', 'version'].every((name) => field(name)?.type === 'string');
    if (simple) {
      for (const [name, value] of [
        ['lastmodified', meta.lastModified],
        ['mac', meta.mac],
        ['version', meta.version],
      ]) {
        const node = field(name)!;
        splices.push([node.offset, node.offset + node.length, JSON.stringify(value)]);
      }
    } else {
      const indent = formattingOptions.insertSpaces ? ' '.repeat(formattingOptions.tabSize!) : '\t';
      splices.push([metadataNode.offset, metadataNode.offset + metadataNode.length, render(metadataObject(meta), indent, 1)]);
    }
    splices.sort((a, b) => b[0] - a[0]);
    for (const [start, end, replacement] of splices) out = out.slice(0, start) + replacement + out.slice(end);
    return out;
  },

  create(leaves, metadata) {
    const tree = orderedTree(leaves) as Map<string, unknown>;
    tree.set('sops', metadataObject(metadata));
    return render(tree, '\t', 0) + '\n';
  },
};
