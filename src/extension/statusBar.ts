import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE } from '../shared/diagnosticSource';
import type { Ctx } from './ctx';
import { MISSING_SECRET_CODE } from './references/missingReferences';

/** The number of secrets found in open documents; a click opens the Problems view. */
export function registerStatusBar(ctx: Ctx): void {
  const item = ctx.register(vscode.window.createStatusBarItem('vaultify.findings', vscode.StatusBarAlignment.Left, 50));
  item.name = 'Vaultify secrets';
  item.command = 'workbench.actions.view.problems';

  const update = (): void => {
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    let count = 0;
    for (const [uri, diagnostics] of vscode.languages.getDiagnostics()) {
      if (!open.has(uri.toString())) continue;
      // Warnings on references to missing secrets share the source but are not literal secrets.
      count += diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== MISSING_SECRET_CODE).length;
    }
    item.text = `$(shield) ${count}`;
    item.tooltip =
      count === 0
        ? 'Vaultify: no literal secrets in open files'
        : `Vaultify: ${count} literal secret${count === 1 ? '' : 's'} in open files. Click to see them in Problems.`;
    item.backgroundColor = count ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
  };
  ctx.register(vscode.languages.onDidChangeDiagnostics(update));
  ctx.register(vscode.workspace.onDidCloseTextDocument(update));
  update();
}
