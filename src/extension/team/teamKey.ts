import * as vscode from 'vscode';
import { generateAgeIdentity, readSopsIdentities, recipientOf } from '../../core/sops';
import { confirm } from '../confirm';
import type { TestHooks } from '../testHooks';
import { UserError } from '../userError';

/** Where the user's own age identity is kept: SecretStorage, beside the vault, never on disk. */
const IDENTITY_KEY = 'vaultify/v1/team-key';

export interface TeamKeyArgs {
  /** Tests only (TestHooks): generate a new key without asking, replacing any. */
  generate?: boolean;
}

/**
 * The user's age identity for the team files. Vaultify keeps one in SecretStorage; the identity
 * sources that sops reads (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, sops/age/keys.txt) are used too, read
 * only. Identities never reach a log, a message or a file: only their public recipients do.
 */
export class TeamKey {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly test: TestHooks | undefined,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Every identity to decrypt with: Vaultify's own first, then sops' sources. */
  async identities(): Promise<string[]> {
    const own = await this.secrets.get(IDENTITY_KEY);
    let sops: string[] = [];
    try {
      sops = (await readSopsIdentities()).identities;
    } catch (error) {
      // The messages name a source and a line number, never a key.
      this.log.warn(`Ignored the sops age identities: ${error instanceof Error ? error.message : String(error)}`);
    }
    return [...new Set([...(own ? [own] : []), ...sops])];
  }

  /** The recipient of Vaultify's own key, if one is set up. */
  async recipient(): Promise<string | undefined> {
    const own = await this.secrets.get(IDENTITY_KEY);
    return own === undefined ? undefined : recipientOf(own);
  }

  /**
   * "Set up team key": generate or import an identity, then show and offer to copy its recipient.
   * Replacing the key would lock the user out of every team file, so the command table lets only
   * a person run it.
   */
  async setUp(args: TeamKeyArgs = {}): Promise<{ recipient: string } | undefined> {
    if (this.test && args.generate) return { recipient: await this.keep(await generateAgeIdentity()) };
    const identity = await this.choose();
    if (identity === undefined) return undefined;
    const recipient = await this.keep(identity);
    void this.show(recipient, 'Your team key is set up');
    return { recipient };
  }

  private async choose(): Promise<string | undefined> {
    const current = await this.recipient().catch(() => undefined);
    const sops = await readSopsIdentities().catch(() => ({ identities: [] as string[], sources: [] as string[] }));
    type Choice = 'copy' | 'generate' | 'paste' | 'sops';
    const items: { label: string; description?: string; detail?: string; choice: Choice }[] = [
      ...(current
        ? [
            {
              label: 'Copy my recipient',
              description: current,
              detail: 'Send it to a team member, who adds it with "Add team member"',
              choice: 'copy' as const,
            },
          ]
        : []),
      {
        label: current ? 'Replace it with a new key' : 'Generate a new key',
        detail: 'An age X25519 identity, kept in the OS keychain',
        choice: 'generate',
      },
      { label: 'Import a key', detail: 'Paste an AGE-SECRET-KEY-1… identity into a password box', choice: 'paste' },
      ...(sops.identities.length
        ? [
            {
              label: 'Import from sops',
              description: sops.sources.join(', '),
              detail: 'Copies one of the identities sops uses; the source is not changed',
              choice: 'sops' as const,
            },
          ]
        : []),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Set up team key' });
    if (!picked) return undefined;
    if (picked.choice === 'copy') {
      void this.show(current!, 'Your team key');
      return undefined;
    }
    if (
      current &&
      !(await confirm(
        this.test,
        `Replace your team key ${current}? Team files encrypted only to it can no longer be opened on this machine.`,
        'Replace',
      ))
    )
      return undefined;
    if (picked.choice === 'generate') return generateAgeIdentity();
    if (picked.choice === 'paste') {
      const pasted = await vscode.window.showInputBox({
        title: 'Import a team key',
        password: true,
        prompt: 'Your age identity (AGE-SECRET-KEY-1…). It goes into the OS keychain only.',
        validateInput: async (text) =>
          await recipientOf(text).then(
            () => undefined,
            (error: Error) => error.message,
          ),
      });
      return pasted?.trim() || undefined;
    }
    const options = await Promise.all(sops.identities.map(async (identity) => ({ label: await recipientOf(identity), identity })));
    const from = options.length === 1 ? options[0] : await vscode.window.showQuickPick(options, { title: 'Which identity?' });
    return from?.identity;
  }

  /** Stores the identity, reads it back and compares, as every value Vaultify keeps. */
  private async keep(identity: string): Promise<string> {
    const recipient = await recipientOf(identity);
    await this.secrets.store(IDENTITY_KEY, identity);
    if ((await this.secrets.get(IDENTITY_KEY)) !== identity) throw new UserError('The team key could not be stored in the OS keychain.');
    this.log.info(`Team key set up; its recipient is ${recipient}.`);
    this.changed.fire();
    return recipient;
  }

  private async show(recipient: string, what: string): Promise<void> {
    const copy = 'Copy recipient';
    const answer = await vscode.window.showInformationMessage(
      `${what}. Your recipient is ${recipient}: send it to the team, to be added to .sops.yaml and to the team files ("Add team member").`,
      copy,
    );
    if (answer === copy) await vscode.env.clipboard.writeText(recipient);
  }
}
