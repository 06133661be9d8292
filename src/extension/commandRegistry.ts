import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import { UserError } from './vaultify/userError';

/**
 * Registers a command whose failures reach the user in words. Driven with arguments (by a test,
 * a task or another extension), it rejects instead, so the caller sees the same message.
 */
export function registerVaultifyCommand(ctx: Ctx, id: string, handler: (args?: any) => Promise<unknown>): void {
  ctx.registerCommand(id, async (args?: unknown) => {
    const isObject = args !== undefined && args !== null && typeof args === 'object' && !(args instanceof vscode.Uri);
    // Items of Vaultify's own views carry `fromView`: they name the secret, but a person clicked.
    const driven = isObject && !(args as { fromView?: boolean }).fromView;
    try {
      return await handler(isObject ? args : undefined);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof UserError)) ctx.log.error(`${id} failed: ${message}`);
      if (driven) throw error;
      void vscode.window.showErrorMessage(`Vaultify: ${message}`);
      return undefined;
    }
  });
}
