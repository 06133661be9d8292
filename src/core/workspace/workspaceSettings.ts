import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type ParseError, parse, printParseErrorCode } from 'jsonc-parser';
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
  /** Where the file first goes wrong (1-based) and how, when `invalid`. */
  problem?: SettingsProblem;
  values: Record<string, unknown>;
}

export interface SettingsProblem {
  line: number;
  column: number;
  /** In words: "comma expected", "not a JSON object". */
  message: string;
}

/** The 1-based line and column of `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before[before.length - 1].length + 1 };
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
  if (errors.length) {
    const words = printParseErrorCode(errors[0].error)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .toLowerCase();
    return { folder, invalid: true, problem: { ...position(text, errors[0].offset), message: words }, values: {} };
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values))
    return { folder, invalid: true, problem: { line: 1, column: 1, message: 'not a JSON object' }, values: {} };
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
