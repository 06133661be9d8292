import { type Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_SOURCE, type DetectedSecret, type FindingData, KNOWN_VALUE_RULE } from '../shared/lspProtocol';

/** A finding as the user sees it: its kind and a redacted preview, never the value. */
export function toDiagnostic(document: TextDocument, secret: DetectedSecret): Diagnostic {
  const { kind, title, confidence, preview, evidence, vaultName } = secret;
  const data: FindingData = { kind, title, confidence, preview, evidence, vaultName };
  const range = { start: document.positionAt(secret.start), end: document.positionAt(secret.end) };
  if (secret.ruleId === KNOWN_VALUE_RULE) {
    return {
      range,
      severity: DiagnosticSeverity.Error,
      source: DIAGNOSTIC_SOURCE,
      code: KNOWN_VALUE_RULE,
      message: `Vault secret "${vaultName}" appears in plain text. Put its reference back with "Vaultify secret".`,
      data,
    };
  }
  return {
    range,
    severity: confidence === 'low' ? DiagnosticSeverity.Information : DiagnosticSeverity.Warning,
    source: DIAGNOSTIC_SOURCE,
    code: secret.ruleId,
    // The hover shows the message: it says why, so a user can judge a finding without seeing the value.
    message: `${title} in plain text (${preview}; ${evidence}). Run "Vaultify secret" to move it into the vault.`,
    data,
  };
}
