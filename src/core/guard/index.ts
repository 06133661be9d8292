export { type HookMode, planClaudeHooks, planCursorHooks, planVscodeHooks } from './agentHooks';
export { claudeDenyRules, planClaudeSettings } from './claudeSettings';
export { listWorkspaceFiles } from './fileListing';
export {
  type AppliedFile,
  type AppliedOutcome,
  type FileText,
  type GuardOptions,
  type GuardPlan,
  type PlannedAction,
  type PlannedFile,
  applyGuardPlan,
  planGuard,
  planToolFile,
} from './guardPlan';
export {
  AUTO_TOOLS,
  DEFAULT_TOOLS,
  GUARD_TOOLS,
  type GuardFormat,
  type GuardTool,
  type GuardToolId,
  type ToolSelection,
  guardTool,
  selectTools,
  toolsInUse,
} from './guardTools';
export { type GuardFileText, type HiddenFiles, filesHiddenByTools, readGuardFiles } from './hiddenFiles';
export { ignoreFileLines, listedSecretFiles, planIgnoreFile } from './ignoreFileWriter';
export { BLOCK_BEGIN, BLOCK_END, type BlockEdit, replaceManagedBlock } from './managedBlock';
export {
  type FileVerdict,
  type GuardedSecretFilesInput,
  SecretFileIndex,
  filesToScanForSecrets,
  guardedSecretFiles,
} from './secretFileIndex';
export { DEFAULT_EXCEPTIONS, DEFAULT_SENSITIVE_PATTERNS, EXPLICIT_VARIANTS, SENSITIVE_FOLDER_NAMES } from './sensitivePatterns';
export { type GuardRule, type RuleSource, type SensitiveSet, type SensitiveSetInput, computeSensitiveSet } from './sensitiveSet';
export { type VscodeGuardEntries, planVscodeSettings, vscodeGuardEntries } from './vscodeSettings';
