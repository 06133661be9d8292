import * as vscode from 'vscode';
import { waitFor } from '../../support/wait';

export { waitFor };

/** The detector's findings; warnings on references to missing secrets (code missing-secret) are left out. */
export function vaultifyDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Vaultify' && d.code !== 'missing-secret');
}

/** Waits until the Vaultify diagnostics of `uri` satisfy `accept`, then returns them. */
export function waitForDiagnostics(
  uri: vscode.Uri,
  accept: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
): Promise<vscode.Diagnostic[]> {
  return waitFor(() => {
    const diagnostics = vaultifyDiagnostics(uri);
    return accept(diagnostics) ? diagnostics : undefined;
  }, what);
}
