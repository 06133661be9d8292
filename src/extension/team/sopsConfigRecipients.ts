import { isMap, isScalar, isSeq, parseDocument } from 'yaml';

/**
 * `.sops.yaml` with one recipient added to, or removed from, every creation rule that lists age
 * recipients (in `age`, or in the single key group), so new team files follow the membership.
 * Comments and layout stay; undefined when nothing changes.
 */
export function withRecipientChange(text: string, change: { add?: string; remove?: string }): string | undefined {
  const doc = parseDocument(text);
  const rules = doc.get('creation_rules');
  if (!isSeq(rules)) return undefined;
  let changed = false;
  for (const rule of rules.items) {
    if (!isMap(rule)) continue;
    const groups = rule.get('key_groups');
    const holder = isSeq(groups) && groups.items.length ? groups.items[0] : rule;
    if (!isMap(holder)) continue;
    const age = holder.get('age', true);
    const listed =
      isScalar(age) && typeof age.value === 'string'
        ? age.value
            .split(',')
            .map((r) => r.trim())
            .filter(Boolean)
        : isSeq(age)
          ? age.items.map((i) => (isScalar(i) ? String(i.value) : ''))
          : undefined;
    if (!listed?.length) continue;
    let next = change.remove ? listed.filter((r) => r !== change.remove) : listed;
    if (change.add && !next.includes(change.add)) next = [...next, change.add];
    // A rule is never left without recipients: sops would refuse it, and so would the team file.
    if (!next.length || (next.length === listed.length && next.every((r, i) => r === listed[i]))) continue;
    if (isScalar(age)) age.value = next.join(',');
    else holder.set('age', doc.createNode(next));
    changed = true;
  }
  return changed ? doc.toString() : undefined;
}
