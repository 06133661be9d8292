import { type InitializeResult, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { failureReason } from '../core/detect/secretlintAdapter';
import { settingFrom } from '../core/settings/settingsTable';
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
import type { ChunkedDocument } from './chunkedDocument';
import { toDiagnostic } from './diagnostics';
import { documentsReportingEdits } from './documentEdits';
import type { DocumentScan } from './documentScanner';
import { FolderScanners } from './folderScanners';
import { type EditRegion, combineEdits } from './incrementalScan';
import { SecretFileScan } from './secretFileScan';
import { scanWorkerScript } from '../core/workspace/scanPool';
import { scanWorkspace } from './workspaceScan';

/**
 * After an edit, a document is rescanned around the edit at once: no debounce. A rescan costs a
 * millisecond or two whatever the document's size, and each keystroke needs its own diagnostics,
 * so waiting would only add latency. A burst still costs one rescan: clients send a multi-cursor
 * edit, an undo or a replace-all as one notification (its changes make one region), and
 * notifications that arrive before the timer fires reset it and add to the region.
 */
const EDIT_DEBOUNCE_MS = 0;
/**
 * A document holding non-local text (a PEM block, a manifest) is scanned in full after an edit;
 * from this size on, it is rescanned around the edit first and in full once typing pauses.
 */
const QUICK_RESCAN_MIN_CHARS = 64 * 1024;
const FULL_SCAN_AFTER_IDLE_MS = 600;

const connection = createConnection(ProposedFeatures.all);
/** The edits since each document's last scan, as one region. */
const pendingEdits = new Map<string, EditRegion>();
const documents = new TextDocuments(
  documentsReportingEdits((uri, region) => pendingEdits.set(uri, combineEdits(pendingEdits.get(uri), region))),
);
const scanners = new FolderScanners(settingsOf);
const secretFiles = new SecretFileScan(scanWorkerScript(__filename), async (folder) =>
  (await scanners.for(URI.file(folder).toString())).detectionSettings(),
);
const timers = new Map<string, NodeJS.Timeout>();
/** Each open document's last scan. */
const scans = new Map<string, DocumentScan>();
/** The last reason each document was skipped, so the log says it once, not on every keystroke. */
const lastSkip = new Map<string, string>();

connection.onInitialize((params): InitializeResult => {
  scanners.setFolders((params.workspaceFolders ?? []).map((f) => f.uri));
  return {
    capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
    serverInfo: { name: 'vaultify-detector' },
  };
});

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  for (const document of documents.all()) schedule(document, 0, true);
});

/** A folder's detection settings (the window's without one), as the client builds them for that folder. */
async function settingsOf(folderUri: string | undefined): Promise<DetectionSettings> {
  const answers: unknown[] = await connection.workspace.getConfiguration([{ scopeUri: folderUri, section: DETECTION_SETTINGS_SECTION }]);
  const answer = answers[0];
  // The extension answers in full; each field still goes through the table, so a missing or
  // mistyped one is its default rather than whatever arrived.
  const fields = typeof answer === 'object' && answer !== null ? new Map(Object.entries(answer)) : new Map<string, unknown>();
  return detectionSettings((key) => settingFrom(key, fields.get(key.slice('detection.'.length))));
}

async function refreshSettings(): Promise<void> {
  await scanners.refresh();
  await secretFiles.configure();
}

documents.onDidOpen(({ document }) => {
  secretFiles.yieldToEditor();
  pendingEdits.delete(document.uri);
  schedule(document, 0, true);
});
documents.onDidChangeContent(({ document }) => {
  secretFiles.yieldToEditor();
  if (scans.has(document.uri)) schedule(document, EDIT_DEBOUNCE_MS, false);
});
documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  lastSkip.delete(document.uri);
  scans.delete(document.uri);
  pendingEdits.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

/** Publishes a document's diagnostics after `delay`: in full, or around the edits since its last scan. */
function schedule(document: ChunkedDocument, delay: number, full: boolean): void {
  clearTimeout(timers.get(document.uri));
  timers.set(
    document.uri,
    setTimeout(() => {
      timers.delete(document.uri);
      void publish(document.uri, full);
    }, delay),
  );
}

async function publish(uri: string, full: boolean): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  const previous = scans.get(uri);
  const edits = pendingEdits.get(uri);
  let scan: DocumentScan;
  try {
    const scanner = await scanners.for(uri);
    scan =
      !full && previous && edits
        ? await scanner.rescan(uri, previous, document, edits, document.length >= QUICK_RESCAN_MIN_CHARS)
        : await scanner.scanDocument(uri, document);
  } catch (error) {
    connection.console.error(`Detection failed for ${uri}: ${failureReason(error)}`);
    return;
  }
  // The document may have been closed or edited while it was scanned; a newer scan is then due,
  // and the edits since `previous` keep adding up.
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
  scans.set(uri, scan);
  pendingEdits.delete(uri);
  if (!scan.exact) schedule(current, FULL_SCAN_AFTER_IDLE_MS, true);
  const { outcome } = scan;
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
  scanners.setKnownValues(fingerprints);
  for (const document of documents.all()) schedule(document, 0, true);
});

connection.onRequest(detectRequest, async ({ uri }) => {
  const document = documents.get(uri);
  if (!document) return { version: undefined, secrets: [], skipped: 'document is not open' };
  const outcome = await (await scanners.for(uri)).scan(document);
  return { version: document.version, secrets: outcome.secrets, skipped: outcome.skipped };
});

connection.onRequest(scanWorkspaceRequest, (params) =>
  scanWorkspace(
    params,
    (uri) => scanners.for(uri),
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
