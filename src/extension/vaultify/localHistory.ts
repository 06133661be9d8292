import * as vscode from 'vscode';

/** Snapshots bigger than this are not rewritten; the log names them. */
const MAX_ENTRY_BYTES = 20 * 1024 * 1024;

/**
 * VS Code writes some entries (the "Workspace Edit" snapshot taken before an edit) a moment after
 * the edit resolves. For this long after a vaultify, new entries are checked as they appear.
 */
const WATCH_MS = 60_000;

export interface Replacement {
  name: string;
  value: string;
  reference: string;
}

/**
 * VS Code's Local History keeps a plaintext snapshot of a file at every save, under the user data
 * folder's `User/History/` (the parent of the extension's global storage). Once a value is in the
 * vault, every snapshot that still holds it is rewritten to hold its reference instead.
 */
export class LocalHistoryCleaner implements vscode.Disposable {
  private readonly historyRoot: vscode.Uri;
  private recent: { replacements: readonly Replacement[]; until: number }[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  /** New entries are checked one at a time, in the order the watcher reports them. */
  private checking = Promise.resolve();

  constructor(
    globalStorage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.historyRoot = vscode.Uri.joinPath(globalStorage, '..', '..', 'History');
  }

  dispose(): void {
    this.watcher?.dispose();
    this.recent = [];
  }

  /** Rewrites the snapshots that hold any of the values; returns how many were cleaned. */
  async clean(replacements: readonly Replacement[]): Promise<number> {
    if (!replacements.length) return 0;
    this.watchNewEntries(replacements);
    let cleaned = 0;
    let folders: [string, vscode.FileType][];
    try {
      folders = await vscode.workspace.fs.readDirectory(this.historyRoot);
    } catch {
      return 0;
    }
    for (const [folder, type] of folders) {
      if (type !== vscode.FileType.Directory) continue;
      const dir = vscode.Uri.joinPath(this.historyRoot, folder);
      let entries: [string, vscode.FileType][];
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const [entry, entryType] of entries) {
        if (entryType !== vscode.FileType.File || entry === 'entries.json') continue;
        if (await this.cleanEntry(vscode.Uri.joinPath(dir, entry), replacements)) cleaned++;
      }
    }
    this.report(replacements, cleaned);
    return cleaned;
  }

  private async cleanEntry(uri: vscode.Uri, replacements: readonly Replacement[]): Promise<boolean> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      // The watcher also reports the folder VS Code creates for a file's first entry.
      if (!(stat.type & vscode.FileType.File)) return false;
      if (stat.size > MAX_ENTRY_BYTES) {
        this.log.warn(`Local History entry ${uri.path} is over 20 MB and was not checked.`);
        return false;
      }
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      let rewritten = text;
      for (const { value, reference } of replacements) rewritten = rewritten.split(value).join(reference);
      if (rewritten === text) return false;
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(rewritten));
      return true;
    } catch (error) {
      this.log.warn(`Could not clean Local History entry ${uri.path}: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  /** Keeps the values for a short while, in memory only, to clean entries written after the edit. */
  private watchNewEntries(replacements: readonly Replacement[]): void {
    this.recent.push({ replacements, until: Date.now() + WATCH_MS });
    if (!this.watcher) {
      this.watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(this.historyRoot, '**/*'));
      const onEntry = async (uri: vscode.Uri): Promise<void> => {
        const now = Date.now();
        this.recent = this.recent.filter((r) => r.until > now);
        if (!this.recent.length) {
          this.watcher?.dispose();
          this.watcher = undefined;
          return;
        }
        if (uri.path.endsWith('/entries.json')) return;
        const active = this.recent.flatMap((r) => r.replacements);
        if (await this.cleanEntry(uri, active)) this.report(active, 1);
      };
      const check = (uri: vscode.Uri): void => {
        this.checking = this.checking.then(() => onEntry(uri));
      };
      this.watcher.onDidCreate(check);
      this.watcher.onDidChange(check);
    }
    setTimeout(() => {
      this.recent = this.recent.filter((r) => r.until > Date.now());
      if (!this.recent.length) {
        this.watcher?.dispose();
        this.watcher = undefined;
      }
    }, WATCH_MS + 1000);
  }

  private report(replacements: readonly Replacement[], cleaned: number): void {
    const names = replacements.map((r) => `"${r.name}"`).join(', ');
    if (cleaned) this.log.info(`Replaced ${names} with references in ${cleaned} Local History entr${cleaned === 1 ? 'y' : 'ies'}.`);
  }
}
