import * as vscode from 'vscode';
import type { Requester } from '../../core/policy';
import { recipientProblem } from '../../core/sops';
import type { AuditTrail } from '../broker/auditTrail';
import { confirm } from '../confirm';
import type { TestHooks } from '../testHooks';
import type { Vault } from '../vault/vault';
import { TEAM_SCOPE } from '../vault/vaultScope';
import { UserError } from '../userError';
import { describeChange } from './acceptedRecipients';
import type { TeamKey } from './teamKey';
import type { TeamStore } from './teamStore';

export interface MemberArgs {
  recipient?: string;
}

/**
 * Add and remove team members. A member can read every team secret, so only a person changes
 * the membership (the command table refuses anyone else), after a modal naming the recipient (a driven command could otherwise hand the
 * team's secrets to a key of its choosing). Each change is in the audit trail: adding as a grant
 * of every team secret to the recipient, removing as its revocation.
 */
export class TeamCommands {
  constructor(
    private readonly store: TeamStore,
    private readonly key: TeamKey,
    private readonly vault: Vault,
    private readonly audit: AuditTrail,
    private readonly test: TestHooks | undefined,
  ) {}

  async addMember(args: MemberArgs = {}, requester: Requester): Promise<{ recipient: string; files: string[] } | undefined> {
    this.requireTeam();
    const recipient =
      args.recipient ??
      (
        await vscode.window.showInputBox({
          title: 'Add team member',
          prompt: 'Their age recipient (age1…), from their "Set up team key"',
          validateInput: (text) => (text.trim() ? recipientProblem(text.trim()) : 'A recipient is required.'),
        })
      )?.trim();
    if (!recipient) return undefined;
    const problem = recipientProblem(recipient);
    if (problem) throw new UserError(problem);
    const names = this.store.entries().map((e) => e.name);
    if (
      !(await confirm(
        this.test,
        `Give ${recipient} access to every team secret (${names.length}) in ${this.store.files().join(', ')}?`,
        'Add member',
      ))
    )
      return undefined;
    const change = await this.store.addMember(recipient).catch(rethrow);
    await this.record('grant', requester, names, `adding team member ${recipient}`);
    void vscode.window.showInformationMessage(
      `Added ${recipient} to ${change.files.join(', ') || 'no team file (already a member)'}${change.sopsConfigs.length ? ` and to ${change.sopsConfigs.join(', ')}` : ''}. Commit the change so they can decrypt.`,
    );
    return { recipient, files: change.files };
  }

  async removeMember(
    args: MemberArgs = {},
    requester: Requester,
  ): Promise<{ recipient: string; files: string[]; mustRotate: string[] } | undefined> {
    this.requireTeam();
    const own = await this.key.recipient().catch(() => undefined);
    const members = this.store.members();
    const recipient =
      args.recipient ??
      (
        await vscode.window.showQuickPick(
          members.map((m) => ({ label: m, description: m === own ? 'you' : undefined })),
          { title: 'Remove team member' },
        )
      )?.label;
    if (!recipient) return undefined;
    if (!members.includes(recipient)) throw new UserError(`${recipient} is not a recipient of any team file.`);
    const names = this.store.entries().map((e) => e.name);
    const question = `Remove ${recipient}? Every team file gets a new data key and every value is re-encrypted, but they have seen all ${names.length} team secrets, so each must be given a new value.`;
    if (!(await confirm(this.test, question, 'Remove member'))) return undefined;
    const change = await this.store.removeMember(recipient).catch(rethrow);
    await this.vault.markForRotation(change.mustRotate, TEAM_SCOPE, `${recipient} was removed from the team and knew the value`);
    await this.record('revocation', requester, change.mustRotate, `removing team member ${recipient}; the data key was replaced`);
    const listed = change.mustRotate.map((n) => `"${n}"`).join(', ');
    void vscode.window.showWarningMessage(
      `Removed ${recipient} from ${change.files.join(', ')}${change.sopsConfigs.length ? ` and ${change.sopsConfigs.join(', ')}` : ''}: the data key is new and every value is re-encrypted. ` +
        (change.mustRotate.length
          ? `They still know the values they saw: rotate ${listed} (marked in the Vault view).`
          : 'The team files held no secrets.'),
    );
    return { recipient, files: change.files, mustRotate: change.mustRotate };
  }

  /**
   * Accepts the changed recipients of a team file, after a modal naming who was added and who
   * removed: from then on values may be written into it again. A person only, as for members.
   * In the audit trail as a grant of the file's secrets to the recipients now there.
   */
  async acceptRecipients(
    args: MemberArgs & { file?: string } = {},
    requester: Requester,
  ): Promise<{ file: string; added: string[]; removed: string[] } | undefined> {
    this.requireTeam();
    const changed = this.store.changedRecipients();
    if (!changed.length) {
      void vscode.window.showInformationMessage('Vaultify: no team file has recipients you have not accepted.');
      return undefined;
    }
    const file =
      args.file ??
      (changed.length === 1
        ? changed[0].file
        : (
            await vscode.window.showQuickPick(
              changed.map((c) => ({ label: c.file, detail: describeChange(c.change) })),
              { title: 'Accept team file recipients' },
            )
          )?.label);
    const pending = changed.find((c) => c.file === file);
    if (!pending) {
      if (file === undefined) return undefined;
      throw new UserError(`${file} has no recipient change to accept.`);
    }
    const question = `The recipients of ${pending.file} changed: ${describeChange(pending.change)}. Every recipient can read every value stored there. Accept them?`;
    if (!(await confirm(this.test, question, 'Accept recipients'))) return undefined;
    const change = await this.store.acceptRecipients(pending.file).catch(rethrow);
    const names = this.store
      .entries()
      .filter((e) => e.file === pending.file)
      .map((e) => e.name);
    await this.record('grant', requester, names, `accepting the recipients of ${pending.file}: ${describeChange(change)}`);
    return { file: pending.file, ...change };
  }

  private requireTeam(): void {
    if (!vscode.workspace.isTrusted)
      throw new UserError('Team membership cannot be changed in an untrusted workspace. Trust the workspace first.');
    if (!this.store.available()) throw new UserError('Open the folder that holds .sops.yaml and the team files first.');
  }

  private async record(event: 'grant' | 'revocation', requester: Requester, names: string[], purpose: string): Promise<void> {
    try {
      await this.audit.record({ event, requester, secrets: names.map((name) => ({ name, scope: TEAM_SCOPE })), channel: 'team', purpose });
    } catch (error) {
      void vscode.window.showWarningMessage(
        `Vaultify: ${purpose} is not in the audit trail: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}

/** A sops refusal is the user's to read, not a crash. */
function rethrow(error: unknown): never {
  throw new UserError(error instanceof Error ? error.message : String(error));
}
