import * as path from 'node:path';
import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../../shared/diagnosticSource';
import { MISSING_SECRET_CODE } from '../references/missingReferences';

/**
 * The files of each workspace folder (keyed by folder URI) whose diagnostics show a literal secret
 * now, relative with `/` and sorted: open editors, unsaved edits included. The guard lists them
 * beside what the workspace scan found on disk. Warnings on references to missing secrets share
 * the source but are no literal secret.
 */
export function detectedSecretFiles(): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
    if (uri.scheme !== 'file' || !diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== MISSING_SECRET_CODE)) continue;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || folder.uri.scheme !== 'file') continue;
    const relative = path.relative(folder.uri.fsPath, uri.fsPath);
    if (!relative) continue;
    const key = folder.uri.toString();
    const list = byFolder.get(key) ?? [];
    list.push(relative.split(path.sep).join('/'));
    byFolder.set(key, list);
  }
  for (const list of byFolder.values()) list.sort();
  return byFolder;
}
