import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_HOLD_MS, DEFAULT_MIN_LENGTH, DEFAULT_TOKEN } from '../core/mask';

/**
 * Settings that protect the user: a repository's `.vscode/settings.json` (or an agent that edits
 * it) must not be able to switch them off. A workspace or folder value that weakens one is
 * ignored and the user is told once, naming the setting and the file; a value that strengthens
 * protection (a shorter minimum, a longer hold) applies as usual.
 */
interface ProtectedSetting<T> {
  readonly fallback: T;
  /** Whether `candidate` protects less than `safe`, the user's own (or the default) value. */
  weakens(candidate: T, safe: T): boolean;
}

const PROTECTED = {
  'mask.minLength': { fallback: DEFAULT_MIN_LENGTH, weakens: (candidate, safe) => !(candidate >= 1) || candidate > safe } as ProtectedSetting<number>,
  // Any other token from a repository could pass for something else ("[redacted]", an empty string).
  'mask.token': { fallback: DEFAULT_TOKEN, weakens: (candidate, safe) => candidate !== safe } as ProtectedSetting<string>,
  'terminal.holdMs': { fallback: DEFAULT_HOLD_MS, weakens: (candidate, safe) => !(candidate >= 0) || candidate < safe } as ProtectedSetting<number>,
  'cleanLocalHistory': { fallback: true, weakens: (candidate, safe) => safe && !candidate } as ProtectedSetting<boolean>,
  'detection.maxFileSizeKB': { fallback: 2048, weakens: (candidate, safe) => !(candidate >= 1) || candidate < safe } as ProtectedSetting<number>,
  'detection.showLowConfidence': { fallback: true, weakens: (candidate, safe) => safe && !candidate } as ProtectedSetting<boolean>,
} as const;

export type ProtectedKey = keyof typeof PROTECTED;
type ValueOf<K extends ProtectedKey> = (typeof PROTECTED)[K] extends ProtectedSetting<infer T> ? T : never;

/** Told once per setting and file in a session. */
const told = new Set<string>();
/** ExtensionMode.Test only: what the user was told, so that a test can check it without a UI. */
const toldForTests: string[] = [];

export function ignoredSettingMessages(): readonly string[] {
  return toldForTests;
}

/**
 * The value of a protected `vaultify.*` setting for `scope`: the user's value or the default, or a
 * workspace/folder value only where it does not weaken that.
 */
export function protectedSetting<K extends ProtectedKey>(key: K, scope?: vscode.ConfigurationScope): ValueOf<K> {
  const rule = PROTECTED[key] as unknown as ProtectedSetting<ValueOf<K>>;
  const inspected = vscode.workspace.getConfiguration('vaultify', scope).inspect<ValueOf<K>>(key);
  const safe = inspected?.globalValue ?? inspected?.defaultValue ?? rule.fallback;
  let value = safe;
  const layers: [ValueOf<K> | undefined, () => string][] = [
    [inspected?.workspaceValue, workspaceSettingsFile],
    [inspected?.workspaceFolderValue, () => folderSettingsFile(scope)],
  ];
  for (const [candidate, file] of layers) {
    if (candidate === undefined) continue;
    if (typeof candidate !== typeof rule.fallback || rule.weakens(candidate, safe)) reportIgnoredSetting(key, candidate, file());
    else value = candidate;
  }
  return value;
}

/** Tells the user, once per setting, value and file, that a value from the workspace was ignored. */
export function reportIgnoredSetting(key: string, value: unknown, file: string, why = "a workspace cannot weaken Vaultify's protection; set it in your user settings if you mean it"): void {
  const id = `${key}\n${JSON.stringify(value)}\n${file}`;
  if (told.has(id)) return;
  told.add(id);
  const message = `Vaultify ignored "vaultify.${key}": ${JSON.stringify(value)} from ${file}: ${why}.`;
  toldForTests.push(message);
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
