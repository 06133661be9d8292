import { findReferences, parseReference } from '../reference';

/**
 * Which plain values of an env file a masked terminal masks as `[masked env:NAME]`: the ones
 * whose variable name marks a credential, and URLs that carry a password. Settings such as
 * `PORT=8080` or `NODE_ENV=production` stay readable. The detector's verdict on the file is the
 * other source; the caller combines the two.
 */
const CREDENTIAL_NAME = /(?:^|[_.-])(?:TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|KEY|APIKEY|DSN|CREDENTIALS?|AUTH)$/i;
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s/:@]*:[^\s/@]+@/i;

export function isCredentialVariable(name: string, value: string): boolean {
  return CREDENTIAL_NAME.test(name) || URL_WITH_PASSWORD.test(value);
}

/** Whether a raw env-file value holds a vault reference (then the vault value is masked by name already). */
export function holdsReference(rawValue: string): boolean {
  return parseReference(rawValue) !== undefined || findReferences(rawValue).some((ref) => ref.form === 'embedded');
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.-]*)[ \t]*[=:]/;

/**
 * The variable a line of an env file belongs to: the nearest assignment at or above it, so a
 * finding inside a quoted multi-line value (a PEM key) names its variable.
 */
export function variableAtLine(text: string, line: number): string | undefined {
  const lines = text.split(/\r?\n/);
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const match = ASSIGNMENT.exec(lines[i]);
    if (match) return match[1];
  }
  return undefined;
}
