import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Vault } from '../vault/vault';
import type { ScopeKind } from '../vault/vaultScope';
import { appendSecretDetails, escapeMarkdown, isExpired, scopeKindOf, secretSummary } from './secretDetails';

/** A scope heading of the Vault view. */
export interface ScopeNode {
  scopeKind: ScopeKind;
}

/**
 * A secret of the Vault view. The context-menu commands receive this very object, so it has the
 * shape of their arguments: `fromView` tells them a person clicked, and it holds no value.
 */
export interface SecretNode {
  name: string;
  scope: ScopeKind;
  fromView: true;
}

export type VaultNode = ScopeNode | SecretNode;

const SCOPE_LABELS: Record<ScopeKind, string> = { workspace: 'Workspace', global: 'Global' };

/** Scopes, then their secrets, from metadata only. An empty vault has no nodes, so the welcome view shows. */
export class VaultTreeProvider implements vscode.TreeDataProvider<VaultNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly vaultChanged: vscode.Disposable;

  constructor(
    private readonly vault: Vault,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.vaultChanged = vault.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.vaultChanged.dispose();
    this.changed.dispose();
  }

  getChildren(node?: VaultNode): VaultNode[] {
    const secrets = this.vault.list();
    if (!node) {
      const present = new Set(secrets.map(scopeKindOf));
      return (['workspace', 'global'] as const).filter((kind) => present.has(kind)).map((scopeKind) => ({ scopeKind }));
    }
    if ('name' in node) return [];
    return secrets
      .filter((metadata) => scopeKindOf(metadata) === node.scopeKind)
      .map((metadata) => ({ name: metadata.name, scope: node.scopeKind, fromView: true }));
  }

  getTreeItem(node: VaultNode): vscode.TreeItem {
    if (!('name' in node)) {
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
}

export function registerVaultView(ctx: Ctx, vault: Vault): void {
  const provider = ctx.register(new VaultTreeProvider(vault));
  ctx.register(vscode.window.createTreeView('vaultify.vault', { treeDataProvider: provider }));
  ctx.registerCommand('vaultify.refreshVault', () => provider.refresh());
}
