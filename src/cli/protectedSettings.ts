import * as path from 'node:path';
import type { WorkspaceSettings } from '../core/workspace/workspaceSettings';
import { SETTINGS, type SettingSpec } from '../extension/settingsTable';

/**
 * A folder's `.vscode/settings.json` as the CLI applies it: the editor's rule from the one
 * settings table, so that CI and the editor agree. A value that weakens a protected setting (its
 * `weakens`, measured against the default: the CLI has no user settings) is ignored and named,
 * unless the person running the command accepts the workspace's values (`--accept-settings`).
 */
export function protectedWorkspaceSettings(settings: WorkspaceSettings, accept: boolean, warn: (message: string) => void): WorkspaceSettings {
  const values = { ...settings.values };
  const file = path.join(settings.folder, '.vscode', 'settings.json');
  for (const [key, spec] of Object.entries(SETTINGS) as [string, SettingSpec<unknown>][]) {
    const raw = values[`vaultify.${key}`];
    if (!spec.weakens || raw === undefined) continue;
    const candidate = spec.accept(raw);
    if (candidate !== undefined && (accept || !spec.weakens(candidate, spec.default))) continue;
    delete values[`vaultify.${key}`];
    warn(
      `vaultify: ignored "vaultify.${key}": ${JSON.stringify(raw)} from ${file}: a workspace cannot weaken Vaultify's protection` +
        (candidate === undefined ? '' : '; pass --accept-settings if you accept this workspace\'s value'),
    );
  }
  return { ...settings, values };
}
