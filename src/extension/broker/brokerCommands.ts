import * as vscode from 'vscode';
import type { Requester } from '../../core/policy';
import type { Ctx } from '../ctx';
import type { Services } from '../services';
import { UserError } from '../userError';
import type { AuditTrail, AuditVerification } from './auditTrail';
import { AUDIT_SCHEME, type AuditFilter } from './auditView';
import type { ReleaseBroker } from './releaseBroker';

/** The audit trail's read-only documents, one per filter. */
export function registerAuditView(ctx: Ctx, services: Services): void {
  ctx.register(vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, services.auditDocuments));
}

/** Show audit trail: the records a filter picks, as a Markdown table. */
export async function showAuditTrail(
  { audit, auditDocuments: documents }: Services,
  args: AuditFilter | undefined,
  requester: Requester,
): Promise<{ uri: string } | undefined> {
  const filter = args ?? (requester.kind === 'person' ? await pickFilter(audit) : {});
  if (!filter) return undefined;
  const uri = documents.uri(filter);
  documents.refresh(uri);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.languages.setTextDocumentLanguage(document, 'markdown');
  await vscode.window.showTextDocument(document, { preview: true });
  return { uri: uri.toString() };
}

export async function verifyAuditTrail({ audit }: Services, requester: Requester): Promise<AuditVerification> {
  const result = await audit.verify();
  if (requester.kind === 'person') {
    if (result.ok) {
      // The head is what a copy of the trail, checked elsewhere, is anchored to.
      const copy = 'Copy command';
      void vscode.window
        .showInformationMessage(
          `Vaultify: the audit trail is intact (${result.records} records, each sealed with this install's key, up to the chain head in the OS keychain). Head: ${result.head}. To check a copy of it from a terminal: ${result.command}`,
          copy,
        )
        .then((answer) => (answer === copy ? vscode.env.clipboard.writeText(result.command) : undefined));
    } else
      void vscode.window.showErrorMessage(
        `Vaultify: the audit trail is broken at record ${result.firstBad!.seq}: ${result.firstBad!.message}.`,
        { modal: true },
      );
  }
  return result;
}

export async function revokeGrant(
  { broker }: Services,
  args: { grantId?: string } | undefined,
  requester: Requester,
): Promise<{ revoked: boolean }> {
  const id = args?.grantId ?? (await pickGrant(broker));
  if (!id) return { revoked: false };
  const revoked = await broker.revoke(id, requester);
  if (!revoked) throw new UserError('That grant has already ended.');
  vscode.window.setStatusBarMessage('$(shield) Grant revoked.', 5000);
  return { revoked };
}

export async function revokeAllGrants({ broker }: Services, requester: Requester): Promise<{ revoked: number }> {
  const revoked = await broker.revokeAll(requester);
  vscode.window.setStatusBarMessage(`$(shield) ${revoked} grant${revoked === 1 ? '' : 's'} revoked.`, 5000);
  return { revoked };
}

async function pickFilter(audit: AuditTrail): Promise<AuditFilter | undefined> {
  const records = await audit.records();
  const secrets = [...new Set(records.flatMap((r) => r.secrets.map((s) => s.name)))].sort();
  const requesters = [...new Set(records.map((r) => r.requester.label))].sort();
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'All records', filter: {} as AuditFilter },
      { label: 'By secret', kind: vscode.QuickPickItemKind.Separator, filter: {} },
      ...secrets.map((secret) => ({ label: secret, description: 'secret', filter: { secret } })),
      { label: 'By requester', kind: vscode.QuickPickItemKind.Separator, filter: {} },
      ...requesters.map((requester) => ({ label: requester, description: 'requester', filter: { requester } })),
    ],
    { title: 'Show audit trail', placeHolder: 'All records, or those of one secret or one requester' },
  );
  return picked?.filter;
}

async function pickGrant(broker: ReleaseBroker): Promise<string | undefined> {
  const grants = broker.listGrants();
  if (!grants.length) {
    void vscode.window.showInformationMessage('Vaultify: there are no grants to revoke.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    grants.map(({ grant }) => ({
      label: grant.requester.label,
      description: grant.secrets.map((s) => s.name).join(', '),
      detail: grant.command,
      id: grant.id,
    })),
    { title: 'Revoke grant' },
  );
  return picked?.id;
}
