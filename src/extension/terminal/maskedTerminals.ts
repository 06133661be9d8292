import * as vscode from 'vscode';
import { registerVaultifyCommand } from '../commandRegistry';
import type { Ctx } from '../ctx';
import { lazyFeature } from '../lazyFeature';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { SecretlessRuns } from '../secretless/secretlessRuns';
import type { Vault } from '../vault/vault';
import type { DetectDocument } from './injectedValues';
import { ScriptCodeLensProvider } from './scriptCodeLens';
import { registerTerminalProfile } from './terminalProfile';

/**
 * The masked terminal's launch points: the command, the terminal profile and the script CodeLens.
 * The launcher (masker, .env parser) loads on first use and node-pty when a terminal opens, so
 * activation pays for neither.
 */
export function registerMaskedTerminals(ctx: Ctx, vault: Vault, broker: ReleaseBroker, detect: DetectDocument, secretless: () => Promise<SecretlessRuns>): void {
  const launcher = lazyFeature(async () => new (await import('./maskedTerminalLauncher')).MaskedTerminalLauncher(ctx, vault, broker, detect, secretless));
  registerVaultifyCommand(ctx, 'vaultify.newMaskedTerminal', async (args, requester) =>
    (await import('./maskedTerminalCommand')).newMaskedTerminal(await launcher(), ctx.extension.extensionMode, ctx.settings, args, requester),
  );
  registerTerminalProfile(ctx, launcher);
  const lenses = new ScriptCodeLensProvider(vault, ctx.person, ctx.settings);
  lenses.watch(ctx);
  ctx.register(vscode.languages.registerCodeLensProvider(ScriptCodeLensProvider.selector, lenses));
}
