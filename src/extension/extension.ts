import * as vscode from 'vscode';
import { registerVaultifyCommand } from './commandRegistry';
import { Ctx } from './ctx';
import { registerReferenceSupport } from './references/referenceSupport';
import { DetectionClient } from './detectionClient';
import { registerStatusBar } from './statusBar';
import { SecretCommands } from './vault/secretCommands';
import { Vault } from './vault/vault';
import { FindingActions } from './vaultify/findingActions';
import { warnIfCommitted } from './vaultify/gitExposure';
import { ignoreFinding } from './vaultify/ignoreFinding';
import { LocalHistoryCleaner } from './vaultify/localHistory';
import { scanWorkspaceCommand } from './vaultify/scanWorkspace';
import { VaultifyFlow } from './vaultify/vaultifySecret';
import { warnIfTooShortToMask } from './vault/shortValues';
import { registerVaultView } from './vaultView/vaultTree';

/** Set by the bundle's first line (scripts/build.mjs), so activation time includes loading. */
declare const vaultifyBundleStart: number;

export interface VaultifyApi {
  /** Milliseconds from the bundle's first statement to the end of `activate`. */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): VaultifyApi {
  const ctx = new Ctx(context);
  const detection = new DetectionClient(ctx);
  // The server loads the detector; starting it is not awaited so activation stays cheap.
  detection.start().catch((error: unknown) => ctx.log.error(`Could not start the detector: ${String(error)}`));
  registerStatusBar(ctx);

  const vault = new Vault(context.secrets, context.globalState, context.extensionMode, ctx.log);
  const history = ctx.register(new LocalHistoryCleaner(context.globalStorageUri, ctx.log));
  const flow = new VaultifyFlow(vault, detection, async (document, vaulted) => {
    for (const { name, value } of vaulted) warnIfTooShortToMask(ctx, name, value);
    if (vscode.workspace.getConfiguration('vaultify').get<boolean>('cleanLocalHistory', true)) {
      await history.clean(vaulted);
    }
    void warnIfCommitted(document, vaulted);
  });
  registerVaultifyCommand(ctx, 'vaultify.vaultifySecret', (args) => flow.vaultifySecret(args));
  registerVaultifyCommand(ctx, 'vaultify.vaultifyFile', (args) => flow.vaultifyFile(args));
  registerVaultifyCommand(ctx, 'vaultify.scanWorkspace', (args) => scanWorkspaceCommand(ctx, detection, args === undefined));
  registerVaultifyCommand(ctx, 'vaultify.ignoreFinding', (args) => ignoreFinding(args));
  ctx.register(vscode.languages.registerCodeActionsProvider({ pattern: '**' }, new FindingActions(), { providedCodeActionKinds: FindingActions.kinds }));

  const secrets = new SecretCommands(vault, context.extensionMode, (name, value) => warnIfTooShortToMask(ctx, name, value));
  registerVaultifyCommand(ctx, 'vaultify.addSecret', (args) => secrets.add(args));
  registerVaultifyCommand(ctx, 'vaultify.revealSecret', (args) => secrets.reveal(args));
  registerVaultifyCommand(ctx, 'vaultify.copySecret', (args) => secrets.copy(args));
  registerVaultifyCommand(ctx, 'vaultify.restoreLiteral', (args) => secrets.restore(args));
  registerVaultifyCommand(ctx, 'vaultify.rotateSecret', (args) => secrets.rotate(args));
  registerVaultifyCommand(ctx, 'vaultify.renameSecret', (args) => secrets.rename(args));
  registerVaultifyCommand(ctx, 'vaultify.deleteSecret', (args) => secrets.delete(args));
  registerReferenceSupport(ctx, vault);
  registerVaultView(ctx, vault);

  const activationMs = performance.now() - vaultifyBundleStart;
  ctx.log.info(`Activated in ${activationMs.toFixed(1)} ms.`);
  return { activationMs };
}
