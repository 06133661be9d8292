/**
 * The vault reference grammar (docs/ARCHITECTURE.md, "Contracts"):
 * - `vault:NAME` where the reference is the whole value;
 * - `{{vault:NAME}}` where it sits inside a larger string.
 * NAME matches `[A-Za-z0-9][A-Za-z0-9_.\-/]{0,127}`.
 */

export const NAME_PATTERN = '[A-Za-z0-9][A-Za-z0-9_.\\-/]{0,127}';
const NAME = new RegExp(`^${NAME_PATTERN}$`);

export type ReferenceForm = 'bare' | 'embedded';

export interface VaultReference {
  name: string;
  form: ReferenceForm;
  /** UTF-16 offsets of the whole reference text, braces included. */
  start: number;
  end: number;
}

/**
 * Embedded references first, so that `{{vault:x}}` is not also read as a bare `vault:x`.
 * A bare reference must not follow a word character (`myvault:x` is not one) and its name
 * stops at the first character outside the name alphabet. A trailing `.`, `-` or `/` is
 * sentence punctuation, not part of the name.
 */
const FIND = new RegExp(`\\{\\{vault:(${NAME_PATTERN})\\}\\}|(?<![A-Za-z0-9_{])vault:(${NAME_PATTERN})`, 'g');

export function isValidName(name: string): boolean {
  return NAME.test(name);
}

/** Why a name is not valid, in words for the user; undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
  if (!name) return 'A name is required.';
  if (name.length > 128) return 'A name has at most 128 characters.';
  if (!/^[A-Za-z0-9]/.test(name)) return 'A name starts with a letter or digit.';
  const bad = /[^A-Za-z0-9_.\-/]/.exec(name);
  if (bad) return `"${bad[0]}" is not allowed in a name: use letters, digits, "_", ".", "-" and "/".`;
  return undefined;
}

export function formatReference(name: string, form: ReferenceForm): string {
  if (!isValidName(name)) throw new Error(`invalid vault secret name: ${JSON.stringify(name)}`);
  return form === 'bare' ? `vault:${name}` : `{{vault:${name}}}`;
}

/** Parses a text that is exactly one reference, in either form. */
export function parseReference(text: string): { name: string; form: ReferenceForm } | undefined {
  const embedded = /^\{\{vault:(.+)\}\}$/.exec(text);
  if (embedded && isValidName(embedded[1])) return { name: embedded[1], form: 'embedded' };
  const bare = /^vault:(.+)$/.exec(text);
  if (bare && isValidName(bare[1])) return { name: bare[1], form: 'bare' };
  return undefined;
}

/** Every reference in a text, in order. */
export function findReferences(text: string): VaultReference[] {
  const found: VaultReference[] = [];
  for (const match of text.matchAll(FIND)) {
    const embeddedName = match[1];
    let name = embeddedName ?? match[2];
    let end = match.index + match[0].length;
    if (embeddedName === undefined) {
      const trimmed = name.replace(/[.\-/]+$/, '');
      end -= name.length - trimmed.length;
      name = trimmed;
      if (!name) continue;
    }
    found.push({ name, form: embeddedName === undefined ? 'bare' : 'embedded', start: match.index, end });
  }
  return found;
}

/**
 * Other secret managers' references, which are never secrets themselves: 1Password, Doppler,
 * Bitwarden and Infisical URIs; AWS Secrets Manager and SSM ARNs and CloudFormation dynamic
 * references; GCP Secret Manager resource paths; Azure Key Vault app-setting references.
 */
const FOREIGN_REFERENCE = new RegExp(
  '^(?:' +
    [
      String.raw`op:\/\/[^\s/]+\/[^\s/]+\/\S+`,
      String.raw`(?:doppler|bws|infisical|akv|gcpsm|sm):\/\/\S+`,
      String.raw`arn:aws[a-z-]{0,20}:(?:secretsmanager|ssm):[a-z0-9-]{0,30}:[0-9]{0,12}:(?:secret:|parameter\/)\S{1,512}`,
      String.raw`\{\{resolve:(?:secretsmanager|ssm|ssm-secure):[^}\s]{1,512}\}\}`,
      String.raw`projects\/[A-Za-z0-9_.-]{1,100}\/secrets\/[A-Za-z0-9_-]{1,255}(?:\/versions\/(?:latest|[0-9]{1,10}))?`,
      String.raw`@Microsoft\.KeyVault\([^)\s]{1,512}\)`,
    ].join('|') +
    ')$',
);

export function isForeignReference(text: string): boolean {
  return FOREIGN_REFERENCE.test(text);
}
