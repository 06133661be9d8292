import * as vscode from 'vscode';
import { registerVaultifyCommand } from './commandRegistry';
import { Ctx } from './ctx';
import { registerGuard } from './guard/aiGuard';
import { lazyFeature } from './lazyFeature';
import { protectedSetting } from './protectedSettings';
import { registerReferenceSupport } from './references/referenceSupport';
import { registerStatusBar } from './statusBar';
import { Vault } from './vault/vault';
import { FindingActions } from './vaultify/findingActions';
import { warnIfTooShortToMask } from './vault/shortValues';
import { registerVaultView } from './vaultView/vaultTree';
import { registerMaskedTerminals } from './terminal/maskedTerminals';

/** Set by the bundle's first line (scripts/build.mjs), so activation time includes loading. */
declare const vaultifyBundleStart: number;
/** Evaluating the bundle: every dependency's set-up, before VS Code calls activate. */
const loadMs = performance.now() - vaultifyBundleStart;

export interface VaultifyApi {
  /**
   * The extension's own share of activation, as VS Code splits it: loading the bundle plus the
   * activate call. VS Code's wait for storage between the two is not the extension's.
   */
  activationMs: number;
}

export function activate(context: vscode.ExtensionContext): VaultifyApi {
  const activateStart = performance.now();
  const ctx = new Ctx(context);
  registerStatusBar(ctx);
  const vault = new Vault(context.secrets, context.globalState, context.extensionMode, ctx.log);
  const warnShort = (name: string, value: string): void => warnIfTooShortToMask(ctx, name, value);

  // The language server loads the detector; the client starts right after activation, not in it.
  const detection = lazyFeature(async () => {
    const [{ DetectionClient }, { shareKnownValues }] = await Promise.all([import('./detectionClient'), import('./vaultify/knownValues')]);
    const client = new DetectionClient(ctx);
    await client.start();
    shareKnownValues(ctx, vault, client);
    return client;
  });
  setTimeout(() => detection().catch((error: unknown) => ctx.log.error(`Could not start the detector: ${String(error)}`)), 0);

  const flow = lazyFeature(async () => {
    const [{ VaultifyFlow }, { LocalHistoryCleaner }, { warnIfCommitted }] = await Promise.all([
      import('./vaultify/vaultifySecret'),
      import('./vaultify/localHistory'),
      import('./vaultify/gitExposure'),
    ]);
    const history = ctx.register(new LocalHistoryCleaner(context.globalStorageUri, ctx.log));
    return new VaultifyFlow(vault, await detection(), ctx.log, async (document, vaulted) => {
      for (const { name, value } of vaulted) warnShort(name, value);
      if (protectedSetting('cleanLocalHistory', document.uri)) await history.clean(vaulted);
      void warnIfCommitted(document, vaulted);
    });
  });
  registerVaultifyCommand(ctx, 'vaultify.vaultifySecret', async (args) => (await flow()).vaultifySecret(args));
  registerVaultifyCommand(ctx, 'vaultify.vaultifyFile', async (args) => (await flow()).vaultifyFile(args));
  registerVaultifyCommand(ctx, 'vaultify.scanWorkspace', async (args) => {
    const { scanWorkspaceCommand } = await import('./vaultify/scanWorkspace');
    return scanWorkspaceCommand(ctx, await detection(), args === undefined);
  });
  registerVaultifyCommand(ctx, 'vaultify.ignoreFinding', async (args) => (await import('./vaultify/ignoreFinding')).ignoreFinding(args));
  ctx.register(vscode.languages.registerCodeActionsProvider({ pattern: '**' }, new FindingActions(), { providedCodeActionKinds: FindingActions.kinds }));

  const secrets = lazyFeature(async () => new (await import('./vault/secretCommands')).SecretCommands(vault, context.extensionMode, warnShort));
  registerVaultifyCommand(ctx, 'vaultify.addSecret', async (args) => (await secrets()).add(args));
  registerVaultifyCommand(ctx, 'vaultify.revealSecret', async (args) => (await secrets()).reveal(args));
  registerVaultifyCommand(ctx, 'vaultify.copySecret', async (args) => (await secrets()).copy(args));
  registerVaultifyCommand(ctx, 'vaultify.restoreLiteral', async (args) => (await secrets()).restore(args));
  registerVaultifyCommand(ctx, 'vaultify.rotateSecret', async (args) => (await secrets()).rotate(args));
  registerVaultifyCommand(ctx, 'vaultify.renameSecret', async (args) => (await secrets()).rename(args));
  registerVaultifyCommand(ctx, 'vaultify.deleteSecret', async (args) => (await secrets()).delete(args));
  registerReferenceSupport(ctx, vault);
  registerVaultView(ctx, vault);
  registerMaskedTerminals(ctx, vault, async (uri) => (await detection()).detect(uri));
  registerGuard(ctx);

  const activateMs = performance.now() - activateStart;
  const activationMs = loadMs + activateMs;
  ctx.log.info(`Activated in ${activationMs.toFixed(1)} ms (load ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms).`);
  return { activationMs };
}
