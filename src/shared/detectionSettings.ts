import type { SettingReader } from '../core/settings/settingsTable';

/**
 * The `vaultify.detection.*` settings as detection applies them: the language server gets them
 * from the extension (built in full, per resource, protection applied), the CLI from the
 * folder's `.vscode/settings.json` under the same rules.
 */
export interface DetectionSettings {
  maxFileSizeKB: number;
  exclude: string[];
  /** Fingerprints of values marked "not a secret"; matched by the detector. */
  ignoredValues: string[];
  /** The salt of `ignoredValues`' salted entries; empty until the first one is written. */
  ignoredValuesSalt: string;
  showLowConfidence: boolean;
}

/** The detection settings, each read through `read` (the extension's accessor, or the CLI's). */
export function detectionSettings(read: SettingReader): DetectionSettings {
  return {
    maxFileSizeKB: read('detection.maxFileSizeKB'),
    exclude: read('detection.exclude'),
    ignoredValues: read('detection.ignoredValues'),
    ignoredValuesSalt: read('detection.ignoredValuesSalt'),
    showLowConfidence: read('detection.showLowConfidence'),
  };
}
