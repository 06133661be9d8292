import * as vscode from 'vscode';
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
}

/** Who asks for a value and why: the seam where audit, approval and per-actor scopes attach. */
export interface ReadRequest {
  actor: 'user' | 'terminal' | 'vault' | 'masker' | 'detector';
  purpose: string;
}

export interface StoredSecret {
  metadata: SecretMetadata;
  value: string;
}

export class VaultWriteError extends Error {}

/** Invariant 4: no value is resolved in an untrusted workspace, except to verify Vaultify's own writes. */
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
    if (request.actor === 'user' || request.actor === 'terminal') {
      await this.writeMetadata({ ...metadata, lastUsed: new Date().toISOString() }, false);
    }
    return { metadata, value };
  }

  /** The single place where a value leaves SecretStorage. */
  private async get(scope: string, name: string, request: ReadRequest): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted && request.actor !== 'vault') throw new UntrustedWorkspaceError(request.purpose);
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

  /** The name a value is already stored under, in the visible scopes. */
  async nameOfValue(value: string): Promise<SecretMetadata | undefined> {
    const all = await this.readAll({ actor: 'vault', purpose: 'checking whether the value is already stored' });
    return all.find((s) => s.value === value)?.metadata;
  }

  /**
   * Stores a value, then reads it back and compares (store-then-edit: no edit may follow a write
   * that did not land). Throws VaultWriteError, naming the secret, when SecretStorage fails.
   */
  async store(name: string, value: string, scope: string, details: Partial<SecretMetadata> = {}): Promise<SecretMetadata> {
    const key = secretKey(scope, name);
    try {
      await this.secrets.store(key, value);
      const back = await this.get(scope, name, { actor: 'vault', purpose: 'verifying the value just stored' });
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
    return metadata;
  }

  async delete(name: string, scope: string): Promise<void> {
    await this.secrets.delete(secretKey(scope, name));
    await this.state.update(
      METADATA_KEY,
      this.allMetadata().filter((m) => !(m.name === name && m.scope === scope)),
    );
    this.changed.fire();
  }

  /** Moves a value to a new name: store under the new name first, then delete the old one. */
  async rename(name: string, newName: string, scope: string): Promise<SecretMetadata> {
    const secret = await this.read(name, { actor: 'vault', purpose: `renaming to "${newName}"` }, scope);
    if (!secret) throw new VaultWriteError(`"${name}" is not in the vault.`);
    const { name: _old, scope: _scope, ...details } = secret.metadata;
    const renamed = await this.store(newName, secret.value, scope, details);
    await this.delete(name, scope);
    return renamed;
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
