import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeError } from '../workspace/fileWalker';
import { writeFileAtomic } from '../files/atomicWrite';
import { planClaudeHooks, planCursorHooks, planVscodeHooks } from './agentHooks';
import { planClaudeSettings } from './claudeSettings';
import { listWorkspaceFiles } from './fileListing';
import { DEFAULT_TOOLS, type GuardTool, type GuardToolId, guardTool, selectTools } from './guardTools';
import { planIgnoreFile } from './ignoreFileWriter';
import { type SensitiveSet, computeSensitiveSet } from './sensitiveSet';
import { openTarget } from './targetFile';
import { planVscodeSettings } from './vscodeSettings';

export interface GuardOptions {
  /** `vaultify.guard.tools`: tool names, aliases and `auto`. Default `["copilot","cursor"]`. */
  tools?: readonly string[];
  /** `vaultify.guard.extraPatterns`. */
  extraPatterns?: readonly string[];
  /** Files (relative to the folder) where detection currently finds a literal secret. */
  secretFiles?: readonly string[];
  /** The folder's files, relative with `/`, when the caller has them; listed from disk otherwise. */
  files?: readonly string[];
}

export type PlannedAction = 'create' | 'update' | 'unchanged' | 'skip';

export interface PlannedFile {
  tool: GuardToolId;
  /** Relative to the workspace folder, e.g. `.claude/settings.json`. */
  file: string;
  action: PlannedAction;
  /** Absolute path to write (a symlink's target when the file is a symlink inside the folder). */
  target?: string;
  /** The text on disk when planned; undefined when there is no file. */
  before?: string;
  /** The text Vaultify wants; set unless skipped. */
  after?: string;
  /** Why the file is left alone (`skip`). Never holds file content. */
  reason?: string;
  /** Remarks that did not stop the write, such as a setting of the wrong type left as it was. */
  notes: string[];
  mode?: number;
}

export interface GuardPlan {
  folder: string;
  tools: GuardToolId[];
  /** Names in `tools` that are no tool; the rest of the plan goes ahead without them. */
  unknownTools: string[];
  sensitive: SensitiveSet;
  files: PlannedFile[];
}

export type FileText = { ok: true; text: string; notes: string[] } | { ok: false; reason: string };

/** The new text of one tool's guard file, from its current text (undefined: none yet). Pure. */
export function planToolFile(tool: GuardTool, existing: string | undefined, set: SensitiveSet): FileText {
  switch (tool.format) {
    case 'gitignore':
    case 'gitignore-explicit': {
      const edit = planIgnoreFile(existing, set, tool.format === 'gitignore-explicit');
      return edit.ok ? { ok: true, text: edit.text, notes: [] } : edit;
    }
    case 'claude-settings':
      return planClaudeSettings(existing, set);
    case 'vscode-settings':
      return planVscodeSettings(existing, set);
    case 'claude-hooks':
      return planClaudeHooks(existing);
    case 'cursor-hooks':
      return planCursorHooks(existing);
    case 'vscode-hooks':
      return planVscodeHooks(existing);
  }
}

/**
 * Plans the guard files of one workspace folder: lists its files (unless given), computes the
 * sensitive set, picks the tools and works out each file's new text. Writes nothing.
 */
export async function planGuard(folder: string, options: GuardOptions = {}): Promise<GuardPlan> {
  const [files, rootNames] = await Promise.all([options.files ?? listWorkspaceFiles(folder), fs.readdir(folder)]);
  const selection = selectTools(options.tools ?? DEFAULT_TOOLS, rootNames);
  const sensitive = computeSensitiveSet({ files, secretFiles: options.secretFiles, extraPatterns: options.extraPatterns });
  const planned = await Promise.all(selection.tools.map((id) => planOne(folder, guardTool(id), sensitive)));
  return { folder, tools: selection.tools, unknownTools: selection.unknown, sensitive, files: planned };
}

async function planOne(folder: string, tool: GuardTool, set: SensitiveSet): Promise<PlannedFile> {
  const base = { tool: tool.id, file: tool.file, notes: [] as string[] };
  const target = await openTarget(folder, tool.file);
  if (!target.ok) return { ...base, action: 'skip', reason: target.reason };
  const next = planToolFile(tool, target.text, set);
  if (!next.ok) return { ...base, action: 'skip', reason: next.reason, target: target.path, before: target.text };
  const action: PlannedAction = target.text === undefined ? 'create' : target.text === next.text ? 'unchanged' : 'update';
  return { ...base, action, target: target.path, before: target.text, after: next.text, notes: next.notes, mode: target.mode };
}

export type AppliedOutcome = 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';

export interface AppliedFile {
  tool: GuardToolId;
  file: string;
  outcome: AppliedOutcome;
  reason?: string;
}

/**
 * Writes the files a plan creates or updates, each atomically. A file that changed on disk
 * since it was planned is skipped rather than overwritten.
 */
export async function applyGuardPlan(plan: GuardPlan): Promise<AppliedFile[]> {
  return Promise.all(plan.files.map((file) => applyOne(file)));
}

async function applyOne(file: PlannedFile): Promise<AppliedFile> {
  const base = { tool: file.tool, file: file.file };
  if (file.action === 'skip') return { ...base, outcome: 'skipped', reason: file.reason };
  if (file.action === 'unchanged') return { ...base, outcome: 'unchanged' };
  const target = file.target!;
  try {
    const now = await fs.readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (now !== file.before) return { ...base, outcome: 'skipped', reason: 'it changed after it was read; run again' };
    if (file.action === 'create') await fs.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, file.after!, file.mode);
    return { ...base, outcome: file.action === 'create' ? 'created' : 'updated' };
  } catch (error) {
    return { ...base, outcome: 'failed', reason: describeError(error) };
  }
}
