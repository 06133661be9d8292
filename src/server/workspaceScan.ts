import type { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { promises as fs } from 'node:fs';
import { decodeForScan, looksBinary, tooLargeReason } from '../core/detect/content';
import { describeError, walkFiles } from '../core/workspace/fileWalker';
import type { ScanWorkspaceParams, ScanWorkspaceResult } from '../shared/lspProtocol';
import type { DocumentScanner } from './documentScanner';
import { toDiagnostic } from './diagnostics';

/**
 * Scans every file under the folders, git-ignored ones included (a git-ignored .env is exactly
 * what an assistant reads), and hands back diagnostics for the files that are not open.
 */
export async function scanWorkspace(
  params: ScanWorkspaceParams,
  scanner: DocumentScanner,
  isOpen: (uri: string) => boolean,
  publish: (uri: string, diagnostics: Diagnostic[]) => void,
): Promise<ScanWorkspaceResult> {
  const result: ScanWorkspaceResult = { files: 0, filesWithSecrets: [], skipped: [] };
  const skip = (path: string, reason: string): void => void result.skipped.push({ path, reason });
  for (const folder of params.folders) {
    try {
      for await (const file of walkFiles([folder], { onSkip: (s) => skip(s.path, s.reason) })) {
        const uri = URI.file(file.path).toString();
        const large = tooLargeReason(file.size, scanner.maxFileSizeKB);
        if (large) {
          skip(file.path, large);
          continue;
        }
        let bytes: Buffer;
        try {
          bytes = await fs.readFile(file.path);
        } catch (error) {
          skip(file.path, describeError(error));
          continue;
        }
        if (looksBinary(bytes)) {
          skip(file.path, 'binary file');
          continue;
        }
        result.files++;
        const { text } = decodeForScan(bytes);
        const outcome = await scanner.scanText(uri, text);
        if (outcome.skipped) {
          skip(file.path, outcome.skipped);
          continue;
        }
        if (outcome.secrets.length) result.filesWithSecrets.push({ uri, count: outcome.secrets.length });
        if (!isOpen(uri)) {
          const document = TextDocument.create(uri, 'plaintext', 0, text);
          publish(uri, outcome.secrets.map((s) => toDiagnostic(document, s)));
        }
      }
    } catch (error) {
      skip(folder, describeError(error));
    }
  }
  return result;
}
