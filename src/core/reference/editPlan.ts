import { detectFileSyntax } from './fileSyntax';
import { findReferences, formatReference, nameProblem, parseReference, type ReferenceForm } from './referenceGrammar';
import { isSelectionProblem, selectSecret, type SelectionProblemCode } from './secretSelection';
import { isContextProblem } from './values/valueContext';
import { locateValue } from './values/valueLocator';

/** Where a secret is in a document, and what kind of document it is. Offsets are UTF-16. */
export interface SecretLocation {
  text: string;
  start: number;
  end: number;
  /** VS Code language id, e.g. `dotenv`, `jsonc`, `yaml`, `typescript`. */
  languageId?: string;
  /** The file's path or name; its extension decides when the language id does not. */
  fileName?: string;
}

export interface ReplacementRequest extends SecretLocation {
  /** The vault secret's name; see `isValidName`. */
  name: string;
}

/** One text edit: replace `[start, end)` of the document with `newText`. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface ReplacementPlan extends TextEdit {
  ok: true;
  /** `bare` (`vault:NAME`) when the secret is a whole value, else `embedded` (`{{vault:NAME}}`). */
  form: ReferenceForm;
  /**
   * The secret as programs read it: the literal's escapes decoded (`a/b` for the JSON
   * source `a\/b`). This is what goes to the vault. Never log or display it.
   */
  value: string;
}

export type PlanProblemCode =
  SelectionProblemCode | 'invalid-name' | 'unreadable-escape' | 'cannot-embed' | 'not-a-reference' | 'cannot-write';

export interface PlanProblem {
  ok: false;
  problem: PlanProblemCode;
  /** For the user; names no secret value. */
  message: string;
}

function failure(problem: PlanProblemCode, message: string): PlanProblem {
  return { ok: false, problem, message };
}

/**
 * The edit that replaces a literal secret with a vault reference. The edit replaces exactly
 * the secret's characters, within `[start, end)` of the request, with exactly one reference:
 * `vault:NAME` when they are the whole value (a JSON string, a YAML scalar, a `.env` value,
 * a code literal, an unquoted word), `{{vault:NAME}}` when they are part of a larger one (a
 * URL's password, `Bearer …`, `Password=…;`). Quotes, comments and formatting are kept.
 * The selection is first trimmed, stripped of the literal's own quotes and narrowed to the
 * credential of a selected URL, authorization header or connection string.
 */
export function planReplacement(request: ReplacementRequest): ReplacementPlan | PlanProblem {
  const invalid = nameProblem(request.name);
  if (invalid) return failure('invalid-name', invalid);
  const { text } = request;
  const selected = selectSecret(text, request.start, request.end, detectFileSyntax(request.languageId, request.fileName));
  if (isSelectionProblem(selected)) return failure(selected.problem, selected.message);

  const { start, end, context } = selected;
  const whole = !context.piece && start === context.start && end === context.end;
  if (!whole && context.embedProblem) return failure('cannot-embed', context.embedProblem);
  const value = context.encoding.decode(text.slice(context.start, context.end), start - context.start, end - context.start);
  if (value === undefined) {
    return failure(
      'unreadable-escape',
      'The selection splits an escape sequence, or holds an escape or expansion that is not literal text in this file type.',
    );
  }
  if (!value) return failure('empty-range', 'The selection holds no characters of a value.');
  const form: ReferenceForm = whole ? 'bare' : 'embedded';
  const newText = formatReference(request.name, form);
  if (!readsBackAlone(text, start, end, newText, request.name)) {
    return failure(
      'cannot-embed',
      'A reference here would run into the text around it and name another secret; put a space or quotes around the value first.',
    );
  }
  return { ok: true, start, end, newText, form, value };
}

/** The characters on each side that decide where a reference starts and ends. */
const NEIGHBOURHOOD = 256;

/**
 * Whether `reference`, put in place of `[start, end)`, reads back as itself and nothing more:
 * a name character just after a bare reference, or text that malformed syntax leaves glued to
 * it, would make the file name another secret.
 */
function readsBackAlone(text: string, start: number, end: number, reference: string, name: string): boolean {
  const from = Math.max(0, start - NEIGHBOURHOOD);
  const around = text.slice(from, start) + reference + text.slice(end, end + NEIGHBOURHOOD);
  const at = start - from;
  return findReferences(around).some((found) => found.start === at && found.end === at + reference.length && found.name === name);
}

export interface RestoreRequest extends SecretLocation {
  /** `[start, end)` is exactly the reference, `vault:NAME` or `{{vault:NAME}}`. */
  name: string;
  form: ReferenceForm;
  /** The stored value to put back. Never log or display it. */
  value: string;
}

export type RestorePlan = TextEdit & { ok: true };

/**
 * The edit that puts a secret's value back in place of its reference: the way back from
 * `planReplacement`. The value is escaped as the enclosing literal needs (JSON, YAML, TOML,
 * code strings, shell quotes). Where the literal cannot hold it as it is, the whole literal
 * is rewritten: an unquoted `.env` or INI value gains quotes when the value has white space
 * or `#`, a plain YAML scalar becomes double-quoted, a raw string becomes an ordinary one.
 */
export function planRestore(request: RestoreRequest): RestorePlan | PlanProblem {
  const { text, start, end, value } = request;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    return failure('out-of-range', 'The reference is outside the document.');
  }
  const parsed = parseReference(text.slice(start, end));
  if (!parsed || parsed.name !== request.name || parsed.form !== request.form) {
    return failure('not-a-reference', `The text at the given range is not the reference to "${request.name}".`);
  }
  if (!value) return failure('cannot-write', `The value of "${request.name}" is empty.`);
  const context = locateValue(text, start, end, detectFileSyntax(request.languageId, request.fileName));
  if (isContextProblem(context)) return failure(context.problem, context.message);

  const encoded = context.encoding.encode(value);
  if (encoded !== undefined) return { ok: true, start, end, newText: encoded };
  const requote = context.requote;
  if (requote) {
    const source = text.slice(requote.valueStart, requote.valueEnd);
    const before = context.encoding.decode(source, 0, start - requote.valueStart);
    const after = context.encoding.decode(source, end - requote.valueStart, source.length);
    const written = before !== undefined && after !== undefined ? requote.write(before + value + after) : undefined;
    if (written !== undefined) return { ok: true, start: requote.start, end: requote.end, newText: written };
  }
  return failure('cannot-write', `The value of "${request.name}" cannot be written in this place of this file type.`);
}
