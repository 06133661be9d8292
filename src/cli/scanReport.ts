import type { ScanFinding } from '../core/workspace/scanFile';

export type ScanFormat = 'json' | 'sarif' | 'text';
export const SCAN_FORMATS: readonly ScanFormat[] = ['json', 'sarif', 'text'];

/** `vaultify scan --format json`: one array, the contract in docs/ARCHITECTURE.md. */
export function formatJson(findings: ScanFinding[]): string {
  return JSON.stringify(
    findings.map(({ file, line, column, endLine, endColumn, ruleId, kind, preview, evidence }) => ({
      file,
      line,
      column,
      endLine,
      endColumn,
      ruleId,
      kind,
      preview,
      evidence,
    })),
    null,
    2,
  );
}

/** `incomplete`: some files could not be read, so "nothing found" covers only the rest. */
export function formatText(findings: ScanFinding[], incomplete = false): string {
  if (!findings.length) return incomplete ? 'No secrets found in the files that could be read.' : 'No secrets found.';
  const lines = findings.map((f) => `${f.file}:${f.line}:${f.column}  ${f.title} (${f.preview}; ${f.evidence})  ${f.ruleId}`);
  lines.push('', `${findings.length} secret${findings.length === 1 ? '' : 's'} found.`);
  return lines.join('\n');
}

/** SARIF 2.1.0, as GitHub code scanning and most CI dashboards read it. */
export function formatSarif(findings: ScanFinding[], version: string): string {
  const ruleIds = [...new Set(findings.map((f) => f.ruleId))];
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'vaultify',
              version,
              informationUri: 'https://github.com/vaultify/vaultify',
              rules: ruleIds.map((id) => ({ id, shortDescription: { text: id } })),
            },
          },
          results: findings.map((f) => ({
            ruleId: f.ruleId,
            ruleIndex: ruleIds.indexOf(f.ruleId),
            level: f.confidence === 'low' ? 'note' : 'warning',
            message: { text: `${f.title} (${f.preview})` },
            properties: { kind: f.kind, confidence: f.confidence },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: f.file.split('\\').join('/') },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                },
              },
            ],
          })),
        },
      ],
    },
    null,
    2,
  );
}
