import { type JSONPath, type Node, type ParseError, findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode } from 'jsonc-parser';

/**
 * Edits of a JSON-with-comments settings file that touch only the entries Vaultify adds or
 * removes: other keys, comments, formatting, line endings and a BOM stay byte-identical.
 * jsonc-parser's `modify` is not used for that reason: with formatting on, it reformats every
 * line an edit touches (a one-line `"allow": [...]` beside the change would be spread out).
 */
export type JsonEdit = { ok: true; text: string; notes: string[] } | { ok: false; reason: string };

export interface Indentation {
  insertSpaces: boolean;
  tabSize: number;
}

interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export class JsoncDocument {
  readonly notes: string[] = [];
  private readonly eol: string;
  private readonly unit: string;

  private constructor(
    private text: string,
    private readonly bom: string,
    private readonly isNew: boolean,
    indentation: Indentation,
  ) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    this.unit = indentation.insertSpaces ? ' '.repeat(indentation.tabSize) : '\t';
  }

  /** Parses `existing` (undefined or blank: a new, empty object). Refuses anything but a valid object. */
  static open(existing: string | undefined, defaults: Indentation): { ok: true; doc: JsoncDocument } | { ok: false; reason: string } {
    const bom = existing?.startsWith('\uFEFF') ? '\uFEFF' : '';
    const body = (existing ?? '').slice(bom.length);
    if (!body.trim()) return { ok: true, doc: new JsoncDocument('{}', bom, true, defaults) };
    const errors: ParseError[] = [];
    const root = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length) {
      const { error, offset } = errors[0];
      const before = body.slice(0, offset).split('\n');
      return {
        ok: false,
        reason: `it is not valid JSON (${printParseErrorCode(error)} at line ${before.length}, column ${before[before.length - 1].length + 1}); fix it and run again`,
      };
    }
    if (root?.type !== 'object') return { ok: false, reason: 'its top level is not a JSON object' };
    return { ok: true, doc: new JsoncDocument(body, bom, false, detectIndentation(body, defaults)) };
  }

  get(path: JSONPath): Node | undefined {
    const root = parseTree(this.text, [], { allowTrailingComma: true });
    return root && findNodeAtLocation(root, path);
  }

  /**
   * Makes the string array at `path` hold every `planned` entry, appending missing ones, and
   * drops entries that `isOwned` claims but the plan no longer holds. Other entries stay in
   * place. Missing parent objects are created. False when something on the path is not of the
   * expected type.
   */
  syncArray(path: JSONPath, planned: readonly string[], isOwned: (entry: string) => boolean): boolean {
    const node = this.get(path);
    if (!node) return this.add(path, [...planned]);
    if (node.type !== 'array') return false;
    const wanted = new Set(planned);
    const current = (node.children ?? []).map((c) => (c.type === 'string' ? (c.value as string) : undefined));
    const stale = current.flatMap((v, i) => (v !== undefined && isOwned(v) && !wanted.has(v) ? [i] : []));
    for (const index of stale.reverse()) this.removeChild(path, index);
    const present = new Set(current);
    const missing = planned.filter((entry) => !present.has(entry));
    if (missing.length)
      this.append(
        this.get(path)!,
        missing.map((entry) => [undefined, entry]),
      );
    return true;
  }

  /**
   * Makes the object at `path` map every `planned` key to `value`, and drops keys `isOwned`
   * claims that the plan no longer holds. A key the user set to another value is left alone.
   */
  syncMap(path: JSONPath, planned: readonly string[], value: unknown, isOwned: (key: string, value: unknown) => boolean): boolean {
    const node = this.get(path);
    if (!node) return this.add(path, Object.fromEntries(planned.map((k) => [k, value])));
    if (node.type !== 'object') return false;
    const wanted = new Set(planned);
    const keys = (node.children ?? []).map((p) => p.children?.[0]?.value as string);
    const stale = keys.flatMap((key, i) => {
      const valueNode = node.children![i].children?.[1];
      return !wanted.has(key) && valueNode && isOwned(key, getNodeValue(valueNode)) ? [i] : [];
    });
    for (const index of stale.reverse()) this.removeChild(path, index);
    const present = new Set(keys);
    const missing = planned.filter((key) => !present.has(key));
    if (missing.length)
      this.append(
        this.get(path)!,
        missing.map((key) => [key, value]),
      );
    return true;
  }

  /**
   * Makes the array at `path` hold every `planned` value (compared as JSON) and drops the
   * elements `isOwned` claims that the plan does not hold: the way to keep Vaultify's own hook
   * entries among the user's. Missing parents are created. False when the path is not an array.
   */
  syncValues(path: JSONPath, planned: readonly unknown[], isOwned: (value: unknown) => boolean): boolean {
    const node = this.get(path);
    if (!node) return this.add(path, [...planned]);
    if (node.type !== 'array') return false;
    const wanted = new Set(planned.map((v) => JSON.stringify(v)));
    const current = (node.children ?? []).map((c) => getNodeValue(c) as unknown);
    const stale = current.flatMap((v, i) => (isOwned(v) && !wanted.has(JSON.stringify(v)) ? [i] : []));
    for (const index of stale.reverse()) this.removeChild(path, index);
    const present = new Set(current.map((v) => JSON.stringify(v)));
    const missing = planned.filter((v) => !present.has(JSON.stringify(v)));
    if (missing.length)
      this.append(
        this.get(path)!,
        missing.map((v) => [undefined, v]),
      );
    return true;
  }

  /** Removes the property at `path` when it is there. */
  remove(path: JSONPath): void {
    const parentPath = path.slice(0, -1);
    const parent = this.get(parentPath);
    if (parent?.type !== 'object') return;
    const index = (parent.children ?? []).findIndex((p) => p.children?.[0]?.value === path[path.length - 1]);
    if (index >= 0) this.removeChild(parentPath, index);
  }

  result(): JsonEdit {
    return { ok: true, text: this.bom + this.text + (this.isNew ? this.eol : ''), notes: this.notes };
  }

  /**
   * Adds `path`, absent today, with any missing parent objects. An empty array or object is not
   * added. False when a parent is not an object.
   */
  add(path: JSONPath, value: unknown): boolean {
    const empty = Array.isArray(value) ? !value.length : typeof value === 'object' && value !== null && !Object.keys(value).length;
    if (empty) return true;
    let depth = path.length - 1;
    let wrapped = value;
    let parent = this.get(path.slice(0, depth));
    while (!parent) {
      wrapped = { [path[depth] as string]: wrapped };
      parent = this.get(path.slice(0, --depth));
    }
    if (parent.type !== 'object') return false;
    this.append(parent, [[path[depth] as string, wrapped]]);
    return true;
  }

  /** Removes one element or property with the separator before or after it. */
  private removeChild(path: JSONPath, index: number): void {
    const container = this.get(path)!;
    const children = container.children!;
    const child = children[index];
    if (children.length === 1) {
      this.apply([{ offset: container.offset + 1, length: container.length - 2, content: '' }]);
    } else if (index === children.length - 1) {
      const previous = children[index - 1];
      const start = previous.offset + previous.length;
      this.apply([{ offset: start, length: child.offset + child.length - start, content: '' }]);
    } else {
      this.apply([{ offset: child.offset, length: children[index + 1].offset - child.offset, content: '' }]);
    }
  }

  /**
   * Appends items (`[key, value]` for an object, `[undefined, value]` for an array) after the
   * container's last child, in the container's own layout: one per line, indented like their
   * siblings, in a multi-line container; inline in a one-line container.
   */
  private append(container: Node, items: readonly (readonly [string | undefined, unknown])[]): void {
    const text = this.text;
    const children = container.children ?? [];
    const closing = container.offset + container.length - 1;
    const render = (indent: string, [key, value]: readonly [string | undefined, unknown]): string => {
      const json = JSON.stringify(value, null, this.unit)
        .split('\n')
        .join(this.eol + indent);
      return key === undefined ? json : `${JSON.stringify(key)}: ${json}`;
    };
    if (!children.length) {
      const outer = indentAt(text, container.offset);
      const inner = outer + this.unit;
      const body = this.eol + inner + items.map((item) => render(inner, item)).join(',' + this.eol + inner) + this.eol + outer;
      const innerText = text.slice(container.offset + 1, closing);
      // An empty container is replaced; one holding only comments keeps them, before the items.
      if (!innerText.trim()) this.apply([{ offset: container.offset + 1, length: closing - container.offset - 1, content: body }]);
      else this.apply([{ offset: closing, length: 0, content: body.slice(this.eol.length) }]);
      return;
    }
    const last = children[children.length - 1];
    const lastEnd = last.offset + last.length;
    const comma = trailingComma(text, lastEnd, closing);
    if (!text.slice(container.offset, closing).includes('\n')) {
      const inline = items.map(([key, value]) => (key === undefined ? '' : `${JSON.stringify(key)}: `) + JSON.stringify(value)).join(', ');
      if (comma === undefined) this.apply([{ offset: lastEnd, length: 0, content: ', ' + inline }]);
      else this.apply([{ offset: comma + 1, length: 0, content: ' ' + inline + ',' }]);
      return;
    }
    const indent = indentAt(text, last.offset);
    const lines = items.map((item) => render(indent, item)).join(',' + this.eol + indent);
    const after = comma ?? lastEnd;
    const lineEnd = Math.min(endOfLine(text, after), closing);
    const edits: TextEdit[] = [{ offset: lineEnd, length: 0, content: this.eol + indent + lines + (comma === undefined ? '' : ',') }];
    if (comma === undefined) edits.push({ offset: lastEnd, length: 0, content: ',' });
    this.apply(edits);
  }

  /** Applies edits given in any order; none may overlap. */
  private apply(edits: TextEdit[]): void {
    for (const edit of [...edits].sort((a, b) => b.offset - a.offset)) {
      this.text = this.text.slice(0, edit.offset) + edit.content + this.text.slice(edit.offset + edit.length);
    }
  }
}

/** The offset of a `,` after `from` (skipping blanks and comments) and before `limit`, if any. */
function trailingComma(text: string, from: number, limit: number): number | undefined {
  let i = from;
  while (i < limit) {
    if (/\s/.test(text[i])) i++;
    else if (text.startsWith('//', i)) i = endOfLine(text, i);
    else if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? limit : end + 2;
    } else return text[i] === ',' ? i : undefined;
  }
  return undefined;
}

/** The offset of the line break (`\r\n` or `\n`) ending the line that holds `offset`. */
function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  if (newline < 0) return text.length;
  return text[newline - 1] === '\r' ? newline - 1 : newline;
}

function indentAt(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function detectIndentation(text: string, defaults: Indentation): Indentation {
  const indent = /^([ \t]+)\S/m.exec(text)?.[1];
  if (!indent) return defaults;
  if (indent.startsWith('\t')) return { insertSpaces: false, tabSize: defaults.tabSize };
  return { insertSpaces: true, tabSize: indent.length };
}
