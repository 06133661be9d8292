import * as vscode from 'vscode';

export function folder(name: 'alpha' | 'beta'): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((f) => f.name === name);
  if (!found) throw new Error(`workspace folder ${name} is not open`);
  return found;
}

/** Writes a file in a workspace folder and opens it in an editor. */
export async function openFile(name: string, text: string, where: 'alpha' | 'beta' = 'alpha'): Promise<vscode.TextEditor> {
  const uri = vscode.Uri.joinPath(folder(where).uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
