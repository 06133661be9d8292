import * as vscode from 'vscode';
import { registerVaultifyCommand } from '../commandRegistry';
import type { Ctx } from '../ctx';
import type { DetectionClient } from '../detectionClient';
import { lazyFeature } from '../lazyFeature';

/** The "what AI can't see" document: one for the whole workspace, recomputed whenever it is shown. */
const HIDDEN_FILES_URI = vscode.Uri.from({ scheme: 'vaultify-hidden', path: "/What AI can't see.md" });

/**
 * The AI guard: keeps each assistant's ignore file current. Nothing heavy loads here:
 * the guard core (ignore, jsonc-parser) comes in with the upkeep module, right after activation.
 */
export function registerGuard(ctx: Ctx, detection: () => Promise<DetectionClient>): void {
  const hiddenFilesChanged = ctx.register(new vscode.EventEmitter<vscode.Uri>());
  const upkeep = lazyFeature(async () => {
    const [{ GuardUpkeep }, { WorkspaceSecretFiles }] = await Promise.all([import('./guardUpkeep'), import('./workspaceSecretFiles')]);
    const secretFiles = ctx.register(new WorkspaceSecretFiles(ctx, detection));
    return ctx.register(new GuardUpkeep(ctx, () => hiddenFilesChanged.fire(HIDDEN_FILES_URI), secretFiles));
  });

  ctx.register(
    vscode.workspace.registerTextDocumentContentProvider(HIDDEN_FILES_URI.scheme, {
      onDidChange: hiddenFilesChanged.event,
      provideTextDocumentContent: async () => {
        const { secretFiles } = await upkeep();
        return (await import('./hiddenFilesView')).renderHiddenFiles((folder) => secretFiles.status(folder));
      },
    }),
  );
  registerVaultifyCommand(ctx, 'vaultify.guardWorkspace', async (args, requester) => (await upkeep()).guardWorkspaceCommand(args, requester.kind === 'person'));
  registerVaultifyCommand(ctx, 'vaultify.stopCredentialScan', async () => (await upkeep()).secretFiles.stop());
  registerVaultifyCommand(ctx, 'vaultify.showAiHiddenFiles', async () => {
    // An open document keeps its text until told it changed; a new one is computed on opening.
    hiddenFilesChanged.fire(HIDDEN_FILES_URI);
    const document = await vscode.workspace.openTextDocument(HIDDEN_FILES_URI);
    await vscode.window.showTextDocument(document, { preview: false });
    return HIDDEN_FILES_URI;
  });

  setTimeout(() => {
    upkeep()
      .then((guard) => guard.start())
      .catch((error: unknown) => ctx.log.error(`Could not start the AI guard: ${String(error)}`));
  }, 0);
}
