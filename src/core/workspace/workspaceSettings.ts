import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type ParseError, parse } from 'jsonc-parser';
import { minimatch } from 'minimatch';

/**
 * A folder's `.vscode/settings.json` as the CLI reads it, so that `vaultify scan` and `vaultify
 * guard` in CI or a pre-commit hook decide what the extension decides for the same folder.
 */
export interface WorkspaceSettings {
  /** The folder holding `.vscode/`: paths in the settings are relative to it. */
  folder: string;
  /** Set when the file exists but is not valid JSON with comments; every setting is then absent. */
  invalid?: boolean;
  values: Record<string, unknown>;
}

export async function readWorkspaceSettings(folder: string): Promise<WorkspaceSettings> {
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, '.vscode', 'settings.json'), 'utf8');
  } catch {
    return { folder, values: {} };
  }
  const errors: ParseError[] = [];
  const values: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length || typeof values !== 'object' || values === null || Array.isArray(values)) return { folder, invalid: true, values: {} };
  return { folder, values: values as Record<string, unknown> };
}

/** The settings of the workspace folder holding `start`: the nearest folder above with `.vscode/settings.json`, stopping at a git work tree's top. */
export async function findWorkspaceSettings(start: string): Promise<WorkspaceSettings> {
  let dir = path.resolve(start);
  for (;;) {
    const settings = await readWorkspaceSettings(dir);
    if (settings.invalid || Object.keys(settings.values).length) return settings;
    const atTop = await fs.access(path.join(dir, '.git')).then(
      () => true,
      () => false,
    );
    const parent = path.dirname(dir);
    if (atTop || parent === dir) return { folder: path.resolve(start), values: {} };
    dir = parent;
  }
}

/**
 * The `vaultify.detection.exclude` glob that a path matches, if any: tried against the absolute
 * path and the path relative to each workspace folder holding it; a glob without `/` matches a
 * name anywhere.
 */
export function excludedBy(absolutePath: string, globs: readonly string[], folders: readonly string[]): string | undefined {
  if (!globs.length) return undefined;
  const full = absolutePath.split(path.sep).join('/');
  const candidates = [
    full,
    ...folders
      .map((f) => f.split(path.sep).join('/').replace(/\/+$/, ''))
      .filter((f) => full.startsWith(f + '/'))
      .map((f) => full.slice(f.length + 1)),
  ];
  return globs.find((glob) => candidates.some((c) => minimatch(c, glob, { dot: true, matchBase: !glob.includes('/') })));
}
