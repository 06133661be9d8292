import { URI } from 'vscode-uri';
import { type Detector, createDetector } from '../core/detect';
import type { KnownValueFingerprint } from '../core/detect/knownValues';
import type { DetectionSettings } from '../shared/detectionSettings';
import { DocumentScanner } from './documentScanner';

/**
 * One document scanner per workspace folder, each with that folder's detection settings as the
 * client answers for it (a multi-root workspace's folders may differ), and one for documents in
 * no folder. Settings are asked for when a folder's first document is scanned, and again on
 * `refresh`. The detector itself is shared, and loads on the first scan.
 */
export class FolderScanners {
  private readonly scanners = new Map<string, Promise<DocumentScanner>>();
  private folders: string[] = [];
  private detector: Detector | undefined;
  private known: readonly KnownValueFingerprint[] = [];

  /** `settingsOf` asks the client for a folder's settings (by URI), or the window's without one. */
  constructor(private readonly settingsOf: (folderUri: string | undefined) => Promise<DetectionSettings>) {}

  /** The workspace folders, as URIs. */
  setFolders(folderUris: readonly string[]): void {
    // Longest first, so that a nested folder wins over the one around it.
    this.folders = [...folderUris].map((f) => f.replace(/\/$/, '')).sort((a, b) => b.length - a.length);
    this.scanners.clear();
  }

  /** The workspace folder a document belongs to (by URI), if any. */
  folderOf(uri: string): string | undefined {
    return this.folders.find((f) => uri === f || uri.startsWith(f + '/'));
  }

  /** The scanner for a document, or for a folder, by URI. */
  for(uri: string): Promise<DocumentScanner> {
    const folder = this.folderOf(uri);
    const key = folder ?? '';
    let scanner = this.scanners.get(key);
    if (!scanner) {
      scanner = this.settingsOf(folder).then((settings) => {
        const created = new DocumentScanner(settings, this.folderPaths(), () => (this.detector ??= createDetector()));
        created.setKnownValues(this.known);
        return created;
      });
      // A failed request is asked again next time rather than remembered.
      scanner.catch(() => this.scanners.delete(key));
      this.scanners.set(key, scanner);
    }
    return scanner;
  }

  /** The settings changed: each folder's scanner takes its folder's new ones. */
  async refresh(): Promise<void> {
    await Promise.all(
      [...this.scanners].map(async ([key, scanner]) =>
        (await scanner).configure(await this.settingsOf(key || undefined), this.folderPaths()),
      ),
    );
  }

  setKnownValues(fingerprints: readonly KnownValueFingerprint[]): void {
    this.known = fingerprints;
    for (const scanner of this.scanners.values()) void scanner.then((s) => s.setKnownValues(fingerprints));
  }

  private folderPaths(): string[] {
    return this.folders.map((f) => URI.parse(f).path);
  }
}
