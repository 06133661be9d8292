import * as vscode from 'vscode';
import { PERSON } from '../../core/policy';
import type { Ctx } from '../ctx';
import type { Vault } from './vault';
import { legacyWorkspaceScopeId } from './vaultScope';

/**
 * Workspace secrets stored before scopes bound to the repository sit under the folder-only id.
 * They are never adopted silently, since another repository may now be cloned at that path: the
 * user is asked once a session, and until then the values stay in SecretStorage untouched.
 */
export async function offerLegacyScope(ctx: Ctx, vault: Vault): Promise<void> {
  const legacy = legacyWorkspaceScopeId();
  const current = vault.scopeId('workspace');
  if (!legacy || !current || legacy === current || !vscode.workspace.isTrusted) return;
  const waiting = vault.inScope(legacy).filter((m) => !vault.lookup(m.name, current));
  if (!waiting.length) return;
  const names = waiting.map((m) => `"${m.name}"`).join(', ');
  const answer = await vscode.window.showInformationMessage(
    `${waiting.length} workspace secret(s) stored for this folder by an earlier Vaultify are hidden now that workspace secrets belong to the repository too: ${names}. Do they belong to this repository?`,
    'Keep them for this repository',
  );
  if (answer !== 'Keep them for this repository') return;
  for (const { name } of waiting) {
    try {
      await vault.moveScope(name, legacy, current, PERSON);
    } catch (error) {
      ctx.log.error(`Could not move "${name}" to this workspace's scope: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/**
 * Looks for secrets under an earlier workspace id right after activation, not in it. Takes the
 * services by their vault alone: the vault sits below the composition root.
 */
export function registerLegacyScopeOffer(ctx: Ctx, { vault }: { vault: Vault }): void {
  setTimeout(
    () =>
      void offerLegacyScope(ctx, vault).catch((error: unknown) =>
        ctx.log.error(`Could not look for earlier workspace secrets: ${String(error)}`),
      ),
    0,
  );
}
