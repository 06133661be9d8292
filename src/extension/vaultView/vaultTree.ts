import * as vscode from 'vscode';
import type { Grant } from '../../core/policy';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import type { ExposureLedger } from '../exposure/exposureLedger';
import type { PersonMarks } from '../personMarks';
import type { Vault } from '../vault/vault';
import { type ScopeKind, scopeKindOfId } from '../vault/vaultScope';
import { appendSecretDetails, escapeMarkdown, expiryStatus, relativeTime, scopeKindOf, secretSummary } from './secretDetails';

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

const SCOPES: Record<ScopeKind, { label: string; icon: string; tooltip: string }> = {
  workspace: { label: 'Workspace', icon: 'folder-library', tooltip: 'Secrets only this workspace can resolve' },
  team: {
    label: 'Team',
    icon: 'organization',
    tooltip: 'Secrets shared with the team: encrypted in the team files, in git; decrypted in memory only',
  },
  global: { label: 'Global', icon: 'globe', tooltip: 'Secrets every workspace of yours can resolve' },
};

export interface VaultTreeOptions {
  now?: () => Date;
  marks?: PersonMarks;
  broker?: ReleaseBroker;
  /** Where secrets were seen: an exposed one is marked, with where and when. */
  exposures?: ExposureLedger;
  /** `vaultify.expiry.warnDays`; default the core's. */
  warnDays?: () => number;
}

/** At most this many places are listed in a secret's tooltip. */
const SHOWN_EXPOSURES = 5;

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
    this.vaultChanged = vscode.Disposable.from(
      vault.onDidChange(() => this.refresh()),
      ...(options.exposures ? [options.exposures.onDidChange(() => this.refresh())] : []),
    );
  }

  /** How many visible secrets need attention: exposed, expiring or expired. The view's badge. */
  attention(): { exposed: number; expiring: number; expired: number } {
    const now = this.now();
    const counts = { exposed: 0, expiring: 0, expired: 0 };
    for (const metadata of this.vault.list()) {
      if (this.options.exposures?.open(metadata.name).length) counts.exposed++;
      const { state } = expiryStatus(metadata, now, this.options.warnDays?.());
      if (state === 'expiring' || state === 'expired') counts[state]++;
    }
    return counts;
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
      const scopes: VaultNode[] = (['workspace', 'team', 'global'] as const)
        .filter((kind) => present.has(kind))
        .map((scopeKind) => ({ scopeKind }));
      return this.grants().length ? [...scopes, { grants: true }] : scopes;
    }
    if ('grants' in node) return this.grants().map((g) => this.mark({ grantId: g.id }));
    if (!('scopeKind' in node)) return [];
    return secrets
      .filter((metadata) => scopeKindOf(metadata) === node.scopeKind)
      .map((metadata) => this.mark({ name: metadata.name, scope: node.scopeKind }));
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
      const scope = SCOPES[node.scopeKind];
      const item = new vscode.TreeItem(scope.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `scope:${node.scopeKind}`;
      item.iconPath = new vscode.ThemeIcon(scope.icon);
      item.tooltip = scope.tooltip;
      if (node.scopeKind === 'team') item.contextValue = 'teamScope';
      return item;
    }
    const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
    item.id = `secret:${node.scope}:${node.name}`;
    item.contextValue = 'secret';
    const metadata = this.vault.lookup(node.name, this.vault.scopeId(node.scope));
    if (!metadata) return item;
    const now = this.now();
    const warnDays = this.options.warnDays?.();
    const { state } = expiryStatus(metadata, now, warnDays);
    const exposures = this.options.exposures?.open(metadata.name) ?? [];
    const flags = [
      ...(exposures.length ? ['exposed'] : []),
      ...(state === 'expired' || state === 'expiring' ? [state] : []),
      ...(metadata.mustRotate ? ['mustRotate'] : []),
    ];
    // Menus match `^secret\b`; the flags add the inline Rotate action.
    item.contextValue = ['secret', ...flags].join(' ');
    item.description = secretSummary(metadata, now, warnDays, exposures.length > 0);
    const alarm = exposures.length > 0 || state === 'expired' || !!metadata.mustRotate;
    item.iconPath = new vscode.ThemeIcon(
      flags.length ? 'warning' : 'key',
      flags.length ? new vscode.ThemeColor(alarm ? 'list.errorForeground' : 'list.warningForeground') : undefined,
    );
    const tooltip = appendSecretDetails(
      new vscode.MarkdownString(`**${escapeMarkdown(`vault:${node.name}`)}**\n\n`),
      metadata,
      now,
      warnDays,
    );
    if (exposures.length) {
      tooltip.appendMarkdown(`\n**Exposed** (treat it as compromised and rotate it):  \n`);
      for (const r of exposures.slice(0, SHOWN_EXPOSURES))
        tooltip.appendMarkdown(
          `${r.kind}: ${escapeMarkdown(r.location)}, first seen ${escapeMarkdown(relativeTime(new Date(r.firstSeen).toISOString(), now))}  \n`,
        );
      if (exposures.length > SHOWN_EXPOSURES) tooltip.appendMarkdown(`and ${exposures.length - SHOWN_EXPOSURES} more place(s)  \n`);
    }
    item.tooltip = tooltip;
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
      `**Secrets:** ${escapeMarkdown(grant.secrets.map((s) => `${s.name} (${scopeKindOfId(s.scope)})`).join(', '))}`,
      `**For:** ${grant.channel}`,
      ...(grant.command !== undefined ? [`**Command:** ${escapeMarkdown(grant.command)}`] : []),
      ...(grant.cwd !== undefined ? [`**Folder:** ${escapeMarkdown(grant.cwd)}`] : []),
      `**Ends:** ${new Date(expires).toISOString()} (10 minutes unused, 12 hours at most)`,
    ];
    item.tooltip = new vscode.MarkdownString(lines.join('  \n'));
    return item;
  }
}

export function registerVaultView(ctx: Ctx, services: Services): void {
  const provider = services.vaultTree;
  ctx.register(services.grants.onDidChange(() => provider.refresh()));
  const view = ctx.register(vscode.window.createTreeView('vaultify.vault', { treeDataProvider: provider }));
  const badge = (): void => {
    const { exposed, expiring, expired } = provider.attention();
    const total = exposed + expiring + expired;
    const parts = [
      ...(exposed ? [`${exposed} exposed`] : []),
      ...(expired ? [`${expired} expired`] : []),
      ...(expiring ? [`${expiring} expiring`] : []),
    ];
    view.badge = total ? { value: total, tooltip: `Vaultify: ${parts.join(', ')}` } : undefined;
  };
  ctx.register(provider.onDidChangeTreeData(badge));
  badge();
}
