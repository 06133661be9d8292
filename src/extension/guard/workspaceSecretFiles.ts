import * as path from 'node:path';
import * as vscode from 'vscode';
import { type FileVerdict, SecretFileIndex } from '../../core/guard';
import type { SecretFileVerdicts } from '../../shared/lspProtocol';
import type { Ctx } from '../ctx';
import type { DetectionClient } from '../detectionClient';

/** File events are gathered this long, then rescanned in one request. */
const RESCAN_DEBOUNCE_MS = 300;
/** A pass shorter than this never shows in the status bar: a small workspace stays quiet. */
const SHOW_PROGRESS_AFTER_MS = 1000;
/**
 * Files a pass finds join the lists at most this often while it runs (and all at its end): each
 * guard run lists the folder's files again, which in a large workspace is work for the extension host.
 */
const EARLY_FINDS_EVERY_MS = 5000;

interface FolderState {
  folder: vscode.WorkspaceFolder;
  index: SecretFileIndex;
}

/** Where a pass stands, for the "what AI can't see" document. */
export interface PassStatus {
  complete: boolean;
  running: boolean;
  scanned: number;
  total: number;
}

/**
 * Which files of each workspace folder hold a literal credential on disk, whether or not an editor
 * ever opened them: a background pass over each folder at start (in the language server, on worker
 * threads), then rescans of the files that file events name. A status bar item shows a pass that
 * takes a while; clicking it, or "Stop background credential scan", stops it, and then nothing
 * leaves a list until a later pass completes (the guard's rule, `guardedSecretFiles`).
 */
export class WorkspaceSecretFiles implements vscode.Disposable {
  private readonly folders = new Map<string, FolderState>();
  private readonly changed = new vscode.EventEmitter<vscode.WorkspaceFolder>();
  /** Fires with a folder whose verdicts changed, so that its guard files are planned again. */
  readonly onDidChange = this.changed.event;
  private readonly item: vscode.StatusBarItem;
  private queue: Promise<void> = Promise.resolve();
  /** Folders (by URI) with a pass queued and not yet started. */
  private readonly queued = new Set<string>();
  private passNumber = 0;
  private stopSource = new vscode.CancellationTokenSource();
  private readonly progress = new Map<string, { scanned: number; total: number }>();
  private showTimer: NodeJS.Timeout | undefined;
  private readonly pending = new Map<string, vscode.Uri>();
  private rescanTimer: NodeJS.Timeout | undefined;
  /** One rescan at a time, so that an older verdict never lands after a newer one. */
  private rescanInFlight = false;
  /** Paths deleted while a rescan was in flight: its (older) result must not bring them back. */
  private readonly goneDuringRescan: vscode.Uri[] = [];

  constructor(
    private readonly ctx: Ctx,
    private readonly detection: () => Promise<DetectionClient>,
  ) {
    this.item = vscode.window.createStatusBarItem('vaultify.credentialScan', vscode.StatusBarAlignment.Left, 49);
    this.item.name = 'Vaultify credential scan';
    this.item.command = 'vaultify.stopCredentialScan';
  }

  index(folder: vscode.WorkspaceFolder): SecretFileIndex {
    return this.state(folder).index;
  }

  status(folder: vscode.WorkspaceFolder): PassStatus {
    const { index } = this.state(folder);
    const progress = this.progress.get(folder.uri.toString()) ?? { scanned: 0, total: 0 };
    return { complete: index.complete, running: index.running, ...progress };
  }

  /** Queues a pass over each folder not queued already; one pass runs at a time. */
  scan(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    const token = this.stopSource.token;
    const runs = folders
      .filter((folder) => !this.queued.has(folder.uri.toString()))
      .map((folder) => {
        const key = folder.uri.toString();
        this.queued.add(key);
        return (this.queue = this.queue.then(() => {
          this.queued.delete(key);
          return token.isCancellationRequested ? undefined : this.pass(folder, token);
        }));
      });
    return Promise.all(runs).then(() => undefined);
  }

  /** Waits until every folder has had a complete pass, starting one where none is under way. */
  async ready(folders: readonly vscode.WorkspaceFolder[]): Promise<void> {
    const missing = folders.filter((folder) => {
      const { index } = this.state(folder);
      return !index.complete && !index.running && !this.queued.has(folder.uri.toString());
    });
    if (missing.length) void this.scan(missing);
    await this.queue;
  }

  /** Stops the pass under way and those queued. Returns whether one was running. */
  stop(): boolean {
    const running = [...this.folders.values()].some(({ index }) => index.running);
    this.stopSource.cancel();
    this.stopSource.dispose();
    this.stopSource = new vscode.CancellationTokenSource();
    return running;
  }

  /** A file or folder was created or changed (in an editor or outside it): rescan it soon. */
  changedOnDisk(uri: vscode.Uri): void {
    if (!this.folderOf(uri)) return;
    this.pending.set(uri.toString(), uri);
    this.rescanTimer ??= setTimeout(() => void this.rescan(), RESCAN_DEBOUNCE_MS);
  }

  /** A file or folder was deleted: its verdicts go now. */
  deleted(uri: vscode.Uri): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    this.pending.delete(uri.toString());
    if (this.rescanInFlight) this.goneDuringRescan.push(uri);
    if (this.state(folder).index.forget(relative(folder, uri.fsPath))) this.changed.fire(folder);
  }

  dispose(): void {
    clearTimeout(this.rescanTimer);
    clearTimeout(this.showTimer);
    this.stopSource.cancel();
    this.stopSource.dispose();
    this.item.dispose();
    this.changed.dispose();
  }

  private async pass(folder: vscode.WorkspaceFolder, token: vscode.CancellationToken): Promise<void> {
    const { index } = this.state(folder);
    const key = folder.uri.toString();
    const pass = ++this.passNumber;
    index.beginPass();
    this.progress.set(key, { scanned: 0, total: 0 });
    this.showProgressSoon(folder);
    const apply = (found: SecretFileVerdicts): boolean => {
      let changed = false;
      for (const [verdict, files] of [
        ['secret', found.secret],
        ['undecided', found.undecided],
      ] as const) {
        for (const file of files) changed = index.passFound(relative(folder, file), verdict) || changed;
      }
      return changed;
    };
    const started = Date.now();
    let unannounced = false;
    let announced = started;
    try {
      const client = await this.detection();
      const result = await client.secretFilePass({ pass, folder: folder.uri.fsPath }, token, (progress) => {
        this.progress.set(key, { scanned: progress.scanned, total: progress.total });
        this.updateItem(folder);
        unannounced = apply(progress) || unannounced;
        if (unannounced && Date.now() - announced >= EARLY_FINDS_EVERY_MS) {
          unannounced = false;
          announced = Date.now();
          this.changed.fire(folder);
        }
      });
      this.progress.set(key, { scanned: result.scanned, total: result.total });
      if (!result.complete) {
        index.abortPass();
        this.ctx.log.info(
          `Credential scan of ${folder.name} stopped after ${result.scanned} of ${result.total} files; the AI ignore lists lose no entry until a scan completes.`,
        );
      } else {
        index.completePass(
          result.secret.map((f) => relative(folder, f)),
          result.undecided.map((f) => relative(folder, f)),
        );
        const found = index.secretFiles().length;
        this.ctx.log.info(
          `Credential scan of ${folder.name}: ${result.total} files in ${((Date.now() - started) / 1000).toFixed(1)} s, ${found} with a literal credential.`,
        );
        for (const file of result.undecided)
          this.ctx.log.info(`Credential scan could not read ${file}: it keeps any entry it has in the AI ignore lists.`);
      }
    } catch (error) {
      index.abortPass();
      if (!token.isCancellationRequested)
        this.ctx.log.warn(`Credential scan of ${folder.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      // Completed or not, the guard plans again: with a complete pass, files found clean may leave.
      this.changed.fire(folder);
      this.hideProgress();
    }
  }

  private async rescan(): Promise<void> {
    this.rescanTimer = undefined;
    // Events meanwhile wait in `pending`: the rescan in flight takes them up when it ends.
    if (this.rescanInFlight) return;
    const uris = [...this.pending.values()];
    this.pending.clear();
    if (!uris.length) return;
    this.rescanInFlight = true;
    try {
      await this.rescanNow(uris);
    } finally {
      this.rescanInFlight = false;
      for (const uri of this.goneDuringRescan.splice(0)) this.deleted(uri);
      if (this.pending.size) this.rescanTimer ??= setTimeout(() => void this.rescan(), RESCAN_DEBOUNCE_MS);
    }
  }

  private async rescanNow(uris: vscode.Uri[]): Promise<void> {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    let result;
    try {
      result = await (
        await this.detection()
      ).rescanSecretFiles(
        uris.map((u) => u.fsPath),
        folders,
      );
    } catch (error) {
      this.ctx.log.warn(`Could not rescan changed files for credentials: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    const touched = new Set<FolderState>();
    const record = (file: string, verdict: FileVerdict): void => {
      const folder = this.folderOf(vscode.Uri.file(file));
      if (folder && this.state(folder).index.record(relative(folder, file), verdict)) touched.add(this.state(folder));
    };
    for (const file of result.secret) record(file, 'secret');
    for (const file of result.undecided) record(file, 'undecided');
    for (const file of result.clean) record(file, 'clean');
    for (const { folder } of touched) this.changed.fire(folder);
  }

  private showProgressSoon(folder: vscode.WorkspaceFolder): void {
    void vscode.commands.executeCommand('setContext', 'vaultify.credentialScanRunning', true);
    clearTimeout(this.showTimer);
    this.showTimer = setTimeout(() => {
      this.updateItem(folder);
      this.item.show();
    }, SHOW_PROGRESS_AFTER_MS);
  }

  private updateItem(folder: vscode.WorkspaceFolder): void {
    const { scanned, total } = this.progress.get(folder.uri.toString()) ?? { scanned: 0, total: 0 };
    const where = (vscode.workspace.workspaceFolders?.length ?? 0) > 1 ? ` ${folder.name}:` : '';
    this.item.text = `$(loading~spin) Vaultify:${where} ${scanned.toLocaleString('en-US')}/${total.toLocaleString('en-US')} files`;
    this.item.tooltip =
      'Vaultify is looking for literal credentials in files no editor has opened, so that the AI ignore files list them. Click to stop.';
  }

  private hideProgress(): void {
    void vscode.commands.executeCommand('setContext', 'vaultify.credentialScanRunning', false);
    clearTimeout(this.showTimer);
    this.showTimer = undefined;
    this.item.hide();
  }

  private state(folder: vscode.WorkspaceFolder): FolderState {
    const key = folder.uri.toString();
    let state = this.folders.get(key);
    if (!state) this.folders.set(key, (state = { folder, index: new SecretFileIndex() }));
    return state;
  }

  private folderOf(uri: vscode.Uri): vscode.WorkspaceFolder | undefined {
    const folder = uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    return folder?.uri.scheme === 'file' ? folder : undefined;
  }
}

function relative(folder: vscode.WorkspaceFolder, file: string): string {
  return path.relative(folder.uri.fsPath, file).split(path.sep).join('/');
}
