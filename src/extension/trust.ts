import * as vscode from 'vscode';

/**
 * Invariant 4: in an untrusted workspace no value is resolved. Commands that would reveal or
 * inject a value call this first; it tells the user why nothing happened.
 */
export function refuseIfUntrusted(action: string): boolean {
  if (vscode.workspace.isTrusted) return false;
  void vscode.window.showWarningMessage(
    `Vaultify does not ${action} in an untrusted workspace. Detection and AI ignore files still work. Trust the workspace to ${action}.`,
  );
  return true;
}

/** Thrown by commands driven with arguments, so callers (and tests) see the refusal. */
export class RefusedError extends Error {}
