import * as vscode from 'vscode';
import type { Grant } from '../../core/policy';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { Ctx } from '../ctx';
import type { PersonMarks } from '../personMarks';
import type { Vault } from '../vault/vault';
import type { ScopeKind } from '../vault/vaultScope';
import { appendSecretDetails, escapeMarkdown, isExpired, relativeTime, scopeKindOf, secretSummary } from './secretDetails';

/** A scope heading of the Vault view. */
export interface ScopeNode {
  scopeKind: ScopeKind;
}

/**
 * A secret of the Vault view. The context-menu commands receive this very object, so it has the
 * shape of their arguments, is marked as a person's (see PersonMarks), and holds no value.
 */
export interface SecretNode {
  name: string;
  scope: ScopeKind;
}

/** The "Grants" heading, and one grant under it; `grantId` is what Revoke grant takes. */
export interface GrantsNode {
  grants: true;
}
export interface GrantNode {
  grantId: string;
}

export type VaultNode = ScopeNode | SecretNode | GrantsNode | GrantNode;

const SCOPE_LABELS: Record<ScopeKind, string> = { workspace: 'Workspace', global: 'Global' };

export interface VaultTreeOptions {
  now?: () => Date;
  marks?: PersonMarks;
  broker?: ReleaseBroker;
}

/** Scopes, then their secrets, from metadata only; then the live grants. An empty vault without grants has no nodes, so the welcome view shows. */
export class VaultTreeProvider implements vscode.TreeDataProvider<VaultNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly vaultChanged: vscode.Disposable;
  private readonly now: () => Date;

  constructor(
    private readonly vault: Vault,
    private readonly options: VaultTreeOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.vaultChanged = vault.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.vaultChanged.dispose();
    this.changed.dispose();
  }

  private grants(): Grant[] {
    return this.options.broker?.listGrants().map((g) => g.grant) ?? [];
  }

  getChildren(node?: VaultNode): VaultNode[] {
    const secrets = this.vault.list();
    if (!node) {
      const present = new Set(secrets.map(scopeKindOf));
      const scopes: VaultNode[] = (['workspace', 'global'] as const).filter((kind) => present.has(kind)).map((scopeKind) => ({ scopeKind }));
      return this.grants().length ? [...scopes, { grants: true }] : scopes;
    }
    if ('grants' in node) return this.grants().map((g) => this.mark({ grantId: g.id }));
    if (!('scopeKind' in node)) return [];
    return secrets.filter((metadata) => scopeKindOf(metadata) === node.scopeKind).map((metadata) => this.mark({ name: metadata.name, scope: node.scopeKind }));
  }

  private mark<T extends object>(node: T): T {
    return this.options.marks ? this.options.marks.mark(node) : node;
  }

  getTreeItem(node: VaultNode): vscode.TreeItem {
    if ('grants' in node) {
      const item = new vscode.TreeItem('Grants', vscode.TreeItemCollapsibleState.Expanded);
      item.id = 'grants';
      item.iconPath = new vscode.ThemeIcon('unlock');
      item.contextValue = 'grants';
      item.tooltip = 'What you allowed driven commands and agents to receive, until it ends or you revoke it';
      return item;
    }
    if ('grantId' in node) return this.grantItem(node.grantId);
    if ('scopeKind' in node) {
      const item = new vscode.TreeItem(SCOPE_LABELS[node.scopeKind], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `scope:${node.scopeKind}`;
      item.iconPath = new vscode.ThemeIcon(node.scopeKind === 'global' ? 'globe' : 'folder-library');
      item.tooltip = node.scopeKind === 'global' ? 'Secrets every workspace of yours can resolve' : 'Secrets only this workspace can resolve';
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `secret:${node.scope}:${node.name}`;
    item.contextValue = 'secret';
    const metadata = this.vault.lookup(node.name, this.vault.scopeId(node.scope));
    if (!metadata) return item;
    const now = this.now();
    const expired = isExpired(metadata, now);
    item.description = secretSummary(metadata, now);
    item.iconPath = new vscode.ThemeIcon(expired ? 'warning' : 'key', expired ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.tooltip = appendSecretDetails(new vscode.MarkdownString(`**${escapeMarkdown(`vault:${node.name}`)}**\n\n`), metadata, now);
    return item;
  }

  private grantItem(id: string): vscode.TreeItem {
    const entry = this.options.broker?.listGrants().find((g) => g.grant.id === id);
    const item = new vscode.TreeItem(entry?.grant.requester.label ?? 'ended', vscode.TreeItemCollapsibleState.None);
    item.id = `grant:${id}`;
    item.contextValue = 'grant';
    item.iconPath = new vscode.ThemeIcon('key');
    if (!entry) return item;
    const { grant, expires } = entry;
    const now = this.now();
    item.description = `${grant.secrets.map((s) => s.name).join(', ')} · ends ${relativeTime(new Date(expires).toISOString(), now)}`;
    const lines = [
      `**Requester:** ${escapeMarkdown(grant.requester.label)}`,
      `**Secrets:** ${escapeMarkdown(grant.secrets.map((s) => `${s.name} (${s.scope === 'global' ? 'global' : 'workspace'})`).join(', '))}`,
      `**For:** ${grant.channel}`,
      ...(grant.command !== undefined ? [`**Command:** ${escapeMarkdown(grant.command)}`] : []),
      ...(grant.cwd !== undefined ? [`**Folder:** ${escapeMarkdown(grant.cwd)}`] : []),
      `**Ends:** ${new Date(expires).toISOString()} (10 minutes unused, 12 hours at most)`,
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    return item;
  }
}

export function registerVaultView(ctx: Ctx, vault: Vault, broker: ReleaseBroker, onGrantsChanged: vscode.Event<void>): void {
  const provider = ctx.register(new VaultTreeProvider(vault, { marks: ctx.person, broker }));
  ctx.register(onGrantsChanged(() => provider.refresh()));
  ctx.register(vscode.window.createTreeView('vaultify.vault', { treeDataProvider: provider }));
  ctx.registerCommand('vaultify.refreshVault', () => provider.refresh());
}
