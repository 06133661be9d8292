import * as vscode from 'vscode';
import { findReferences, type VaultReference } from '../../core/reference/referenceGrammar';
import type { PersonMarks } from '../personMarks';
import type { SecretMetadata, Vault } from '../vault/vault';
import { appendSecretDetails, escapeMarkdown, scopeKindOf } from '../vaultView/secretDetails';

/** The commands a hover may link to; a trusted MarkdownString runs only these. */
const LINKED_COMMANDS = ['vaultify.revealSecret', 'vaultify.copySecret', 'vaultify.rotateSecret', 'vaultify.addSecret'];

/** The reference under `position`, if any. References never span lines (no newline in a name). */
function referenceAt(
  document: vscode.TextDocument,
  position: vscode.Position,
): { reference: VaultReference; range: vscode.Range } | undefined {
  const line = document.lineAt(position.line).text;
  const reference = findReferences(line).find((r) => r.start <= position.character && position.character < r.end);
  if (!reference) return undefined;
  return { reference, range: new vscode.Range(position.line, reference.start, position.line, reference.end) };
}

/**
 * A command link. Its arguments travel as JSON, so they carry a single-use token that tells the
 * registry a person clicked it; a driven call without one is a driven call.
 */
function commandLink(title: string, command: string, args: object, marks: PersonMarks): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify([{ ...args, person: marks.linkToken() }]))})`;
}

/** Describes the secret a reference names, from its metadata: never its value. */
export class ReferenceHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly vault: Vault,
    private readonly marks: PersonMarks,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const found = referenceAt(document, position);
    if (!found) return undefined;
    const { name } = found.reference;
    const markdown = new vscode.MarkdownString('', true);
    markdown.isTrusted = { enabledCommands: LINKED_COMMANDS };
    const metadata = this.vault.lookup(name);
    if (metadata) this.describe(markdown, metadata);
    else this.describeMissing(markdown, name);
    return new vscode.Hover(markdown, found.range);
  }

  private describe(markdown: vscode.MarkdownString, metadata: SecretMetadata): void {
    markdown.appendMarkdown(`$(key) **${escapeMarkdown(`vault:${metadata.name}`)}**\n\n`);
    appendSecretDetails(markdown, metadata, new Date());
    const target = { name: metadata.name, scope: scopeKindOf(metadata) };
    const links = vscode.workspace.isTrusted
      ? [commandLink('Reveal', 'vaultify.revealSecret', target, this.marks), commandLink('Copy', 'vaultify.copySecret', target, this.marks)]
      : [];
    links.push(commandLink('Rotate', 'vaultify.rotateSecret', target, this.marks));
    markdown.appendMarkdown(`\n${links.join(' · ')}`);
    if (!vscode.workspace.isTrusted) markdown.appendMarkdown('\n\nReveal and Copy need a trusted workspace.');
  }

  private describeMissing(markdown: vscode.MarkdownString, name: string): void {
    markdown.appendMarkdown(`$(warning) **${escapeMarkdown(`vault:${name}`)}** is not in the vault: nothing resolves it.\n\n`);
    markdown.appendMarkdown(commandLink('Add to vault…', 'vaultify.addSecret', { name }, this.marks));
  }
}
