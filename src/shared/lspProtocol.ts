/**
 * Custom LSP messages between the extension (client) and the language server, typed once here
 * and imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { Confidence } from '../core/detect/finding';
import type { KnownValueFingerprint } from '../core/detect/knownValues';

/** Settings the server reads, under `vaultify.detection`. */
export interface DetectionSettings {
  maxFileSizeKB: number;
  exclude: string[];
  ignoredValues: string[];
  /** The salt of `ignoredValues`' salted entries; empty until the first one is written. */
  ignoredValuesSalt: string;
  showLowConfidence: boolean;
}

/** What a Vaultify diagnostic carries in its `data`, for code actions and commands. */
export interface FindingData {
  kind: string;
  title: string;
  confidence: Confidence;
  preview: string;
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
