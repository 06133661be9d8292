export { type ExposureFinding, type ExposureKind, type SkippedFile } from './exposureFinding';
export { type ExposureRecord, closeExposures, openExposures, recordExposures } from './exposureRecords';
export {
  AWS_SESSION_MAX_MS,
  DEFAULT_WARN_DAYS,
  type ExpiryPolicy,
  type ExpirySource,
  type ExpiryState,
  type ExpiryStatus,
  type ValueExpiry,
  classifyExpiry,
  effectiveExpiry,
  expiryFromValue,
  jwtExpiry,
  reminderDue,
} from './expiry';
export { type FileScanResult, type ScannedFile, scanFiles } from './fileExposure';
export { type TranscriptExposure, checkTranscripts } from './transcriptExposure';
export { type GitHistoryOptions, type GitHistoryResult, scanGitHistory } from './gitHistory';
export { DEFAULT_RETIRED_MASK_DAYS, type RetiredValue, partitionRetired, stillMasked } from './retiredValues';
export { type RotationPage, rotationPage } from './rotationPages';
export { ALPHABETS, type AlphabetName, type GenerateOptions, entropyBits, generateSecret } from './secretGenerator';
export { type CleanOptions, type CleanResult, type CleanedFile, cleanTranscripts } from './transcriptCleaner';
export { type TranscriptFile, listTranscriptFiles } from './transcriptFiles';
export {
  type LocationEnvironment,
  type TranscriptFormat,
  type TranscriptLocation,
  type TranscriptTool,
  transcriptLocations,
} from './transcriptLocations';
export { type RedactionCounts, type RedactorOptions, TranscriptRedactor } from './transcriptRedactor';
export { ValueMatcher, type VaultValue, transcriptForms } from './valueMatcher';
export { type WorkspaceExposure, checkWorkspaceFiles } from './workspaceExposure';
