import * as vscode from 'vscode';
import { SETTINGS, type SettingKey, type SettingValue } from './settingsTable';

/**
 * Reads a `vaultify.*` setting: the default is the table's, and a value of the wrong type falls
 * back to it. `scope` is the resource or folder a resource-scoped setting is read for.
 */
export function setting<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const entry = SETTINGS[key] as unknown as { default: SettingValue<K>; accept(value: unknown): SettingValue<K> | undefined };
  const raw = vscode.workspace.getConfiguration('vaultify', scope).get<unknown>(key);
  return raw === undefined ? entry.default : (entry.accept(raw) ?? entry.default);
}
