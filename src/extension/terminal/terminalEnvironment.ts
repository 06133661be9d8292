import * as vscode from 'vscode';
import { MissingSecretsError, holdsReference, parseEnvFile, resolveEnv } from '../../core/envfile';
import type { Vault } from '../vault/vault';
import { UserError } from '../vaultify/userError';
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

const READ = { actor: 'terminal', purpose: 'injecting into a masked terminal' } as const;

/**
 * Resolves everything a masked terminal's process gets, like `op run --env-file`: references in
 * the .env files become values and plain values pass through, then the picked secrets are added.
 * All or nothing: when any secret is missing, one UserError names every missing secret and where
 * it was referenced, and no environment is returned.
 */
export async function resolveTerminalEnvironment(vault: Vault, request: EnvironmentRequest): Promise<ResolvedEnvironment> {
  const read = new Map<string, Promise<string | undefined>>();
  const resolve = (name: string): Promise<string | undefined> => {
    if (!read.has(name)) read.set(name, vault.read(name, READ).then((secret) => secret?.value));
    return read.get(name)!;
  };

  const variables: Record<string, string> = {};
  const plainFrom = new Map<string, Omit<PlainEnvValue, 'value'>>();
  const missing: string[] = [];
  const missingNames = new Set<string>();
  for (const uri of request.envFiles) {
    const source = vscode.workspace.asRelativePath(uri);
    const raw = await readEnvFile(uri, request.requireEnvFiles);
    if (!raw) continue;
    try {
      Object.assign(variables, await resolveEnv(raw, resolve, source));
    } catch (error) {
      if (!(error instanceof MissingSecretsError)) throw error;
      missing.push(error.message);
      for (const name of error.names) missingNames.add(name);
    }
    for (const [variable, value] of Object.entries(raw)) {
      if (holdsReference(value)) plainFrom.delete(variable);
      else plainFrom.set(variable, { variable, source, uri });
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
    const value = await resolve(name);
    plainFrom.delete(variable);
    if (value === undefined) absent.push(name);
    else variables[variable] = value;
  }
  if (absent.length) missing.push(new MissingSecretsError(absent, 'the secrets picked for the terminal').message);
  for (const name of absent) missingNames.add(name);
  if (missing.length) throw new MissingTerminalSecretsError(`The masked terminal did not start. ${missing.join('. ')}.`, [...missingNames]);

  const injected: ResolvedEnvironment['injected'] = [];
  for (const [name, value] of read) {
    const resolved = await value;
    if (resolved !== undefined) injected.push({ name, value: resolved });
  }
  const plain = [...plainFrom.values()].map((from) => ({ ...from, value: variables[from.variable] }));
  return { variables, injected, plain };
}

/** The variables of an env file as written; undefined when it is absent and not required. */
async function readEnvFile(uri: vscode.Uri, required: boolean): Promise<Record<string, string> | undefined> {
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    if (!required && error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
    const source = vscode.workspace.asRelativePath(uri);
    throw new UserError(`The masked terminal did not start: ${source} could not be read (${error instanceof Error ? error.message : String(error)}).`);
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
