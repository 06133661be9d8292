import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { scanFileOnDisk } from '../core/workspace/fileScan';
import { describeError, walkFiles } from '../core/workspace/fileWalker';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../shared/lspProtocol';
import type { DocumentScanner } from './documentScanner';
import { toDiagnostic } from './diagnostics';

/**
 * Scans every file under the folders, git-ignored ones included (a git-ignored .env is exactly
 * what an assistant reads), and hands back diagnostics for the files that are not open. Files
 * are walked and read as `vaultify scan` walks and reads them.
 */
export async function scanWorkspace(
  params: ScanWorkspaceParams,
  scannerFor: (uri: string) => Promise<DocumentScanner>,
  isOpen: (uri: string) => boolean,
  publish: (uri: string, diagnostics: Diagnostic[]) => void,
): Promise<ScanWorkspaceResult> {
  const result: ScanWorkspaceResult = { files: 0, filesWithSecrets: [], skipped: [] };
  const skip = (path: string, reason: string): void => void result.skipped.push({ path, reason });
  for (const folder of params.folders) {
    let files;
    try {
      files = await walkFiles(folder, { onSkip: (s) => skip(s.path, s.reason) });
    } catch (error) {
      skip(folder, describeError(error));
      continue;
    }
    for (const file of files) {
      const uri = URI.file(file.path).toString();
      // Each file with its own folder's settings.
      const scanner = await scannerFor(uri);
      const scanned = await scanFileOnDisk(file.path, scanner.maxFileSizeKB, (text) => scanner.scanText(uri, text));
      if (!scanned.ok) {
        skip(file.path, scanned.reason);
        continue;
      }
      result.files++;
      const outcome = scanned.result;
      if (outcome.skipped) {
        skip(file.path, outcome.skipped);
        continue;
      }
      if (outcome.secrets.length) result.filesWithSecrets.push({ uri, count: outcome.secrets.length });
      if (!isOpen(uri)) {
        const document = TextDocument.create(uri, 'plaintext', 0, scanned.text);
        publish(
          uri,
          outcome.secrets.map((s) => toDiagnostic(document, s)),
        );
      }
    }
  }
  return result;
}
