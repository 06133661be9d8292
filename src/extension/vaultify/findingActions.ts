import * as vscode from 'vscode';
import { DIAGNOSTIC_SOURCE, KNOWN_VALUE_RULE } from '../../shared/diagnosticSource';
import { titleOf } from '../commandTable';
import type { PersonMarks } from '../personMarks';

/** Languages whose line comments start with `#`, `//` or `--`; others (JSON) get a fingerprint instead. */
const LINE_COMMENT: Record<string, string> = {};
for (const id of [
  'dotenv',
  'env',
  'shellscript',
  'python',
  'yaml',
  'dockercompose',
  'toml',
  'ini',
  'properties',
  'dockerfile',
  'makefile',
  'ruby',
  'perl',
  'r',
  'powershell',
  'elixir',
  'julia',
  'nim',
  'coffeescript',
  'github-actions-workflow',
  'terraform',
  'hcl',
  'gitignore',
  'ignore',
])
  LINE_COMMENT[id] = '#';
for (const id of [
  'javascript',
  'typescript',
  'javascriptreact',
  'typescriptreact',
  'jsonc',
  'c',
  'cpp',
  'csharp',
  'java',
  'go',
  'rust',
  'swift',
  'kotlin',
  'scala',
  'dart',
  'php',
  'groovy',
  'fsharp',
  'objective-c',
  'vue',
  'svelte',
])
  LINE_COMMENT[id] = '//';
for (const id of ['sql', 'lua', 'haskell']) LINE_COMMENT[id] = '--';

export function lineCommentToken(languageId: string): string | undefined {
  return LINE_COMMENT[languageId];
}

/** Quick fixes on every Vaultify finding: vaultify it, vaultify the file, or ignore it. */
export class FindingActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** Each action's arguments are marked: a person picked the quick fix. */
  constructor(private readonly marks: PersonMarks) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && d.code !== 'missing-secret');
    for (const diagnostic of ours.filter((d) => d.code === KNOWN_VALUE_RULE)) {
      // The value is already stored: vaultifying it again reuses its name, without prompts.
      const restore = new vscode.CodeAction('Put the vault reference back', vscode.CodeActionKind.QuickFix);
      restore.command = {
        command: 'vaultify.vaultifySecret',
        title: 'Put the vault reference back',
        arguments: [this.marks.mark({ uri: document.uri, range: diagnostic.range })],
      };
      restore.diagnostics = [diagnostic];
      restore.isPreferred = true;
      actions.push(restore);
    }
    const findings = ours.filter((d) => d.code !== KNOWN_VALUE_RULE);
    for (const diagnostic of findings) {
      const args = this.marks.mark({ uri: document.uri, range: diagnostic.range });
      const vaultify = new vscode.CodeAction('Vaultify secret', vscode.CodeActionKind.QuickFix);
      vaultify.command = { command: 'vaultify.vaultifySecret', title: 'Vaultify secret', arguments: [args] };
      vaultify.diagnostics = [diagnostic];
      vaultify.isPreferred = true;
      actions.push(vaultify);

      const ignore = new vscode.CodeAction('Ignore this finding', vscode.CodeActionKind.QuickFix);
      ignore.command = { command: 'vaultify.ignoreFinding', title: 'Ignore this finding', arguments: [args] };
      ignore.diagnostics = [diagnostic];
      actions.push(ignore);
    }
    if (findings.length) {
      const all = new vscode.CodeAction(titleOf('vaultify.vaultifyFile'), vscode.CodeActionKind.QuickFix);
      all.command = {
        command: 'vaultify.vaultifyFile',
        title: titleOf('vaultify.vaultifyFile'),
        arguments: [this.marks.mark({ uri: document.uri })],
      };
      all.diagnostics = findings;
      actions.push(all);
    }
    return actions;
  }
}
