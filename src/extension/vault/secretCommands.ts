import * as vscode from 'vscode';
import { findReferences, formatReference, nameProblem, planRestore } from '../../core/reference';
import { type RangeLike, toRange, toScope, toUri } from '../vaultify/commandArgs';
import { UserError } from '../vaultify/userError';
import { requireTrust } from '../trust';
import { type SecretMetadata, type Vault, VaultWriteError } from './vault';
import { pickSecret, promptName, promptScope, promptValue } from './vaultPrompts';
import { GLOBAL_SCOPE, type ScopeKind } from './vaultScope';
import { findWorkspaceReferences, rangeIn } from './workspaceReferences';

const CLIPBOARD_CLEAR_MS = 30_000;

/** Arguments that name a secret: the name, and optionally the scope to look in. */
export interface SecretArgs {
  name?: string;
  scope?: ScopeKind;
  /** Set by Vaultify's own view and hover links: the secret is named, but a person clicked. */
  fromView?: boolean;
}

/**
 * The commands over stored secrets: add, reveal, copy, restore, rotate, rename, delete.
 * Commands that show or write a value ask first, in a modal, except in the extension's own
 * test mode where a caller may pass `confirmed: true`.
 */
export class SecretCommands {
  constructor(
    private readonly vault: Vault,
    private readonly mode: vscode.ExtensionMode,
    private readonly warnShort: (name: string, value: string) => void,
  ) {}

  async add(args: SecretArgs & { value?: string } = {}): Promise<{ name: string; reference: string } | undefined> {
    const name = args.name ?? (await promptName({ value: '', title: 'Add secret: name', taken: (n) => (this.vault.lookup(n) ? `"${n}" already exists; use Rotate secret to change its value.` : undefined) }));
    if (name === undefined) return undefined;
    const problem = nameProblem(name);
    if (problem) throw new UserError(problem);
    const kind = toScope(args.scope) ?? (args.name === undefined ? await promptScope(this.vault) : 'workspace');
    if (!kind) return undefined;
    const scope = this.vault.scopeId(kind) ?? GLOBAL_SCOPE;
    if (this.vault.lookup(name, scope)) throw new UserError(`"${name}" already exists; use Rotate secret to change its value.`);
    const value = args.value ?? (await promptValue(`Value of "${name}"`));
    if (!value) return undefined;
    await this.storeOrExplain(name, value, scope, { origin: 'added by hand' });
    this.warnShort(name, value);
    vscode.window.setStatusBarMessage(`$(shield) "${name}" added to the vault.`, 5000);
    return { name, reference: formatReference(name, 'bare') };
  }

  async reveal(args: SecretArgs & { confirmed?: boolean } = {}): Promise<void> {
    requireTrust('reveal secret values');
    const metadata = await this.resolve(args, 'Reveal secret value');
    if (!metadata || !(await this.confirm(args, `Show the value of "${metadata.name}" on screen?`, 'Reveal'))) return;
    const secret = await this.vault.read(metadata.name, { actor: 'user', purpose: 'revealing it on screen' }, metadata.scope);
    if (!secret) throw new UserError(`"${metadata.name}" has no value in the vault.`);
    // An input box is transient and never a file: the value leaves the screen with Escape.
    await vscode.window.showInputBox({ title: `Value of "${metadata.name}"`, value: secret.value, prompt: 'Press Escape to close.' });
  }

  async copy(args: SecretArgs & { confirmed?: boolean } = {}): Promise<void> {
    requireTrust('copy secret values');
    const metadata = await this.resolve(args, 'Copy secret value');
    if (!metadata) return;
    const secret = await this.vault.read(metadata.name, { actor: 'user', purpose: 'copying it to the clipboard' }, metadata.scope);
    if (!secret) throw new UserError(`"${metadata.name}" has no value in the vault.`);
    await vscode.env.clipboard.writeText(secret.value);
    vscode.window.setStatusBarMessage(`$(shield) "${metadata.name}" copied; the clipboard clears in 30 s.`, CLIPBOARD_CLEAR_MS);
    const value = secret.value;
    const clear = async (): Promise<void> => {
      // Only clear what we put there: the user may have copied something else since.
      if ((await vscode.env.clipboard.readText()) === value) await vscode.env.clipboard.writeText('');
    };
    setTimeout(() => void clear().catch(() => undefined), CLIPBOARD_CLEAR_MS);
  }

  /** The way back: the reference at the cursor (or given range) becomes the literal again. */
  async restore(args: { uri?: vscode.Uri | string; range?: RangeLike; confirmed?: boolean } = {}): Promise<{ name: string } | undefined> {
    requireTrust('put secret values back into files');
    const document = args.uri !== undefined ? await vscode.workspace.openTextDocument(toUri(args.uri)) : vscode.window.activeTextEditor?.document;
    if (!document) throw new UserError('Open the file that holds the reference first.');
    const at = args.range ? toRange(args.range) : vscode.window.activeTextEditor?.selection;
    if (!at) throw new UserError('Put the cursor on a vault reference.');
    const text = document.getText();
    const from = document.offsetAt(at.start);
    const to = document.offsetAt(at.end);
    const reference = findReferences(text).find((r) => r.start <= from && to <= r.end);
    if (!reference) throw new UserError('There is no vault reference at the cursor.');
    const metadata = this.vault.lookup(reference.name);
    if (!metadata) throw new UserError(`"${reference.name}" is not in the vault, so there is nothing to restore. Add it with "Add secret".`);
    if (!(await this.confirm(args, `Put the value of "${reference.name}" back into ${vscode.workspace.asRelativePath(document.uri)} as plain text?`, 'Replace'))) {
      return undefined;
    }
    const secret = await this.vault.read(reference.name, { actor: 'user', purpose: `restoring it into ${vscode.workspace.asRelativePath(document.uri)}` }, metadata.scope);
    if (!secret) throw new UserError(`"${reference.name}" has no value in the vault.`);
    const plan = planRestore({
      text,
      start: reference.start,
      end: reference.end,
      name: reference.name,
      form: reference.form,
      value: secret.value,
      languageId: document.languageId,
      fileName: document.fileName,
    });
    if (!plan.ok) throw new UserError(plan.message);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(plan.start), document.positionAt(plan.end)), plan.newText);
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`${vscode.workspace.asRelativePath(document.uri)} could not be edited.`);
    return { name: reference.name };
  }

  async rotate(args: SecretArgs & { value?: string } = {}): Promise<{ name: string } | undefined> {
    const metadata = await this.resolve(args, 'Rotate secret');
    if (!metadata) return undefined;
    const value = args.value ?? (await promptValue(`New value of "${metadata.name}"`));
    if (!value) return undefined;
    await this.storeOrExplain(metadata.name, value, metadata.scope, {});
    this.warnShort(metadata.name, value);
    vscode.window.setStatusBarMessage(`$(shield) "${metadata.name}" rotated. References now resolve to the new value.`, 5000);
    return { name: metadata.name };
  }

  /** Renames the secret and every reference to it, as one edit the user can review. */
  async rename(args: SecretArgs & { newName?: string; preview?: boolean } = {}): Promise<{ name: string; files: number } | undefined> {
    const metadata = await this.resolve(args, 'Rename secret');
    if (!metadata) return undefined;
    const newName = args.newName ?? (await promptName({ value: metadata.name, title: `Rename "${metadata.name}"`, taken: (n) => (n !== metadata.name && this.vault.lookup(n, metadata.scope) ? `"${n}" already exists.` : undefined) }));
    if (newName === undefined || newName === metadata.name) return undefined;
    const problem = nameProblem(newName) ?? (this.vault.lookup(newName, metadata.scope) ? `"${newName}" already exists.` : undefined);
    if (problem) throw new UserError(problem);

    const files = await findWorkspaceReferences(metadata.name);
    const edit = new vscode.WorkspaceEdit();
    const preview = args.preview ?? args.newName === undefined;
    const label = { label: `Rename vault:${metadata.name} to vault:${newName}`, needsConfirmation: preview };
    for (const file of files) {
      for (const ref of file.references) {
        edit.replace(file.uri, rangeIn(file, ref.start, ref.end), formatReference(newName, ref.form), label);
      }
    }
    // The value moves first: if the edit is then declined, both names resolve and nothing is lost.
    await this.vault.rename(metadata.name, newName, metadata.scope);
    if (files.length && !(await vscode.workspace.applyEdit(edit))) {
      await this.vault.rename(newName, metadata.name, metadata.scope);
      throw new UserError(`The references were not updated, so "${metadata.name}" keeps its name.`);
    }
    vscode.window.setStatusBarMessage(`$(shield) Renamed "${metadata.name}" to "${newName}" in ${files.length} file(s).`, 5000);
    return { name: newName, files: files.length };
  }

  /** Deletes a secret; refused while references remain unless the user confirms. Undo restores it. */
  async delete(args: SecretArgs & { force?: boolean } = {}): Promise<{ deleted: boolean }> {
    const metadata = await this.resolve(args, 'Delete secret');
    if (!metadata) return { deleted: false };
    const files = await findWorkspaceReferences(metadata.name);
    const interactive = args.name === undefined || !!args.fromView;
    if (files.length && !args.force) {
      const where = files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ');
      if (!interactive) throw new UserError(`"${metadata.name}" is still referenced in ${where}.`);
      const answer = await vscode.window.showWarningMessage(
        `"${metadata.name}" is still referenced in ${files.length} file(s): ${where}. Those references will stop resolving.`,
        { modal: true },
        'Delete anyway',
      );
      if (answer !== 'Delete anyway') return { deleted: false };
    } else if (interactive) {
      const answer = await vscode.window.showWarningMessage(`Delete "${metadata.name}" from the vault?`, { modal: true }, 'Delete');
      if (answer !== 'Delete') return { deleted: false };
    }
    // Kept in memory only, for the Undo button below.
    const secret = await this.vault.read(metadata.name, { actor: 'vault', purpose: 'keeping it for Undo while deleting' }, metadata.scope);
    await this.vault.delete(metadata.name, metadata.scope);
    if (secret) {
      void vscode.window.showInformationMessage(`Deleted "${metadata.name}" from the vault.`, 'Undo').then(async (choice) => {
        if (choice !== 'Undo') return;
        const { name: _name, scope: _scope, ...details } = secret.metadata;
        await this.vault.store(metadata.name, secret.value, metadata.scope, details);
        vscode.window.setStatusBarMessage(`$(shield) "${metadata.name}" restored.`, 5000);
      });
    }
    return { deleted: true };
  }

  private async resolve(args: SecretArgs, title: string): Promise<SecretMetadata | undefined> {
    if (args.name === undefined) return pickSecret(this.vault, title);
    const scope = args.scope ? this.vault.scopeId(args.scope) : undefined;
    const metadata = this.vault.lookup(args.name, scope);
    if (!metadata) throw new UserError(`"${args.name}" is not in the vault.`);
    return metadata;
  }

  private async confirm(args: { confirmed?: boolean }, question: string, action: string): Promise<boolean> {
    if (args.confirmed && this.mode === vscode.ExtensionMode.Test) return true;
    return (await vscode.window.showWarningMessage(question, { modal: true }, action)) === action;
  }

  private async storeOrExplain(name: string, value: string, scope: string, details: Partial<SecretMetadata>): Promise<void> {
    try {
      await this.vault.store(name, value, scope, details);
    } catch (error) {
      if (error instanceof VaultWriteError) throw new UserError(error.message);
      throw error;
    }
  }
}
