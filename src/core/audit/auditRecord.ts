import { createHash, createHmac } from 'node:crypto';

export type AuditEvent =
  'release' | 'denial' | 'grant' | 'revocation' | 'store' | 'rotate' | 'rename' | 'delete' | 'session' | 'setting' | 'mask' | 'wire';

export const AUDIT_EVENTS: readonly AuditEvent[] = [
  'release',
  'denial',
  'grant',
  'revocation',
  'store',
  'rotate',
  'rename',
  'delete',
  'session',
  'setting',
  'mask',
  'wire',
];

export interface AuditSecret {
  name: string;
  /** `global` or a workspace scope id. */
  scope: string;
  /** HMAC-SHA256 of the value under the install's audit key: tells values apart, never shows one. */
  fingerprint?: string;
  /** In a mask record: how many times its values were masked in the request. */
  count?: number;
  /** For releases: "on the wire to api.github.com" (a placeholder went to the process) or "in the environment". */
  delivery?: string;
}

/** One exchange of a secretless run with a bound host: where the values went, never a value, placeholder or query. */
export interface WireRecord {
  run: string;
  /** `host:port` */
  host: string;
  method: string;
  /** The path without its query, placeholders shown as `{{vault:NAME}}`. */
  path: string;
  /** Placeholders swapped for values on the way to the host. */
  count: number;
  /** Values swapped back for placeholders in the response. */
  scrubbed: number;
}

/** What a caller records; the trail adds `seq`, `ts`, `prev` and `hash`. */
export interface AuditEntry {
  event: AuditEvent;
  requester: { kind: string; label: string };
  secrets: AuditSecret[];
  /** In words: "copying it to the clipboard", "denied by you". */
  purpose?: string;
  channel?: string;
  /** For runs: the command line as masked, the working folder, the exit code and how many values were masked. */
  command?: string;
  cwd?: string;
  exitCode?: number;
  maskedCount?: number;
  grant?: { id: string; duration: string };
  /** For renames: the new name. */
  newName?: string;
  /** For `wire` events. */
  wire?: WireRecord;
}

export interface AuditRecord extends AuditEntry {
  seq: number;
  ts: string;
  prev: string;
  /** SHA-256 over the record without `hash` and `mac`: anyone can check the chain against a head. */
  hash: string;
  /** Version 2 on: records sealed with the install's key. Version 1 records (no `v`) have no `mac`. */
  v?: 2;
  /** HMAC-SHA256 of `hash` under the install's key: only the key's holder can seal a record. */
  mac?: string;
}

/** The record version written now. */
export const RECORD_VERSION = 2;

/** The `prev` of the first record of a trail. */
export const GENESIS = '0'.repeat(64);

/** Where a chain ends: what SecretStorage keeps so that truncation and edits show. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** JSON with object keys sorted at every depth: the same record always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 over the record without its own hash and mac, `prev` included: each record seals the one before. */
export function recordHash(record: Omit<AuditRecord, 'hash'> | AuditRecord): string {
  const { hash: _hash, mac: _mac, ...body } = record as AuditRecord;
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/** The record's seal under the install's key. Its hash covers `prev`, so the macs chain as the hashes do. */
export function recordMac(key: string, hash: string): string {
  return createHmac('sha256', key).update(`vaultify-audit-record:${hash}`, 'utf8').digest('hex');
}

/**
 * Seals an entry as the record after `head`, with the install's key. Its keys are written in
 * canonical order, so that verifying can hash the parsed record as it stands (see `hashMatches`).
 */
export function sealRecord(entry: AuditEntry, head: ChainHead, ts: Date, key: string): AuditRecord {
  const canonical = canonicalJson({ seq: head.seq + 1, ts: ts.toISOString(), v: RECORD_VERSION, ...entry, prev: head.hash });
  const body = JSON.parse(canonical) as Omit<AuditRecord, 'hash'>;
  const hash = createHash('sha256').update(canonical).digest('hex');
  return { ...body, hash, mac: recordMac(key, hash) };
}

/** Whether a parsed record's hash is its own: first as written (the fast, usual case), then in canonical order. */
export function hashMatches(record: AuditRecord): boolean {
  const { hash, mac: _mac, ...body } = record;
  return createHash('sha256').update(JSON.stringify(body)).digest('hex') === hash || recordHash(record) === hash;
}

/** A value's fingerprint under the install's key. The key never leaves SecretStorage and memory. */
export function valueFingerprint(key: string, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}
