import * as vscode from 'vscode';
import { PERSON } from '../../core/policy';
import type { Ctx } from '../ctx';
import type { MaskedTerminalLauncher } from './maskedTerminalLauncher';

const PROFILE_ID = 'vaultify.masked';

/**
 * "Vaultify (masked)" in the terminal "+" menu, and as a possible default profile. VS Code shows
 * a thrown error's message as a notification, so a refusal or a missing secret reads the same as
 * from the command.
 */
export function registerTerminalProfile(ctx: Ctx, launcher: () => Promise<MaskedTerminalLauncher>): void {
  ctx.register(
    vscode.window.registerTerminalProfileProvider(PROFILE_ID, {
      async provideTerminalProfile() {
        let prepared;
        try {
          prepared = await (await launcher()).prepare({}, PERSON);
        } catch (error) {
          throw new Error(`Vaultify: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        if (!prepared) throw new Error('Vaultify: no masked terminal was started, as the secret pick was cancelled.');
        return new vscode.TerminalProfile(prepared.options);
      },
    }),
  );
}
