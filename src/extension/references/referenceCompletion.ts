import * as vscode from 'vscode';
import type { Vault } from '../vault/vault';
import { appendSecretDetails, scopeKindOf } from '../vaultView/secretDetails';

/**
 * `vault:` or `{{vault:` right before the cursor, then the part of a name typed so far. A bare
 * `vault:` must not follow a word character or a brace, as in the reference grammar.
 */
const TYPED_REFERENCE = /(?:(\{\{)|(?<![A-Za-z0-9_{]))vault:([A-Za-z0-9_.\-/]*)$/;
const NAME_REST = /^[A-Za-z0-9_.\-/]*/;

/** Offers the names stored in the vault after `vault:`, with kind and scope; never a value. */
export class ReferenceCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly vault: Vault) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const line = document.lineAt(position.line).text;
    const typed = TYPED_REFERENCE.exec(line.slice(0, position.character));
    if (!typed) return undefined;
    const embedded = typed[1] !== undefined;
    const nameStart = position.character - typed[2].length;
    const after = line.slice(position.character);
    // Completing inside an existing name replaces all of it, not just the part before the cursor.
    const rest = NAME_REST.exec(after)![0].length;
    const range = {
      inserting: new vscode.Range(position.line, nameStart, position.line, position.character),
      replacing: new vscode.Range(position.line, nameStart, position.line, position.character + rest),
    };
    const closes = embedded && !after.slice(rest).startsWith('}}');
    const now = new Date();
    const seen = new Set<string>();
    const items: vscode.CompletionItem[] = [];
    // list() gives the workspace scope first, and lookup resolves a name there first: a global
    // secret of the same name is shadowed, so it is not offered.
    for (const metadata of this.vault.list()) {
      if (seen.has(metadata.name)) continue;
      seen.add(metadata.name);
      const item = new vscode.CompletionItem(
        { label: metadata.name, description: `${metadata.kind ?? 'secret'} · ${scopeKindOf(metadata)}` },
        vscode.CompletionItemKind.Constant,
      );
      item.detail = `${metadata.kind ?? 'secret'} · ${scopeKindOf(metadata)} scope`;
      item.documentation = appendSecretDetails(new vscode.MarkdownString(), metadata, now);
      item.insertText = closes ? `${metadata.name}}}` : metadata.name;
      item.filterText = metadata.name;
      item.sortText = `${items.length}`.padStart(6, '0');
      item.range = range;
      items.push(item);
    }
    return items;
  }
}
