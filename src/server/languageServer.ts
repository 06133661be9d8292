import { type InitializeResult, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { failureReason } from '../core/detect/secretlintAdapter';
import { defaultSetting, settingFrom } from '../core/settings/settingsTable';
import { type DetectionSettings, detectionSettings } from '../shared/detectionSettings';
import {
  DETECTION_SETTINGS_SECTION,
  detectRequest,
  knownValuesNotification,
  scanWorkspaceRequest,
  secretFilePassRequest,
  secretFileProgressNotification,
  secretFileScanRequest,
  skippedNotification,
} from '../shared/lspProtocol';
import { toDiagnostic } from './diagnostics';
import { DocumentScanner, type ScanOutcome } from './documentScanner';
import { changedRegion, mergeFindings, windowFor } from './incrementalScan';
import { SecretFileScan } from './secretFileScan';
import { scanWorkspace } from './workspaceScan';

const DEBOUNCE_MS = 25;
/** Documents at least this large are rescanned around each edit first, in full when typing pauses. */
const INCREMENTAL_MIN_CHARS = 64 * 1024;
const FULL_SCAN_AFTER_IDLE_MS = 600;

const DEFAULT_SETTINGS: DetectionSettings = detectionSettings(defaultSetting);

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
const scanner = new DocumentScanner(DEFAULT_SETTINGS, []);
// This bundle is also the scan workers' script (see server.ts).
const secretFiles = new SecretFileScan(__filename, () => scanner.detectionSettings());
const timers = new Map<string, NodeJS.Timeout>();
/** What each open document held when it was last scanned, and what was found in it. */
const lastScan = new Map<string, { text: string; outcome: ScanOutcome }>();
/** The last reason each document was skipped, so the log says it once, not on every keystroke. */
const lastSkip = new Map<string, string>();

connection.onInitialize((params): InitializeResult => {
  workspaceFolders = (params.workspaceFolders ?? []).map((f) => URI.parse(f.uri).path);
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'vaultify-detector' },
  };
});

connection.onInitialized(async () => {
  await refreshSettings();
});

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  for (const document of documents.all()) schedule(document, 0);
});

async function refreshSettings(): Promise<void> {
  const answer: unknown = await connection.workspace.getConfiguration(DETECTION_SETTINGS_SECTION);
  // The extension answers in full; each field still goes through the table, so a missing or
  // mistyped one is its default rather than whatever arrived.
  const fields = typeof answer === 'object' && answer !== null ? new Map(Object.entries(answer)) : new Map<string, unknown>();
  scanner.configure(
    detectionSettings((key) => settingFrom(key, fields.get(key.slice('detection.'.length)))),
    workspaceFolders,
  );
  secretFiles.configure();
}

documents.onDidOpen(({ document }) => {
  secretFiles.yieldToEditor();
  schedule(document, 0);
});
documents.onDidChangeContent(({ document }) => {
  secretFiles.yieldToEditor();
  const previous = lastScan.get(document.uri);
  if (previous && !previous.outcome.skipped && document.getText().length >= INCREMENTAL_MIN_CHARS) {
    void publishAroundEdit(document.uri);
    schedule(document, FULL_SCAN_AFTER_IDLE_MS);
  } else {
    schedule(document, DEBOUNCE_MS);
  }
});
documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  lastSkip.delete(document.uri);
  lastScan.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

function schedule(document: TextDocument, delay: number): void {
  clearTimeout(timers.get(document.uri));
  timers.set(
    document.uri,
    setTimeout(() => {
      timers.delete(document.uri);
      void publish(document.uri);
    }, delay),
  );
}

/** Scans the lines around the latest edit of a large document and merges with what was found before. */
async function publishAroundEdit(uri: string): Promise<void> {
  const document = documents.get(uri);
  const previous = lastScan.get(uri);
  if (!document || !previous) return;
  const version = document.version;
  const text = document.getText();
  const window = windowFor(text, changedRegion(previous.text, text));
  let outcome: ScanOutcome;
  try {
    const inWindow = await scanner.scanText(uri, text.slice(window.start, window.end));
    const shifted = inWindow.secrets.map((s) => ({ ...s, start: s.start + window.start, end: s.end + window.start }));
    outcome = { ...inWindow, secrets: mergeFindings(previous.outcome.secrets, shifted, window) };
  } catch (error) {
    connection.console.error(`Detection failed for ${uri}: ${failureReason(error)}`);
    return;
  }
  const current = documents.get(uri);
  // Only the newest text may be published, and the next edit's window is computed against it.
  if (!current || current.version !== version || lastScan.get(uri) !== previous) return;
  lastScan.set(uri, { text, outcome });
  await connection.sendDiagnostics({ uri, version, diagnostics: outcome.secrets.map((s) => toDiagnostic(current, s)) });
}

async function publish(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const text = document.getText();
  let outcome: ScanOutcome;
  try {
    outcome = await scanner.scan(document);
  } catch (error) {
    connection.console.error(`Detection failed for ${uri}: ${failureReason(error)}`);
    return;
  }
  // The document may have been closed or edited while it was scanned; a newer scan is then due.
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
  lastScan.set(uri, { text, outcome });
  for (const failure of outcome.failures) connection.console.warn(`${uri}: rule skipped: ${failure}`);
  if (outcome.skipped) {
    if (lastSkip.get(uri) !== outcome.skipped) {
      lastSkip.set(uri, outcome.skipped);
      connection.console.info(`Not scanning ${uri}: ${outcome.skipped}`);
      void connection.sendNotification(skippedNotification, { uri, reason: outcome.skipped });
    }
  } else {
    lastSkip.delete(uri);
  }
  await connection.sendDiagnostics({ uri, version, diagnostics: outcome.secrets.map((s) => toDiagnostic(current, s)) });
}

connection.onNotification(knownValuesNotification, ({ fingerprints }) => {
  scanner.setKnownValues(fingerprints);
  for (const document of documents.all()) schedule(document, 0);
});

connection.onRequest(detectRequest, async ({ uri }) => {
  const document = documents.get(uri);
  if (!document) return { version: undefined, secrets: [], skipped: 'document is not open' };
  const outcome = await scanner.scan(document);
  return { version: document.version, secrets: outcome.secrets, skipped: outcome.skipped };
});

connection.onRequest(scanWorkspaceRequest, (params) =>
  scanWorkspace(
    params,
    scanner,
    (uri) => documents.get(uri) !== undefined,
    (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
  ),
);

connection.onRequest(secretFilePassRequest, async (params, token) => {
  // Settings first: a pass often follows a change of the detection settings.
  await refreshSettings();
  return secretFiles.pass(params, token, (progress) => void connection.sendNotification(secretFileProgressNotification, progress));
});
connection.onRequest(secretFileScanRequest, (params, token) => secretFiles.rescan(params, token));
connection.onShutdown(() => secretFiles.dispose());

documents.listen(connection);
connection.listen();
