import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AcceptedSettings, WorkspaceSettingValue } from './acceptedSettings';
import { type SettingKey, type SettingValue, specOf } from '../core/settings/settingsTable';

/** The button that accepts an ignored workspace value. */
export const ACCEPT_WORKSPACE_VALUE = "Accept this workspace's value";

/**
 * The one accessor of `vaultify.*` settings in the extension, owned by the context (`ctx.settings`):
 * the default is the table's, and a value of the wrong type falls back to it.
 *
 * Settings that protect the user (those with `weakens` in the table) cannot be switched off by a
 * repository's `.vscode/settings.json`, or by an agent that edits it: a workspace or folder value
 * that weakens one is ignored and the user is told once, naming the setting and the file, unless
 * the person accepted that exact value from that file (AcceptedSettings). A value that protects
 * more (a shorter minimum, a longer hold) applies as usual.
 */
export class Settings {
  /** The person's acceptances of workspace values, attached once at activation. */
  private acceptances: AcceptedSettings | undefined;
  /** Offers the person to accept an ignored workspace value: attached at activation. */
  private offerAcceptance: ((setting: WorkspaceSettingValue) => void) | undefined;
  /** Told once per setting, value and file in a session. */
  private readonly told = new Set<string>();
  /** What the user was told, so that the extension's own tests can check it without a UI. */
  private readonly toldMessages: string[] = [];
  /** The workspace values ignored so far this session: what a person may accept. */
  private readonly ignored = new Map<string, WorkspaceSettingValue>();

  useAcceptedSettings(accepted: AcceptedSettings, offer: (setting: WorkspaceSettingValue) => void): void {
    this.acceptances = accepted;
    this.offerAcceptance = offer;
  }

  /** Reads `key`; `scope` is the resource or folder a resource-scoped setting is read for. */
  get<K extends SettingKey>(key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
    const entry = specOf(key);
    const config = vscode.workspace.getConfiguration('vaultify', scope);
    if (entry.workspaceOnly) {
      const inspected = config.inspect<unknown>(key);
      const raw = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
      return raw === undefined ? entry.default : (entry.accept(raw) ?? entry.default);
    }
    if (!entry.weakens) {
      const raw = config.get<unknown>(key);
      return raw === undefined ? entry.default : (entry.accept(raw) ?? entry.default);
    }
    const inspected = config.inspect<unknown>(key);
    const accepted = (raw: unknown): SettingValue<K> | undefined => (raw === undefined ? undefined : entry.accept(raw));
    const safe = accepted(inspected?.globalValue) ?? entry.default;
    let value = safe;
    const layers: [unknown, () => SettingsFile][] = [
      [inspected?.workspaceValue, workspaceSettingsFile],
      [inspected?.workspaceFolderValue, () => folderSettingsFile(scope)],
    ];
    for (const [raw, file] of layers) {
      if (raw === undefined) continue;
      const candidate = entry.accept(raw);
      if (candidate !== undefined && !entry.weakens(candidate, safe)) {
        value = candidate;
        continue;
      }
      const { shown, source } = file();
      if (candidate !== undefined && this.acceptances?.has({ key, value: raw, source })) value = candidate;
      else
        this.reportIgnoredSetting(
          key,
          raw,
          shown,
          undefined,
          candidate !== undefined ? { key, value: raw, file: shown, source } : undefined,
        );
    }
    return value;
  }

  ignoredSettingMessages(): readonly string[] {
    return this.toldMessages;
  }

  /** After a revocation: the value is ignored again, and the person is told again. */
  forgetIgnoredNotice(setting: WorkspaceSettingValue): void {
    const id = `${setting.key}\n${JSON.stringify(setting.value)}\n${setting.file}`;
    this.told.delete(id);
    this.ignored.delete(id);
  }

  /** The protected settings' workspace values ignored this session, still set, and not accepted since. */
  ignoredWorkspaceValues(): WorkspaceSettingValue[] {
    const stillSet = (s: WorkspaceSettingValue): boolean => {
      const current = [
        vscode.workspace.getConfiguration('vaultify').inspect(s.key)?.workspaceValue,
        ...(vscode.workspace.workspaceFolders ?? []).map(
          (f) => vscode.workspace.getConfiguration('vaultify', f).inspect(s.key)?.workspaceFolderValue,
        ),
      ];
      return current.some((value) => JSON.stringify(value) === JSON.stringify(s.value));
    };
    return [...this.ignored.values()].filter((s) => stillSet(s) && !this.acceptances?.has(s));
  }

  /**
   * Tells the user, once per setting, value and file, that a value from the workspace was ignored;
   * with `acceptable`, the message offers to accept that value for that workspace.
   */
  reportIgnoredSetting(
    key: string,
    value: unknown,
    file: string,
    why = "a workspace cannot weaken Vaultify's protection; set it in your user settings, or accept this workspace's value, if you mean it",
    acceptable?: WorkspaceSettingValue,
  ): void {
    const id = `${key}\n${JSON.stringify(value)}\n${file}`;
    if (this.told.has(id)) return;
    this.told.add(id);
    if (acceptable) this.ignored.set(id, acceptable);
    const message = `Vaultify ignored "vaultify.${key}": ${JSON.stringify(value)} from ${file}: ${why}.`;
    this.toldMessages.push(message);
    const offer = this.offerAcceptance;
    if (!acceptable || !offer) {
      void vscode.window.showWarningMessage(message);
      return;
    }
    void vscode.window
      .showWarningMessage(message, ACCEPT_WORKSPACE_VALUE)
      .then((answer) => (answer === ACCEPT_WORKSPACE_VALUE ? offer(acceptable) : undefined));
  }
}

interface SettingsFile {
  /** As the person reads it. */
  shown: string;
  /** Absolute: what an acceptance is bound to. */
  source: string;
}

function workspaceSettingsFile(): SettingsFile {
  const file = vscode.workspace.workspaceFile;
  if (file && file.scheme !== 'untitled')
    return { shown: vscode.workspace.asRelativePath(file) || path.basename(file.fsPath), source: file.toString() };
  const folder = vscode.workspace.workspaceFolders?.[0];
  return {
    shown: '.vscode/settings.json',
    source: folder ? vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json').toString() : '.vscode/settings.json',
  };
}

function folderSettingsFile(scope: vscode.ConfigurationScope | undefined): SettingsFile {
  const uri = scope instanceof vscode.Uri ? scope : scope && 'uri' in scope ? scope.uri : undefined;
  const folder = uri && vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return workspaceSettingsFile();
  return { shown: `${folder.name}/.vscode/settings.json`, source: vscode.Uri.joinPath(folder.uri, '.vscode', 'settings.json').toString() };
}
