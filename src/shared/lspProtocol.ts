/**
 * Custom LSP messages between the extension (client) and the language server, typed once here
 * and imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Confidence } from '../core/detect/finding';
import type { KnownValueFingerprint } from '../core/detect/knownValues';

/**
 * The configuration section the server asks for. The extension answers it in full for the item's
 * resource (a `DetectionSettings`, protection applied), never with the raw section.
 */
export const DETECTION_SETTINGS_SECTION = 'vaultify.detection';

/** What a Vaultify diagnostic carries in its `data`, for code actions and commands. */
export interface FindingData {
  kind: string;
  title: string;
  confidence: Confidence;
  preview: string;
  /** What the finding rests on (`vendor prefix ghp_ + checksum`, `key name + entropy`): never more of the value than a vendor prefix. */
  evidence: string;
  /** Set when the value is one already in the vault: the name it is stored under. */
  vaultName?: string;
}

export interface DetectedSecret extends FindingData {
  ruleId: string;
  /** Offsets into the document text at `version`. */
  start: number;
  end: number;
}

export interface DetectParams {
  uri: string;
}

export interface DetectResult {
  /** The document version the offsets refer to; undefined when the server does not hold it. */
  version: number | undefined;
  secrets: DetectedSecret[];
  /** Why nothing was scanned, when that is the case. */
  skipped?: string;
}

/** Runs detection now on the server's copy of a document, bypassing the debounce. */
export const detectRequest = new RequestType<DetectParams, DetectResult, void>('vaultify/detect');

export interface SkippedParams {
  uri: string;
  reason: string;
}

/** The server tells the client which documents it skipped, and why, for the log. */
export const skippedNotification = new NotificationType<SkippedParams>('vaultify/skipped');

export { DIAGNOSTIC_SOURCE, KNOWN_VALUE_RULE } from './diagnosticSource';

export interface ScanWorkspaceParams {
  /** File-system paths of the folders to walk. */
  folders: string[];
}

export interface ScanWorkspaceResult {
  files: number;
  /** Files with at least one finding, and how many each holds. */
  filesWithSecrets: { uri: string; count: number }[];
  skipped: { path: string; reason: string }[];
}

/** Scans every file under the folders (git-ignored ones too) and publishes their diagnostics. */
export const scanWorkspaceRequest = new RequestType<ScanWorkspaceParams, ScanWorkspaceResult, void>('vaultify/scanWorkspace');

export interface KnownValuesParams {
  /** One per stored value: its name, length and hashes, never the value. */
  fingerprints: KnownValueFingerprint[];
}

/** The client tells the server which values are in the vault, as fingerprints only. */
export const knownValuesNotification = new NotificationType<KnownValuesParams>('vaultify/knownValues');

/**
 * What a scan found among files on disk, by absolute path: files holding a literal credential,
 * and files it could not decide (unreadable). Every other file it covered is clean.
 */
export interface SecretFileVerdicts {
  secret: string[];
  undecided: string[];
}

export interface SecretFilePassParams {
  /** Tells this pass's progress notifications from another's. */
  pass: number;
  /** File-system path of the workspace folder. */
  folder: string;
}

export interface SecretFilePassResult extends SecretFileVerdicts {
  /** False when the pass was cancelled before it reached every file. */
  complete: boolean;
  scanned: number;
  total: number;
}

/**
 * The guard's background pass over one workspace folder: walks it as `vaultify guard` does
 * (vendor folders left out, git-ignored files in) and scans every file that
 * `vaultify.detection.exclude` leaves in, in worker processes. Cancellable.
 */
export const secretFilePassRequest = new RequestType<SecretFilePassParams, SecretFilePassResult, void>('vaultify/secretFiles/pass');

export interface SecretFileProgressParams extends SecretFileVerdicts {
  pass: number;
  scanned: number;
  total: number;
}

/** A pass's progress, with what it found since the last notification, so found files join the lists early. */
export const secretFileProgressNotification = new NotificationType<SecretFileProgressParams>('vaultify/secretFiles/progress');

export interface SecretFileScanParams {
  /** Files or folders (walked) that were created or changed. */
  paths: string[];
  /** File-system paths of the workspace folders, for the exclude globs. */
  folders: string[];
}

export interface SecretFileScanResult extends SecretFileVerdicts {
  /** The files found clean, named, since a rescan's caller cannot tell them otherwise. */
  clean: string[];
}

/** Rescans files after file events, ahead of a pass that is running. */
export const secretFileScanRequest = new RequestType<SecretFileScanParams, SecretFileScanResult, void>('vaultify/secretFiles/scan');
