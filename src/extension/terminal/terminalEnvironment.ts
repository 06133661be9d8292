import * as vscode from 'vscode';
import { MissingSecretsError, holdsReference, parseEnvFile, resolveEnv } from '../../core/envfile';
import { findReferences, parseReference } from '../../core/reference';
import type { Vault } from '../vault/vault';
import { UserError } from '../userError';
import { envVarName } from '../../core/envfile/envVarName';

// Lives in core so that the agent runner and the CLI's hooks name variables the same way.
export { envVarName } from '../../core/envfile/envVarName';

export interface EnvironmentRequest {
  /** Secrets the user picked, each under its envVarName. They win over the .env files. */
  secrets: readonly string[];
  /** .env files in order; a later file wins over an earlier one. */
  envFiles: readonly vscode.Uri[];
  /** Whether a missing .env file is an error (named by the caller) or skipped (the setting's default list). */
  requireEnvFiles: boolean;
}

/** A plain value an env file puts into the environment: no vault reference, so no vault name masks it. */
export interface PlainEnvValue {
  variable: string;
  value: string;
  /** The env file, relative to the workspace. */
  source: string;
  uri: vscode.Uri;
}

export interface ResolvedEnvironment {
  /** What the process gets on top of the inherited environment. */
  variables: Record<string, string>;
  /** The secrets read for it, for the short-value warning. Held in memory only. */
  injected: { name: string; value: string }[];
  /** The env files' plain values that reach the process, for masking those that are credentials. */
  plain: PlainEnvValue[];
}

/** Some references in the env files or the pick name secrets the vault does not hold. */
export class MissingTerminalSecretsError extends UserError {
  constructor(
    message: string,
    readonly names: readonly string[],
  ) {
    super(message);
  }
}

/**
 * The release of every secret the terminal needs, in one request so that one prompt lists them
 * all, each with where it was named. Resolves to the values by name.
 */
export type EnvironmentRelease = (secrets: { name: string; source: string }[]) => Promise<ReadonlyMap<string, string>>;

/**
 * Resolves everything a masked terminal's process gets, like `op run --env-file`: references in
 * the .env files become values and plain values pass through, then the picked secrets are added.
 * All or nothing: when any secret is missing, one error names every missing secret and where it
 * was referenced, nothing is released and no environment is returned. The values come through
 * `release`, which asks for approval where it is needed and records the release.
 */
export async function resolveTerminalEnvironment(
  vault: Vault,
  request: EnvironmentRequest,
  release: EnvironmentRelease,
): Promise<ResolvedEnvironment> {
  const wanted = new Map<string, string>();
  const files: { raw: Record<string, string>; source: string; uri: vscode.Uri }[] = [];
  const missing: string[] = [];
  const missingNames = new Set<string>();
  for (const uri of request.envFiles) {
    const source = vscode.workspace.asRelativePath(uri);
    const raw = await readEnvFile(uri, request.requireEnvFiles);
    if (!raw) continue;
    files.push({ raw, source, uri });
    // A first pass learns which secrets the file names, from metadata alone: no value is read yet.
    try {
      await resolveEnv(
        raw,
        (name) => {
          if (!vault.lookup(name)) return Promise.resolve(undefined);
          if (!wanted.has(name)) wanted.set(name, source);
          return Promise.resolve('');
        },
        source,
      );
    } catch (error) {
      if (!(error instanceof MissingSecretsError)) throw error;
      missing.push(error.message);
      for (const name of error.names) missingNames.add(name);
    }
  }

  const byVariable = new Map<string, string>();
  const absent: string[] = [];
  for (const name of request.secrets) {
    const variable = envVarName(name);
    const other = byVariable.get(variable);
    if (other !== undefined && other !== name) {
      throw new UserError(`"${other}" and "${name}" would both become $${variable}; pick only one of them.`);
    }
    byVariable.set(variable, name);
    if (!vault.lookup(name)) absent.push(name);
    else if (!wanted.has(name)) wanted.set(name, 'the secrets picked for the terminal');
  }
  if (absent.length) missing.push(new MissingSecretsError(absent, 'the secrets picked for the terminal').message);
  for (const name of absent) missingNames.add(name);
  if (missing.length) throw new MissingTerminalSecretsError(`The masked terminal did not start. ${missing.join('. ')}.`, [...missingNames]);

  const values = await release([...wanted].map(([name, source]) => ({ name, source })));
  const variables: Record<string, string> = {};
  const plain = new Map<string, PlainEnvValue>();
  for (const { raw, source, uri } of files) {
    Object.assign(variables, await resolveEnv(raw, (name) => Promise.resolve(values.get(name)), source));
    for (const [variable, value] of Object.entries(raw)) {
      if (holdsReference(value)) plain.delete(variable);
      else plain.set(variable, { variable, value, source, uri });
    }
  }
  for (const [variable, name] of byVariable) {
    variables[variable] = values.get(name)!;
    plain.delete(variable);
  }
  const injected = [...values].map(([name, value]) => ({ name, value }));
  return { variables, injected, plain: [...plain.values()] };
}

/** The variables of an env file as written; undefined when it is absent and not required. */
async function readEnvFile(uri: vscode.Uri, required: boolean): Promise<Record<string, string> | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (!required && error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    const source = vscode.workspace.asRelativePath(uri);
    throw new UserError(
      `The masked terminal did not start: ${source} could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return parseEnvFile(text);
}

/** The plain values the env files would inject, read before anything is resolved: for the secret pick to list. */
export async function plainEnvValues(envFiles: readonly vscode.Uri[], required: boolean): Promise<PlainEnvValue[]> {
  const found = new Map<string, PlainEnvValue>();
  for (const uri of envFiles) {
    const raw = await readEnvFile(uri, required);
    for (const [variable, value] of Object.entries(raw ?? {})) {
      if (holdsReference(value)) found.delete(variable);
      else found.set(variable, { variable, value, source: vscode.workspace.asRelativePath(uri), uri });
    }
  }
  return [...found.values()];
}

/** A vault reference an env file injects: which secret, into which variable, named where. */
export interface EnvReference {
  name: string;
  variable: string;
  source: string;
}

/** The vault references the env files would inject, read before anything is resolved: for the secret pick to list. */
export async function envFileReferences(envFiles: readonly vscode.Uri[], required: boolean): Promise<EnvReference[]> {
  const found = new Map<string, EnvReference[]>();
  for (const uri of envFiles) {
    const source = vscode.workspace.asRelativePath(uri);
    for (const [variable, value] of Object.entries((await readEnvFile(uri, required)) ?? {})) {
      const whole = parseReference(value);
      const names = whole
        ? [whole.name]
        : findReferences(value)
            .filter((ref) => ref.form === 'embedded')
            .map((ref) => ref.name);
      // A later file's variable replaces an earlier one's, as when they are resolved.
      found.set(
        variable,
        names.map((name) => ({ name, variable, source })),
      );
    }
  }
  return [...found.values()].flat();
}

/**
 * What the process starts with: the extension host's environment without VS Code's own
 * variables (they point at its internals, not at the user's shell), colours on, then the
 * resolved variables.
 */
export function processEnvironment(variables: Readonly<Record<string, string>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(?:VSCODE_|ELECTRON_)/.test(key)) env[key] = value;
  }
  env.TERM = 'xterm-256color';
  env.COLORTERM = 'truecolor';
  return Object.assign(env, variables);
}
