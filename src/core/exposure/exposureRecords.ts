import type { ExposureFinding, ExposureKind } from './exposureFinding';

/**
 * What Vaultify remembers about an exposure: which secret, where and when, never the value. Safe
 * to keep in extension state.
 */
export interface ExposureRecord {
  name: string;
  kind: ExposureKind;
  location: string;
  /** Epoch milliseconds. */
  firstSeen: number;
  lastSeen: number;
  /** Set when the secret was rotated: the value seen there is no longer the live one. */
  closedAt?: number;
}

const key = (r: { name: string; kind: ExposureKind; location: string }) => `${r.name}\0${r.kind}\0${r.location}`;

/**
 * Adds the findings of a check to the records: a place seen again updates `lastSeen`; a place
 * seen after its record was closed (the new value leaked there too) opens a new record.
 */
export function recordExposures(records: readonly ExposureRecord[], findings: readonly ExposureFinding[], now: number): ExposureRecord[] {
  const out = records.map((r) => ({ ...r }));
  const open = new Map(out.filter((r) => r.closedAt === undefined).map((r) => [key(r), r]));
  for (const f of findings) {
    const existing = open.get(key(f));
    if (existing) existing.lastSeen = now;
    else {
      const record: ExposureRecord = { name: f.name, kind: f.kind, location: f.location, firstSeen: now, lastSeen: now };
      out.push(record);
      open.set(key(record), record);
    }
  }
  return out;
}

/** Closes every open record of `name`: the last step of a rotation. */
export function closeExposures(records: readonly ExposureRecord[], name: string, now: number): ExposureRecord[] {
  return records.map((r) => (r.name === name && r.closedAt === undefined ? { ...r, closedAt: now } : r));
}

/** The open records, of one secret or of all. */
export function openExposures(records: readonly ExposureRecord[], name?: string): ExposureRecord[] {
  return records.filter((r) => r.closedAt === undefined && (name === undefined || r.name === name));
}
