import * as vscode from 'vscode';

/**
 * The documents where references get a hover, completion and missing-secret warnings: anything a
 * person edits, in any language. Read-only views of other versions (git:, output:) are left out,
 * so an old revision does not warn about a secret that was renamed since.
 */
const EDITABLE_SCHEMES = ['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata'];

export const REFERENCE_SELECTOR: vscode.DocumentSelector = EDITABLE_SCHEMES.map((scheme) => ({ scheme }));

export function holdsReferences(document: vscode.TextDocument): boolean {
  return EDITABLE_SCHEMES.includes(document.uri.scheme);
}
