import * as vscode from 'vscode';
import type { UriParts } from '../argSchemas';
import { ignoredValueEntry, newIgnoreSalt } from '../../core/detect/fingerprint';
import { type RangeLike, toRange, toUri } from '../commandArgs';
import { lineCommentToken } from './findingActions';
import { UserError } from '../userError';

/**
 * "Ignore this finding": a `secretlint-disable-next-line` comment where the language has line
 * comments, so the decision lives beside the code; otherwise a salted, deliberately slow
 * fingerprint (never the value) in the workspace's `vaultify.detection.ignoredValues`, with the
 * workspace's own random salt written beside it in `vaultify.detection.ignoredValuesSalt`.
 */
export async function ignoreFinding(args: { uri: UriParts | string; range: RangeLike }): Promise<{ how: 'comment' | 'fingerprint' }> {
  const document = await vscode.workspace.openTextDocument(toUri(args.uri));
  const range = toRange(args.range);
  const token = lineCommentToken(document.languageId);
  if (token) {
    const line = document.lineAt(range.start.line);
    const indent = line.text.slice(0, line.firstNonWhitespaceCharacterIndex);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(document.uri, line.range.start, `${indent}${token} secretlint-disable-next-line -- not a secret (Vaultify)\n`);
    if (!(await vscode.workspace.applyEdit(edit)))
      throw new UserError(`${vscode.workspace.asRelativePath(document.uri)} could not be edited.`);
    return { how: 'comment' };
  }
  const config = vscode.workspace.getConfiguration('vaultify.detection', document.uri);
  const workspace = Boolean(vscode.workspace.workspaceFolders?.length);
  const target = workspace ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  // The salt is the one stored where the entry goes, so that a clone of the repository has both.
  const inspected = config.inspect<string>('ignoredValuesSalt');
  let salt = (workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? '';
  if (!salt) {
    salt = newIgnoreSalt();
    await config.update('ignoredValuesSalt', salt, target);
  }
  const ignored = config.get<string[]>('ignoredValues', []);
  const entry = ignoredValueEntry(document.getText(range), salt);
  if (!ignored.includes(entry)) await config.update('ignoredValues', [...ignored, entry], target);
  return { how: 'fingerprint' };
}
