import * as path from 'node:path';
import * as vscode from 'vscode';
import { approvalAnswerer } from './broker/approvalPrompt';
import { registerAcceptedSettings } from './acceptedSettings';
import { AuditTrail } from './broker/auditTrail';
import { registerBrokerCommands } from './broker/brokerCommands';
import { brokerClock } from './broker/brokerClock';
import { GrantStore } from './broker/grantStore';
import { ReleaseBroker } from './broker/releaseBroker';
import { registerVaultifyCommand } from './commandRegistry';
import { Ctx } from './ctx';
import { registerAgentTools } from './agents/agentTools';
import { registerExpiryReminders } from './exposure/expiryReminders';
import { ExposureLedger } from './exposure/exposureLedger';
import { registerExposure } from './exposure/exposureWatch';
import { registerGuard } from './guard/aiGuard';
import { lazyFeature } from './lazyFeature';
import { registerReferenceSupport } from './references/referenceSupport';
import { registerStatusBar } from './statusBar';
import { registerTeam } from './team/teamFeature';
import { offerLegacyScope } from './vault/legacyScope';
import { Vault } from './vault/vault';
import { FindingActions } from './vaultify/findingActions';
import { warnIfTooShortToMask } from './vault/shortValues';
import { type VaultTreeProvider, registerVaultView } from './vaultView/vaultTree';
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
  /** ExtensionMode.Test only: where the audit trail's segments are, so tests can tamper with them. */
  auditDir?: string;
  /** ExtensionMode.Test only: the Vault view's data, so tests can read its items as the view shows them. */
  vaultTree?: VaultTreeProvider;
  /** ExtensionMode.Test only: the ignored-setting messages shown so far, so tests can read them without a UI. */
  ignoredSettings?: () => readonly string[];
}

export function activate(context: vscode.ExtensionContext): VaultifyApi {
  const activateStart = performance.now();
  const ctx = new Ctx(context);
  registerStatusBar(ctx);
  const mode = context.extensionMode;
  const now = brokerClock(mode);
  // The trail masks what it records with the vault's values; the vault records its changes in the trail.
  const maskRecordText = async (texts: readonly string[]): Promise<string[]> => (await import('./broker/auditMask')).maskForTrail(vault, ctx.settings, texts);
  const audit = new AuditTrail(context.secrets, path.join(context.globalStorageUri.fsPath, 'audit'), ctx.settings.get('audit.maxSegmentMB') * 1024 * 1024, ctx.log, maskRecordText);
  const vault = new Vault(context.secrets, context.globalState, mode, ctx.log, audit);
  const acceptedSettings = registerAcceptedSettings(ctx, audit, mode);
  registerTeam(ctx, vault, audit, mode);
  const grants = ctx.register(new GrantStore(now));
  const broker = new ReleaseBroker(vault, grants, audit, approvalAnswerer(mode), now);
  // Session grants belong to the workspace they were given in: a change of folders ends them.
  ctx.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void broker.revokeAll({ kind: 'person', label: 'workspace folders changed' }).catch(() => undefined)));
  registerBrokerCommands(ctx, broker, audit);
  const warnShort = (name: string, value: string): void => warnIfTooShortToMask(ctx, name, value);

  // The language server loads the detector; the client starts right after activation, not in it.
  const detection = lazyFeature(async () => {
    const [{ DetectionClient }, { shareKnownValues }] = await Promise.all([import('./detectionClient'), import('./vaultify/knownValues')]);
    const client = new DetectionClient(ctx);
    await client.start();
    ctx.register(acceptedSettings.onDidChange(() => void client.settingsChanged()));
    shareKnownValues(ctx, vault, client);
    return client;
  });
  setTimeout(() => void detection().catch((error: unknown) => ctx.log.error(`Could not start the detector: ${String(error)}`)), 0);

  const flow = lazyFeature(async () => {
    const [{ VaultifyFlow }, { LocalHistoryCleaner }, { warnIfCommitted }] = await Promise.all([
      import('./vaultify/vaultifySecret'),
      import('./vaultify/localHistory'),
      import('./vaultify/gitExposure'),
    ]);
    const history = ctx.register(new LocalHistoryCleaner(context.globalStorageUri, ctx.log));
    return new VaultifyFlow(vault, await detection(), ctx.log, async (document, vaulted) => {
      for (const { name, value } of vaulted) warnShort(name, value);
      if (ctx.settings.get('cleanLocalHistory', document.uri)) await history.clean(vaulted);
      void warnIfCommitted(document, vaulted);
    });
  });
  registerVaultifyCommand(ctx, 'vaultify.vaultifySecret', async (args, requester) => (await flow()).vaultifySecret(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.vaultifyFile', async (args, requester) => (await flow()).vaultifyFile(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.scanWorkspace', async (_args, requester) => {
    const { scanWorkspaceCommand } = await import('./vaultify/scanWorkspace');
    return scanWorkspaceCommand(ctx, await detection(), requester.kind === 'person');
  });
  registerVaultifyCommand(ctx, 'vaultify.restartDetectionServer', async () => (await detection()).restart());
  registerVaultifyCommand(ctx, 'vaultify.showOutput', () => Promise.resolve(ctx.log.show(true)));
  registerVaultifyCommand(ctx, 'vaultify.ignoreFinding', async (args) => (await import('./vaultify/ignoreFinding')).ignoreFinding(args));
  ctx.register(vscode.languages.registerCodeActionsProvider({ pattern: '**' }, new FindingActions(ctx.person), { providedCodeActionKinds: FindingActions.kinds }));

  const secrets = lazyFeature(async () => new (await import('./secrets/secretCommands')).SecretCommands(vault, broker, mode, warnShort));
  registerVaultifyCommand(ctx, 'vaultify.addSecret', async (args, requester) => (await secrets()).add(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.revealSecret', async (args, requester) => (await secrets()).reveal(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.copySecret', async (args, requester) => (await secrets()).copy(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.restoreLiteral', async (args, requester) => (await secrets()).restore(args, requester));
  const exposures = ctx.register(new ExposureLedger(context.globalState));
  const rotation = lazyFeature(async () => new (await import('./exposure/rotation')).Rotation(vault, broker, audit, exposures, () => ctx.settings.get('rotation.retiredMaskDays'), warnShort, (args) => ctx.person.mark(args)));
  registerVaultifyCommand(ctx, 'vaultify.rotateSecret', async (args, requester) => (await rotation()).rotate(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.renameSecret', async (args, requester) => (await secrets()).rename(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.deleteSecret', async (args, requester) => (await secrets()).delete(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.setSecretAccess', async (args, requester) => (await secrets()).setAccess(args, requester));
  registerVaultifyCommand(ctx, 'vaultify.setSecretExpiry', async (args, requester) => (await secrets()).setExpiry(args, requester));
  registerReferenceSupport(ctx, vault);
  const vaultTree = registerVaultView(ctx, vault, broker, grants.onDidChange, exposures);
  registerExposure(ctx, vault, exposures);
  registerExpiryReminders(ctx, vault);
  registerMaskedTerminals(ctx, vault, broker, async (uri) => (await detection()).detect(uri));
  registerGuard(ctx, detection);
  // The runner, the masker and the env-file code load with the first agent request.
  const agentBackend = lazyFeature(async () => (await import('./agents/brokerBackend')).createAgentBackend(vault, broker, ctx.settings));
  registerAgentTools(ctx, {
    listSecrets: async () => (await agentBackend()).listSecrets(),
    runWithSecrets: async (request, requester, signal) => (await agentBackend()).runWithSecrets(request, requester, signal),
    maskText: async (text) => (await agentBackend()).maskText(text),
  });
  setTimeout(() => void offerLegacyScope(ctx, vault).catch((error: unknown) => ctx.log.error(`Could not look for earlier workspace secrets: ${String(error)}`)), 0);

  const activateMs = performance.now() - activateStart;
  const activationMs = loadMs + activateMs;
  ctx.log.info(`Activated in ${activationMs.toFixed(1)} ms (load ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms).`);
  return { activationMs, ...(mode === vscode.ExtensionMode.Test && { auditDir: audit.dir, vaultTree, ignoredSettings: () => ctx.settings.ignoredSettingMessages() }) };
}
