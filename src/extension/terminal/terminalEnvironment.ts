import * as vscode from 'vscode';
import { MissingSecretsError, resolveEnvFile } from '../../core/envfile';
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

export interface ResolvedEnvironment {
  /** What the process gets on top of the inherited environment. */
  variables: Record<string, string>;
  /** The secrets read for it, for the short-value warning. Held in memory only. */
  injected: { name: string; value: string }[];
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
  const missing: string[] = [];
  for (const uri of request.envFiles) {
    const source = vscode.workspace.asRelativePath(uri);
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      if (!request.requireEnvFiles && error instanceof vscode.FileSystemError && error.code === 'FileNotFound') continue;
      throw new UserError(`The masked terminal did not start: ${source} could not be read (${error instanceof Error ? error.message : String(error)}).`);
    }
    try {
      Object.assign(variables, await resolveEnvFile(text, resolve, source));
    } catch (error) {
      if (!(error instanceof MissingSecretsError)) throw error;
      missing.push(error.message);
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
    if (value === undefined) absent.push(name);
    else variables[variable] = value;
  }
  if (absent.length) missing.push(new MissingSecretsError(absent, 'the secrets picked for the terminal').message);
  if (missing.length) throw new UserError(`The masked terminal did not start. ${missing.join('. ')}.`);

  const injected: ResolvedEnvironment['injected'] = [];
  for (const [name, value] of read) {
    const resolved = await value;
    if (resolved !== undefined) injected.push({ name, value: resolved });
  }
  return { variables, injected };
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
