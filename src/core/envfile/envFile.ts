import { parse } from 'dotenv';
import { findReferences, parseReference } from '../reference';

/** Looks a secret up by name; undefined when the vault has no such secret. */
export type SecretResolver = (name: string) => Promise<string | undefined>;

/** Some references name secrets the vault does not hold; nothing was resolved. */
export class MissingSecretsError extends Error {
  constructor(
    readonly names: readonly string[],
    source?: string,
  ) {
    const list = names.join(', ');
    super(`${names.length === 1 ? 'Secret' : 'Secrets'} not found in the vault: ${list}${source ? ` (referenced in ${source})` : ''}`);
    this.name = 'MissingSecretsError';
  }
}

/** The variables of a .env file, by dotenv's parser. */
export function parseEnvFile(text: string): Record<string, string> {
  return parse(text);
}

/**
 * Replaces vault references in variable values, like `op run --env-file`: a value that is
 * exactly `vault:NAME` (or `{{vault:NAME}}`) becomes the secret, and each `{{vault:NAME}}`
 * inside a longer value is replaced in place. A bare `vault:` inside a longer value is plain
 * text, as the reference grammar says. Plain values pass through.
 *
 * All or nothing: when any secret is missing, throws one MissingSecretsError naming every
 * missing secret, so that no process starts with a partial environment.
 */
export async function resolveEnv(
  variables: Readonly<Record<string, string>>,
  resolve: SecretResolver,
  source?: string,
): Promise<Record<string, string>> {
  const plan = Object.entries(variables).map(([key, value]) => {
    const whole = parseReference(value);
    const refs = whole
      ? [{ name: whole.name, start: 0, end: value.length }]
      : findReferences(value).filter((ref) => ref.form === 'embedded');
    return { key, value, refs };
  });

  const names = [...new Set(plan.flatMap((p) => p.refs.map((r) => r.name)))];
  const values = new Map<string, string>();
  const missing: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      const value = await resolve(name);
      if (value === undefined) missing.push(name);
      else values.set(name, value);
    }),
  );
  if (missing.length)
    throw new MissingSecretsError(
      names.filter((n) => missing.includes(n)),
      source,
    );

  const env: Record<string, string> = {};
  for (const { key, value, refs } of plan) {
    let out = '';
    let at = 0;
    for (const ref of refs) {
      out += value.slice(at, ref.start) + values.get(ref.name)!;
      at = ref.end;
    }
    env[key] = out + value.slice(at);
  }
  return env;
}

/** Parses a .env text and resolves its references; see resolveEnv. */
export function resolveEnvFile(text: string, resolve: SecretResolver, source?: string): Promise<Record<string, string>> {
  return resolveEnv(parseEnvFile(text), resolve, source);
}
