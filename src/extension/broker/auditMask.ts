import * as vscode from 'vscode';
import type { Settings } from '../config';
import { MaskingInput } from '../maskingInput';
import type { Vault } from '../vault/vault';

/**
 * Masks the free text of an audit record with every vaulted value, of every scope (the trail is
 * shared by all workspaces) and retired ones still masked, and with every credential the detector
 * recognises. An untrusted workspace reads no value (invariant 4), so detection alone masks there;
 * nothing that runs there records a command line.
 */
export async function maskForTrail(vault: Vault, settings: Settings, texts: readonly string[]): Promise<string[]> {
  const masking = new MaskingInput(vault, settings);
  const values = vscode.workspace.isTrusted ? await masking.values('masking what the audit trail records', 'every') : [];
  // The masker (and the detector rules it scans with) loads with the first record that needs it.
  const { maskText } = await import('../../core/mask');
  return texts.map((text) => maskText(text, values, masking.options()).text);
}
