import * as vscode from 'vscode';
import type { Ctx } from './ctx';
import type { Services } from './services';
import { FindingActions } from './vaultify/findingActions';

/**
 * The detector's place in the editor: the language client starts right after activation, not in
 * it, and the findings' quick fixes (Vaultify secret, Ignore this finding) are offered at once.
 */
export function registerDetection(ctx: Ctx, services: Services): void {
  setTimeout(() => void services.detection().catch((error: unknown) => ctx.log.error(`Could not start the detector: ${String(error)}`)), 0);
  ctx.register(
    vscode.languages.registerCodeActionsProvider({ pattern: '**' }, new FindingActions(ctx.person), {
      providedCodeActionKinds: FindingActions.kinds,
    }),
  );
}
