import * as vscode from 'vscode';
import type { VaultifyApi } from '../../../src/extension/extension';
import type { TestApi } from '../../../src/extension/testHooks';

/** The running extension's API, with the fields it gives tests (ExtensionMode.Test). */
export async function vaultifyApi(): Promise<VaultifyApi & TestApi> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'vaultify' && e.packageJSON?.publisher === 'vaultify');
  if (!extension) throw new Error('the Vaultify extension is not loaded');
  const api = (extension.isActive ? extension.exports : await extension.activate()) as VaultifyApi;
  if (!api.asPerson || !api.auditDir || !api.vaultTree || !api.ignoredSettings)
    throw new Error('the extension gives tests no API: it is not running in ExtensionMode.Test');
  return api as VaultifyApi & TestApi;
}

/**
 * Command arguments carrying the mark Vaultify's own UI puts on what a person clicks: the
 * command then runs as for a person, through the same check, with no bypass.
 */
export async function asPerson<T extends object>(args: T): Promise<T> {
  return (await vaultifyApi()).asPerson(args);
}

/** The Vault view's row of a workspace secret, as a person sees it. */
export async function vaultRow(name: string): Promise<vscode.TreeItem> {
  return (await vaultifyApi()).vaultTree.getTreeItem({ name, scope: 'workspace' });
}
