import { knownValueFingerprint } from '../../core/detect/knownValues';
import type { Ctx } from '../ctx';
import type { DetectionClient } from '../detectionClient';
import { UntrustedWorkspaceError, type Vault } from '../vault/vault';

/**
 * Known-value detection: the language server flags any stored value that appears verbatim in a
 * buffer. It receives fingerprints (length and hashes) computed here, in memory; values never
 * leave the extension host and nothing is written to disk. Values too short to mask are left
 * out, as they would match ordinary text.
 */
export function shareKnownValues(ctx: Ctx, vault: Vault, detection: DetectionClient): void {
  const share = async (): Promise<void> => {
    const minLength = ctx.settings.get('mask.minLength');
    try {
      const stored = await vault.readAll({ actor: 'detector', purpose: 'fingerprinting stored values for known-value detection' });
      await detection.shareKnownValues(
        stored.filter((s) => s.value.length >= minLength).map((s) => knownValueFingerprint(s.metadata.name, s.value)),
      );
    } catch (error) {
      if (error instanceof UntrustedWorkspaceError) ctx.log.info('Known-value detection is off in an untrusted workspace.');
      else ctx.log.error(`Could not share known values with the detector: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  ctx.register(vault.onDidChange(() => void share()));
  void share();
}
