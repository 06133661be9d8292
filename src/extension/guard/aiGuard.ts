import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import type { GuardUpkeep } from './guardUpkeep';

/** The "what AI can't see" document: one for the whole workspace, recomputed whenever it is shown. */
const HIDDEN_FILES_URI = vscode.Uri.from({ scheme: 'vaultify-hidden', path: "/What AI can't see.md" });

/**
 * The AI guard: keeps each assistant's ignore file current. Nothing heavy loads here:
 * the guard core (ignore, jsonc-parser) comes in with the upkeep module, right after activation.
 */
export function registerGuard(ctx: Ctx, services: Services): void {
  const { hiddenFilesChanged, guard: upkeep } = services;
  ctx.register(
    vscode.workspace.registerTextDocumentContentProvider(HIDDEN_FILES_URI.scheme, {
      onDidChange: hiddenFilesChanged.event,
      provideTextDocumentContent: async () => {
        const { secretFiles } = await upkeep();
        return (await import('./hiddenFilesView')).renderHiddenFiles((folder) => secretFiles.status(folder));
      },
    }),
  );
  setTimeout(() => {
    upkeep()
      .then((guard) => guard.start())
      .catch((error: unknown) => ctx.log.error(`Could not start the AI guard: ${String(error)}`));
  }, 0);
}

/** The guard's upkeep, loaded on first use: the guard core (ignore, jsonc-parser) comes in with it. */
export async function openGuard(ctx: Ctx, services: Services): Promise<GuardUpkeep> {
  const [{ GuardUpkeep }, { WorkspaceSecretFiles }] = await Promise.all([import('./guardUpkeep'), import('./workspaceSecretFiles')]);
  const secretFiles = ctx.register(new WorkspaceSecretFiles(ctx, services.detection));
  return ctx.register(new GuardUpkeep(ctx, () => services.hiddenFilesChanged.fire(HIDDEN_FILES_URI), secretFiles));
}

/** Show what AI assistants can't see: the document, computed afresh. */
export async function showHiddenFiles(services: Services): Promise<vscode.Uri> {
  // An open document keeps its text until told it changed; a new one is computed on opening.
  services.hiddenFilesChanged.fire(HIDDEN_FILES_URI);
  const document = await vscode.workspace.openTextDocument(HIDDEN_FILES_URI);
  await vscode.window.showTextDocument(document, { preview: false });
  return HIDDEN_FILES_URI;
}
