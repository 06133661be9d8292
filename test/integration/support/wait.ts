import * as vscode from 'vscode';

/** Polls `check` until it returns a defined value, or fails saying what did not happen. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms: ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

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
