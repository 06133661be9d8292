import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { NO_DIFF_PROGRAMS, neutralGitArgs, neutralGitEnv } from '../../core/git/neutralGit';

const ROTATE = 'Rotate vaulted value';

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', neutralGitArgs(args), { cwd, env: neutralGitEnv(), maxBuffer: 32 * 1024 * 1024, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? undefined : stdout),
    );
  });
}

/**
 * Whether the committed version of a file (HEAD) holds a value. A vaultified value that was
 * committed is still in the repository's history and should be rotated.
 */
async function committedInHead(file: vscode.Uri, value: string): Promise<boolean> {
  if (file.scheme !== 'file') return false;
  const dir = path.dirname(file.fsPath);
  const top = (await git(dir, ['rev-parse', '--show-toplevel']))?.trim();
  if (!top) return false;
  const relative = path.relative(top, file.fsPath).split(path.sep).join('/');
  const committed = await git(top, ['show', ...NO_DIFF_PROGRAMS, `HEAD:${relative}`]);
  return committed !== undefined && committed.includes(value);
}

/** Tells the user once per vaultify that the old value is in git, offering rotation. */
export async function warnIfCommitted(document: vscode.TextDocument, vaulted: readonly { name: string; value: string }[]): Promise<void> {
  for (const { name, value } of vaulted) {
    if (!(await committedInHead(document.uri, value))) continue;
    const choice = await vscode.window.showWarningMessage(
      `"${name}" was committed to git in ${vscode.workspace.asRelativePath(document.uri)} (HEAD). Anyone with the repository has it: rotate it with its provider, then store the new value.`,
      ROTATE,
    );
    // The person answered, so the rotation asks for the new value (no arguments but the name are needed).
    if (choice === ROTATE) await vscode.commands.executeCommand('vaultify.rotateSecret', { name });
  }
}
