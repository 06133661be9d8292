import * as vscode from 'vscode';
import type { UriParts } from '../argSchemas';
import { type AccessPolicy, type Requester, effectivePolicy, isAccessPolicy, normalizeEnvironment } from '../../core/policy';
import { credentialOfValue } from '../../core/agents/promptHook';
import { findReferences, formatReference, nameProblem, planRestore } from '../../core/reference';
import { formatHostEntry, narrowing, parseHostEntries } from '../../core/secretless/hostEntry';
import type { ReleaseBroker } from '../broker/releaseBroker';
import { titleOf } from '../commandTable';
import { confirm } from '../confirm';
import type { Ctx } from '../ctx';
import { type RangeLike, toRange, toUri } from '../commandArgs';
import { UserError } from '../userError';
import { requireTrust } from '../trust';
import { type SecretMetadata, type Vault, VaultWriteError } from '../vault/vault';
import {
  type StorageChoice,
  pickSecret,
  promptAccess,
  promptExpiry,
  promptHosts,
  promptName,
  promptStorage,
  promptSuggestedHosts,
  promptValue,
  scopeIdOrRefuse,
} from '../vault/vaultPrompts';
import { type ScopeKind, scopeKindOfId } from '../vault/vaultScope';
import { findWorkspaceReferences, rangeIn } from '../vault/workspaceReferences';

const CLIPBOARD_CLEAR_MS = 30_000;

/** Arguments that name a secret: the name, and optionally the scope to look in. */
export interface SecretArgs {
  name?: string;
  scope?: ScopeKind;
}

/** How strict a policy is: a driven command may make a secret stricter, never laxer. */
const STRICTNESS: Record<AccessPolicy, number> = { 'ask-once': 0, 'ask-every-time': 1, 'person-only': 2 };

/** Policy and environment as a caller passes them, checked. */
export function accessArgs(args: { policy?: unknown; environment?: unknown }): Pick<StorageChoice, 'policy' | 'environment'> {
  if (args.policy !== undefined && !isAccessPolicy(args.policy))
    throw new UserError(`Unknown policy ${JSON.stringify(args.policy)}: use "ask-every-time", "ask-once" or "person-only".`);
  if (args.environment !== undefined && typeof args.environment !== 'string')
    throw new UserError('The environment is a label such as "dev", "staging" or "prod".');
  return { policy: args.policy, environment: normalizeEnvironment(args.environment) };
}

/** Hosts as a caller passes them (a list of strings, as the validator checked), parsed: every bad entry named; undefined when not given. */
export function hostArgs(hosts: readonly string[] | undefined): string[] | undefined {
  if (hosts === undefined) return undefined;
  const { entries, errors } = parseHostEntries(hosts);
  if (errors.length) throw new UserError(errors.join(' '));
  return entries.map(formatHostEntry);
}

/** An expiry date and rotation period as a caller passes them, checked; `null` clears one. */
export function expiryArgs(args: { expires?: unknown; rotationDays?: unknown }): Partial<Pick<SecretMetadata, 'expires' | 'rotationDays'>> {
  const out: Partial<Pick<SecretMetadata, 'expires' | 'rotationDays'>> = {};
  if (args.expires === null) out.expires = undefined;
  else if (args.expires !== undefined) {
    const at = typeof args.expires === 'string' ? Date.parse(args.expires) : NaN;
    if (Number.isNaN(at)) throw new UserError(`The expiry date ${JSON.stringify(args.expires)} is not a date such as "2026-12-31".`);
    out.expires = new Date(at).toISOString();
  }
  if (args.rotationDays === null) out.rotationDays = undefined;
  else if (args.rotationDays !== undefined) {
    if (typeof args.rotationDays !== 'number' || !Number.isInteger(args.rotationDays) || args.rotationDays < 1)
      throw new UserError('The rotation period is a whole number of days, 1 or more.');
    out.rotationDays = args.rotationDays;
  }
  return out;
}

/**
 * The commands over stored secrets: add, reveal, copy, restore, rename, delete, the access
 * policy and the expiry (rotation has its own flow). Reveal, copy and restore are releases: they go through the broker, which asks a
 * driven caller for a grant and records every release. A person who reveals or restores confirms
 * in a modal first.
 */
export class SecretCommands {
  constructor(
    private readonly ctx: Ctx,
    private readonly vault: Vault,
    private readonly broker: ReleaseBroker,
    private readonly warnShort: (name: string, value: string) => void,
  ) {}

  async add(
    args: SecretArgs & {
      value?: string;
      policy?: AccessPolicy;
      environment?: string;
      expires?: string;
      rotationDays?: number;
      hosts?: string[];
    } = {},
    requester: Requester,
  ): Promise<{ name: string; reference: string } | undefined> {
    const person = requester.kind === 'person';
    const taken = (n: string): string | undefined =>
      this.vault.lookup(n) ? `"${n}" already exists; use ${titleOf('vaultify.rotateSecret')} to change its value.` : undefined;
    const given = args.scope;
    const access = accessArgs(args);
    const expiry = expiryArgs(args);
    const hosts = hostArgs(args.hosts);
    // The password box comes first: a value pasted into whatever opens first must land where it is never shown.
    const value =
      args.value ?? (await promptValue(args.name === undefined ? `${titleOf('vaultify.addSecret')}: value` : `Value of "${args.name}"`));
    if (!value) return undefined;
    const name = args.name ?? (await promptName({ value: '', title: `${titleOf('vaultify.addSecret')}: name`, taken }));
    if (name === undefined) return undefined;
    const problem = nameProblem(name);
    if (problem) throw new UserError(problem);
    const choice = given
      ? { scope: given, ...access }
      : person && args.value === undefined
        ? await promptStorage(this.vault)
        : { scope: 'workspace' as const, ...access };
    if (!choice) return undefined;
    const scope = scopeIdOrRefuse(this.vault, choice.scope);
    if (this.vault.lookup(name, scope))
      throw new UserError(`"${name}" already exists; use ${titleOf('vaultify.rotateSecret')} to change its value.`);
    // A person who typed the value is offered its vendor's hosts; a driven call binds what it passed, or none.
    const typed = person && args.value === undefined;
    const kind = typed ? credentialOfValue(value)?.kind : undefined;
    const bound = hosts ?? (typed ? await promptSuggestedHosts(name, kind, this.ctx.test) : undefined);
    await this.storeOrExplain(
      name,
      value,
      scope,
      { origin: 'added by hand', ...(kind && { kind }), ...definedAccess(choice), ...expiry, ...(bound?.length && { hosts: bound }) },
      requester,
    );
    this.warnShort(name, value);
    vscode.window.setStatusBarMessage(`$(shield) "${name}" added to the vault.`, 5000);
    return { name, reference: formatReference(name, 'bare') };
  }

  async reveal(args: SecretArgs = {}, requester: Requester): Promise<void> {
    requireTrust('reveal secret values');
    const metadata = await this.resolve(args, titleOf('vaultify.revealSecret'));
    if (!metadata || !(await this.confirm(requester, `Show the value of "${metadata.name}" on screen?`, 'Reveal'))) return;
    const [secret] = await this.broker.release({
      requester,
      secrets: [this.ref(metadata)],
      channel: 'reveal',
      purpose: 'revealing it on screen',
    });
    // An input box is transient and never a file: the value leaves the screen with Escape.
    await vscode.window.showInputBox({ title: `Value of "${metadata.name}"`, value: secret.value, prompt: 'Press Escape to close.' });
  }

  async copy(args: SecretArgs = {}, requester: Requester): Promise<{ copied: string } | undefined> {
    requireTrust('copy secret values');
    const metadata = await this.resolve(args, titleOf('vaultify.copySecret'));
    if (!metadata) return undefined;
    const [secret] = await this.broker.release({
      requester,
      secrets: [this.ref(metadata)],
      channel: 'clipboard',
      purpose: 'copying it to the clipboard',
    });
    await vscode.env.clipboard.writeText(secret.value);
    vscode.window.setStatusBarMessage(`$(shield) "${metadata.name}" copied; the clipboard clears in 30 s.`, CLIPBOARD_CLEAR_MS);
    const value = secret.value;
    const clear = async (): Promise<void> => {
      // Only clear what we put there: the user may have copied something else since.
      if ((await vscode.env.clipboard.readText()) === value) await vscode.env.clipboard.writeText('');
    };
    setTimeout(() => void clear().catch(() => undefined), CLIPBOARD_CLEAR_MS);
    return { copied: metadata.name };
  }

  /** The way back: the reference at the cursor (or given range) becomes the literal again. */
  async restore(args: { uri?: UriParts | string; range?: RangeLike } = {}, requester: Requester): Promise<{ name: string } | undefined> {
    requireTrust('put secret values back into files');
    const document =
      args.uri !== undefined ? await vscode.workspace.openTextDocument(toUri(args.uri)) : vscode.window.activeTextEditor?.document;
    if (!document) throw new UserError('Open the file that holds the reference first.');
    const at = args.range ? toRange(args.range) : vscode.window.activeTextEditor?.selection;
    if (!at) throw new UserError('Put the cursor on a vault reference.');
    const text = document.getText();
    const from = document.offsetAt(at.start);
    const to = document.offsetAt(at.end);
    const reference = findReferences(text).find((r) => r.start <= from && to <= r.end);
    if (!reference) throw new UserError('There is no vault reference at the cursor.');
    const metadata = this.vault.lookup(reference.name);
    if (!metadata)
      throw new UserError(
        `"${reference.name}" is not in the vault, so there is nothing to restore. Add it with "${titleOf('vaultify.addSecret')}".`,
      );
    const where = vscode.workspace.asRelativePath(document.uri);
    if (!(await this.confirm(requester, `Put the value of "${reference.name}" back into ${where} as plain text?`, 'Replace')))
      return undefined;
    const [secret] = await this.broker.release({
      requester,
      secrets: [this.ref(metadata)],
      channel: 'file',
      purpose: `restoring it into ${where}`,
    });
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
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`${where} could not be edited.`);
    return { name: reference.name };
  }

  /** Renames the secret and every reference to it, as one edit the user can review. Moving the value reads it, so an untrusted workspace cannot. */
  async rename(
    args: SecretArgs & { newName?: string; preview?: boolean } = {},
    requester: Requester,
  ): Promise<{ name: string; files: number } | undefined> {
    requireTrust('rename secrets (the value has to be read to move it)');
    const metadata = await this.resolve(args, titleOf('vaultify.renameSecret'));
    if (!metadata) return undefined;
    const newName =
      args.newName ??
      (await promptName({
        value: metadata.name,
        title: `Rename "${metadata.name}"`,
        taken: (n) => (n !== metadata.name && this.vault.lookup(n, metadata.scope) ? `"${n}" already exists.` : undefined),
      }));
    if (newName === undefined || newName === metadata.name) return undefined;
    const problem = nameProblem(newName) ?? (this.vault.lookup(newName, metadata.scope) ? `"${newName}" already exists.` : undefined);
    if (problem) throw new UserError(problem);

    const files = await findWorkspaceReferences(metadata.name);
    const edit = new vscode.WorkspaceEdit();
    const preview = args.preview ?? requester.kind === 'person';
    const label = { label: `Rename vault:${metadata.name} to vault:${newName}`, needsConfirmation: preview };
    for (const file of files) {
      for (const ref of file.references) {
        edit.replace(file.uri, rangeIn(file, ref.start, ref.end), formatReference(newName, ref.form), label);
      }
    }
    // The value moves first: if the edit is then declined, both names resolve and nothing is lost.
    await this.vault.rename(metadata.name, newName, metadata.scope, requester);
    if (files.length && !(await vscode.workspace.applyEdit(edit))) {
      await this.vault.rename(newName, metadata.name, metadata.scope, requester);
      throw new UserError(`The references were not updated, so "${metadata.name}" keeps its name.`);
    }
    vscode.window.setStatusBarMessage(`$(shield) Renamed "${metadata.name}" to "${newName}" in ${files.length} file(s).`, 5000);
    return { name: newName, files: files.length };
  }

  /** Deletes a secret; refused while references remain unless the user confirms. Undo restores it, where the workspace is trusted to read it. */
  async delete(args: SecretArgs & { force?: boolean } = {}, requester: Requester): Promise<{ deleted: boolean }> {
    const metadata = await this.resolve(args, titleOf('vaultify.deleteSecret'));
    if (!metadata) return { deleted: false };
    const files = await findWorkspaceReferences(metadata.name);
    const person = requester.kind === 'person';
    if (files.length && !args.force) {
      const where = files.map((f) => vscode.workspace.asRelativePath(f.uri)).join(', ');
      if (!person) throw new UserError(`"${metadata.name}" is still referenced in ${where}.`);
      if (
        !(await confirm(
          this.ctx.test,
          `"${metadata.name}" is still referenced in ${files.length} file(s): ${where}. Those references will stop resolving.`,
          'Delete anyway',
        ))
      )
        return { deleted: false };
    } else if (person && !(await confirm(this.ctx.test, `Delete "${metadata.name}" from the vault?`, 'Delete'))) return { deleted: false };
    // Kept in memory only, for the Undo button below; an untrusted workspace reads no value for it.
    const secret = vscode.workspace.isTrusted
      ? await this.vault.read(metadata.name, { actor: 'vault', purpose: 'keeping it for Undo while deleting' }, metadata.scope)
      : undefined;
    await this.vault.delete(metadata.name, metadata.scope, requester);
    if (secret) {
      void vscode.window.showInformationMessage(`Deleted "${metadata.name}" from the vault.`, 'Undo').then(async (choice) => {
        if (choice !== 'Undo') return;
        const { name: _name, scope: _scope, ...details } = secret.metadata;
        await this.vault.store(metadata.name, secret.value, metadata.scope, details, requester);
        vscode.window.setStatusBarMessage(`$(shield) "${metadata.name}" restored.`, 5000);
      });
    }
    return { deleted: true };
  }

  /**
   * Sets a secret's access policy, environment and hosts. A driven caller may only make the policy
   * stricter and the hosts narrower; widening either needs a person.
   */
  async setAccess(
    args: SecretArgs & { policy?: AccessPolicy; environment?: string; hosts?: string[] } = {},
    requester: Requester,
  ): Promise<{ name: string; policy: AccessPolicy; environment?: string; hosts?: string[] } | undefined> {
    const metadata = await this.resolve(args, titleOf('vaultify.setSecretAccess'));
    if (!metadata) return undefined;
    const person = requester.kind === 'person';
    const given = accessArgs(args);
    const givenHosts = hostArgs(args.hosts);
    const asked = person && args.policy === undefined && args.environment === undefined && args.hosts === undefined;
    const chosen = asked
      ? await promptAccess(metadata)
      : { policy: given.policy, environment: 'environment' in args ? given.environment : metadata.environment };
    if (!chosen) return undefined;
    const hosts = asked ? await promptHosts(metadata) : (givenHosts ?? metadata.hosts ?? []);
    if (hosts === undefined) return undefined;
    const narrowed = narrowing(parseHostEntries(metadata.hosts ?? []).entries, parseHostEntries(hosts).entries);
    if (!person && !narrowed.ok) {
      throw new UserError(
        `A driven command can only narrow the hosts of "${metadata.name}", not add ${narrowed.widened.join(', ')}; only you can, from the Vault view.`,
      );
    }
    const environment = normalizeEnvironment(chosen.environment);
    const policy = chosen.policy ?? metadata.policy;
    const before = effectivePolicy(metadata.policy, metadata.environment);
    const after = effectivePolicy(policy, environment);
    if (!person && STRICTNESS[after] < STRICTNESS[before]) {
      throw new UserError(
        `A driven command cannot relax the policy of "${metadata.name}" (${before} to ${after}); only you can, from the Vault view.`,
      );
    }
    await this.vault.updateMetadata(metadata.name, metadata.scope, { policy, environment, hosts: hosts.length ? hosts : undefined });
    return { name: metadata.name, policy: after, ...(environment !== undefined && { environment }), ...(hosts.length && { hosts }) };
  }

  /** Sets the expiry date a secret's value has, and how often it should be rotated. Metadata only. */
  async setExpiry(
    args: SecretArgs & { expires?: string | null; rotationDays?: number | null } = {},
    requester: Requester,
  ): Promise<{ name: string; expires?: string; rotationDays?: number } | undefined> {
    const metadata = await this.resolve(args, titleOf('vaultify.setSecretExpiry'));
    if (!metadata) return undefined;
    const asked = requester.kind === 'person' && args.expires === undefined && args.rotationDays === undefined;
    const chosen = asked ? await promptExpiry(metadata) : args;
    if (!chosen) return undefined;
    const updated = await this.vault.updateMetadata(metadata.name, metadata.scope, expiryArgs(chosen));
    return {
      name: metadata.name,
      ...(updated.expires !== undefined && { expires: updated.expires }),
      ...(updated.rotationDays !== undefined && { rotationDays: updated.rotationDays }),
    };
  }

  private ref(metadata: SecretMetadata): { name: string; scope: ScopeKind } {
    return { name: metadata.name, scope: scopeKindOfId(metadata.scope) };
  }

  private async resolve(args: SecretArgs, title: string): Promise<SecretMetadata | undefined> {
    if (args.name === undefined) return pickSecret(this.vault, title);
    const scope = args.scope ? this.vault.scopeId(args.scope) : undefined;
    const metadata = args.scope && !scope ? undefined : this.vault.lookup(args.name, scope);
    if (!metadata) throw new UserError(`"${args.name}" is not in the vault.`);
    return metadata;
  }

  /** A person confirms a value going on screen or into a file; a driven caller meets the grant's approval instead. */
  private async confirm(requester: Requester, question: string, action: string): Promise<boolean> {
    return requester.kind !== 'person' || confirm(this.ctx.test, question, action);
  }

  private async storeOrExplain(
    name: string,
    value: string,
    scope: string,
    details: Partial<SecretMetadata>,
    requester: Requester,
  ): Promise<void> {
    try {
      await this.vault.store(name, value, scope, details, requester);
    } catch (error) {
      if (error instanceof VaultWriteError) throw new UserError(error.message);
      throw error;
    }
  }
}

/** The policy and environment worth storing: none when they are the defaults. */
export function definedAccess(choice: Pick<StorageChoice, 'policy' | 'environment'>): Pick<SecretMetadata, 'policy' | 'environment'> {
  return {
    ...(choice.policy !== undefined && { policy: choice.policy }),
    ...(choice.environment !== undefined && { environment: choice.environment }),
  };
}
