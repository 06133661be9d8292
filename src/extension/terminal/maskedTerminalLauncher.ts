import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { MaskSecret } from '../../core/mask';
import type { Requester } from '../../core/policy';
import type { ReleaseBroker } from '../broker/releaseBroker';
import { countMaskTokens, maskValues } from '../broker/sessionRecord';
import { setting } from '../config';
import type { Ctx } from '../ctx';
import { requireTrust } from '../trust';
import { warnIfTooShortToMask } from '../vault/shortValues';
import type { Vault } from '../vault/vault';
import { GLOBAL_SCOPE } from '../vault/vaultScope';
import { MaskedPty } from './maskedPty';
import { type PtyModule, loadNodePty } from './ptyProcess';
import { defaultShell } from './shellProcess';
import { envVarName, processEnvironment, resolveTerminalEnvironment } from './terminalEnvironment';

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
  /** ExtensionMode.Test only: this shell instead of the user's default. */
  shell?: string;
  shellArgs?: string[];
  /** ExtensionMode.Test only: behave as if node-pty could not load, to reach the pipe fallback. */
  pipe?: boolean;
}

/** A terminal ready to be created: nothing has started yet, and every value is resolved. */
export interface PreparedTerminal {
  options: vscode.ExtensionTerminalOptions;
  pty: MaskedPty;
  /** Resolves once values stored since the terminal opened are masked too. */
  masksCurrent(): Promise<void>;
}

const TERMINAL_TITLE = 'Vaultify (masked)';
const PICKED_KEY = 'vaultify.terminal.pickedSecrets';
const MASKER_READ = { actor: 'masker', purpose: 'masking the output of a masked terminal' } as const;

/** Resolves what a masked terminal needs, then builds its Pseudoterminal: shared by the command, the profile and the CodeLens. */
export class MaskedTerminalLauncher {
  constructor(
    private readonly ctx: Ctx,
    private readonly vault: Vault,
    private readonly broker: ReleaseBroker,
  ) {}

  /**
   * Undefined when the user cancels the secret pick. Throws UserError when something is missing,
   * and ReleaseDeniedError when a driven request is not approved. A person is asked which secrets.
   */
  async prepare(args: MaskedTerminalArgs, requester: Requester): Promise<PreparedTerminal | undefined> {
    requireTrust('start masked terminals');
    const testMode = this.ctx.extension.extensionMode === vscode.ExtensionMode.Test;
    const { cwd, folder } = this.workingFolder(args.cwd);

    const secrets = args.secrets ?? (requester.kind === 'person' ? await this.pickSecrets() : []);
    if (!secrets) return undefined;
    const envFiles = (args.envFiles ?? setting('terminal.envFiles', folder)).map((file) =>
      path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder?.uri ?? vscode.Uri.file(cwd), file),
    );
    const release = async (wanted: { name: string; source: string }[]): Promise<ReadonlyMap<string, string>> => {
      const released = await this.broker.release({ requester, secrets: wanted, channel: 'process', purpose: 'injecting into a masked terminal', command: args.command, cwd });
      return new Map(released.map((s) => [s.name, s.value]));
    };
    const resolved = await resolveTerminalEnvironment(this.vault, { secrets, envFiles, requireEnvFiles: args.envFiles !== undefined }, release);
    for (const { name, value } of resolved.injected) warnIfTooShortToMask(this.ctx, name, value);

    const shell = testMode && args.shell ? { file: args.shell, args: args.shellArgs ?? [] } : defaultShell();
    const loadPty = testMode && args.pipe ? (): PtyModule => {
      throw new Error('turned off by the test');
    } : loadNodePty;
    const pty = new MaskedPty({
      launch: { ...shell, cwd, env: processEnvironment(resolved.variables) },
      secrets: await this.maskList(),
      masking: { token: setting('mask.token', folder), minLength: setting('mask.minLength', folder) },
      holdMs: setting('terminal.holdMs', folder),
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
        updating = updating.then(async () => pty.addSecrets(await this.maskList())).catch((error: unknown) => {
          this.ctx.log.warn(`Could not update a masked terminal's mask list: ${error instanceof Error ? error.message : String(error)}`);
        });
      }),
    );
    // One audit record per session, when it ends, with how many values were masked.
    const masked = countMaskTokens(pty.onDidWrite, setting('mask.token', folder));
    pty.onDidClose((exitCode) =>
      void this.broker
        .recordRun({
          requester,
          secrets: resolved.injected.map(({ name }) => ({ name, scope: this.vault.lookup(name)?.scope === GLOBAL_SCOPE ? 'global' : 'workspace' })),
          ...(args.command !== undefined && { command: maskValues(args.command, resolved.injected) }),
          cwd,
          ...(typeof exitCode === 'number' && { exitCode }),
          maskedCount: masked.count(),
          purpose: 'masked terminal session',
        })
        .catch((error: unknown) => this.ctx.log.error(`Could not record the masked terminal session: ${error instanceof Error ? error.message : String(error)}`)),
    );
    const options: vscode.ExtensionTerminalOptions = { name: args.name ?? TERMINAL_TITLE, pty, iconPath: new vscode.ThemeIcon('shield') };
    return { options, pty, masksCurrent: () => updating };
  }

  /** Every stored value in scope is masked, not only the injected ones: `cat .env.production` shows tokens too. */
  private async maskList(): Promise<MaskSecret[]> {
    return (await this.vault.readAll(MASKER_READ)).map(({ metadata, value }) => ({ name: metadata.name, value }));
  }

  private workingFolder(cwd: string | undefined): { cwd: string; folder?: vscode.WorkspaceFolder } {
    if (cwd !== undefined) return { cwd, folder: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(cwd)) };
    const active = vscode.window.activeTextEditor?.document.uri;
    const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
    return { cwd: folder?.uri.fsPath ?? os.homedir(), folder };
  }

  /** The multi-select pick of secrets to inject, remembered per workspace (names only). Undefined when cancelled. */
  private async pickSecrets(): Promise<string[] | undefined> {
    const seen = new Set<string>();
    // Workspace scope first: a name resolves there, so the global secret of the same name is shadowed.
    const secrets = this.vault.list().filter((m) => !seen.has(m.name) && seen.add(m.name));
    if (!secrets.length) return [];
    const remembered = new Set(this.ctx.extension.workspaceState.get<string[]>(PICKED_KEY, []));
    const picked = await vscode.window.showQuickPick(
      secrets.map((m) => ({
        label: m.name,
        description: m.scope === GLOBAL_SCOPE ? 'global' : 'workspace',
        detail: `as $${envVarName(m.name)}`,
        picked: remembered.has(m.name),
      })),
      {
        canPickMany: true,
        title: 'New masked terminal: secrets to put in its environment',
        placeHolder: 'References in .env files resolve too. Every stored secret is masked in the output either way.',
      },
    );
    if (!picked) return undefined;
    const names = picked.map((item) => item.label);
    await this.ctx.extension.workspaceState.update(PICKED_KEY, names);
    return names;
  }
}

