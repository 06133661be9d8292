import * as vscode from 'vscode';
import { registerVaultifyCommand } from '../commandRegistry';
import type { Ctx } from '../ctx';
import type { Vault } from '../vault/vault';
import { newMaskedTerminal } from './maskedTerminalCommand';
import { MaskedTerminalLauncher } from './maskedTerminalLauncher';
import { ScriptCodeLensProvider } from './scriptCodeLens';
import { registerTerminalProfile } from './terminalProfile';

/** The masked terminal's launch points: the command, the terminal profile and the script CodeLens. Nothing native loads here. */
export function registerMaskedTerminals(ctx: Ctx, vault: Vault): void {
  const launcher = new MaskedTerminalLauncher(ctx, vault);
  registerVaultifyCommand(ctx, 'vaultify.newMaskedTerminal', (args) => newMaskedTerminal(launcher, ctx.extension.extensionMode, args));
  registerTerminalProfile(ctx, launcher);
  const lenses = new ScriptCodeLensProvider(vault);
  lenses.watch(ctx);
  ctx.register(vscode.languages.registerCodeLensProvider(ScriptCodeLensProvider.selector, lenses));
}
