import { type PlanProblem, type ReplacementPlan, planReplacement } from './editPlan';
import { suggestName, uniqueName } from './nameSuggestion';

/**
 * The planning half of "Vaultify secret" and "Vaultify all credentials in file": where each
 * secret's characters are, which value each holds, which name each gets, and the edits that put
 * the references in place. The editor side stores the values and applies the edits.
 */

/** A file's text and what it is, as the edit planner reads it. */
export interface FileText {
  text: string;
  languageId?: string;
  fileName?: string;
}

/** A secret's span in a file, as the detector or a selection gives it. */
export interface SecretSpan {
  start: number;
  end: number;
  /** The credential kind a detector reported, for the suggested name. */
  kind?: string;
}

/** A name already in the vault for a value, and its scope. */
export interface VaultedName {
  name: string;
  scope: string;
}

/** A located secret with its name: one already in the vault (`scope` set), or a new one. */
export interface NamedSecret<S extends SecretSpan> {
  secret: S;
  /** Where the value's characters are and the value itself. */
  located: ReplacementPlan;
  name: string;
  scope?: string;
}

/** Any valid name: where a secret's characters are does not depend on the name. */
const PROBE_NAME = 'probe';

/** Where the secret selected by [start, end) is and the value it holds, or why no reference can replace it. */
export function locateSecret(file: FileText, start: number, end: number): ReplacementPlan | PlanProblem {
  return planReplacement({ ...file, start, end, name: PROBE_NAME });
}

/** A new secret's name: the one the context suggests, made unique against `taken`. */
export function newSecretName(file: FileText, span: SecretSpan, taken: (name: string) => boolean): string {
  return uniqueName(suggestName({ ...file, start: span.start, end: span.end, kind: span.kind }), taken);
}

/** Each detected secret located: the value it holds, or why no reference can replace it. */
export function locateSecrets<S extends SecretSpan>(
  file: FileText,
  secrets: readonly S[],
): { located: { secret: S; located: ReplacementPlan }[]; unplaceable: { secret: S; message: string }[] } {
  const located: { secret: S; located: ReplacementPlan }[] = [];
  const unplaceable: { secret: S; message: string }[] = [];
  for (const secret of secrets) {
    const plan = locateSecret(file, secret.start, secret.end);
    if (plan.ok) located.push({ secret, located: plan });
    else unplaceable.push({ secret, message: plan.message });
  }
  return { located, unplaceable };
}

/**
 * Names for located secrets: a value already in the vault keeps its name (`vaulted`), a value
 * found twice gets one name, and every new name is unique against `taken` and the others.
 */
export function nameSecrets<S extends SecretSpan>(
  file: FileText,
  located: readonly { secret: S; located: ReplacementPlan }[],
  vaulted: ReadonlyMap<string, VaultedName>,
  taken: (name: string) => boolean,
): NamedSecret<S>[] {
  const byValue = new Map<string, { name: string; scope?: string }>();
  const chosen = new Set<string>();
  return located.map(({ secret, located: plan }) => {
    let entry = byValue.get(plan.value) ?? vaulted.get(plan.value);
    if (!entry) {
      const name = newSecretName(file, secret, (n) => taken(n) || chosen.has(n));
      chosen.add(name);
      entry = { name };
    }
    byValue.set(plan.value, entry);
    return { secret, located: plan, ...entry };
  });
}

/** The edits that put each secret's reference in place, planned on one text; the first that cannot be placed, named. */
export function planReferenceEdits(
  file: FileText,
  secrets: readonly { located: ReplacementPlan; name: string }[],
): { ok: true; edits: ReplacementPlan[] } | { ok: false; name: string; message: string } {
  const edits: ReplacementPlan[] = [];
  for (const { located, name } of secrets) {
    const plan = planReplacement({ ...file, start: located.start, end: located.end, name });
    if (!plan.ok) return { ok: false, name, message: plan.message };
    edits.push(plan);
  }
  return { ok: true, edits };
}

/** The occurrence of `source` nearest to `near`, if it is still in the text: a value found again after an edit. */
export function relocate(text: string, source: string, near: number): number | undefined {
  let best: number | undefined;
  for (let i = text.indexOf(source); i !== -1; i = text.indexOf(source, i + 1)) {
    if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
