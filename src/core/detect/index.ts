import { Detector, PRESET_RULES } from './detector';
import { VAULTIFY_RULES } from './rules';

export { Detector, type DetectOptions, type DetectResult, type DetectorRule, type RuleFailure } from './detector';
export { type Confidence, type Finding, redactedPreview } from './finding';
export { fingerprint } from './fingerprint';

/** The detector every surface shares: the CLI, the language server and the leak checks. */
export function createDetector(): Detector {
  return new Detector([...PRESET_RULES, ...VAULTIFY_RULES]);
}
