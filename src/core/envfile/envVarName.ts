/** The environment variable a secret becomes: `github/token` → `GITHUB_TOKEN`. */
export function envVarName(secretName: string): string {
  const name = secretName
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}
