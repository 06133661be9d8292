import * as vscode from 'vscode';
import { textLooksBinary } from '../../core/detect/content';
import { type VaultReference, findReferences } from '../../core/reference';
import { VENDOR_DIRS } from '../../core/workspace/fileWalker';

const MAX_BYTES = 2 * 1024 * 1024;

export interface FileReferences {
  uri: vscode.Uri;
  document?: vscode.TextDocument;
  text: string;
  references: VaultReference[];
}

/**
 * Every reference to `name` in the workspace's files, reading open documents from their (possibly
 * unsaved) buffers. Vendor folders, binary files and files over 2 MB are left out.
 */
export async function findWorkspaceReferences(name: string): Promise<FileReferences[]> {
  const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
  const exclude = `**/{${[...VENDOR_DIRS].join(',')}}/**`;
  const uris = await vscode.workspace.findFiles('**/*', exclude);
  const found: FileReferences[] = [];
  const decoder = new TextDecoder();
  for (const uri of uris) {
    const document = open.get(uri.toString());
    let text: string;
    if (document) {
      text = document.getText();
    } else {
      try {
        const stat = await vscode.workspace.fs.stat(uri);
        if (stat.size > MAX_BYTES) continue;
        text = decoder.decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        continue;
      }
    }
    if (!text.includes(name) || textLooksBinary(text)) continue;
    const references = findReferences(text).filter((r) => r.name === name);
    if (references.length) found.push({ uri, document, text, references });
  }
  return found;
}

/** Positions of an offset range in a text that may not be open as a document. */
export function rangeIn(file: FileReferences, start: number, end: number): vscode.Range {
  if (file.document) return new vscode.Range(file.document.positionAt(start), file.document.positionAt(end));
  const position = (offset: number): vscode.Position => {
    const before = file.text.slice(0, offset);
    const line = before.split('\n').length - 1;
    return new vscode.Position(line, offset - (before.lastIndexOf('\n') + 1));
  };
  return new vscode.Range(position(start), position(end));
}
