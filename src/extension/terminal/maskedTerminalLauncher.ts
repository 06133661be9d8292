import { realpath } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { type CaughtCredential, maskText } from '../../core/mask';
import { PERSON, type Requester } from '../../core/policy';
import { uniqueName } from '../../core/reference';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { SecretlessRun, SecretlessRuns } from '../secretless/secretlessRuns';
import type { Ctx } from '../ctx';
import { MaskingInput } from '../maskingInput';
import { requireTrust } from '../trust';
import { warnIfTooShortToMask } from '../vault/shortValues';
import type { Vault } from '../vault/vault';
import { UserError } from '../userError';
import { GLOBAL_SCOPE, scopeKindOfId } from '../vault/vaultScope';
import { MaskedPty } from './maskedPty';
import { type PtyModule, loadNodePty } from './ptyProcess';
import { defaultShell } from './shellProcess';
import { type DetectDocument, InjectedCredentials, envMaskSecrets } from './injectedValues';
import {
  type EnvReference,
  envFileReferences,
  envVarName,
  plainEnvValues,
  processEnvironment,
  resolveTerminalEnvironment,
} from './terminalEnvironment';

/** Arguments of `vaultify.newMaskedTerminal`. With any of them, nothing is asked. */
export interface MaskedTerminalArgs {
  /** Secret names to put in the environment, each as its envVarName. */
  secrets?: string[];
  /** .env files to resolve, relative to the terminal's workspace folder; each must exist. Default: `vaultify.terminal.envFiles`, those present. */
  envFiles?: string[];
  /** Working folder. Default: the active editor's workspace folder, else the first one. */
  cwd?: string;
  /** A command line typed into the shell once it starts. */
  command?: string;
  /** The terminal's title. */
  name?: string;
  /** Tests only (TestHooks): this shell instead of the user's default. */
  shell?: string;
  shellArgs?: string[];
  /** Tests only (TestHooks): behave as if node-pty could not load, to reach the pipe fallback. */
  pipe?: boolean;
}

/** A terminal ready to be created: nothing has started yet, and every value is resolved. */
export interface PreparedTerminal {
  options: vscode.ExtensionTerminalOptions;
  pty: MaskedPty;
  /** Resolves once values stored since the terminal opened are masked too. */
  masksCurrent(): Promise<void>;
  /** Credentials nobody stored that the output showed, by kind and suggested name (never the value). */
  caught(): readonly { kind: string; suggestedName: string }[];
}

const TERMINAL_TITLE = 'Vaultify (masked)';
const PICKED_KEY = 'vaultify.terminal.pickedSecrets';
const MASKING = 'masking the output of a masked terminal';

function isWithin(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** Resolves what a masked terminal needs, then builds its Pseudoterminal: shared by the command, the profile and the CodeLens. */
export class MaskedTerminalLauncher {
  /** Every stored value in scope is masked, not only the injected ones: `cat .env.production` shows tokens too. */
  private readonly masking: MaskingInput;

  constructor(
    private readonly ctx: Ctx,
    private readonly vault: Vault,
    private readonly broker: ReleaseBroker,
    private readonly detect: DetectDocument,
    private readonly secretless: () => Promise<SecretlessRuns>,
  ) {
    this.masking = new MaskingInput(vault, ctx.settings);
  }

  /**
   * Undefined when the user cancels the secret pick. Throws UserError when something is missing,
   * and ReleaseDeniedError when a driven request is not approved. A person is asked which secrets.
   */
  async prepare(args: MaskedTerminalArgs, requester: Requester): Promise<PreparedTerminal | undefined> {
    requireTrust('start masked terminals');
    const testMode = this.ctx.test !== undefined;
    const { cwd, folder } = this.workingFolder(args.cwd);

    const envFiles = await this.envFiles(args.envFiles, folder, cwd);
    const requireEnvFiles = args.envFiles !== undefined;
    const credentials = new InjectedCredentials(this.detect);
    let secrets = args.secrets;
    if (!secrets && requester.kind === 'person') {
      const listed = await credentials.among(await plainEnvValues(envFiles, requireEnvFiles));
      secrets = await this.pickSecrets(
        listed.map((entry) => entry.variable),
        await envFileReferences(envFiles, requireEnvFiles),
      );
      if (!secrets) return undefined;
    }
    // A secret bound to hosts resolves to a placeholder (in env files too); its value goes only on the wire.
    let run: SecretlessRun | undefined;
    const release = async (wanted: { name: string; source: string }[]): Promise<ReadonlyMap<string, string>> => {
      const released = await this.broker.release({
        requester,
        secrets: wanted,
        channel: 'process',
        purpose: 'injecting into a masked terminal',
        command: args.command,
        cwd,
      });
      run = await (
        await this.secretless()
      ).open(
        released.map((s) => ({ ...s, scope: this.vault.scopeId(s.scope) ?? GLOBAL_SCOPE })),
        requester,
      );
      return run.delivered;
    };
    let resolved;
    try {
      resolved = await resolveTerminalEnvironment(this.vault, { secrets: secrets ?? [], envFiles, requireEnvFiles }, release);
    } catch (error) {
      run?.close();
      throw error;
    }
    for (const { name, value } of resolved.injected) warnIfTooShortToMask(this.ctx, name, value);
    const envValues = envMaskSecrets(await credentials.among(resolved.plain));

    const shell = testMode && args.shell ? { file: args.shell, args: args.shellArgs ?? [] } : defaultShell();
    const loadPty =
      testMode && args.pipe
        ? (): PtyModule => {
            throw new Error('turned off by the test');
          }
        : loadNodePty;
    const caught: { kind: string; suggestedName: string }[] = [];
    const title = args.name ?? TERMINAL_TITLE;
    const pty = new MaskedPty({
      launch: { ...shell, cwd, env: processEnvironment({ ...resolved.variables, ...run?.environment }) },
      secrets: [...(await this.masking.values(MASKING)), ...envValues],
      masking: {
        ...this.masking.options(folder),
        onCredential: (credential) => {
          caught.push({ kind: credential.kind, suggestedName: credential.suggestedName });
          // Once per terminal session: the first catch is offered, later ones are masked quietly.
          if (caught.length === 1) void this.offerToStore(credential, title);
        },
      },
      holdMs: this.ctx.settings.get('terminal.holdMs', folder),
      command: args.command,
      loadPty,
      // Any request to the window answers after the output sent before it; this one is cheap and changes nothing.
      delivered: () => vscode.commands.executeCommand('setContext', 'vaultify.maskedTerminalOpen', true),
    });

    // Rotation, renaming or deletion while the terminal is open: mask the new values as well,
    // and keep the old ones, which the process may still hold, until it closes.
    let updating = Promise.resolve();
    pty.disposeWithTerminal(
      this.vault.onDidChange(() => {
        updating = updating
          .then(async () => pty.addSecrets(await this.masking.values(MASKING)))
          .catch((error: unknown) => {
            this.ctx.log.warn(`Could not update a masked terminal's mask list: ${error instanceof Error ? error.message : String(error)}`);
          });
      }),
    );
    // One audit record per session, however it ends, with how many values were masked.
    let exitCode: number | undefined;
    pty.onDidClose((code) => (exitCode = code));
    pty.disposeWithTerminal({ dispose: () => run?.close() });
    pty.disposeWithTerminal({
      dispose: () =>
        void this.broker
          .recordRun({
            requester,
            secrets: resolved.injected.map(({ name }) => ({ name, scope: scopeKindOfId(this.vault.lookup(name)?.scope ?? GLOBAL_SCOPE) })),
            ...(args.command !== undefined && { command: maskText(args.command, resolved.injected).text }),
            cwd,
            ...(exitCode !== undefined && { exitCode }),
            maskedCount: pty.maskedCount(),
            purpose: 'masked terminal session',
          })
          .catch((error: unknown) =>
            this.ctx.log.error(`Could not record the masked terminal session: ${error instanceof Error ? error.message : String(error)}`),
          ),
    });
    const options: vscode.ExtensionTerminalOptions = { name: title, pty, iconPath: new vscode.ThemeIcon('shield') };
    return { options, pty, masksCurrent: () => updating, caught: () => caught };
  }

  /** Arguments for a Vaultify command that a person's click in Vaultify's own message starts. */
  asPerson<T extends object>(args: T): T {
    return this.ctx.person.mark(args);
  }

  /**
   * Offers to vault a credential the output showed. The value goes from the masker's memory into
   * SecretStorage on the user's word and is dropped otherwise; nothing else keeps it.
   */
  private async offerToStore(credential: CaughtCredential, terminalTitle: string): Promise<void> {
    const kind = credential.kind;
    const name = uniqueName(credential.suggestedName, (candidate) => this.vault.lookup(candidate) !== undefined);
    const answer = await vscode.window.showInformationMessage(
      `Vaultify masked a ${kind} that "${terminalTitle}" printed. Store it in the vault as "${name}"?`,
      'Store in vault',
    );
    if (answer !== 'Store in vault') return;
    const scope = this.vault.scopeId('workspace') ?? GLOBAL_SCOPE;
    await this.vault.store(name, credential.value, scope, { kind, origin: `printed in the masked terminal "${terminalTitle}"` }, PERSON);
    vscode.window.setStatusBarMessage(`$(shield) "${name}" stored in the vault.`, 5000);
  }

  /**
   * The env files to load, each inside the terminal's folder: a repository's settings (or an agent
   * editing them) must not point a terminal at ~/.aws/credentials. Entries from the setting that
   * leave the folder are ignored and the user is told; such an argument is refused.
   */
  private async envFiles(requested: string[] | undefined, folder: vscode.WorkspaceFolder | undefined, cwd: string): Promise<vscode.Uri[]> {
    const root = folder?.uri.fsPath ?? cwd;
    const realRoot = await realpath(root).catch(() => root);
    const entries = requested ?? this.ctx.settings.get('terminal.envFiles', folder);
    const inside: vscode.Uri[] = [];
    for (const entry of entries) {
      const file = path.resolve(root, entry);
      const real = await realpath(file).catch(() => file);
      if (!path.isAbsolute(entry) && isWithin(root, file) && isWithin(realRoot, real)) {
        inside.push(vscode.Uri.file(file));
        continue;
      }
      const why = `env files must be inside the workspace folder ${folder?.name ?? root}`;
      if (requested) throw new UserError(`The masked terminal did not start: ${JSON.stringify(entry)}: ${why}.`);
      this.ctx.settings.reportIgnoredSetting('terminal.envFiles', entry, 'its settings', why);
    }
    return inside;
  }

  private workingFolder(cwd: string | undefined): { cwd: string; folder?: vscode.WorkspaceFolder } {
    if (cwd !== undefined) return { cwd, folder: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd)) };
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    return { cwd: folder?.uri.fsPath ?? os.homedir(), folder };
  }

  /**
   * The multi-select pick of secrets to inject, remembered per workspace (names only), listing
   * below them every vault reference the env files inject, checked: a repository's `.env` must
   * not put a secret into a person's terminal unlisted. Those are not the pick's to drop; one
   * unchecked stops the terminal and says to edit the file. Undefined when cancelled.
   */
  private async pickSecrets(injectedCredentials: readonly string[], references: readonly EnvReference[]): Promise<string[] | undefined> {
    const seen = new Set<string>();
    // Workspace scope first: a name resolves there, so the global secret of the same name is shadowed.
    const secrets = this.vault.list().filter((m) => !seen.has(m.name) && seen.add(m.name));
    if (!secrets.length && !references.length) return [];
    const remembered = new Set(this.ctx.extension.workspaceState.get<string[]>(PICKED_KEY, []));
    const referenceItems = references.map((r) => ({
      label: `vault:${r.name}`,
      description: `$${r.variable} from ${r.source}`,
      picked: true,
      reference: r,
    }));
    const picked = await vscode.window.showQuickPick(
      [
        ...secrets.map((m) => ({
          label: m.name,
          description: scopeKindOfId(m.scope),
          detail: `as $${envVarName(m.name)}`,
          picked: remembered.has(m.name),
        })),
        ...(referenceItems.length ? [{ label: 'Injected by the .env files', kind: vscode.QuickPickItemKind.Separator }] : []),
        ...referenceItems,
      ],
      {
        canPickMany: true,
        title: 'New masked terminal: secrets to put in its environment',
        placeHolder: injectedCredentials.length
          ? `The .env files also inject ${injectedCredentials.join(', ')}, masked as [masked env:NAME]. Every stored secret is masked too.`
          : 'Every stored secret is masked in the output either way.',
      },
    );
    if (!picked) return undefined;
    const dropped = referenceItems.filter((item) => !picked.includes(item));
    if (dropped.length) {
      throw new UserError(
        `The masked terminal did not start: ${dropped.map((d) => `${d.label} ($${d.reference.variable} in ${d.reference.source})`).join(', ')} ${dropped.length === 1 ? 'is' : 'are'} injected by the .env files; remove the reference from the file to leave it out.`,
      );
    }
    const names = picked.filter((item) => !('reference' in item)).map((item) => item.label);
    await this.ctx.extension.workspaceState.update(PICKED_KEY, names);
    return names;
  }
}
