import { Detector } from './detector';
import { DEFAULT_RULES } from './rules';

export { Detector, type DetectOptions, type DetectResult } from './detector';
export { type DetectorRule, type RuleFailure } from './secretlintAdapter';
export { type Confidence, type Finding, redactedPreview } from './finding';
export { fingerprint, IgnoredValues, ignoredValueEntry, newIgnoreSalt } from './fingerprint';
export { findKnownValues, knownValueFingerprint, type KnownValueFingerprint, type KnownValueMatch } from './knownValues';

/** The detector every surface shares: the CLI, the language server and the leak checks. */
export function createDetector(): Detector {
  return new Detector(DEFAULT_RULES);
}
