import * as vscode from 'vscode';

/** Snapshots bigger than this are not rewritten; the log names them. */
const MAX_ENTRY_BYTES = 20 * 1024 * 1024;

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
export class LocalHistoryCleaner {
  private readonly historyRoot: vscode.Uri;

  constructor(
    globalStorage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.historyRoot = vscode.Uri.joinPath(globalStorage, '..', '..', 'History');
  }

  /** Rewrites the snapshots that hold any of the values; returns how many were cleaned. */
  async clean(replacements: readonly Replacement[]): Promise<number> {
    if (!replacements.length) return 0;
    let cleaned = 0;
    let folders: [string, vscode.FileType][];
    try {
      folders = await vscode.workspace.fs.readDirectory(this.historyRoot);
    } catch {
      return 0;
    }
    const decoder = new TextDecoder();
    const encoder = new TextEncoder();
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
        const uri = vscode.Uri.joinPath(dir, entry);
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.size > MAX_ENTRY_BYTES) {
            this.log.warn(`Local History entry ${uri.path} is over 20 MB and was not checked.`);
            continue;
          }
          const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
          let rewritten = text;
          for (const { value, reference } of replacements) rewritten = rewritten.split(value).join(reference);
          if (rewritten === text) continue;
          await vscode.workspace.fs.writeFile(uri, encoder.encode(rewritten));
          cleaned++;
        } catch (error) {
          this.log.warn(`Could not clean Local History entry ${uri.path}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
    const names = replacements.map((r) => `"${r.name}"`).join(', ');
    if (cleaned) this.log.info(`Replaced ${names} with references in ${cleaned} Local History entr${cleaned === 1 ? 'y' : 'ies'}.`);
    return cleaned;
  }
}
