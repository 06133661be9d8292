import * as vscode from 'vscode';
import type { Settings } from '../config';
import type { Vault } from '../vault/vault';

const TRAIL_READ = { actor: 'masker', purpose: 'masking what the audit trail records' } as const;

/**
 * Masks the free text of an audit record with every vaulted value, of every scope (the trail is
 * shared by all workspaces) and retired ones still masked, and with every credential the detector
 * recognises. An untrusted workspace reads no value (invariant 4), so detection alone masks there;
 * nothing that runs there records a command line.
 */
export async function maskForTrail(vault: Vault, settings: Settings, texts: readonly string[]): Promise<string[]> {
  const values = vscode.workspace.isTrusted ? await vault.maskValues(TRAIL_READ, settings.get('rotation.retiredMaskDays'), 'every') : [];
  // The masker (and the detector rules it scans with) loads with the first record that needs it.
  const { maskText } = await import('../../core/mask');
  const options = { token: settings.get('mask.token'), minLength: settings.get('mask.minLength'), detectCredentials: true };
  return texts.map((text) => maskText(text, values, options).text);
}
