import * as path from 'node:path';
import { type Node, findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import { parseEnvFile } from '../../core/envfile';
import { findReferences } from '../../core/reference';
import type { Ctx } from '../ctx';
import type { Vault } from '../vault/vault';
import type { MaskedTerminalArgs } from './maskedTerminalLauncher';
import { envVarName } from './terminalEnvironment';

/** Something runnable in a file: a package.json script, a Makefile target or a whole shell script. */
export interface ScriptEntry {
  /** Offset of the line the lens sits on. */
  offset: number;
  /** What to type into the shell, run from the file's folder. */
  command: string;
  /** The text that says what it runs, searched for vaulted names. */
  text: string;
}

const quote = (word: string): string => (/^[\w./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

/** The runnable entries of package.json scripts, Makefiles and *.sh files; none for other files. */
export function scriptEntries(fileName: string, text: string): ScriptEntry[] {
  const base = path.basename(fileName);
  if (base === 'package.json') {
    const scripts = findNodeAtLocation(parseTree(text) ?? ({} as Node), ['scripts']);
    return (scripts?.children ?? []).flatMap((property) => {
      const [key, value] = property.children ?? [];
      if (typeof key?.value !== 'string' || typeof value?.value !== 'string') return [];
      return [{ offset: key.offset, command: `npm run ${quote(key.value)}`, text: value.value }];
    });
  }
  if (/^(?:GNUmakefile|[Mm]akefile)$|\.mk$/.test(base)) {
    const entries: ScriptEntry[] = [];
    const lines = text.split('\n');
    let offset = 0;
    for (let i = 0; i < lines.length; offset += lines[i].length + 1, i++) {
      // `target: deps`, but not `VAR := value` and not special targets such as .PHONY.
      const target = /^([A-Za-z0-9_][A-Za-z0-9_.\-/]*)\s*:(?![:=])/.exec(lines[i]);
      if (!target) continue;
      let recipe = lines[i];
      for (let j = i + 1; j < lines.length && lines[j].startsWith('\t'); j++) recipe += `\n${lines[j]}`;
      entries.push({ offset, command: `make ${quote(target[1])}`, text: recipe });
    }
    return entries;
  }
  if (base.endsWith('.sh')) {
    const shebang = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(text);
    const interpreter = shebang ? (path.basename(shebang[1]) === 'env' && shebang[2] ? shebang[2] : shebang[1]) : 'sh';
    return [{ offset: 0, command: `${interpreter} ${quote(`./${base}`)}`, text }];
  }
  return [];
}

/** Whether a text names a vault reference, or one of the variables that hold vaulted values. */
export function mentionsVaulted(text: string, variables: ReadonlySet<string>): boolean {
  if (findReferences(text).length) return true;
  for (const variable of variables) {
    const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(text)) return true;
  }
  return false;
}

/**
 * "Run in masked terminal" above the scripts, Makefile targets and shell scripts that use vaulted
 * values: the text holds a reference, or a variable that the folder's .env files map to one, or
 * the variable a picked secret becomes.
 */
export class ScriptCodeLensProvider implements vscode.CodeLensProvider {
  static readonly selector: vscode.DocumentSelector = [
    { scheme: 'file', pattern: '**/package.json' },
    { scheme: 'file', pattern: '**/{GNUmakefile,Makefile,makefile,*.mk}' },
    { scheme: 'file', pattern: '**/*.sh' },
  ];

  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly vault: Vault) {}

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
    const entries = scriptEntries(document.fileName, document.getText());
    if (!entries.length) return [];
    const variables = await this.vaultedVariables(document.uri);
    const cwd = path.dirname(document.uri.fsPath);
    return entries
      .filter((entry) => mentionsVaulted(entry.text, variables))
      .map((entry) => {
        const args: MaskedTerminalArgs = { fromView: true, cwd, command: entry.command, name: `Vaultify: ${entry.command}` };
        const line = document.positionAt(entry.offset).line;
        return new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: '$(shield) Run in masked terminal',
          tooltip: `Runs "${entry.command}" in a masked terminal, with vault references resolved`,
          command: 'vaultify.newMaskedTerminal',
          arguments: [args],
        });
      });
  }

  private async vaultedVariables(uri: vscode.Uri): Promise<Set<string>> {
    const variables = new Set(this.vault.list().map((m) => envVarName(m.name)));
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return variables;
    const files = vscode.workspace.getConfiguration('vaultify.terminal', folder).get<string[]>('envFiles', ['.env']);
    for (const file of files) {
      let text: string;
      try {
        text = new TextDecoder().decode(await vscode.workspace.fs.readFile(path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file)));
      } catch {
        continue;
      }
      for (const [key, value] of Object.entries(parseEnvFile(text))) {
        if (findReferences(value).length) variables.add(key);
      }
    }
    return variables;
  }
}
