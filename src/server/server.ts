import {
  type InitializeResult,
  ProposedFeatures,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../core/detect/content';
import { type DetectionSettings, detectRequest, scanWorkspaceRequest, skippedNotification } from '../shared/lspProtocol';
import { toDiagnostic } from './diagnostics';
import { DocumentScanner } from './documentScanner';
import { scanWorkspace } from './workspaceScan';

const DEBOUNCE_MS = 25;

const DEFAULT_SETTINGS: DetectionSettings = {
  maxFileSizeKB: DEFAULT_MAX_FILE_SIZE_KB,
  exclude: [],
  ignoredValues: [],
  showLowConfidence: true,
};

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
let workspaceFolders: string[] = [];
const scanner = new DocumentScanner(DEFAULT_SETTINGS, []);
const timers = new Map<string, NodeJS.Timeout>();
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
  const raw = (await connection.workspace.getConfiguration('vaultify.detection')) as Partial<DetectionSettings> | null;
  scanner.configure({ ...DEFAULT_SETTINGS, ...(raw ?? {}) }, workspaceFolders);
}

documents.onDidOpen(({ document }) => schedule(document, 0));
documents.onDidChangeContent(({ document }) => schedule(document, DEBOUNCE_MS));
documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  lastSkip.delete(document.uri);
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

async function publish(uri: string): Promise<void> {
  const document = documents.get(uri);
  if (!document) return;
  const version = document.version;
  let outcome;
  try {
    outcome = await scanner.scan(document);
  } catch (error) {
    connection.console.error(`Detection failed for ${uri}: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  // The document may have been closed or edited while it was scanned; a newer scan is then due.
  const current = documents.get(uri);
  if (!current || current.version !== version) return;
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

documents.listen(connection);
connection.listen();
