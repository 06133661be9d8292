import * as vscode from 'vscode';
import { UserError } from './userError';

/**
 * Invariant 4 (docs/ARCHITECTURE.md): in an untrusted workspace no value is resolved. Commands that would reveal, write
 * back or inject a value call this first; the refusal says why and what still works.
 */
export function requireTrust(action: string): void {
  if (vscode.workspace.isTrusted) return;
  throw new UserError(
    `Vaultify does not ${action} in an untrusted workspace. Detection and AI ignore files still work; trust the workspace to ${action}.`,
  );
}
