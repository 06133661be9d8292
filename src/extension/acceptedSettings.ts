import * as vscode from 'vscode';
import { PERSON, type Requester } from '../core/policy';
import type { AuditTrail } from './broker/auditTrail';
import { ACCEPT_WORKSPACE_VALUE } from './config';
import { confirm } from './confirm';
import type { Ctx } from './ctx';
import type { Services } from './services';
import { UserError } from './userError';

const STATE_KEY = 'vaultify.v1.acceptedSettings';

/** A workspace or folder value of a protected setting, where it comes from. */
export interface WorkspaceSettingValue {
  /** The setting without `vaultify.`: `detection.exclude`. */
  key: string;
  value: unknown;
  /** The settings file as the person reads it (`.vscode/settings.json`, `app.code-workspace`). */
  file: string;
  /** The settings file's absolute location: what an acceptance is bound to. */
  source: string;
}

export interface AcceptedSetting extends WorkspaceSettingValue {
  acceptedAt: string;
}

const sameValue = (a: WorkspaceSettingValue, b: Omit<WorkspaceSettingValue, 'file'>): boolean =>
  a.key === b.key && a.source === b.source && JSON.stringify(a.value) === JSON.stringify(b.value);

/**
 * The workspace values of protected settings that a person accepted: each bound to its exact
 * value and settings file, so a repository that changes the value is ignored again. Kept in
 * globalState, which no repository can write; each acceptance and revocation is in the audit
 * trail.
 */
export class AcceptedSettings {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly state: vscode.Memento,
    private readonly audit: AuditTrail,
  ) {}

  list(): AcceptedSetting[] {
    return this.state.get<AcceptedSetting[]>(STATE_KEY, []);
  }

  has(setting: Omit<WorkspaceSettingValue, 'file'>): boolean {
    return this.list().some((a) => sameValue(a, setting));
  }

  /** Records the acceptance first: an acceptance the trail cannot hold does not happen. */
  async accept(setting: WorkspaceSettingValue, by: Requester): Promise<void> {
    if (this.has(setting)) return;
    await this.audit.record({ event: 'setting', requester: by, secrets: [], purpose: `accepting ${describe(setting)}` });
    await this.state.update(STATE_KEY, [...this.list(), { ...setting, acceptedAt: new Date().toISOString() }]);
    this.changed.fire();
  }

  async revoke(settings: readonly AcceptedSetting[], by: Requester): Promise<number> {
    const all = this.list();
    const revoked = all.filter((a) => settings.some((s) => sameValue(a, s)));
    if (!revoked.length) return 0;
    await this.state.update(
      STATE_KEY,
      all.filter((a) => !revoked.includes(a)),
    );
    for (const setting of revoked)
      await this.audit.record({ event: 'setting', requester: by, secrets: [], purpose: `revoking the acceptance of ${describe(setting)}` });
    this.changed.fire();
    return revoked.length;
  }
}

export function describe(setting: WorkspaceSettingValue): string {
  return `"vaultify.${setting.key}": ${JSON.stringify(setting.value)} from ${setting.file}`;
}

/** The acceptance store's offer in the ignored-setting message: a person's click accepts. */
export function registerAcceptedSettings(ctx: Ctx, services: Services): void {
  const accepted = services.acceptedSettings;
  const accept = (setting: WorkspaceSettingValue, by: Requester) =>
    accepted
      .accept(setting, by)
      .catch(
        (error: unknown) => void vscode.window.showErrorMessage(`Vaultify: ${error instanceof Error ? error.message : String(error)}`),
      );
  ctx.settings.useAcceptedSettings(accepted, (setting) => void accept(setting, PERSON));
}

/**
 * Accept workspace setting. A person picks among the values ignored this session; a driven
 * acceptance names the key and meets a modal, Cancel its default, as a driven release meets the
 * grant's.
 */
export async function acceptWorkspaceSetting(
  { ctx, acceptedSettings }: Services,
  args: { key?: string } | undefined,
  requester: Requester,
): Promise<{ accepted: boolean }> {
  const pending = ctx.settings.ignoredWorkspaceValues();
  let setting: WorkspaceSettingValue | undefined;
  if (requester.kind === 'person') {
    if (!pending.length) {
      void vscode.window.showInformationMessage('Vaultify: no workspace setting has been ignored in this session.');
      return { accepted: false };
    }
    const picked = await vscode.window.showQuickPick(
      pending.map((s) => ({ label: `vaultify.${s.key}`, description: JSON.stringify(s.value), detail: s.file, setting: s })),
      { title: "Accept a workspace's value of a protected setting" },
    );
    setting = picked?.setting;
  } else {
    setting = pending.find((s) => s.key === args?.key);
    if (!setting) throw new UserError(`No workspace value of "vaultify.${args?.key ?? ''}" is being ignored.`);
    const detail =
      "It weakens Vaultify's protection in this workspace. The acceptance is in the audit trail; revoke it with Revoke accepted workspace settings.";
    if (!(await confirm(ctx.test, `Vaultify: accept ${describe(setting)}?`, ACCEPT_WORKSPACE_VALUE, detail))) return { accepted: false };
  }
  if (!setting) return { accepted: false };
  await acceptedSettings.accept(setting, requester);
  return { accepted: true };
}

/** Revoke accepted workspace settings: a person picks; a driven call names the key, or revokes all. */
export async function revokeAcceptedSettings(
  { ctx, acceptedSettings }: Services,
  args: { key?: string } | undefined,
  requester: Requester,
): Promise<{ revoked: number }> {
  const all = acceptedSettings.list();
  let chosen: AcceptedSetting[];
  if (requester.kind === 'person') {
    if (!all.length) {
      void vscode.window.showInformationMessage('Vaultify: no workspace setting is accepted.');
      return { revoked: 0 };
    }
    const picked = await vscode.window.showQuickPick(
      all.map((s) => ({
        label: `vaultify.${s.key}`,
        description: JSON.stringify(s.value),
        detail: `${s.file} (${s.source}), accepted ${s.acceptedAt}`,
        setting: s,
      })),
      { title: 'Revoke accepted workspace settings', canPickMany: true },
    );
    chosen = picked?.map((p) => p.setting) ?? [];
  } else chosen = all.filter((s) => args?.key === undefined || s.key === args.key);
  const revoked = await acceptedSettings.revoke(chosen, requester);
  for (const setting of chosen) ctx.settings.forgetIgnoredNotice(setting);
  return { revoked };
}
