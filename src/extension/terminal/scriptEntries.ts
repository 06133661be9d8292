import * as path from 'node:path';
import { type Node, findNodeAtLocation, parseTree } from 'jsonc-parser';
import * as vscode from 'vscode';
import type { Settings } from '../config';
import { parseEnvFile } from '../../core/envfile';
import { findReferences } from '../../core/reference';
import type { Vault } from '../vault/vault';
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

/**
 * The entries of a file that use vaulted values: their text holds a reference, or a variable
 * that the folder's .env files map to one, or the variable a picked secret becomes.
 */
export async function entriesUsingVaultedValues(vault: Vault, settings: Settings, document: vscode.TextDocument): Promise<ScriptEntry[]> {
  const entries = scriptEntries(document.fileName, document.getText());
  if (!entries.length) return [];
  const variables = await vaultedVariables(vault, settings, document.uri);
  return entries.filter((entry) => mentionsVaulted(entry.text, variables));
}

function mentionsVaulted(text: string, variables: ReadonlySet<string>): boolean {
  if (findReferences(text).length) return true;
  for (const variable of variables) {
    const escaped = variable.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`(?<![A-Za-z0-9_])${escaped}(?![A-Za-z0-9_])`).test(text)) return true;
  }
  return false;
}

async function vaultedVariables(vault: Vault, settings: Settings, uri: vscode.Uri): Promise<Set<string>> {
  const variables = new Set(vault.list().map((m) => envVarName(m.name)));
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return variables;
  const files = settings.get('terminal.envFiles', folder);
  for (const file of files) {
    let text: string;
    try {
      text = new TextDecoder().decode(
        await vscode.workspace.fs.readFile(path.isAbsolute(file) ? vscode.Uri.file(file) : vscode.Uri.joinPath(folder.uri, file)),
      );
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(parseEnvFile(text))) {
      if (findReferences(value).length) variables.add(key);
    }
  }
  return variables;
}
