import type * as vscode from 'vscode';
import type { Settings } from './config';
import type { MaskValue, Vault } from './vault/vault';

/** The options every masked surface uses in a folder: the user's token and minimum length, and credential detection. */
export interface MaskingOptions {
  token: string;
  minLength: number;
  detectCredentials: true;
}

/**
 * What every masked surface (terminals, agent runs, the agent endpoint's mask, transcript
 * cleaning) masks and how: gathered here once, so that no surface forgets the retired values or a
 * setting.
 */
export class MaskingInput {
  constructor(
    private readonly vault: Vault,
    private readonly settings: Settings,
  ) {}

  /**
   * Every stored value in scope and, since running processes and logs still hold them, the retired
   * ones within their days; with `every`, those of every scope. The read is the masker's, for `purpose`.
   */
  values(purpose: string, scopes: 'visible' | 'every' = 'visible'): Promise<MaskValue[]> {
    return this.vault.maskValues({ actor: 'masker', purpose }, this.settings.get('rotation.retiredMaskDays'), scopes);
  }

  options(folder?: vscode.WorkspaceFolder): MaskingOptions {
    return {
      token: this.settings.get('mask.token', folder),
      minLength: this.settings.get('mask.minLength', folder),
      detectCredentials: true,
    };
  }
}
