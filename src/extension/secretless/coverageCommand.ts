import * as vscode from 'vscode';
import type { Requester } from '../../core/policy';
import type { CoverageResult } from '../../core/secretless';
import type { SecretlessRuns } from './secretlessRuns';

/**
 * Check proxy coverage: each client found here runs against a loopback endpoint through a real
 * secretless run. A person sees which honour the proxy and the trust bundle; a driven call gets
 * the list.
 */
export async function checkSecretlessCoverage(secretless: SecretlessRuns, requester: Requester): Promise<CoverageResult[]> {
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Vaultify: trying each client through the secretless proxy' },
    () => secretless.checkCoverage(requester),
  );
  if (requester.kind === 'person') {
    const ok = results.filter((r) => r.ok).map((r) => r.tool);
    const not = results.filter((r) => !r.ok);
    const summary = `Secretless delivery works with ${ok.length ? ok.join(', ') : 'none of the clients found'}.${not.length ? ` Not with ${not.map((r) => r.tool).join(', ')}: they get only a placeholder, so their requests to bound hosts fail (see the Vaultify output).` : ''}`;
    void (not.length ? vscode.window.showWarningMessage(summary) : vscode.window.showInformationMessage(summary));
  }
  return results;
}
