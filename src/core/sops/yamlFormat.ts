import { type Document, type Node, type Pair, isAlias, isMap, isScalar, isSeq, parseAllDocuments, parseDocument, type YAMLMap } from 'yaml';
import {
  addressKey,
  type DocumentChanges,
  type DocumentLeaf,
  type EncryptedComment,
  type ParsedDocument,
  type SopsFormatHandler,
} from './sopsDocument';
import { SopsError } from './sopsError';
import { metadataObject, type SopsMetadata } from './sopsMetadata';
import { keyPathAad } from './valueCipher';

/** sops writes YAML with yaml.v3 at an indent of four. */
const INDENT = 4;
const COMMENT = /#(ENC\[AES256_GCM,data:[^,\]]*,iv:[^,\]]*,tag:[^,\]]*,type:comment\])/g;

interface Collection {
  path: string[];
  start: number;
  end: number;
}

interface Analysis {
  doc: Document.Parsed;
  parsed: ParsedDocument;
  leafRanges: Map<string, [number, number]>;
  quoted: Set<string>;
  maps: Map<string, YAMLMap>;
  sopsPair?: Pair;
  commentRanges: [number, number][];
}

const range = (node: { range?: [number, number, number] | null }): [number, number] => [node.range![0], node.range![1]];

function analyse(text: string, file: string): Analysis {
  // yaml.v3 resolves plain scalars by YAML 1.2's core schema, as does this.
  const documents = parseAllDocuments(text, { schema: 'core', intAsBigInt: true, uniqueKeys: true });
  if (Array.isArray(documents) && documents.length > 1) {
    throw new SopsError('unsupported', `${file}: several YAML documents in one file are not supported`);
  }
  const doc = Array.isArray(documents) && documents.length ? documents[0] : parseDocument(text);
  if (doc.errors.length) throw new SopsError('format', `${file}: not valid YAML (${doc.errors[0].message.split('\n')[0]})`);
  const leaves: DocumentLeaf[] = [];
  const leafRanges = new Map<string, [number, number]>();
  const scalarRanges: [number, number][] = [];
  const collections: Collection[] = [];
  const maps = new Map<string, YAMLMap>();
  let sopsPair: Pair | undefined;
  let metadata: unknown;

  // A value sops wrote plain is replaced plain; one that was quoted, or sits in a flow
  // collection where `,` and `]` would end it, is replaced double-quoted.
  const quoted = new Set<string>();
  const walk = (node: unknown, address: (string | number)[], path: string[], inFlow = false): void => {
    if (isAlias(node)) throw new SopsError('unsupported', `${file}: YAML anchors and aliases are not supported`);
    if (isMap(node)) {
      collections.push({ path, ...rangeOf(node) });
      maps.set(JSON.stringify(path), node);
      for (const pair of node.items) {
        const key = pair.key;
        if (!isScalar(key) || typeof key.value !== 'string') {
          throw new SopsError(
            'format',
            `${file}: a key at ${path.join('.') || 'the top level'} is not a string; sops supports string keys only`,
          );
        }
        scalarRanges.push(range(key));
        if (address.length === 0 && key.value === 'sops') {
          sopsPair = pair;
          metadata = isMap(pair.value) ? pair.value.toJS(doc) : pair.value === null ? undefined : (pair.value as Node).toJSON();
          const value = pair.value as Node | null;
          if (value?.range) scalarRanges.push(range(value));
          continue;
        }
        walk(pair.value, [...address, key.value], [...path, key.value], inFlow || Boolean(node.flow));
      }
    } else if (isSeq(node)) {
      collections.push({ path, ...rangeOf(node) });
      node.items.forEach((item, i) => walk(item, [...address, i], path, inFlow || Boolean(node.flow)));
    } else if (isScalar(node)) {
      scalarRanges.push(range(node));
      if (node.value === null || node.value === undefined) return;
      const value = node.value;
      if (typeof value !== 'string' && typeof value !== 'bigint' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new SopsError('unsupported', `${file}: the value at ${path.join('.')} has a YAML type sops does not encrypt`);
      }
      leaves.push({ address, path, value });
      leafRanges.set(addressKey(address), range(node));
      if (inFlow || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') quoted.add(addressKey(address));
    } else if (node !== null && node !== undefined) {
      throw new SopsError('format', `${file}: unexpected YAML node at ${path.join('.')}`);
    }
  };
  const root = doc.contents;
  if (root !== null && !isMap(root)) throw new SopsError('format', `${file}: the top level of a sops YAML file must be a mapping`);
  walk(root, [], []);

  const comments: EncryptedComment[] = [];
  const commentRanges: [number, number][] = [];
  for (const match of text.matchAll(COMMENT)) {
    const at = match.index;
    if (scalarRanges.some(([s, e]) => at >= s && at < e)) continue;
    const containing = collections.filter((c) => at >= c.start && at < c.end).sort((a, b) => b.path.length - a.path.length);
    const candidates = [...containing, ...collections].map((c) => keyPathAad(c.path));
    comments.push({ index: comments.length, text: match[1], aadCandidates: [...new Set([...candidates, keyPathAad([])])] });
    commentRanges.push([at + 1, at + match[0].length]);
  }
  return { doc, parsed: { leaves, metadata, comments }, leafRanges, quoted, maps, sopsPair, commentRanges };
}

function rangeOf(node: { range?: [number, number, number] | null }): { start: number; end: number } {
  return { start: node.range?.[0] ?? 0, end: node.range?.[2] ?? 0 };
}

/** The offset just past the line on which `end` (exclusive) falls. */
function lineEnd(text: string, end: number): number {
  if (end > 0 && text[end - 1] === '\n') return end;
  const newline = text.indexOf('\n', end);
  return newline < 0 ? text.length : newline + 1;
}

const lineStart = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;
const column = (text: string, at: number): number => at - lineStart(text, at);

/** A scalar as yaml.v3 would write it: plain when that reads back as the same string, else double-quoted. */
function yamlString(value: string): string {
  const plain =
    /^[A-Za-z0-9_./^$()|\\[\]+*?-][^\n]*$/.test(value) &&
    !/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/: |\s#|:$|^\s|\s$/.test(value) &&
    !/^(?:true|false|null|~|yes|no|on|off|y|n)$/i.test(value) &&
    !/^[-+]?(?:\d[\d_]*(?:\.\d*)?(?:e[-+]?\d+)?|\.\d+|\.inf|\.nan|0x[\da-f]+|0o[0-7]+)$/i.test(value) &&
    !/^\d{4}-\d{2}-\d{2}/.test(value);
  return plain ? value : JSON.stringify(value);
}

const keyText = (key: string): string =>
  /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$/.test(key) && yamlString(key) === key ? key : JSON.stringify(key);

/** The `sops:` block as sops 3.13 writes it. */
function renderMetadata(metadata: SopsMetadata): string {
  const pad = (n: number): string => ' '.repeat(n);
  const lines = ['sops:'];
  for (const [key, value] of Object.entries(metadataObject(metadata))) {
    if (key === 'age') {
      lines.push(`${pad(INDENT)}age:`);
      for (const entry of value as { enc: string; recipient: string }[]) {
        const enc = entry.enc.endsWith('\n') ? entry.enc : entry.enc + '\n';
        lines.push(`${pad(2 * INDENT)}- enc: |`);
        for (const line of enc.slice(0, -1).split('\n')) lines.push(line ? pad(2 * INDENT + 4) + line : '');
        lines.push(`${pad(2 * INDENT + 2)}recipient: ${yamlString(entry.recipient)}`);
      }
    } else if (key === 'lastmodified') {
      lines.push(`${pad(INDENT)}${key}: ${JSON.stringify(value)}`);
    } else {
      lines.push(`${pad(INDENT)}${key}: ${typeof value === 'string' ? yamlString(value) : String(value)}`);
    }
  }
  return lines.join('\n') + '\n';
}

type OrderedTree = Map<string, OrderedTree | string>;

/** Leaves by path as nested maps, in first-seen order. */
export function orderedTree(leaves: { path: string[]; value: string }[]): OrderedTree {
  const root: OrderedTree = new Map();
  for (const { path, value } of leaves) {
    let node = root;
    for (const key of path.slice(0, -1)) {
      let next = node.get(key);
      if (typeof next === 'string') throw new SopsError('format', `${path.join('.')} is inside a value`);
      if (!next) node.set(key, (next = new Map()));
      node = next;
    }
    node.set(path[path.length - 1], value);
  }
  return root;
}

function applySplices(text: string, splices: [number, number, string][]): string {
  splices.sort((a, b) => b[0] - a[0]);
  let out = text;
  for (const [start, end, replacement] of splices) out = out.slice(0, start) + replacement + out.slice(end);
  return out;
}

function removeLeaf(text: string, path: string[], file: string): string {
  const { doc, maps } = analyse(text, file);
  let depth = path.length;
  // Removing the last key of a mapping removes the mapping too, rather than leave a null behind.
  while (depth > 1 && (maps.get(JSON.stringify(path.slice(0, depth - 1)))?.items.length ?? 0) === 1) depth--;
  const parent = depth === 1 ? (doc.contents as YAMLMap) : maps.get(JSON.stringify(path.slice(0, depth - 1)));
  const pair = parent?.items.find((p) => isScalar(p.key) && p.key.value === path[depth - 1]);
  if (!pair) throw new SopsError('format', `${file}: no key ${path.join('.')}`);
  const start = lineStart(text, (pair.key as Node).range![0]);
  const value = pair.value as Node | null;
  const end = lineEnd(text, value?.range ? value.range[1] : (pair.key as Node).range![1]);
  return text.slice(0, start) + text.slice(end);
}

function insertLeaf(text: string, path: string[], value: string, file: string): string {
  const { doc, maps, sopsPair } = analyse(text, file);
  let depth = path.length - 1;
  while (depth > 0 && !maps.has(JSON.stringify(path.slice(0, depth)))) depth--;
  const existing = maps.get(JSON.stringify(path.slice(0, depth)));
  if (depth > 0 && !existing) throw new SopsError('format', `${file}: ${path.slice(0, depth).join('.')} is not a mapping`);
  const parentPair =
    depth > 0
      ? maps.get(JSON.stringify(path.slice(0, depth - 1)))?.items.find((p) => isScalar(p.key) && p.key.value === path[depth - 1])
      : undefined;
  if (depth > 0 && parentPair && !isMap(parentPair.value))
    throw new SopsError('format', `${file}: ${path.slice(0, depth).join('.')} is not a mapping`);
  const map = depth === 0 ? (doc.contents as YAMLMap | null) : existing!;
  const items = map ? map.items.filter((p) => p !== sopsPair) : [];
  const indent = items.length ? column(text, (items[0].key as Node).range![0]) : depth * INDENT;
  let at: number;
  if (items.length) {
    const last = items[items.length - 1];
    const lastValue = last.value as Node | null;
    at = lineEnd(text, lastValue?.range ? lastValue.range[1] : (last.key as Node).range![1]);
  } else if (sopsPair) {
    at = lineStart(text, (sopsPair.key as Node).range![0]);
  } else {
    at = text.length;
  }
  const lines: string[] = [];
  for (let d = depth; d < path.length - 1; d++) lines.push(`${' '.repeat(indent + (d - depth) * INDENT)}${keyText(path[d])}:`);
  lines.push(`${' '.repeat(indent + (path.length - 1 - depth) * INDENT)}${keyText(path[path.length - 1])}: ${value}`);
  const before = at > 0 && text[at - 1] !== '\n' ? '\n' : '';
  return text.slice(0, at) + before + lines.join('\n') + '\n' + text.slice(at);
}

export const yamlFormat: SopsFormatHandler = {
  parse: (text, file) => analyse(text, file).parsed,

  apply(text: string, changes: DocumentChanges, file: string): string {
    let out = text;
    for (const path of changes.remove) out = removeLeaf(out, path, file);
    for (const { path, value } of changes.insert) out = insertLeaf(out, path, value, file);
    const { leafRanges, quoted, sopsPair, commentRanges } = analyse(out, file);
    const splices: [number, number, string][] = [];
    for (const { address, value } of changes.replace) {
      const key = addressKey(address);
      const at = leafRanges.get(key);
      if (!at) throw new SopsError('format', `${file}: no value at ${address.join('.')}`);
      splices.push([at[0], at[1], quoted.has(key) ? JSON.stringify(value) : value]);
    }
    for (const { index, text: comment } of changes.comments) {
      const [start, end] = commentRanges[index];
      splices.push([start, end, comment]);
    }
    const metadataNode = sopsPair?.value;
    if (!sopsPair || !isMap(metadataNode)) {
      throw new SopsError('format', `${file} is not a sops file: it has no sops metadata`);
    }
    const fields = new Map(metadataNode.items.map((p) => [String((p.key as { value: unknown }).value), p]));
    const scalar = (name: string): [number, number] | undefined => {
      const node = fields.get(name)?.value;
      return isScalar(node) ? range(node) : undefined;
    };
    const meta = changes.metadata;
    const simple = !changes.rewriteMetadata && scalar('lastmodified') && scalar('mac') && scalar('version');
    if (simple) {
      splices.push([...scalar('lastmodified')!, JSON.stringify(meta.lastModified)]);
      splices.push([...scalar('mac')!, meta.mac]);
      splices.push([...scalar('version')!, yamlString(meta.version)]);
    } else {
      const start = lineStart(out, (sopsPair.key as Node).range![0]);
      const end = lineEnd(out, metadataNode.range![1]);
      splices.push([start, end, renderMetadata(meta)]);
    }
    return applySplices(out, splices);
  },

  create(leaves, metadata) {
    const lines: string[] = [];
    const render = (tree: OrderedTree, depth: number): void => {
      for (const [key, value] of tree) {
        const pad = ' '.repeat(depth * INDENT);
        if (typeof value === 'string') lines.push(`${pad}${keyText(key)}: ${value}`);
        else {
          lines.push(`${pad}${keyText(key)}:`);
          render(value, depth + 1);
        }
      }
    };
    render(orderedTree(leaves), 0);
    return (lines.length ? lines.join('\n') + '\n' : '') + renderMetadata(metadata);
  },
};
