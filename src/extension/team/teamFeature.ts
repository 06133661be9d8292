import * as vscode from 'vscode';
import type { AuditTrail } from '../broker/auditTrail';
import { registerVaultifyCommand } from '../commandRegistry';
import type { Ctx } from '../ctx';
import { lazyFeature } from '../lazyFeature';
import type { TeamSource, Vault } from '../vault/vault';
import type { TeamStore } from './teamStore';

/**
 * The team scope as the vault holds it from activation on, while the SOPS code (age, YAML) loads
 * after activation: until the team files are open it knows no team secret, and a change waits
 * for them.
 */
class DeferredTeam implements TeamSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private store?: TeamStore;
  private listening?: vscode.Disposable;

  constructor(private readonly load: () => Promise<TeamStore>) {}

  attach(store: TeamStore): void {
    this.store = store;
    this.listening = store.onDidChange(() => this.changed.fire());
  }

  dispose(): void {
    this.listening?.dispose();
    this.changed.dispose();
  }

  available(): boolean {
    return vscode.workspace.isTrusted && (vscode.workspace.workspaceFolders ?? []).some((f) => f.uri.scheme === 'file');
  }

  configured(): boolean {
    return this.store?.configured() ?? false;
  }

  entries(): { name: string; file: string; updated: string }[] {
    return this.store?.entries() ?? [];
  }

  get(name: string): string | undefined {
    return this.store?.get(name);
  }

  async set(name: string, value: string): Promise<void> {
    await (await this.load()).set(name, value);
  }

  async rename(from: string, to: string): Promise<void> {
    await (await this.load()).rename(from, to);
  }

  async delete(name: string): Promise<void> {
    await (await this.load()).delete(name);
  }
}

/** The team scope in the vault, and its commands: Set up team key, Add and Remove team member, Accept team file recipients. */
export function registerTeam(ctx: Ctx, vault: Vault, audit: AuditTrail, mode: vscode.ExtensionMode): void {
  const team = lazyFeature(async () => {
    const [{ TeamKey }, { TeamStore }, { TeamCommands }, { AcceptedRecipients }] = await Promise.all([import('./teamKey'), import('./teamStore'), import('./teamCommands'), import('./acceptedRecipients')]);
    const key = new TeamKey(ctx.extension.secrets, mode, ctx.log);
    const store = ctx.register(new TeamStore(key, ctx.log, new AcceptedRecipients(ctx.extension.globalState), ctx.settings));
    deferred.attach(store);
    await store.start();
    return { key, store, commands: new TeamCommands(store, key, vault, audit, mode) };
  });
  const deferred = ctx.register(new DeferredTeam(async () => (await team()).store));
  ctx.register(vault.useTeam(deferred));
  setTimeout(() => void team().catch((error: unknown) => ctx.log.error(`Could not open the team files: ${String(error)}`)), 0);
  registerVaultifyCommand(ctx, 'vaultify.setUpTeamKey', async (args, requester) => (await team()).key.setUp(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.addTeamMember', async (args, requester) => (await team()).commands.addMember(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.removeTeamMember', async (args, requester) => (await team()).commands.removeMember(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.acceptTeamRecipients', async (args, requester) => (await team()).commands.acceptRecipients(args, requester));
}
