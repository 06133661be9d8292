import * as vscode from 'vscode';
import type { AuditRecord } from '../../core/audit';
import { scopeKindOfId } from '../vault/vaultScope';

export const AUDIT_SCHEME = 'vaultify-audit';

/** What to show of the trail: records naming this secret, or asked by this requester. */
export interface AuditFilter {
  secret?: string;
  requester?: string;
}

/** A table cell: user text (names, labels, command lines) cannot break the table or format. */
function cell(text: string | number | undefined): string {
  return text === undefined
    ? ''
    : String(text)
        .replace(/[\\`*_[\]<>|]/g, '\\$&')
        .replace(/\r?\n/g, ' ');
}

function matches(record: AuditRecord, filter: AuditFilter): boolean {
  return (
    (!filter.secret || record.secrets.some((s) => s.name === filter.secret || record.newName === filter.secret)) &&
    (!filter.requester || record.requester.label === filter.requester)
  );
}

/** The trail as Markdown: one table per day, newest day first, oldest record first within a day. Names only; fingerprints are cut short. */
export function auditMarkdown(records: readonly AuditRecord[], filter: AuditFilter): string {
  const shown = records.filter((r) => matches(r, filter));
  const lines = [`# Vaultify audit trail`, ''];
  const filters = [filter.secret && `secret "${filter.secret}"`, filter.requester && `requester "${filter.requester}"`].filter(Boolean);
  lines.push(
    `${shown.length} of ${records.length} records${filters.length ? `, for ${filters.join(' and ')}` : ''}. Values are never recorded; a fingerprint is an HMAC under this install's key.`,
    '',
  );
  const days = new Map<string, AuditRecord[]>();
  for (const r of shown) days.set(r.ts.slice(0, 10), [...(days.get(r.ts.slice(0, 10)) ?? []), r]);
  for (const day of [...days.keys()].sort().reverse()) {
    lines.push(
      `## ${day}`,
      '',
      '| # | time (UTC) | event | requester | secrets | what | command / folder | exit | masked |',
      '| ---: | --- | --- | --- | --- | --- | --- | ---: | ---: |',
    );
    for (const r of days.get(day)!) {
      const secrets = r.secrets
        .map((s) => `${s.name} (${scopeKindOfId(s.scope)}${s.fingerprint ? ` ${s.fingerprint.slice(0, 8)}` : ''})`)
        .join(', ');
      const what = [r.channel, r.purpose, r.grant && `grant ${r.grant.duration} ${r.grant.id.slice(0, 8)}`, r.newName && `to ${r.newName}`]
        .filter(Boolean)
        .join('; ');
      const where = [r.command, r.cwd && `in ${r.cwd}`].filter(Boolean).join(' ');
      lines.push(
        `| ${r.seq} | ${r.ts.slice(11, 19)} | ${r.event} | ${cell(r.requester.label)} | ${cell(secrets)} | ${cell(what)} | ${cell(where)} | ${cell(r.exitCode)} | ${cell(r.maskedCount)} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Serves `vaultify-audit:` documents, read-only, rendered when opened. */
export class AuditDocuments implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly records: () => Promise<AuditRecord[]>) {}

  uri(filter: AuditFilter): vscode.Uri {
    return vscode.Uri.from({
      scheme: AUDIT_SCHEME,
      path: '/audit-trail.md',
      query: new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]).toString(),
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const query = new URLSearchParams(uri.query);
    return auditMarkdown(await this.records(), {
      secret: query.get('secret') ?? undefined,
      requester: query.get('requester') ?? undefined,
    });
  }

  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }
}
