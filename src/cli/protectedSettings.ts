import * as path from 'node:path';
import { type SettingKey, type SettingValue, SETTINGS, settingFrom, specOf } from '../core/settings/settingsTable';
import type { WorkspaceSettings } from '../core/workspace/workspaceSettings';
import { type DetectionSettings, detectionSettings } from '../shared/detectionSettings';

/**
 * A folder's `.vscode/settings.json` as the CLI applies it: the editor's rule from the one
 * settings table, so that CI and the editor agree. A value that weakens a protected setting (its
 * `weakens`, measured against the default: the CLI has no user settings) is ignored and named,
 * unless the person running the command accepts the workspace's values (`--accept-settings`).
 */
export function protectedWorkspaceSettings(
  settings: WorkspaceSettings,
  accept: boolean,
  warn: (message: string) => void,
): WorkspaceSettings {
  const values = { ...settings.values };
  const file = path.join(settings.folder, '.vscode', 'settings.json');
  for (const key of Object.keys(SETTINGS) as SettingKey[]) {
    const spec = specOf(key);
    const raw = values[`vaultify.${key}`];
    if (!spec.weakens || raw === undefined) continue;
    const candidate = spec.accept(raw);
    if (candidate !== undefined && (accept || !spec.weakens(candidate, spec.default))) continue;
    delete values[`vaultify.${key}`];
    warn(
      `vaultify: ignored "vaultify.${key}": ${JSON.stringify(raw)} from ${file}: a workspace cannot weaken Vaultify's protection` +
        (candidate === undefined ? '' : "; pass --accept-settings if you accept this workspace's value"),
    );
  }
  return { ...settings, values };
}

/**
 * Where and how the folder's `.vscode/settings.json` is not valid JSON with comments, as
 * `FILE:LINE:COLUMN: problem` with FILE relative to `cwd`; undefined when it is valid or absent.
 */
export function settingsFileError(settings: WorkspaceSettings, cwd: string): string | undefined {
  if (!settings.invalid) return undefined;
  const file = path.relative(cwd, path.join(settings.folder, '.vscode', 'settings.json'));
  const at = settings.problem ? `:${settings.problem.line}:${settings.problem.column}: ${settings.problem.message}` : '';
  return `${file}${at}`;
}

/** The folder's own value of `key`, if it set a usable one: the caller's fallback differs from the default. */
export function workspaceSetting<K extends SettingKey>(settings: WorkspaceSettings, key: K): SettingValue<K> | undefined {
  const raw = settings.values[`vaultify.${key}`];
  return raw === undefined ? undefined : specOf(key).accept(raw);
}

/** `key` as the folder's settings give it, else the table's default: the extension's accessor without user settings. */
export function cliSetting<K extends SettingKey>(settings: WorkspaceSettings, key: K): SettingValue<K> {
  return settingFrom(key, settings.values[`vaultify.${key}`]);
}

export function cliDetectionSettings(settings: WorkspaceSettings): DetectionSettings {
  return detectionSettings((key) => cliSetting(settings, key));
}
