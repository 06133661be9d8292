import { Detector, PRESET_RULES } from './detector';
import { REPLACED_PRESET_RULE_IDS, VAULTIFY_RULES } from './rules';

export { Detector, type DetectOptions, type DetectResult, type DetectorRule, type RuleFailure } from './detector';
export { type Confidence, type Finding, redactedPreview } from './finding';
export { fingerprint } from './fingerprint';
export { findKnownValues, knownValueFingerprint, type KnownValueFingerprint, type KnownValueMatch } from './knownValues';

/** The detector every surface shares: the CLI, the language server and the leak checks. */
export function createDetector(): Detector {
  return new Detector([...PRESET_RULES.filter((r) => !REPLACED_PRESET_RULE_IDS.has(r.creator.meta.id)), ...VAULTIFY_RULES]);
}
