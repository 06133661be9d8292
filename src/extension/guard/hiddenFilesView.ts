import * as vscode from 'vscode';
import { type GuardToolId, type HiddenFiles, filesHiddenByTools, listWorkspaceFiles, readGuardFiles } from '../../core/guard';
import { describeError } from '../../core/workspace/fileWalker';
import type { PassStatus } from './workspaceSecretFiles';

const TOOL_NAMES: Record<GuardToolId, string> = {
  copilot: 'GitHub Copilot',
  cursor: 'Cursor',
  'gemini-code-assist': 'Gemini Code Assist',
  windsurf: 'Windsurf (Codeium)',
  'gemini-cli': 'Gemini CLI',
  aider: 'aider',
  roo: 'Roo Code',
  jetbrains: 'JetBrains AI (Junie)',
  continue: 'Continue',
  augment: 'Augment',
  kiro: 'Kiro',
  claude: 'Claude Code',
  vscode: 'VS Code',
  'claude-hooks': 'Claude Code hooks',
  'cursor-hooks': 'Cursor hooks',
  'vscode-hooks': 'VS Code agent hooks',
};

/** Long lists are cut here: the document is for checking the effect, not for reading 100,000 paths. */
const MAX_LISTED = 1000;

/**
 * "What AI can't see", as Markdown: for each workspace folder and each assistant's file found at
 * its top, the workspace files that file hides, by real gitignore matching over the folder's files
 * (the user's own lines count too). It reads the files as they are on disk, whoever wrote them,
 * and says so while the workspace scan has not yet looked at every file.
 */
export async function renderHiddenFiles(scanStatus: (folder: vscode.WorkspaceFolder) => PassStatus): Promise<string> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  const lines = [
    "# What AI assistants can't see",
    '',
    "Each assistant's ignore file, matched like `.gitignore` against the files of the workspace. No ignore file stops an assistant's terminal commands: run those in a Vaultify masked terminal.",
  ];
  if (!folders.length) lines.push('', '_Open a folder to see what its AI ignore files hide._');
  for (const folder of folders) {
    if (folders.length > 1) lines.push('', `## ${folder.name}`);
    const status = scanStatus(folder);
    if (!status.complete) lines.push('', scanNote(status));
    lines.push(...(await folderSection(folder.uri.fsPath)));
  }
  return lines.join('\n') + '\n';
}

async function folderSection(folderPath: string): Promise<string[]> {
  let hidden: HiddenFiles[];
  try {
    const [files, guardFiles] = await Promise.all([listWorkspaceFiles(folderPath), readGuardFiles(folderPath)]);
    hidden = filesHiddenByTools(files, guardFiles);
  } catch (error) {
    return ['', `_Could not read this folder: ${describeError(error)}._`];
  }
  if (!hidden.length) return ['', '_No AI ignore file here yet: run **Vaultify: Generate AI ignore files**._'];
  const lines: string[] = [];
  for (const { tool, file, hidden: paths } of hidden) {
    lines.push('', `### ${TOOL_NAMES[tool]} (${code(file)}): ${paths.length} file${paths.length === 1 ? '' : 's'} hidden`, '');
    if (!paths.length) lines.push('_Hides no file of this folder._');
    for (const path of paths.slice(0, MAX_LISTED)) lines.push(`- ${code(path)}`);
    if (paths.length > MAX_LISTED) lines.push(`- … and ${paths.length - MAX_LISTED} more`);
  }
  return lines;
}

function scanNote({ running, scanned, total }: PassStatus): string {
  if (running) {
    const count = total ? ` (${scanned.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} files so far)` : '';
    return `_Vaultify is still scanning this folder for literal credentials${count}: a file it has not reached yet is listed once it is found._`;
  }
  return '_The scan for literal credentials has not completed here (it was stopped): files it did not reach are not listed. **Vaultify: Generate AI ignore files** scans again._';
}

/** A Markdown code span that holds any path, backticks included. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}
