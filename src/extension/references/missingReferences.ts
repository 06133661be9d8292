import * as vscode from 'vscode';
import { findReferences, parseReference } from '../../core/reference/referenceGrammar';
import { DIAGNOSTIC_SOURCE } from '../../shared/diagnosticSource';
import { titleOf } from '../commandTable';
import type { PersonMarks } from '../personMarks';
import type { Vault } from '../vault/vault';
import { holdsReferences } from './referenceDocuments';

export const MISSING_SECRET_CODE = 'missing-secret';
const DEBOUNCE_MS = 250;

/**
 * Warns on every reference whose name the vault cannot resolve, in every open document. Its own
 * collection, so the language server's findings and these never overwrite each other.
 */
export class MissingReferences implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('vaultify-references');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly vault: Vault) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((document) => this.check(document)),
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.cancel(document.uri);
        this.collection.delete(document.uri);
      }),
      vault.onDidChange(() => this.checkAll()),
    ];
    this.checkAll();
  }

  checkAll(): void {
    for (const document of vscode.workspace.textDocuments) this.check(document);
  }

  private schedule(document: vscode.TextDocument): void {
    this.cancel(document.uri);
    this.pending.set(
      document.uri.toString(),
      setTimeout(() => {
        this.pending.delete(document.uri.toString());
        this.check(document);
      }, DEBOUNCE_MS),
    );
  }

  private cancel(uri: vscode.Uri): void {
    clearTimeout(this.pending.get(uri.toString()));
    this.pending.delete(uri.toString());
  }

  private check(document: vscode.TextDocument): void {
    if (!holdsReferences(document) || document.isClosed) return;
    const stored = new Set(this.vault.list().map((metadata) => metadata.name));
    const diagnostics: vscode.Diagnostic[] = [];
    for (const reference of findReferences(document.getText())) {
      if (stored.has(reference.name)) continue;
      const range = new vscode.Range(document.positionAt(reference.start), document.positionAt(reference.end));
      const diagnostic = new vscode.Diagnostic(
        range,
        `"${reference.name}" is not in the vault, so vault:${reference.name} resolves to nothing. Add it with "${titleOf('vaultify.addSecret')}".`,
        vscode.DiagnosticSeverity.Warning,
      );
      diagnostic.source = DIAGNOSTIC_SOURCE;
      diagnostic.code = MISSING_SECRET_CODE;
      diagnostics.push(diagnostic);
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.collection.dispose();
  }
}

/** "Add to vault…" on each missing-secret warning: the command then asks for the value in a password box. */
export class AddMissingSecretAction implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly marks: PersonMarks) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE || diagnostic.code !== MISSING_SECRET_CODE) continue;
      const reference = parseReference(document.getText(diagnostic.range));
      if (!reference) continue;
      const action = new vscode.CodeAction(`Add "${reference.name}" to the vault…`, vscode.CodeActionKind.QuickFix);
      action.command = {
        title: titleOf('vaultify.addSecret'),
        command: 'vaultify.addSecret',
        arguments: [this.marks.mark({ name: reference.name })],
      };
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
