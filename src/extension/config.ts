import * as path from 'node:path';
import * as vscode from 'vscode';
import { SETTINGS, type SettingKey, type SettingSpec, type SettingValue } from './settingsTable';

/**
 * Reads a `vaultify.*` setting: the default is the table's, and a value of the wrong type falls
 * back to it. `scope` is the resource or folder a resource-scoped setting is read for.
 *
 * Settings that protect the user (those with `weakens` in the table) cannot be switched off by a
 * repository's `.vscode/settings.json`, or by an agent that edits it: a workspace or folder value
 * that weakens one is ignored and the user is told once, naming the setting and the file. A value
 * that protects more (a shorter minimum, a longer hold) applies as usual.
 */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const entry = SETTINGS[key] as unknown as SettingSpec<SettingValue<K>>;
  const config = vscode.workspace.getConfiguration('vaultify', scope);
  if (!entry.weakens) {
    const raw = config.get<unknown>(key);
    return raw === undefined ? entry.default : (entry.accept(raw) ?? entry.default);
  }
  const inspected = config.inspect<unknown>(key);
  const accepted = (raw: unknown): SettingValue<K> | undefined => (raw === undefined ? undefined : entry.accept(raw));
  const safe = accepted(inspected?.globalValue) ?? entry.default;
  let value = safe;
  const layers: [unknown, () => string][] = [
    [inspected?.workspaceValue, workspaceSettingsFile],
    [inspected?.workspaceFolderValue, () => folderSettingsFile(scope)],
  ];
  for (const [raw, file] of layers) {
    if (raw === undefined) continue;
    const candidate = entry.accept(raw);
    if (candidate === undefined || entry.weakens(candidate, safe)) reportIgnoredSetting(key, raw, file());
    else value = candidate;
  }
  return value;
}

/** Told once per setting, value and file in a session. */
const told = new Set<string>();
/** What the user was told, so that the extension's own tests can check it without a UI. */
const toldMessages: string[] = [];

export function ignoredSettingMessages(): readonly string[] {
  return toldMessages;
}

/** Tells the user, once per setting, value and file, that a value from the workspace was ignored. */
export function reportIgnoredSetting(
  key: string,
  value: unknown,
  file: string,
  why = "a workspace cannot weaken Vaultify's protection; set it in your user settings if you mean it",
): void {
  const id = `${key}\n${JSON.stringify(value)}\n${file}`;
  if (told.has(id)) return;
  told.add(id);
  const message = `Vaultify ignored "vaultify.${key}": ${JSON.stringify(value)} from ${file}: ${why}.`;
  toldMessages.push(message);
  void vscode.window.showWarningMessage(message);
}

function workspaceSettingsFile(): string {
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled') return vscode.workspace.asRelativePath(file) || path.basename(file.fsPath);
  return '.vscode/settings.json';
}

function folderSettingsFile(scope: vscode.ConfigurationScope | undefined): string {
  const uri = scope instanceof vscode.Uri ? scope : scope && 'uri' in scope ? scope.uri : undefined;
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  return folder ? `${folder.name}/.vscode/settings.json` : '.vscode/settings.json';
}
