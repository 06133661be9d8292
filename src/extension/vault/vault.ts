import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestHooks } from '../testHooks';
import { type ValueExpiry, expiryFromValue } from '../../core/exposure/expiry';
import { type RetiredValue, partitionRetired } from '../../core/exposure/retiredValues';
import type { AccessPolicy, Requester } from '../../core/policy';
import { UserError } from '../userError';
import { GLOBAL_SCOPE, type ScopeKind, TEAM_SCOPE, scopeLabel, secretKey, workspaceScopeId } from './vaultScope';

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
  /** The expiry date the user entered, ISO. */
  expires?: string;
  /** What the value itself says about its expiry (a JWT's `exp`, an AWS session's kind), read when it was stored. */
  valueExpiry?: ValueExpiry;
  /** Replace the value this many days after it was last set. */
  rotationDays?: number;
  /** Values rotated out, still masked for a while: where SecretStorage keeps each and when it was retired. */
  retired?: Omit<RetiredValue, 'name'>[];
  /** Who may have the value released; undefined follows the environment (prod asks every time). */
  policy?: AccessPolicy;
  /** `dev`, `staging`, `prod` or free text. */
  environment?: string;
  /** Why the value must be replaced (someone who knew it lost access); cleared when it is rotated. */
  mustRotate?: string;
  /**
   * The hosts the value is accepted by (`host`, `host:port`, `*.domain`): a process gets a
   * placeholder, and the value exists only on the wire to these hosts. Set or widened by a person only.
   */
  hosts?: string[];
}

/**
 * The team scope as the vault sees it: names and values held in memory, decrypted from the team
 * files. Changes are written to the file, read back and confirmed before they resolve; a failure
 * throws with a message that names the file, never a value.
 */
export interface TeamSource {
  readonly onDidChange: vscode.Event<void>;
  /** Whether a team scope exists here: a trusted folder is open. */
  available(): boolean;
  /** Whether the team scope is set up here (a `.sops.yaml` or a team file), so worth offering. */
  configured(): boolean;
  /** Every team secret, first file first; `updated` is the file's modification time; `hosts` from the file that holds it. */
  entries(): { name: string; file: string; updated: string; hosts: string[] }[];
  get(name: string): string | undefined;
  set(name: string, value: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Binds a team value to hosts (none: environment delivery) in the team file, where every member reads them. */
  setHosts(name: string, hosts: readonly string[]): Promise<void>;
}

/** A change to the vault, as the vault reports it for the trail. Values are fingerprinted, never written. */
export interface VaultChange {
  event: 'store' | 'rotate' | 'rename' | 'delete';
  requester: Requester;
  secrets: { name: string; scope: string; value?: string }[];
  newName?: string;
  /** In words, when the change has a story: "requested by Claude Code via MCP (…), provided by a person". */
  purpose?: string;
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

/** A retired value's SecretStorage key: `#` cannot occur in a name, so it never meets a live one; two rotations never share one. */
const retiredKey = (scope: string, name: string): string => `${secretKey(scope, name)}#retired/${randomUUID()}`;

/** A value to mask, live or retired, under the secret's name. */
export interface MaskValue {
  name: string;
  value: string;
  /** A token that names no secret: for a value of another workspace, whose name is not this one's to show (invariant 5). */
  token?: string;
}

/** What a value of another workspace's scope masks as. */
export const OTHER_WORKSPACE_TOKEN = '[masked vault: a secret of another workspace]';

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
    private readonly test: TestHooks | undefined,
    private readonly log: vscode.LogOutputChannel,
    private readonly audit?: VaultAudit,
  ) {}

  private team?: TeamSource;

  /** Adds the team scope, between workspace and global in lookup order. */
  useTeam(team: TeamSource): vscode.Disposable {
    this.team = team;
    return team.onDidChange(() => this.changed.fire());
  }

  /** The scope id that `kind` means in the open workspace. */
  scopeId(kind: ScopeKind): string | undefined {
    if (kind === 'team') return this.team?.available() ? TEAM_SCOPE : undefined;
    return kind === 'global' ? GLOBAL_SCOPE : workspaceScopeId(this.test);
  }

  /** Whether to offer the team scope for a new secret: it exists and the folder is set up for it. */
  offersTeam(): boolean {
    return !!this.scopeId('team') && !!this.team?.configured();
  }

  /** The scopes visible from here, most specific first: lookup order. */
  visibleScopes(): string[] {
    const workspace = workspaceScopeId(this.test);
    const team = this.scopeId('team');
    return [...(workspace ? [workspace] : []), ...(team ? [team] : []), GLOBAL_SCOPE];
  }

  /** Metadata of every secret visible from this workspace, workspace scope first. */
  list(): SecretMetadata[] {
    const visible = this.visibleScopes();
    return this.knownMetadata()
      .filter((m) => visible.includes(m.scope))
      .sort((a, b) => visible.indexOf(a.scope) - visible.indexOf(b.scope) || a.name.localeCompare(b.name));
  }

  /** The metadata a name resolves to: the workspace scope first, then the team, then the global one. */
  lookup(name: string, scope?: string): SecretMetadata | undefined {
    const scopes = scope ? [scope] : this.visibleScopes();
    const known = this.knownMetadata();
    for (const s of scopes) {
      const found = known.find((m) => m.name === name && m.scope === s);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The one function that reads secret values. Resolves `name` workspace scope first, then team, then global,
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
  private async get(scope: string, name: string, request: ReadRequest, key = secretKey(scope, name)): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted && request.actor !== 'verify') throw new UntrustedWorkspaceError(request.purpose);
    this.log.info(`Read "${name}" (${scopeLabel(scope)}) for ${request.purpose}, by ${request.actor}.`);
    if (scope === TEAM_SCOPE && key === secretKey(scope, name)) return this.team?.get(name);
    return this.secrets.get(key);
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
   * `purpose` goes into the audit record (who asked for it, who provided it).
   */
  async store(
    name: string,
    value: string,
    scope: string,
    details: Partial<SecretMetadata>,
    by: Requester,
    purpose?: string,
  ): Promise<SecretMetadata> {
    await this.storeValue(name, value, scope);
    if (scope === TEAM_SCOPE && details.hosts?.length) await this.setTeamHosts(name, details.hosts);
    const at = Date.now();
    const now = new Date(at).toISOString();
    const previous = this.lookup(name, scope);
    // A new value answers the rotation mark; the expiry read from the old value goes with it.
    const { valueExpiry: _earlier, mustRotate: _answered, ...kept } = { ...previous, ...details };
    const valueExpiry = expiryFromValue(value, at, kept.kind);
    const metadata: SecretMetadata = {
      ...kept,
      ...(valueExpiry && { valueExpiry }),
      name,
      scope,
      created: previous?.created ?? now,
      updated: now,
    };
    await this.writeMetadata(metadata, true);
    await this.audit?.recordChange({
      event: previous ? 'rotate' : 'store',
      requester: by,
      secrets: [{ name, scope, value }],
      ...(purpose !== undefined && { purpose }),
    });
    return metadata;
  }

  /** A team value's hosts go into its team file, beside the value and under the file's MAC. */
  private async setTeamHosts(name: string, hosts: readonly string[]): Promise<void> {
    try {
      await this.requireTeam().setHosts(name, hosts);
    } catch (error) {
      throw new VaultWriteError(
        `Could not set the hosts of "${name}" in the team file: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /** Writes a value where its scope keeps it and reads it back; the team file does its own read-back. */
  private async storeValue(name: string, value: string, scope: string): Promise<void> {
    if (scope === TEAM_SCOPE) {
      try {
        await this.requireTeam().set(name, value);
      } catch (error) {
        throw new VaultWriteError(`Could not store "${name}" in the team file: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    }
    try {
      await this.secrets.store(secretKey(scope, name), value);
      const back = await this.get(scope, name, { actor: 'verify', purpose: 'verifying the value just stored' });
      if (back !== value) throw new Error('the value read back differs from the value stored');
    } catch (error) {
      throw new VaultWriteError(`Could not store "${name}" in the OS keychain: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Marks secrets as needing a new value, saying why; names and metadata only. */
  async markForRotation(names: readonly string[], scope: string, why: string): Promise<void> {
    for (const name of names) {
      const metadata = this.lookup(name, scope);
      if (metadata) await this.writeMetadata({ ...metadata, mustRotate: why }, false);
    }
    this.changed.fire();
  }

  /** Changes what Vaultify knows about a secret (policy, environment, expiry, hosts), never its value. An undefined field is cleared. */
  async updateMetadata(
    name: string,
    scope: string,
    changes: Partial<Pick<SecretMetadata, 'policy' | 'environment' | 'expires' | 'rotationDays' | 'hosts'>>,
  ): Promise<SecretMetadata> {
    const metadata = this.lookup(name, scope);
    if (!metadata) throw new VaultWriteError(`"${name}" is not in the vault.`);
    if (metadata.scope === TEAM_SCOPE && 'hosts' in changes) await this.setTeamHosts(name, changes.hosts ?? []);
    const updated: SecretMetadata = { ...metadata, ...changes };
    for (const key of Object.keys(changes) as (keyof typeof changes)[]) if (changes[key] === undefined) delete updated[key];
    await this.writeMetadata(updated, true);
    return updated;
  }

  /**
   * Replaces a value and keeps the old one retired: stored under a retired key in SecretStorage
   * and read back first, so that it can still be masked, then the new value is stored as every
   * store is. Returns the old value, in memory only, for the caller to fingerprint.
   */
  async rotate(name: string, value: string, scope: string, by: Requester): Promise<{ metadata: SecretMetadata; previousValue: string }> {
    const current = await this.read(name, { actor: 'vault', purpose: 'retiring the old value on rotation' }, scope);
    if (!current) throw new VaultWriteError(`"${name}" is not in the vault.`);
    if (current.value === value) throw new VaultWriteError(`The new value of "${name}" is the same as the old one.`);
    const retiredAt = Date.now();
    const key = retiredKey(scope, name);
    try {
      await this.secrets.store(key, current.value);
      if ((await this.secrets.get(key)) !== current.value) throw new Error('the value read back differs from the value stored');
    } catch (error) {
      throw new VaultWriteError(
        `Could not keep the old value of "${name}" in the OS keychain: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const retired = [...(current.metadata.retired ?? []), { storageKey: key, retiredAt }];
    await this.writeMetadata({ ...current.metadata, retired }, false);
    const metadata = await this.store(name, value, scope, {}, by);
    return { metadata, previousValue: current.value };
  }

  /**
   * Every value a masked surface hides: the visible live ones, and the retired ones still inside
   * their `retiredDays`. Retired values past it are deleted from SecretStorage on the way.
   * `every` scope: also those of other workspaces, for what all workspaces share (the audit trail).
   */
  async maskValues(request: ReadRequest, retiredDays: number, scopes: 'visible' | 'every' = 'visible'): Promise<MaskValue[]> {
    const secrets = scopes === 'every' ? this.knownMetadata() : this.list();
    const visible = this.visibleScopes();
    const masked = (metadata: SecretMetadata, value: string): MaskValue =>
      visible.includes(metadata.scope) ? { name: metadata.name, value } : { name: metadata.name, value, token: OTHER_WORKSPACE_TOKEN };
    const values: MaskValue[] = [];
    for (const metadata of secrets) {
      // Another workspace's secret is read by its key, so that not even this window's log names it.
      const value = visible.includes(metadata.scope)
        ? (await this.read(metadata.name, request, metadata.scope))?.value
        : await this.get(metadata.scope, 'a secret of another workspace', request, secretKey(metadata.scope, metadata.name));
      if (value !== undefined) values.push(masked(metadata, value));
    }
    const now = Date.now();
    for (const metadata of secrets) {
      if (!metadata.retired?.length) continue;
      const { keep, expired } = partitionRetired(
        metadata.retired.map((r) => ({ ...r, name: metadata.name })),
        now,
        retiredDays,
      );
      for (const r of keep) {
        const value = await this.get(
          metadata.scope,
          visible.includes(metadata.scope) ? `${metadata.name} (retired)` : 'a retired secret of another workspace',
          request,
          r.storageKey,
        );
        if (value !== undefined) values.push(masked(metadata, value));
      }
      if (expired.length) {
        for (const r of expired) await this.secrets.delete(r.storageKey);
        await this.writeMetadata({ ...metadata, retired: keep.map(({ storageKey, retiredAt }) => ({ storageKey, retiredAt })) }, false);
      }
    }
    return values;
  }

  async delete(name: string, scope: string, by: Requester): Promise<void> {
    for (const r of this.lookup(name, scope)?.retired ?? []) await this.secrets.delete(r.storageKey);
    await this.remove(name, scope);
    await this.audit?.recordChange({ event: 'delete', requester: by, secrets: [{ name, scope }] });
  }

  private async remove(name: string, scope: string): Promise<void> {
    if (scope === TEAM_SCOPE) {
      await this.requireTeam()
        .delete(name)
        .catch((error: unknown) => {
          throw new VaultWriteError(
            `Could not delete "${name}" from the team file: ${error instanceof Error ? error.message : String(error)}`,
          );
        });
    } else await this.secrets.delete(secretKey(scope, name));
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
    const renamed: SecretMetadata = { ...details, name: newName, scope, created: details.created, updated: new Date().toISOString() };
    if (scope === TEAM_SCOPE) {
      // One file change moves the value: written, read back and confirmed, or nothing changed.
      try {
        await this.requireTeam().rename(name, newName);
      } catch (error) {
        throw new VaultWriteError(`Could not rename "${name}" in the team file: ${error instanceof Error ? error.message : String(error)}`);
      }
      await this.writeMetadata(renamed, false);
      await this.state.update(
        METADATA_KEY,
        this.allMetadata().filter((m) => !(m.name === name && m.scope === scope)),
      );
      this.changed.fire();
    } else {
      await this.storeValue(newName, secret.value, scope);
      await this.writeMetadata(renamed, false);
      await this.remove(name, scope);
    }
    await this.audit?.recordChange({ event: 'rename', requester: by, secrets: [{ name, scope, value: secret.value }], newName });
    return renamed;
  }

  /** Secrets stored under another scope id than the open workspace's: names and metadata only. */
  inScope(scope: string): SecretMetadata[] {
    return this.knownMetadata().filter((m) => m.scope === scope);
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

  /**
   * Stored metadata, with the team scope's taken from the team files: a team secret exists when
   * a file holds it, its hosts are the file's (what every member sees, under the file's MAC), and
   * what this machine noted about it (last use, policy, rotation) is added.
   */
  private knownMetadata(): SecretMetadata[] {
    const stored = this.allMetadata();
    if (!this.team) return stored;
    const noted = new Map(stored.filter((m) => m.scope === TEAM_SCOPE).map((m) => [m.name, m]));
    const team = this.team.entries().map(({ name, file, updated, hosts }): SecretMetadata => {
      const { hosts: _local, ...note } = noted.get(name) ?? {};
      return { created: updated, updated, ...note, name, scope: TEAM_SCOPE, origin: file, ...(hosts.length && { hosts }) };
    });
    return [...stored.filter((m) => m.scope !== TEAM_SCOPE), ...team];
  }

  private requireTeam(): TeamSource {
    if (!this.team?.available()) throw new VaultWriteError('There is no team scope here: open and trust the folder that holds .sops.yaml.');
    return this.team;
  }

  private async writeMetadata(metadata: SecretMetadata, notify: boolean): Promise<void> {
    const others = this.allMetadata().filter((m) => !(m.name === metadata.name && m.scope === metadata.scope));
    // A team value's hosts live in its team file only: this machine keeps no copy that could drift.
    const { hosts: _fileHosts, ...note } = metadata;
    await this.state.update(METADATA_KEY, [...others, metadata.scope === TEAM_SCOPE ? note : metadata]);
    if (notify) this.changed.fire();
  }
}
