import * as vscode from 'vscode';
import { reminderDue } from '../../core/exposure/expiry';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import type { SecretMetadata, Vault } from '../vault/vault';
import { expiryBadge, expiryStatus, scopeKindOf } from '../vaultView/secretDetails';

const REMINDED_KEY = 'vaultify.v1.expiryRemindedAt';
/** Dates pass without any event: the count and the reminder are looked at again this often. */
const RECHECK_MS = 60 * 60_000;

/** The visible secrets that are expiring or expired, with their badge text. Metadata only. */
export function dueSecrets(vault: Vault, now: Date, warnDays: number): { metadata: SecretMetadata; badge: string }[] {
  return vault.list().flatMap((metadata) => {
    const badge = expiryBadge(expiryStatus(metadata, now, warnDays), now);
    return badge ? [{ metadata, badge }] : [];
  });
}

/**
 * The status bar count of expiring and expired secrets (hidden while there are none), and a
 * reminder at most once a day, none while `vaultify.expiry.reminders` is off.
 */
export function registerExpiryReminders(ctx: Ctx, { vault }: Services): void {
  const item = ctx.register(vscode.window.createStatusBarItem('vaultify.expiry', vscode.StatusBarAlignment.Left, 49));
  item.name = 'Vaultify expiring secrets';
  item.command = 'vaultify.vault.focus';

  const update = (): void => {
    const due = dueSecrets(vault, new Date(), ctx.settings.get('expiry.warnDays'));
    if (!due.length) {
      item.hide();
      return;
    }
    const expired = due.filter((d) => /overdue|expired/.test(d.badge)).length;
    item.text = `$(clock) ${due.length}`;
    item.tooltip = `Vaultify: ${due.map((d) => `"${d.metadata.name}" ${d.badge}`).join(', ')}. Click to see them in the Vault view.`;
    item.backgroundColor = new vscode.ThemeColor(expired ? 'statusBarItem.errorBackground' : 'statusBarItem.warningBackground');
    item.show();
  };

  const remind = async (): Promise<void> => {
    const now = new Date();
    const due = dueSecrets(vault, now, ctx.settings.get('expiry.warnDays'));
    const statuses = vault.list().map((m) => expiryStatus(m, now, ctx.settings.get('expiry.warnDays')));
    if (!reminderDue(statuses, ctx.extension.globalState.get<number>(REMINDED_KEY), now.getTime(), ctx.settings.get('expiry.reminders')))
      return;
    await ctx.extension.globalState.update(REMINDED_KEY, now.getTime());
    const rotate = due.length === 1 ? ['Rotate'] : [];
    const choice = await vscode.window.showWarningMessage(
      `Vaultify: ${due.map((d) => `"${d.metadata.name}" ${d.badge}`).join(', ')}.`,
      ...rotate,
      'Show vault',
    );
    if (choice === 'Rotate') {
      const { name } = due[0].metadata;
      await vscode.commands.executeCommand('vaultify.rotateSecret', ctx.person.mark({ name, scope: scopeKindOf(due[0].metadata) }));
    }
    if (choice === 'Show vault') await vscode.commands.executeCommand('vaultify.vault.focus');
  };
  const remindLogged = (): void =>
    void remind().catch((error: unknown) => ctx.log.error(`Could not remind of expiring secrets: ${String(error)}`));

  ctx.register(vault.onDidChange(update));
  ctx.register(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('vaultify.expiry')) update();
    }),
  );
  const timer = setInterval(() => {
    update();
    remindLogged();
  }, RECHECK_MS);
  ctx.register({ dispose: () => clearInterval(timer) });
  // Listing the vault binds the workspace scope to its repository (a git call): after activation.
  setTimeout(() => {
    update();
    remindLogged();
  }, 0);
}
