import * as vscode from 'vscode';

/**
 * A read-only file system holding fixed files, registered the way any extension registers one
 * (`isReadonly: true`), so that tests meet VS Code's own refusal to edit read-only documents.
 */
export function registerReadonlyFiles(scheme: string, files: Record<string, string>): vscode.Disposable {
  const encoder = new TextEncoder();
  const provider: vscode.FileSystemProvider = {
    onDidChangeFile: new vscode.EventEmitter<vscode.FileChangeEvent[]>().event,
    watch: () => new vscode.Disposable(() => undefined),
    stat: (uri) => {
      if (!(uri.path in files)) throw vscode.FileSystemError.FileNotFound(uri);
      return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: encoder.encode(files[uri.path]).length };
    },
    readDirectory: () => [],
    createDirectory: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    readFile: (uri) => {
      if (!(uri.path in files)) throw vscode.FileSystemError.FileNotFound(uri);
      return encoder.encode(files[uri.path]);
    },
    writeFile: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    delete: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
    rename: (uri) => {
      throw vscode.FileSystemError.NoPermissions(uri);
    },
  };
  return vscode.workspace.registerFileSystemProvider(scheme, provider, { isReadonly: true });
}
