import { parse } from 'yaml';
import { recipientProblem } from './ageKeys';
import { SopsError } from './sopsError';
import { compileGoRegex, type EncryptionRules } from './sopsMetadata';

/** One `creation_rules` entry of `.sops.yaml`, as sops reads it. */
export interface CreationRule {
  pathRegex?: string;
  /** Age recipients: from `age` (a comma-separated string or a list) or from a single key group. */
  recipients: string[];
  rules: EncryptionRules;
  /** Why this rule cannot be used by Vaultify (PGP, KMS, several key groups), or undefined. */
  unsupported?: string;
}

const KMS_RULE_FIELDS: Record<string, string> = {
  kms: 'AWS KMS',
  gcp_kms: 'GCP KMS',
  azure_keyvault: 'Azure Key Vault',
  hc_vault_transit_uri: 'HashiCorp Vault',
  hckms: 'HuaweiCloud KMS',
  hc_vault: 'HashiCorp Vault',
};

/** sops' parseKeyField: a comma-separated string or a list of strings. */
function keyField(value: unknown, field: string, file: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value === 'string')
    return value
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
  if (Array.isArray(value) && value.every((k) => typeof k === 'string')) return value;
  throw new SopsError('format', `${file}: invalid ${field} key configuration: expected a string or a list of strings`);
}

const present = (value: unknown): boolean => keyFieldLength(value) > 0;
const keyFieldLength = (value: unknown): number =>
  value === undefined || value === null || value === '' ? 0 : Array.isArray(value) ? value.length : 1;

function otherKeys(group: Record<string, unknown>): string | undefined {
  if (present(group.pgp)) return 'PGP keys are not supported; Vaultify uses age recipients only';
  for (const [field, name] of Object.entries(KMS_RULE_FIELDS))
    if (present(group[field])) return `${name} keys (${field}) are not supported; Vaultify uses age recipients only`;
  return undefined;
}

/** Parses `.sops.yaml`'s creation rules. A file without `creation_rules` has none. */
export function parseSopsConfig(text: string, file = '.sops.yaml'): CreationRule[] {
  let config: unknown;
  try {
    config = parse(text);
  } catch {
    throw new SopsError('format', `${file}: not valid YAML`);
  }
  const rules = (config as { creation_rules?: unknown } | null)?.creation_rules;
  if (rules === undefined || rules === null) return [];
  if (!Array.isArray(rules)) throw new SopsError('format', `${file}: creation_rules is not a list`);
  return rules.map((raw: unknown, i) => {
    const rule = (raw ?? {}) as Record<string, unknown>;
    const where = `${file}, creation rule ${i + 1}`;
    let recipients: string[];
    let unsupported: string | undefined;
    const groups = rule.key_groups;
    if (Array.isArray(groups) && groups.length) {
      if (groups.length > 1) unsupported = 'several key groups (Shamir secret sharing) are not supported';
      const group = (groups[0] ?? {}) as Record<string, unknown>;
      recipients = keyField(group.age, 'age', where);
      unsupported ??= otherKeys(group);
    } else {
      recipients = keyField(rule.age, 'age', where);
      unsupported = otherKeys(rule);
    }
    for (const field of ['unencrypted_comment_regex', 'encrypted_comment_regex'])
      if (present(rule[field])) unsupported ??= `${field} is not supported`;
    for (const r of recipients) unsupported ??= recipientProblem(r);
    const text = (field: string): string | undefined => (typeof rule[field] === 'string' && rule[field] !== '' ? rule[field] : undefined);
    const pathRegex = text('path_regex');
    if (pathRegex !== undefined) compileGoRegex(pathRegex, where);
    return {
      pathRegex,
      recipients,
      rules: {
        unencryptedSuffix: text('unencrypted_suffix'),
        encryptedSuffix: text('encrypted_suffix'),
        unencryptedRegex: text('unencrypted_regex'),
        encryptedRegex: text('encrypted_regex'),
        macOnlyEncrypted: rule.mac_only_encrypted === true,
      },
      unsupported: unsupported && `${where}: ${unsupported}`,
    };
  });
}

/**
 * The rule sops applies to a file: the first whose path_regex matches the file's path relative to
 * the folder of `.sops.yaml` (with `/` separators), or that has no path_regex.
 */
export function creationRuleFor(rules: readonly CreationRule[], relativePath: string): CreationRule | undefined {
  const normalised = relativePath.split('\\').join('/');
  return rules.find((rule) => rule.pathRegex === undefined || new RegExp(rule.pathRegex).test(normalised));
}
