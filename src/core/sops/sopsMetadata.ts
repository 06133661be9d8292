import { SopsError } from './sopsError';

/** The sops release whose file format Vaultify writes; files it edits are stamped with it as `sops edit` does. */
export const SOPS_FORMAT_VERSION = '3.13.2';

export interface AgeKeyEntry {
  recipient: string;
  /** The data key as armored age, encrypted to `recipient`. */
  enc: string;
}

/** Which leaves are encrypted: at most one of the four rules, as sops allows. */
export interface EncryptionRules {
  unencryptedSuffix?: string;
  encryptedSuffix?: string;
  unencryptedRegex?: string;
  encryptedRegex?: string;
  /** When set, the MAC covers only the encrypted values. */
  macOnlyEncrypted?: boolean;
}

export interface SopsMetadata extends EncryptionRules {
  age: AgeKeyEntry[];
  lastModified: string;
  /** The encrypted MAC, `ENC[...]`, or empty in a file written without one. */
  mac: string;
  version: string;
}

const KMS_FIELDS: Record<string, string> = {
  kms: 'AWS KMS',
  gcp_kms: 'GCP KMS',
  azure_kv: 'Azure Key Vault',
  hc_vault: 'HashiCorp Vault',
  hckms: 'HuaweiCloud KMS',
};

const nonEmpty = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);

function text(value: unknown, field: string, file: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new SopsError('format', `${file}: sops.${field} is not text`);
}

/** Key sources beside age that a file or key group may hold: each is refused, by name. */
function refuseOtherKeys(group: Record<string, unknown>, file: string, where: string): void {
  if (nonEmpty(group.pgp))
    throw new SopsError('unsupported', `${file}: PGP keys${where} are not supported; Vaultify uses age recipients only`);
  for (const [field, name] of Object.entries(KMS_FIELDS)) {
    if (nonEmpty(group[field]))
      throw new SopsError('unsupported', `${file}: ${name} keys (${field})${where} are not supported; Vaultify uses age recipients only`);
  }
}

function ageEntries(value: unknown, file: string): AgeKeyEntry[] {
  if (!nonEmpty(value)) return [];
  if (!Array.isArray(value)) throw new SopsError('format', `${file}: sops.age is not a list`);
  return value.map((entry: unknown, i) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    const recipient = text(item.recipient, `age[${i}].recipient`, file);
    const enc = text(item.enc, `age[${i}].enc`, file);
    if (!recipient || !enc) throw new SopsError('format', `${file}: sops.age[${i}] needs a recipient and enc`);
    return { recipient, enc };
  });
}

/**
 * Reads the `sops` metadata of a file, already unflattened into plain objects. Refuses, naming
 * them, the features Vaultify does not implement, so that nothing is guessed.
 */
export function parseMetadata(raw: unknown, file: string, dataKeyKnown = false): SopsMetadata {
  if (raw === undefined) throw new SopsError('format', `${file} is not a sops file: it has no sops metadata`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new SopsError('format', `${file}: the sops metadata is not a mapping`);
  const m = raw as Record<string, unknown>;
  let age: AgeKeyEntry[];
  if (nonEmpty(m.key_groups)) {
    if (!Array.isArray(m.key_groups)) throw new SopsError('format', `${file}: sops.key_groups is not a list`);
    if (m.key_groups.length > 1 || Number(m.shamir_threshold ?? 0) > 1) {
      throw new SopsError(
        'unsupported',
        `${file}: several key groups (Shamir secret sharing) are not supported; use one list of age recipients`,
      );
    }
    const group = (m.key_groups[0] ?? {}) as Record<string, unknown>;
    if (!dataKeyKnown) refuseOtherKeys(group, file, ' in its key group');
    age = ageEntries(group.age, file);
  } else {
    age = ageEntries(m.age, file);
  }
  // With the data key already in hand (a compatibility check), the key sources are never read.
  if (!dataKeyKnown) refuseOtherKeys(m, file, '');
  for (const field of ['unencrypted_comment_regex', 'encrypted_comment_regex']) {
    if (nonEmpty(m[field])) throw new SopsError('unsupported', `${file}: ${field} is not supported`);
  }
  if (!age.length && !dataKeyKnown) throw new SopsError('format', `${file}: the sops metadata lists no age recipient`);
  const lastModified = text(m.lastmodified, 'lastmodified', file);
  if (!lastModified) throw new SopsError('format', `${file}: sops.lastmodified is missing`);
  const macOnly = m.mac_only_encrypted;
  const metadata: SopsMetadata = {
    age,
    lastModified,
    mac: text(m.mac, 'mac', file) ?? '',
    version: text(m.version, 'version', file) ?? '',
    unencryptedSuffix: text(m.unencrypted_suffix, 'unencrypted_suffix', file),
    encryptedSuffix: text(m.encrypted_suffix, 'encrypted_suffix', file),
    unencryptedRegex: text(m.unencrypted_regex, 'unencrypted_regex', file),
    encryptedRegex: text(m.encrypted_regex, 'encrypted_regex', file),
    macOnlyEncrypted: macOnly === true || macOnly === 'true' || macOnly === 'True',
  };
  const rules = [metadata.unencryptedSuffix, metadata.encryptedSuffix, metadata.unencryptedRegex, metadata.encryptedRegex].filter(Boolean);
  if (rules.length > 1) {
    throw new SopsError(
      'format',
      `${file}: only one of unencrypted_suffix, encrypted_suffix, unencrypted_regex and encrypted_regex may be set`,
    );
  }
  for (const regex of [metadata.unencryptedRegex, metadata.encryptedRegex]) {
    if (regex !== undefined) compileGoRegex(regex, file);
  }
  return metadata;
}

/**
 * Go's RE2 syntax as a JavaScript RegExp, for the simple patterns sops rules use. Patterns that
 * use syntax the two read differently (Go's inline flags, \z, POSIX classes) are refused.
 */
export function compileGoRegex(pattern: string, file: string): RegExp {
  if (/\(\?[a-zA-Z]|\\z|\[:\w+:\]|\\Q/.test(pattern)) {
    throw new SopsError(
      'unsupported',
      `${file}: the regular expression ${JSON.stringify(pattern)} uses Go syntax Vaultify does not translate`,
    );
  }
  try {
    return new RegExp(pattern);
  } catch {
    throw new SopsError('format', `${file}: ${JSON.stringify(pattern)} is not a valid regular expression`);
  }
}

/**
 * The metadata as sops 3.13 serializes it: keys in name order, empty fields left out. Every
 * format writes this object (YAML and JSON nested, dotenv flattened).
 */
export function metadataObject(m: SopsMetadata): Record<string, unknown> {
  const out: Record<string, unknown> = { age: m.age.map((a) => ({ enc: a.enc, recipient: a.recipient })) };
  if (m.encryptedRegex) out.encrypted_regex = m.encryptedRegex;
  if (m.encryptedSuffix) out.encrypted_suffix = m.encryptedSuffix;
  out.lastmodified = m.lastModified;
  out.mac = m.mac;
  if (m.macOnlyEncrypted) out.mac_only_encrypted = true;
  if (m.unencryptedRegex) out.unencrypted_regex = m.unencryptedRegex;
  if (m.unencryptedSuffix) out.unencrypted_suffix = m.unencryptedSuffix;
  out.version = m.version;
  return out;
}

/** lastmodified as sops formats it for the MAC's authenticated data: Go's RFC 3339, whole seconds. */
export function lastModifiedAad(lastModified: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2}:\d{2})(?:\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(lastModified.trim());
  if (!match) return lastModified;
  // Go's "Z07:00" layout prints a zero offset as Z.
  const zone = /^(?:[Zz]|[+-]00:00)$/.test(match[3]) ? 'Z' : match[3];
  return `${match[1]}T${match[2]}${zone}`;
}

/** Now, as sops stamps lastmodified: UTC, RFC 3339, whole seconds. */
export function nowLastModified(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Whether semver `a` is older than `b`; unparsable versions count as older. */
export function isOlderVersion(a: string, b: string): boolean {
  const parse = (v: string): number[] | undefined => {
    const match = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
    return match ? match.slice(1, 4).map(Number) : undefined;
  };
  const pa = parse(a);
  const pb = parse(b)!;
  if (!pa) return true;
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i];
  return false;
}
