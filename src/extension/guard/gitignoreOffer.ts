import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore from 'ignore';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/files/atomicWrite';
import { literalPathPattern } from '../../core/guard/patternSyntax';
import { ENV_AND_KEY_PATTERNS } from '../../core/guard/sensitivePatterns';
import { openTarget } from '../../core/guard/targetFile';
import { describeError } from '../../core/workspace/fileWalker';
import { Gitignore } from '../../core/workspace/gitignore';
import type { Ctx } from '../ctx';

const OFFERED_KEY = 'vaultify.guard.gitignoreOffered';
const ADD = 'Add to .gitignore';
const NOT_NOW = 'Not now';

/**
 * Files often committed on purpose, so never offered: direnv's `.envrc`, and password databases
 * and keychains. Credential files such as `.npmrc` or `.yarnrc.yml` are not in the list offered
 * from, nor are exceptions such as `.env.example`, which are not sensitive.
 */
const NOT_OFFERED = new Set(['.envrc', '*.kdb', '*.kdbx', '*.keychain']);

/** The sensitive files worth keeping out of git: `.env`-like files and private keys. */
const GITIGNORE_PATTERNS = ENV_AND_KEY_PATTERNS.filter((pattern) => !NOT_OFFERED.has(pattern));

/**
 * The `.env`-like and key files among `sensitiveFiles` that git would not ignore, by the `.gitignore`
 * files inside the folder (listed in `files`) and its `.git/info/exclude`. The folder is taken as
 * the repository's top, so the answer does not depend on where the folder happens to sit.
 */
export async function filesToGitignore(folderPath: string, sensitiveFiles: readonly string[], files: readonly string[]): Promise<string[]> {
  const offered = ignore().add(GITIGNORE_PATTERNS);
  const candidates = sensitiveFiles.filter((file) => offered.ignores(file));
  if (!candidates.length) return [];
  const rules = await gitignoreOf(folderPath, files);
  return candidates.filter((file) => !rules.ignores(path.join(folderPath, file)));
}

/**
 * The workspace's gitignore evaluator, from the `.gitignore` files among `files` (read by the
 * path the walker listed) and `.git/info/exclude`, with the folder as the work tree's top.
 */
async function gitignoreOf(folderPath: string, files: readonly string[]): Promise<Gitignore> {
  const sources = files.filter((f) => f === '.gitignore' || f.endsWith('/.gitignore'));
  // Shallow first: each deeper file then decides before the ones above it.
  sources.sort((a, b) => a.split('/').length - b.split('/').length);
  const texts = await Promise.all(sources.map((file) => fs.readFile(path.join(folderPath, file), 'utf8').catch(() => undefined)));
  let rules = await Gitignore.at(folderPath, { above: false });
  sources.forEach((file, i) => {
    const text = texts[i];
    if (text !== undefined) rules = rules.withRules(path.dirname(path.join(folderPath, file)), text);
  });
  return rules;
}

/**
 * Appends the files to the folder's `.gitignore` as exact paths under a comment, in the file's
 * own line endings, written atomically. A `.gitignore` that is read-only or a symlink leading out
 * of the folder is refused with the reason.
 */
export async function appendToGitignore(folderPath: string, files: readonly string[]): Promise<void> {
  const target = await openTarget(folderPath, '.gitignore');
  if (!target.ok) throw new Error(target.reason);
  const text = target.text ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const separator = !text.replace(/^\uFEFF/, '') ? '' : text.endsWith('\n') ? eol : eol + eol;
  const block = ['# secret files (added by Vaultify)', ...files.map(literalPathPattern)].join(eol) + eol;
  await writeFileAtomic(target.path, text + separator + block, target.mode);
}

export interface FolderFiles {
  folder: vscode.WorkspaceFolder;
  /** Every file of the folder, relative with `/`. */
  files: readonly string[];
  sensitiveFiles: readonly string[];
}

/**
 * Offers, once per workspace, to add the `.env`-like and key files that git would commit to
 * `.gitignore`. The answer (or a dismissal) is remembered in workspaceState; the offer holds
 * file names only.
 */
export class GitignoreOffer {
  private offered: boolean;

  constructor(private readonly ctx: Ctx) {
    this.offered = ctx.extension.workspaceState.get<boolean>(OFFERED_KEY, false);
  }

  async consider(found: readonly FolderFiles[]): Promise<void> {
    if (this.offered) return;
    const enabled = found.filter((f) => this.ctx.settings.get('guard.offerGitignore', f.folder.uri));
    const pending = (
      await Promise.all(
        enabled.map(async (f) => ({ ...f, exposed: await filesToGitignore(f.folder.uri.fsPath, f.sensitiveFiles, f.files) })),
      )
    ).filter((f) => f.exposed.length);
    if (!pending.length || this.offered) return;
    this.offered = true;
    await this.ctx.extension.workspaceState.update(OFFERED_KEY, true);

    const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
    const names = pending.flatMap((p) => p.exposed.map((file) => (multiRoot ? `${p.folder.name}/${file}` : file)));
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    const choice = await vscode.window.showInformationMessage(
      `Vaultify: ${shown} ${names.length === 1 ? 'is' : 'are'} not git-ignored and could be committed. Add ${names.length === 1 ? 'it' : 'them'} to .gitignore?`,
      ADD,
      NOT_NOW,
    );
    if (choice !== ADD) return;
    for (const { folder, files, exposed } of pending) {
      const label = `${multiRoot ? `${folder.name}/` : ''}.gitignore`;
      try {
        // The answer may come much later: add only what git would still commit.
        const still = await filesToGitignore(folder.uri.fsPath, exposed, files);
        if (!still.length) continue;
        await appendToGitignore(folder.uri.fsPath, still);
        this.ctx.log.info(`Added ${still.length} file${still.length === 1 ? '' : 's'} to ${label}.`);
        vscode.window.setStatusBarMessage(`$(shield) Added ${still.length} file${still.length === 1 ? '' : 's'} to ${label}`, 3000);
      } catch (error) {
        const reason = describeError(error);
        this.ctx.log.warn(`Could not add to ${label}: ${reason}`);
        void vscode.window.showWarningMessage(`Vaultify could not update ${label}: ${reason}.`);
      }
    }
  }
}
