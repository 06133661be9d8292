import * as vscode from 'vscode';
import { registerAcceptedSettings } from './acceptedSettings';
import { registerAgentTools } from './agents/agentTools';
import { registerAuditView } from './broker/brokerCommands';
import { registerCommands } from './commandRegistry';
import { Ctx } from './ctx';
import { registerDetection } from './detectionStart';
import { registerExpiryReminders } from './exposure/expiryReminders';
import { registerExposure } from './exposure/exposureWatch';
import { registerGuard } from './guard/aiGuard';
import { registerReferenceSupport } from './references/referenceSupport';
import { Services } from './services';
import { registerStatusBar } from './statusBar';
import { registerTeam } from './team/teamFeature';
import type { TestApi } from './testHooks';
import { registerMaskedTerminals } from './terminal/maskedTerminals';
import { registerLegacyScopeOffer } from './vault/legacyScope';
import { registerVaultView } from './vaultView/vaultTree';

/** Set by the bundle's first line (scripts/build.mjs), so activation time includes loading. */
declare const vaultifyBundleStart: number;
/** Evaluating the bundle: every dependency's set-up, before VS Code calls activate. */
const loadMs = performance.now() - vaultifyBundleStart;

export interface VaultifyApi extends Partial<TestApi> {
  /**
   * The extension's own share of activation, as VS Code splits it: loading the bundle plus the
   * activate call. VS Code's wait for storage between the two is not the extension's.
   */
  activationMs: number;
}

/** The composition root: the services, then each feature's registration, then the command table. */
export function activate(context: vscode.ExtensionContext): VaultifyApi {
  const activateStart = performance.now();
  const ctx = new Ctx(context);
  const services = new Services(ctx);
  registerStatusBar(ctx);
  registerAcceptedSettings(ctx, services);
  registerTeam(ctx, services);
  registerSessionGrants(ctx, services);
  registerAuditView(ctx, services);
  registerDetection(ctx, services);
  registerReferenceSupport(ctx, services);
  registerVaultView(ctx, services);
  registerExposure(ctx, services);
  registerExpiryReminders(ctx, services);
  registerMaskedTerminals(ctx, services);
  registerGuard(ctx, services);
  registerAgentTools(ctx, services);
  registerLegacyScopeOffer(ctx, services);
  registerCommands(ctx, services);

  const activateMs = performance.now() - activateStart;
  const activationMs = loadMs + activateMs;
  ctx.log.info(`Activated in ${activationMs.toFixed(1)} ms (load ${loadMs.toFixed(1)} ms, activate ${activateMs.toFixed(1)} ms).`);
  const { audit, vaultTree } = services;
  return {
    activationMs,
    ...ctx.test?.api(ctx.person, { auditDir: audit.dir, vaultTree, ignoredSettings: () => ctx.settings.ignoredSettingMessages() }),
  };
}

/** Session grants belong to the workspace they were given in: a change of folders ends them. */
function registerSessionGrants(ctx: Ctx, { broker }: Services): void {
  ctx.register(
    vscode.workspace.onDidChangeWorkspaceFolders(
      () => void broker.revokeAll({ kind: 'person', label: 'workspace folders changed' }).catch(() => undefined),
    ),
  );
}
