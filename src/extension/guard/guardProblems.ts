import * as vscode from 'vscode';

/**
 * Guard files Vaultify had to leave alone (read-only, malformed settings, a symlink leading out
 * of the workspace). Each file and reason is logged and shown once: the upkeep recomputes often,
 * and the user needs one clear message, not one per keystroke. A file that is fine again is
 * forgotten, so a later breakage is reported afresh.
 */
export class GuardProblems {
  /** Reasons already reported, per `folder URI|file`. */
  private readonly reported = new Map<string, Set<string>>();

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /** `label` names the file for the user (with its folder in a multi-root workspace); `reason` never holds file content. */
  report(folder: vscode.WorkspaceFolder, file: string, label: string, reason: string): void {
    const key = `${folder.uri.toString()}|${file}`;
    const reasons = this.reported.get(key) ?? new Set<string>();
    if (reasons.has(reason)) return;
    reasons.add(reason);
    this.reported.set(key, reasons);
    this.log.warn(`AI guard: left ${label} alone: ${reason}`);
    const target = vscode.Uri.joinPath(folder.uri, file);
    void vscode.window.showWarningMessage(`Vaultify could not update ${label}: ${reason}.`, 'Open File').then((choice) => {
      if (choice === 'Open File') void vscode.window.showTextDocument(target).then(undefined, () => undefined);
    });
  }

  /** Whether `file` has an unresolved problem: then its own changes matter (the user may be fixing it). */
  has(folder: vscode.WorkspaceFolder, file: string): boolean {
    return this.reported.has(`${folder.uri.toString()}|${file}`);
  }

  resolved(folder: vscode.WorkspaceFolder, file: string): void {
    this.reported.delete(`${folder.uri.toString()}|${file}`);
  }
}
