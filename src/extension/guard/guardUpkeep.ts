import * as path from 'node:path';
import * as vscode from 'vscode';
import { isAtomicWriteTemp } from '../../core/files/atomicWrite';
import {
  type AppliedFile,
  type AppliedOutcome,
  GUARD_TOOLS,
  type GuardPlan,
  applyGuardPlan,
  guardedSecretFiles,
  listWorkspaceFiles,
  listedSecretFiles,
  planGuard,
  readGuardFiles,
  selectTools,
} from '../../core/guard';
import { VENDOR_DIRS, describeError } from '../../core/workspace/fileWalker';
import type { Ctx } from '../ctx';
import { UserError } from '../userError';
import { detectedSecretFiles } from './detectedSecretFiles';
import { type FolderFiles, GitignoreOffer } from './gitignoreOffer';
import { GuardProblems } from './guardProblems';
import type { WorkspaceSecretFiles } from './workspaceSecretFiles';

const DEBOUNCE_MS = 300;
const GUARD_FILES: ReadonlySet<string> = new Set(GUARD_TOOLS.map((t) => t.file));
/** The tools whose files list secret files by name, under their own heading. */
const LISTING_TOOLS = GUARD_TOOLS.filter((t) => t.format === 'gitignore' || t.format === 'gitignore-explicit').map((t) => t.id);

export interface GuardFileSummary {
  /** Relative to the workspace folder, e.g. `.claude/settings.json`. */
  file: string;
  outcome: AppliedOutcome;
  /** Why a file was skipped or could not be written. Never file content. */
  reason?: string;
}

/** What `vaultify.guardWorkspace` did in one workspace folder (`folder` is its name). */
export interface GuardFolderSummary {
  folder: string;
  files: GuardFileSummary[];
}

interface FolderRun {
  folder: vscode.WorkspaceFolder;
  applied: AppliedFile[];
  found: FolderFiles;
}

/**
 * Keeps every workspace folder's guard files current: after activation, on file events
 * (debounced), when the workspace scan finds or clears a file, and when an open editor's
 * detection does. Runs of one folder never overlap, and a run rewrites only the files whose text
 * changed (the core plans `unchanged` for byte-identical results).
 */
export class GuardUpkeep implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly problems: GuardProblems;
  private readonly offer: GitignoreOffer;
  /** Folders (by URI) with a file event since the last flush. */
  private readonly dirty = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** Each folder's latest run, so that the next one waits for it. */
  private readonly runs = new Map<string, Promise<unknown>>();
  /** The open editors' detected-secret files each folder was last guarded with, to tell which folders a diagnostics change concerns. */
  private readonly liveGuarded = new Map<string, string>();
  private readonly warnedTools = new Set<string>();

  /** `onRecomputed` runs after each batch, so that an open "what AI can't see" document follows. */
  constructor(
    private readonly ctx: Ctx,
    private readonly onRecomputed: () => void,
    readonly secretFiles: WorkspaceSecretFiles,
  ) {
    this.problems = new GuardProblems(ctx.log);
    this.offer = new GitignoreOffer(ctx);
  }

  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onFileEvent(uri, 'changed')),
      watcher.onDidChange((uri) => this.onFileEvent(uri, 'changed')),
      watcher.onDidDelete((uri) => this.onFileEvent(uri, 'deleted')),
      this.secretFiles.onDidChange((folder) => this.schedule(folder)),
      vscode.languages.onDidChangeDiagnostics((event) => {
        if (event.uris.some((uri) => uri.scheme === 'file')) this.schedule();
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        for (const folder of guardedFolders()) if (event.affectsConfiguration('vaultify.guard', folder.uri)) this.schedule(folder);
        // Other excludes or ignored values change which files hold a credential: look again.
        const rescan = guardedFolders().filter((folder) => event.affectsConfiguration('vaultify.detection', folder.uri));
        if (rescan.length) void this.secretFiles.scan(rescan);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders((event) => {
        for (const folder of event.added) this.schedule(folder);
        void this.secretFiles.scan(event.added.filter((folder) => folder.uri.scheme === 'file'));
      }),
    );
    for (const folder of guardedFolders()) this.schedule(folder);
    void this.secretFiles.scan(guardedFolders());
  }

  /** `vaultify.guardWorkspace`: every folder now, whatever `vaultify.guard.auto` says. */
  async guardWorkspaceCommand(args: { tools?: unknown } | undefined, person: boolean): Promise<GuardFolderSummary[]> {
    const tools = args?.tools;
    if (tools !== undefined && !(Array.isArray(tools) && tools.every((t) => typeof t === 'string'))) {
      throw new UserError('"tools" must be a list of AI tool names.');
    }
    if (tools) {
      const { unknown } = selectTools(tools, []);
      if (unknown.length) throw new UserError(`Unknown AI tool ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${knownTools()}).`);
    }
    const folders = guardedFolders();
    if (!folders.length) throw new UserError('Open a folder to generate AI ignore files for it.');
    // From the complete picture: every file scanned, not only those open or reached so far.
    await this.secretFiles.ready(folders);
    const secrets = detectedSecretFiles();
    const runs = await Promise.all(folders.map((folder) => this.enqueue(folder, () => this.guard(folder, secrets, tools))));
    this.finishBatch(runs, false);
    const summary = runs.map(({ folder, applied }) => ({
      folder: folder.name,
      files: applied.map(({ file, outcome, reason }) => (reason === undefined ? { file, outcome } : { file, outcome, reason })),
    }));
    if (person) void vscode.window.showInformationMessage(this.describe(runs));
    return summary;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private onFileEvent(uri: vscode.Uri, kind: 'changed' | 'deleted'): void {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder || uri.scheme !== 'file' || folder.uri.scheme !== 'file') return;
    const relative = path.relative(folder.uri.fsPath, uri.fsPath).split(path.sep).join('/');
    if (!relative || isAtomicWriteTemp(relative) || relative.split('/').some((segment) => VENDOR_DIRS.has(segment))) return;
    if (kind === 'deleted') this.secretFiles.deleted(uri);
    else if (!GUARD_FILES.has(relative)) this.secretFiles.changedOnDisk(uri);
    // Vaultify's own writes would start the next run; a guard file it had to leave alone is the
    // exception, since its change may be the user's fix.
    if (GUARD_FILES.has(relative) && !this.problems.has(folder, relative)) return;
    this.schedule(folder);
  }

  /** Marks a folder for the next flush; without one, the flush checks which folders' detected secrets changed. */
  private schedule(folder?: vscode.WorkspaceFolder): void {
    if (folder) this.dirty.add(folder.uri.toString());
    // A fixed window rather than a restarted one: a steady stream of events cannot postpone the run.
    this.timer ??= setTimeout(() => void this.flush(), DEBOUNCE_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const secrets = detectedSecretFiles();
    const due = guardedFolders().filter((folder) => {
      const key = folder.uri.toString();
      const liveChanged = (secrets.get(key) ?? []).join('\n') !== (this.liveGuarded.get(key) ?? '');
      return (this.dirty.has(key) || liveChanged) && this.ctx.settings.get('guard.auto', folder.uri);
    });
    this.dirty.clear();
    if (!due.length) return;
    const runs = await Promise.all(
      due.map((folder) =>
        this.enqueue(folder, () => this.guard(folder, secrets)).catch((error: unknown) => {
          this.ctx.log.warn(`AI guard: could not guard ${folder.name}: ${describeError(error)}`);
          return undefined;
        }),
      ),
    );
    this.finishBatch(
      runs.filter((run): run is FolderRun => run !== undefined),
      true,
    );
  }

  private enqueue<T>(folder: vscode.WorkspaceFolder, run: () => Promise<T>): Promise<T> {
    const key = folder.uri.toString();
    const next = (this.runs.get(key) ?? Promise.resolve()).then(run);
    this.runs.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Plans and writes one folder's guard files; `tools` overrides `vaultify.guard.tools`. */
  private async guard(
    folder: vscode.WorkspaceFolder,
    secrets: ReadonlyMap<string, string[]>,
    tools?: readonly string[],
  ): Promise<FolderRun> {
    const key = folder.uri.toString();
    const files = await listWorkspaceFiles(folder.uri.fsPath, (relative, reason) =>
      this.ctx.log.debug(`AI guard: left out ${this.label(folder, relative)}: ${reason}`),
    );
    const live = secrets.get(key) ?? [];
    this.liveGuarded.set(key, live.join('\n'));
    const listed = (await readGuardFiles(folder.uri.fsPath, LISTING_TOOLS)).flatMap((guardFile) => listedSecretFiles(guardFile.text));
    const plan = await planGuard(folder.uri.fsPath, {
      tools: tools ?? this.ctx.settings.get('guard.tools', folder.uri),
      extraPatterns: this.ctx.settings.get('guard.extraPatterns', folder.uri),
      secretFiles: guardedSecretFiles({ files, index: this.secretFiles.index(folder), live, listed }),
      files,
    });
    if (plan.unknownTools.length) this.warnUnknownTools(plan.unknownTools);
    const applied = await applyGuardPlan(plan);
    this.report(folder, plan, applied);
    return { folder, applied, found: { folder, files, sensitiveFiles: plan.sensitive.sensitiveFiles } };
  }

  private report(folder: vscode.WorkspaceFolder, plan: GuardPlan, applied: readonly AppliedFile[]): void {
    applied.forEach((result, i) => {
      const planned = plan.files[i];
      const label = this.label(folder, result.file);
      if (result.outcome === 'skipped' && planned.action !== 'skip') {
        // The file changed between reading and writing (the user saved it): plan again.
        this.schedule(folder);
      } else if (result.outcome === 'skipped' || result.outcome === 'failed') {
        this.problems.report(folder, result.file, label, result.reason ?? 'unknown reason');
      } else {
        this.problems.resolved(folder, result.file);
        if (result.outcome === 'unchanged') return;
        this.ctx.log.info(`AI guard: ${result.outcome} ${label}`);
        for (const note of planned.notes) this.ctx.log.info(`AI guard: ${label}: ${note}`);
      }
    });
  }

  private finishBatch(runs: readonly FolderRun[], flash: boolean): void {
    const written = runs.flatMap(({ folder, applied }) =>
      applied.filter((a) => a.outcome === 'created' || a.outcome === 'updated').map((a) => this.label(folder, a.file)),
    );
    if (flash && written.length) vscode.window.setStatusBarMessage(`$(shield) AI ignore files updated: ${written.join(', ')}`, 3000);
    this.onRecomputed();
    this.offer
      .consider(runs.map((run) => run.found))
      .catch((error: unknown) => this.ctx.log.warn(`AI guard: .gitignore offer failed: ${describeError(error)}`));
  }

  /** The command's answer to a person: what changed, and what was left alone and why. */
  private describe(runs: readonly FolderRun[]): string {
    const changed: string[] = [];
    const problems: string[] = [];
    let unchanged = 0;
    for (const { folder, applied } of runs) {
      for (const { file, outcome, reason } of applied) {
        const label = this.label(folder, file);
        if (outcome === 'created' || outcome === 'updated') changed.push(`${outcome} ${label}`);
        else if (outcome === 'unchanged') unchanged++;
        else problems.push(`${label} (${reason})`);
      }
    }
    const parts = [changed.length ? `Vaultify ${changed.join(', ')}.` : 'Vaultify: the AI ignore files were already up to date.'];
    if (changed.length && unchanged) parts.push(`${unchanged} already up to date.`);
    if (problems.length) parts.push(`Left alone: ${problems.join('; ')}.`);
    return parts.join(' ');
  }

  private warnUnknownTools(unknown: readonly string[]): void {
    const fresh = unknown.filter((name) => !this.warnedTools.has(name));
    if (!fresh.length) return;
    for (const name of fresh) this.warnedTools.add(name);
    const message = `vaultify.guard.tools names unknown AI tool${fresh.length > 1 ? 's' : ''} ${fresh.map((u) => `"${u}"`).join(', ')} (known: ${knownTools()}).`;
    this.ctx.log.warn(`AI guard: ${message}`);
    void vscode.window.showWarningMessage(`Vaultify: ${message}`);
  }

  /** A folder's file as the user knows it: with the folder's name in a multi-root workspace. */
  private label(folder: vscode.WorkspaceFolder, file: string): string {
    return (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? `${folder.name}/${file}` : file;
  }
}

/** Guard files need a file system: virtual folders are left out. */
function guardedFolders(): vscode.WorkspaceFolder[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
}

function knownTools(): string {
  return `${GUARD_TOOLS.map((t) => t.id).join(', ')}, auto`;
}
