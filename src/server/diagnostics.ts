import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type DetectedSecret, type FindingData } from '../shared/lspProtocol';

/** A finding as the user sees it: its kind and a redacted preview, never the value. */
export function toDiagnostic(document: TextDocument, secret: DetectedSecret): Diagnostic {
  const data: FindingData = { kind: secret.kind, title: secret.title, confidence: secret.confidence, preview: secret.preview };
  return {
    range: { start: document.positionAt(secret.start), end: document.positionAt(secret.end) },
    severity: secret.confidence === 'low' ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: secret.ruleId,
    message: `${secret.title} in plain text (${secret.preview}). Run "Vaultify secret" to move it into the vault.`,
    data,
  };
}
