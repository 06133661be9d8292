import * as vscode from 'vscode';
import type { AccessPolicy, Requester } from '../../core/policy';
import type { VaultChange } from '../broker/auditTrail';
import { UserError } from '../vaultify/userError';
import { GLOBAL_SCOPE, type ScopeKind, secretKey, workspaceScopeId } from './vaultScope';

/** What Vaultify knows about a secret besides its value. Never holds the value. */
export interface SecretMetadata {
  name: string;
  /** `global` or a workspace scope id. */
  scope: string;
  kind?: string;
  created: string;
  updated: string;
  lastUsed?: string;
  /** The file the value was taken from, as a workspace-relative path or URI. */
  origin?: string;
  expires?: string;
  /** Who may have the value released; undefined follows the environment (prod asks every time). */
  policy?: AccessPolicy;
  /** `dev`, `staging`, `prod` or free text. */
  environment?: string;
}

/** Where vault changes are recorded: the audit trail. */
export interface VaultAudit {
  recordChange(change: VaultChange): Promise<void>;
}

/**
 * Who reads a value and why. `broker` is the release seam (approval and audit happen there);
 * `verify` is the read-back of a write; the rest are internal uses that never leave Vaultify.
 */
export interface ReadRequest {
  actor: 'broker' | 'verify' | 'vault' | 'masker' | 'detector';
  purpose: string;
}

export interface StoredSecret {
  metadata: SecretMetadata;
  value: string;
}

export class VaultWriteError extends Error {}

/** Invariant 4: no value is resolved in an untrusted workspace, except the read-back that verifies Vaultify's own write. */
export class UntrustedWorkspaceError extends UserError {
  constructor(purpose: string) {
    super(`Vaultify does not read secret values in an untrusted workspace (${purpose}). Trust the workspace first.`);
  }
}

const METADATA_KEY = 'vaultify.v1.metadata';

/**
 * The vault: values in SecretStorage (the OS keychain), metadata in globalState.
 * Every read of a value goes through `read`.
 */
export class Vault {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly state: vscode.Memento,
    private readonly mode: vscode.ExtensionMode,
    private readonly log: vscode.LogOutputChannel,
    private readonly audit?: VaultAudit,
  ) {}

  /** The scope id that `kind` means in the open workspace. */
  scopeId(kind: ScopeKind): string | undefined {
    return kind === 'global' ? GLOBAL_SCOPE : workspaceScopeId(this.mode);
  }

  /** The scopes visible from here, most specific first: lookup order. */
  visibleScopes(): string[] {
    const workspace = workspaceScopeId(this.mode);
    return workspace ? [workspace, GLOBAL_SCOPE] : [GLOBAL_SCOPE];
  }

  /** Metadata of every secret visible from this workspace, workspace scope first. */
  list(): SecretMetadata[] {
    const visible = this.visibleScopes();
    return this.allMetadata()
      .filter((m) => visible.includes(m.scope))
      .sort((a, b) => visible.indexOf(a.scope) - visible.indexOf(b.scope) || a.name.localeCompare(b.name));
  }

  /** The metadata a name resolves to: the workspace scope first, then the global one. */
  lookup(name: string, scope?: string): SecretMetadata | undefined {
    const scopes = scope ? [scope] : this.visibleScopes();
    for (const s of scopes) {
      const found = this.allMetadata().find((m) => m.name === name && m.scope === s);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The one function that reads secret values. Resolves `name` workspace scope first, then global,
   * and records who read it and why (never the value).
   */
  async read(name: string, request: ReadRequest, scope?: string): Promise<StoredSecret | undefined> {
    const metadata = this.lookup(name, scope);
    if (!metadata) return undefined;
    const value = await this.get(metadata.scope, name, request);
    if (value === undefined) {
      this.log.warn(`"${name}" has metadata but no value in SecretStorage.`);
      return undefined;
    }
    if (request.actor === 'broker') {
      await this.writeMetadata({ ...metadata, lastUsed: new Date().toISOString() }, false);
    }
    return { metadata, value };
  }

  /** The single place where a value leaves SecretStorage. */
  private async get(scope: string, name: string, request: ReadRequest): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted && request.actor !== 'verify') throw new UntrustedWorkspaceError(request.purpose);
    this.log.info(`Read "${name}" (${scope === GLOBAL_SCOPE ? 'global' : 'workspace'} scope) for ${request.purpose}, by ${request.actor}.`);
    return this.secrets.get(secretKey(scope, name));
  }

  /** Every visible value, for the masker and for one-value-one-name checks. */
  async readAll(request: ReadRequest): Promise<StoredSecret[]> {
    const found: StoredSecret[] = [];
    for (const metadata of this.list()) {
      const secret = await this.read(metadata.name, request, metadata.scope);
      if (secret) found.push(secret);
    }
    return found;
  }

  /** The name a value is already stored under, in the visible scopes. An untrusted workspace reads no value to tell. */
  async nameOfValue(value: string): Promise<SecretMetadata | undefined> {
    if (!vscode.workspace.isTrusted) return undefined;
    const all = await this.readAll({ actor: 'vault', purpose: 'checking whether the value is already stored' });
    return all.find((s) => s.value === value)?.metadata;
  }

  /**
   * Stores a value, then reads it back and compares (store-then-edit: no edit may follow a write
   * that did not land). Throws VaultWriteError, naming the secret, when SecretStorage fails.
   */
  async store(name: string, value: string, scope: string, details: Partial<SecretMetadata>, by: Requester): Promise<SecretMetadata> {
    const key = secretKey(scope, name);
    try {
      await this.secrets.store(key, value);
      const back = await this.get(scope, name, { actor: 'verify', purpose: 'verifying the value just stored' });
      if (back !== value) throw new Error('the value read back differs from the value stored');
    } catch (error) {
      throw new VaultWriteError(`Could not store "${name}" in the OS keychain: ${error instanceof Error ? error.message : String(error)}`);
    }
    const now = new Date().toISOString();
    const previous = this.lookup(name, scope);
    const metadata: SecretMetadata = {
      ...previous,
      ...details,
      name,
      scope,
      created: previous?.created ?? now,
      updated: now,
    };
    await this.writeMetadata(metadata, true);
    await this.audit?.recordChange({ event: previous ? 'rotate' : 'store', requester: by, secrets: [{ name, scope, value }] });
    return metadata;
  }

  /** Changes what Vaultify knows about a secret (policy, environment), never its value. */
  async updateMetadata(name: string, scope: string, changes: Pick<SecretMetadata, 'policy' | 'environment'>): Promise<SecretMetadata> {
    const metadata = this.lookup(name, scope);
    if (!metadata) throw new VaultWriteError(`"${name}" is not in the vault.`);
    const updated = { ...metadata, ...changes };
    await this.writeMetadata(updated, true);
    return updated;
  }

  async delete(name: string, scope: string, by: Requester): Promise<void> {
    await this.remove(name, scope);
    await this.audit?.recordChange({ event: 'delete', requester: by, secrets: [{ name, scope }] });
  }

  private async remove(name: string, scope: string): Promise<void> {
    await this.secrets.delete(secretKey(scope, name));
    await this.state.update(
      METADATA_KEY,
      this.allMetadata().filter((m) => !(m.name === name && m.scope === scope)),
    );
    this.changed.fire();
  }

  /** Moves a value to a new name: store under the new name first, then delete the old one. Refused in an untrusted workspace, which reads no value. */
  async rename(name: string, newName: string, scope: string, by: Requester): Promise<SecretMetadata> {
    const secret = await this.read(name, { actor: 'vault', purpose: `renaming to "${newName}"` }, scope);
    if (!secret) throw new VaultWriteError(`"${name}" is not in the vault.`);
    const { name: _old, scope: _scope, ...details } = secret.metadata;
    const key = secretKey(scope, newName);
    try {
      await this.secrets.store(key, secret.value);
      if ((await this.get(scope, newName, { actor: 'verify', purpose: 'verifying the value just moved' })) !== secret.value) throw new Error('the value read back differs from the value stored');
    } catch (error) {
      throw new VaultWriteError(`Could not store "${newName}" in the OS keychain: ${error instanceof Error ? error.message : String(error)}`);
    }
    const renamed: SecretMetadata = { ...details, name: newName, scope, created: details.created, updated: new Date().toISOString() };
    await this.writeMetadata(renamed, false);
    await this.remove(name, scope);
    await this.audit?.recordChange({ event: 'rename', requester: by, secrets: [{ name, scope, value: secret.value }], newName });
    return renamed;
  }

  /** Secrets stored under another scope id than the open workspace's: names and metadata only. */
  inScope(scope: string): SecretMetadata[] {
    return this.allMetadata().filter((m) => m.scope === scope);
  }

  /**
   * Moves a secret from one scope to another, as rename does: stored and read back under the new
   * scope first, the old entry removed only then, so no path loses the value.
   */
  async moveScope(name: string, from: string, to: string, by: Requester): Promise<void> {
    const secret = await this.read(name, { actor: 'vault', purpose: 'moving it to the current workspace scope' }, from);
    if (!secret) throw new VaultWriteError(`"${name}" is not in the vault.`);
    const { name: _name, scope: _scope, ...details } = secret.metadata;
    await this.store(name, secret.value, to, details, by);
    await this.remove(name, from);
  }

  private allMetadata(): SecretMetadata[] {
    return this.state.get<SecretMetadata[]>(METADATA_KEY, []);
  }

  private async writeMetadata(metadata: SecretMetadata, notify: boolean): Promise<void> {
    const others = this.allMetadata().filter((m) => !(m.name === metadata.name && m.scope === metadata.scope));
    await this.state.update(METADATA_KEY, [...others, metadata]);
    if (notify) this.changed.fire();
  }
}
