import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import type { TeamSource } from '../vault/vault';
import type { TeamCommands } from './teamCommands';
import type { TeamKey } from './teamKey';
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

  /** Takes the opened store; what it read while opening is a change to the vault too. */
  attach(store: TeamStore): void {
    this.store = store;
    this.listening = store.onDidChange(() => this.changed.fire());
    this.changed.fire();
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

  entries(): { name: string; file: string; updated: string; hosts: string[] }[] {
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

  async setHosts(name: string, hosts: readonly string[]): Promise<void> {
    await (await this.load()).setHosts(name, hosts);
  }
}

/** The team files, opened on first use: the key, the store and the membership commands. */
export async function openTeam(ctx: Ctx, services: Services): Promise<{ key: TeamKey; store: TeamStore; commands: TeamCommands }> {
  const [{ TeamKey }, { TeamStore }, { TeamCommands }, { AcceptedRecipients }] = await Promise.all([
    import('./teamKey'),
    import('./teamStore'),
    import('./teamCommands'),
    import('./acceptedRecipients'),
  ]);
  const key = new TeamKey(ctx.extension.secrets, ctx.test, ctx.log);
  const store = ctx.register(new TeamStore(key, ctx.log, new AcceptedRecipients(ctx.extension.globalState), ctx.settings));
  await store.start();
  return { key, store, commands: new TeamCommands(store, key, services.vault, services.audit, ctx.test) };
}

/** The team scope in the vault, holding team secrets once the team files are open (right after activation). */
export function registerTeam(ctx: Ctx, services: Services): void {
  const deferred = ctx.register(new DeferredTeam(async () => (await services.team()).store));
  ctx.register(services.vault.useTeam(deferred));
  setTimeout(
    () =>
      void services
        .team()
        .then(({ store }) => deferred.attach(store))
        .catch((error: unknown) => ctx.log.error(`Could not open the team files: ${String(error)}`)),
    0,
  );
}
