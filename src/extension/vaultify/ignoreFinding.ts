import * as vscode from 'vscode';
import { fingerprint } from '../../core/detect/fingerprint';
import { setting } from '../config';
import { type RangeLike, toRange, toUri } from './commandArgs';
import { lineCommentToken } from './findingActions';
import { UserError } from './userError';

/**
 * "Ignore this finding": a `secretlint-disable-next-line` comment where the language has line
 * comments, so the decision lives beside the code; otherwise a fingerprint (never the value) in
 * the workspace's `vaultify.detection.ignoredValues`.
 */
export async function ignoreFinding(args: { uri: vscode.Uri | string; range: RangeLike }): Promise<{ how: 'comment' | 'fingerprint' }> {
  const document = await vscode.workspace.openTextDocument(toUri(args.uri));
  const range = toRange(args.range);
  const token = lineCommentToken(document.languageId);
  if (token) {
    const line = document.lineAt(range.start.line);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, line.range.start, `${indent}${token} secretlint-disable-next-line -- not a secret (Vaultify)\n`);
    if (!(await vscode.workspace.applyEdit(edit))) throw new UserError(`${vscode.workspace.asRelativePath(document.uri)} could not be edited.`);
    return { how: 'comment' };
  }
  const ignored = setting('detection.ignoredValues', document.uri);
  const print = fingerprint(document.getText(range));
  if (!ignored.includes(print)) {
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration('vaultify.detection', document.uri).update('ignoredValues', [...ignored, print], target);
  }
  return { how: 'fingerprint' };
}
