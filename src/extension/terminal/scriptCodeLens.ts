import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Settings } from '../config';
import type { Ctx } from '../ctx';
import type { PersonMarks } from '../personMarks';
import type { Vault } from '../vault/vault';
import type { MaskedTerminalArgs } from './maskedTerminalLauncher';

/**
 * "Run in masked terminal" above the package.json scripts, Makefile targets and shell scripts
 * that use vaulted values. The parsing loads when such a file is first shown, not at activation.
 */
export class ScriptCodeLensProvider implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [
    { scheme: 'file', pattern: '**/package.json' },
    { scheme: 'file', pattern: '**/{GNUmakefile,Makefile,makefile,*.mk}' },
    { scheme: 'file', pattern: '**/*.sh' },
  ];

  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly vault: Vault,
    private readonly marks: PersonMarks,
    private readonly settings: Settings,
  ) {}

  /** Vault changes and saved .env files change which scripts use vaulted values. */
  watch(ctx: Ctx): void {
    ctx.register(this.changed);
    ctx.register(this.vault.onDidChange(() => this.changed.fire()));
    ctx.register(
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (path.basename(document.fileName).startsWith('.env')) this.changed.fire();
      }),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // An untrusted workspace cannot start masked terminals; no lens promises one.
    if (!vscode.workspace.isTrusted) return [];
    const { entriesUsingVaultedValues } = await import('./scriptEntries');
    const cwd = path.dirname(document.uri.fsPath);
    return (await entriesUsingVaultedValues(this.vault, this.settings, document)).map((entry) => {
      // Marked: a click on the lens is a person's, so the secrets are picked, not taken from the arguments.
      const args: MaskedTerminalArgs = this.marks.mark({ cwd, command: entry.command, name: `Vaultify: ${entry.command}` });
      const line = document.positionAt(entry.offset).line;
      return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: '$(shield) Run in masked terminal',
        tooltip: `Runs "${entry.command}" in a masked terminal, with vault references resolved`,
        command: 'vaultify.newMaskedTerminal',
        arguments: [args],
      });
    });
  }
}
