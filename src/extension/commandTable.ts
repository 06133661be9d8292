/**
 * Every command Vaultify contributes, typed once: the registry accepts only these ids, and a unit
 * test holds package.json's `contributes.commands` to this table, id for id and title for title.
 * No `vscode` import, so plain mocha can load it.
 *
 * Titles: the palette keeps every label that matches the typed words and sorts the never-used ones
 * by label, alphabetically. Any other title with the word "secret" would match `Vaultify secret`
 * and sort before it ("Vaultify: Add secret" < "Vaultify: Vaultify secret"), so only the
 * headline command says "secret"; the others speak of the vault, its values and credentials.
 */
export const COMMANDS = {
  'vaultify.vaultifySecret': { title: 'Vaultify secret', icon: '$(shield)' },
  'vaultify.vaultifyFile': { title: 'Vaultify all credentials in file', icon: '$(shield)' },
  'vaultify.scanWorkspace': { title: 'Scan workspace for credentials', icon: '$(search)' },
  'vaultify.addSecret': { title: 'Add to vault', icon: '$(add)' },
  'vaultify.revealSecret': { title: 'Reveal vaulted value', icon: '$(eye)' },
  'vaultify.copySecret': { title: 'Copy vaulted value', icon: '$(copy)' },
  'vaultify.restoreLiteral': { title: 'Replace reference with value', icon: '$(discard)' },
  'vaultify.rotateSecret': { title: 'Rotate vaulted value', icon: '$(sync)' },
  'vaultify.renameSecret': { title: 'Rename vault entry', icon: '$(edit)' },
  'vaultify.deleteSecret': { title: 'Delete vault entry', icon: '$(trash)' },
  'vaultify.setSecretAccess': { title: 'Set access policy and environment', icon: '$(lock)' },
  'vaultify.setSecretExpiry': { title: 'Set expiry date and rotation period', icon: '$(calendar)' },
  'vaultify.checkExposure': { title: 'Check for exposed credentials', icon: '$(eye)' },
  'vaultify.cleanTranscripts': { title: 'Clean AI transcripts', icon: '$(clear-all)' },
  'vaultify.refreshVault': { title: 'Refresh vault view', icon: '$(refresh)' },
  'vaultify.ignoreFinding': { title: 'Ignore this finding' },
  'vaultify.newMaskedTerminal': { title: 'New masked terminal', icon: '$(shield)' },
  'vaultify.guardWorkspace': { title: 'Generate AI ignore files', icon: '$(shield)' },
  'vaultify.showAiHiddenFiles': { title: "Show what AI assistants can't see", icon: '$(eye-closed)' },
  'vaultify.stopCredentialScan': { title: 'Stop background credential scan', icon: '$(debug-stop)' },
  'vaultify.restartDetectionServer': { title: 'Restart detection server', icon: '$(debug-restart)' },
  'vaultify.showOutput': { title: 'Show output', icon: '$(output)' },
  // "Secretless" would match "Vaultify secret" in the palette and sort before it.
  'vaultify.checkSecretlessCoverage': { title: 'Check proxy coverage', icon: '$(checklist)' },
  'vaultify.showAuditTrail': { title: 'Show audit trail', icon: '$(history)' },
  'vaultify.verifyAuditTrail': { title: 'Verify audit trail', icon: '$(verified)' },
  'vaultify.revokeGrant': { title: 'Revoke grant', icon: '$(close)' },
  'vaultify.revokeAllGrants': { title: 'Revoke all grants', icon: '$(clear-all)' },
  'vaultify.acceptWorkspaceSetting': { title: 'Accept workspace setting', icon: '$(check)' },
  'vaultify.revokeAcceptedSettings': { title: 'Revoke accepted workspace settings', icon: '$(close)' },
  'vaultify.connectAgents': { title: 'Connect AI agents', icon: '$(plug)' },
  'vaultify.disconnectAgents': { title: 'Disconnect AI agents', icon: '$(debug-disconnect)' },
  'vaultify.setUpTeamKey': { title: 'Set up team key', icon: '$(key)' },
  'vaultify.addTeamMember': { title: 'Add team member', icon: '$(person-add)' },
  'vaultify.removeTeamMember': { title: 'Remove team member', icon: '$(person)' },
  'vaultify.acceptTeamRecipients': { title: 'Accept team file recipients', icon: '$(person-add)' },
} as const satisfies Record<string, { title: string; icon?: string }>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_CATEGORY = 'Vaultify';

/** A command's title as the user reads it in messages: "Add to vault". */
export function titleOf(id: CommandId): string {
  return COMMANDS[id].title;
}
