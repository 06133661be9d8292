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
import { isEncryptedValue, keyPathAad } from './valueCipher';

/** sops keeps dotenv metadata as `sops_` lines, nested keys flattened with `__map_` and `__list_N`. */
const PREFIX = 'sops_';

interface Line {
  text: string;
  key?: string;
  value?: string;
}

function splitLines(text: string): Line[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => {
    if (line === '' || line.startsWith('#')) return { text: line };
    const at = line.indexOf('=');
    if (at < 0) throw new SopsError('format', `not a dotenv line: a line has no "="`);
    // sops takes everything before the first "=" as the key, spaces included, and writes newlines as \n.
    return { text: line, key: line.slice(0, at), value: line.slice(at + 1).replace(/\\n/g, '\n') };
  });
}

function unflatten(entries: [string, string][]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [flat, value] of entries) {
    const tokens: (string | number)[] = [];
    let rest = flat;
    let first = true;
    while (rest.length) {
      const mapAt = rest.indexOf('__map_');
      const listAt = rest.indexOf('__list_');
      const next = [mapAt, listAt].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? rest.length;
      if (first) {
        tokens.push(rest.slice(0, next));
        first = false;
      }
      rest = rest.slice(next);
      if (!rest.length) break;
      const isList = rest.startsWith('__list_');
      rest = rest.slice(isList ? 7 : 6);
      const end = [rest.indexOf('__map_'), rest.indexOf('__list_')].filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? rest.length;
      tokens.push(isList ? Number(rest.slice(0, end)) : rest.slice(0, end));
      rest = rest.slice(end);
    }
    let node: Record<string | number, unknown> = root;
    tokens.forEach((token, i) => {
      if (i === tokens.length - 1) node[token] = value;
      else node = (node[token] ??= typeof tokens[i + 1] === 'number' ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return root;
}

function flatten(value: unknown, prefix: string, out: [string, string][]): [string, string][] {
  if (Array.isArray(value)) value.forEach((item, i) => flatten(item, `${prefix}__list_${i}`, out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, `${prefix}__map_${k}`, out);
  else out.push([prefix, String(value)]);
  return out;
}

function metadataLines(metadata: SopsMetadata): string[] {
  const out: [string, string][] = [];
  for (const [key, value] of Object.entries(metadataObject(metadata))) flatten(value, PREFIX + key, out);
  return out.map(([key, value]) => `${key}=${value.replace(/\n/g, '\\n')}`);
}

const escape = (value: string): string => value.replace(/\n/g, '\\n');

function analyse(text: string, file: string): { parsed: ParsedDocument; lines: Line[] } {
  let lines: Line[];
  try {
    lines = splitLines(text);
  } catch (error) {
    throw new SopsError('format', `${file}: ${(error as Error).message}`);
  }
  const leaves: DocumentLeaf[] = [];
  const comments: EncryptedComment[] = [];
  const meta: [string, string][] = [];
  for (const line of lines) {
    if (line.key === undefined) {
      if (line.text.startsWith('#') && isEncryptedValue(line.text.slice(1))) {
        comments.push({ index: comments.length, text: line.text.slice(1), aadCandidates: [keyPathAad([])] });
      }
    } else if (line.key.startsWith(PREFIX)) meta.push([line.key.slice(PREFIX.length), line.value!]);
    else leaves.push({ address: [line.key], path: [line.key], value: line.value! });
  }
  return { parsed: { leaves, metadata: meta.length ? unflatten(meta) : undefined, comments }, lines };
}

export const dotenvFormat: SopsFormatHandler = {
  parse: (text, file) => analyse(text, file).parsed,

  apply(text: string, changes: DocumentChanges, file: string): string {
    const { lines } = analyse(text, file);
    const replace = new Map(changes.replace.map((r) => [addressKey(r.address), r.value]));
    const removed = new Set(changes.remove.map((p) => addressKey(p)));
    const comments = new Map(changes.comments.map((c) => [c.index, c.text]));
    const out: string[] = [];
    let commentIndex = 0;
    let metadataAt = -1;
    const metaFields = new Map<string, string>();
    for (const line of lines) {
      if (line.key === undefined) {
        if (line.text.startsWith('#') && isEncryptedValue(line.text.slice(1))) {
          const replacement = comments.get(commentIndex++);
          out.push(replacement === undefined ? line.text : `#${replacement}`);
        } else out.push(line.text);
      } else if (line.key.startsWith(PREFIX)) {
        if (metadataAt < 0) metadataAt = out.length;
        metaFields.set(line.key, String(out.length));
        out.push(line.text);
      } else if (removed.has(addressKey([line.key]))) {
        continue;
      } else {
        const value = replace.get(addressKey([line.key]));
        out.push(value === undefined ? line.text : `${line.key}=${escape(value)}`);
      }
    }
    if (metadataAt < 0) throw new SopsError('format', `${file} is not a sops file: it has no sops metadata`);
    const meta = changes.metadata;
    const simple = !changes.rewriteMetadata && ['sops_lastmodified', 'sops_mac', 'sops_version'].every((k) => metaFields.has(k));
    if (simple) {
      out[Number(metaFields.get('sops_lastmodified'))] = `sops_lastmodified=${meta.lastModified}`;
      out[Number(metaFields.get('sops_mac'))] = `sops_mac=${meta.mac}`;
      out[Number(metaFields.get('sops_version'))] = `sops_version=${meta.version}`;
    } else {
      const kept = out.filter((line, i) => i < metadataAt || !line.startsWith(PREFIX));
      out.splice(0, out.length, ...kept.slice(0, metadataAt), ...metadataLines(meta), ...kept.slice(metadataAt));
    }
    const inserted = changes.insert.map(({ path, value }) => {
      if (path.length !== 1)
        throw new SopsError('unsupported', `${file}: a dotenv file holds one level of keys; ${path.join('.')} has ${path.length}`);
      return `${path[0]}=${escape(value)}`;
    });
    const firstMeta = out.findIndex((line) => line.startsWith(PREFIX));
    out.splice(firstMeta, 0, ...inserted);
    return out.join('\n') + '\n';
  },

  create(leaves, metadata) {
    const lines = leaves.map(({ path, value }) => {
      if (path.length !== 1)
        throw new SopsError('unsupported', `a dotenv file holds one level of keys; ${path.join('.')} has ${path.length}`);
      return `${path[0]}=${escape(value)}`;
    });
    return [...lines, ...metadataLines(metadata)].join('\n') + '\n';
  },
};
