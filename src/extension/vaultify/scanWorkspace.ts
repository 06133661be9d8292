import * as vscode from 'vscode';
import type { ScanWorkspaceResult } from '../../shared/lspProtocol';
import type { DetectionClient } from '../detectionClient';
import type { Ctx } from '../ctx';
import { UserError } from '../userError';

/** "Scan workspace for secrets": every file, git-ignored ones too, into the Problems view. */
export async function scanWorkspaceCommand(ctx: Ctx, detection: DetectionClient, interactive: boolean): Promise<ScanWorkspaceResult> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (!folders.length) throw new UserError('Open a folder to scan.');
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Vaultify: scanning the workspace for secrets…' },
    () => detection.scanWorkspace(folders),
  );
  for (const { path, reason } of result.skipped) ctx.log.info(`Scan skipped ${path}: ${reason}`);
  const secrets = result.filesWithSecrets.reduce((sum, f) => sum + f.count, 0);
  if (interactive) {
    const summary = secrets
      ? `Vaultify found ${secrets} secret${secrets === 1 ? '' : 's'} in ${result.filesWithSecrets.length} of ${result.files} files.`
      : `Vaultify found no secrets in ${result.files} files.`;
    const skipped = result.skipped.length ? ` ${result.skipped.length} skipped (see the Vaultify output).` : '';
    const choice = await vscode.window.showInformationMessage(summary + skipped, ...(secrets ? ['Show Problems'] : []));
    if (choice === 'Show Problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
  return result;
}
