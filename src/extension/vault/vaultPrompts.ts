import * as vscode from 'vscode';
import { nameProblem } from '../../core/reference/referenceGrammar';
import type { SecretMetadata, Vault } from './vault';
import { GLOBAL_SCOPE, type ScopeKind } from './vaultScope';

/** Asks for a secret's name, validating it as the user types. Undefined when cancelled. */
export function promptName(options: { value: string; title: string; taken?: (name: string) => string | undefined }): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: options.title,
    value: options.value,
    valueSelection: [0, options.value.length],
    prompt: 'Name in the vault (letters, digits, "_", ".", "-", "/"). The file will hold vault:NAME.',
    validateInput: (name) => nameProblem(name) ?? options.taken?.(name),
  });
}

/** Workspace scope by default: a secret taken from a workspace belongs to it. */
export async function promptScope(vault: Vault): Promise<ScopeKind | undefined> {
  if (!vault.scopeId('workspace')) return 'global';
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'This workspace', description: 'only this workspace can resolve it', scope: 'workspace' as const },
      { label: 'All my workspaces', description: 'global scope', scope: 'global' as const },
    ],
    { title: 'Where should the secret live?' },
  );
  return picked?.scope;
}

export async function pickSecret(vault: Vault, title: string): Promise<SecretMetadata | undefined> {
  const secrets = vault.list();
  if (!secrets.length) {
    void vscode.window.showInformationMessage('The vault is empty. Run "Vaultify secret" on a credential, or "Add secret".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    secrets.map((metadata) => ({
      label: metadata.name,
      description: `${metadata.scope === GLOBAL_SCOPE ? 'global' : 'workspace'}${metadata.kind ? ` · ${metadata.kind}` : ''}`,
      metadata,
    })),
    { title },
  );
  return picked?.metadata;
}

/** Asks for a value in a password box, so it never shows on screen. */
export function promptValue(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    password: true,
    prompt: 'The value goes straight into the OS keychain.',
    validateInput: (value) => (value ? undefined : 'A value is required.'),
  });
}
