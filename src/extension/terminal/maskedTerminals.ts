import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import { ScriptCodeLensProvider } from './scriptCodeLens';
import { registerTerminalProfile } from './terminalProfile';

/**
 * The masked terminal's launch points beside the command: the terminal profile and the script CodeLens.
 * The launcher (masker, .env parser) loads on first use and node-pty when a terminal opens, so
 * activation pays for neither.
 */
export function registerMaskedTerminals(ctx: Ctx, services: Services): void {
  registerTerminalProfile(ctx, services.terminals);
  const lenses = new ScriptCodeLensProvider(services.vault, ctx.person, ctx.settings);
  lenses.watch(ctx);
  ctx.register(vscode.languages.registerCodeLensProvider(ScriptCodeLensProvider.selector, lenses));
}
