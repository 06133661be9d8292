/**
 * A rotated-out value stays masked for a while, since running processes and logs still hold it.
 * The value itself stays in SecretStorage; this is the bookkeeping, by name and date only.
 */
export interface RetiredValue {
  /** The secret's name; the retired value is masked under the same name. */
  name: string;
  /** Where the retired value is kept in SecretStorage (the vault decides the key). */
  storageKey: string;
  /** Epoch milliseconds. */
  retiredAt: number;
}

export const DEFAULT_RETIRED_MASK_DAYS = 30;
const DAY = 86_400_000;

/** Whether a retired value is still masked at `now`. */
export function stillMasked(retired: RetiredValue, now: number, days = DEFAULT_RETIRED_MASK_DAYS): boolean {
  return now < retired.retiredAt + Math.max(0, days) * DAY;
}

/** Splits the retired values into those still masked and those whose stored copy may now be deleted. */
export function partitionRetired(
  retired: readonly RetiredValue[],
  now: number,
  days = DEFAULT_RETIRED_MASK_DAYS,
): { keep: RetiredValue[]; expired: RetiredValue[] } {
  const keep: RetiredValue[] = [];
  const expired: RetiredValue[] = [];
  for (const r of retired) (stillMasked(r, now, days) ? keep : expired).push(r);
  return { keep, expired };
}
