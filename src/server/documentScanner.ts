import { URI } from 'vscode-uri';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { textLooksBinary, tooLargeReason } from '../core/detect/content';
import { type Detector, IgnoredValues, createDetector, redactedPreview } from '../core/detect';
import { type KnownValueFingerprint, findKnownValues } from '../core/detect/knownValues';
import { excludedBy } from '../core/workspace/workspaceSettings';
import type { DetectionSettings } from '../shared/detectionSettings';
import { type DetectedSecret, KNOWN_VALUE_RULE } from '../shared/lspProtocol';

export interface ScanOutcome {
  secrets: DetectedSecret[];
  skipped?: string;
  /** Rules that failed on this document, with reasons, for the log. */
  failures: string[];
}

/**
 * Decides whether a document is scanned and runs the detector on it. The detector (secretlint
 * and every rule) loads on the first scan, not when the server starts.
 */
export class DocumentScanner {
  private detector: Detector | undefined;
  private ignored: IgnoredValues;
  private known: readonly KnownValueFingerprint[] = [];

  constructor(
    private settings: DetectionSettings,
    private workspaceFolders: string[],
  ) {
    this.ignored = new IgnoredValues(settings.ignoredValues, settings.ignoredValuesSalt);
  }

  configure(settings: DetectionSettings, workspaceFolders: string[]): void {
    const sameIgnored =
      settings.ignoredValuesSalt === this.settings.ignoredValuesSalt &&
      settings.ignoredValues.length === this.settings.ignoredValues.length &&
      settings.ignoredValues.every((v, i) => v === this.settings.ignoredValues[i]);
    this.settings = settings;
    this.workspaceFolders = workspaceFolders;
    // Kept when unchanged: it caches the slow hashes already worked out.
    if (!sameIgnored) this.ignored = new IgnoredValues(settings.ignoredValues, settings.ignoredValuesSalt);
  }

  /** The vault's values, as fingerprints, to flag wherever one appears verbatim. */
  setKnownValues(fingerprints: readonly KnownValueFingerprint[]): void {
    this.known = fingerprints;
  }

  async scan(document: TextDocument): Promise<ScanOutcome> {
    const text = document.getText();
    const skipped = this.skipReason(text);
    if (skipped) return { secrets: [], skipped, failures: [] };
    return this.scanText(document.uri, text);
  }

  /** Scans a file's text read from disk; size and binary checks are the caller's. */
  async scanText(documentUri: string, text: string): Promise<ScanOutcome> {
    const excluded = this.excludedBy(documentUri);
    if (excluded) return { secrets: [], skipped: `matches vaultify.detection.exclude pattern "${excluded}"`, failures: [] };
    this.detector ??= createDetector();
    const uri = URI.parse(documentUri);
    const { findings, failures } = await this.detector.detect(text, {
      filePath: uri.scheme === 'file' ? uri.fsPath : undefined,
      ignoredFingerprints: this.ignored,
    });
    const known: DetectedSecret[] = findKnownValues(text, this.known).map(({ name, start, end }) => ({
      ruleId: KNOWN_VALUE_RULE,
      kind: 'vault-value',
      title: `Vault secret "${name}"`,
      confidence: 'high',
      preview: redactedPreview(text.slice(start, end)),
      evidence: 'stored in the vault',
      vaultName: name,
      start,
      end,
    }));
    // A stored value found again is reported as that, not as a new secret of some kind.
    const detected = findings
      .filter((f) => this.settings.showLowConfidence || f.confidence !== 'low')
      .filter((f) => !known.some((k) => f.start < k.end && k.start < f.end))
      .map(({ ruleId, kind, title, confidence, preview, evidence, start, end }) => ({
        ruleId,
        kind,
        title,
        confidence,
        preview,
        evidence,
        start,
        end,
      }));
    return {
      secrets: [...known, ...detected].sort((a, b) => a.start - b.start),
      failures: failures.map((f) => `${f.ruleId}: ${f.reason}`),
    };
  }

  /** The settings it scans with, for the workspace file scans that share them. */
  detectionSettings(): DetectionSettings {
    return this.settings;
  }

  get maxFileSizeKB(): number {
    return this.settings.maxFileSizeKB;
  }

  private skipReason(text: string): string | undefined {
    const large = tooLargeReason(Buffer.byteLength(text, 'utf8'), this.settings.maxFileSizeKB);
    if (large) return large;
    if (textLooksBinary(text)) return 'binary content';
    return undefined;
  }

  private excludedBy(documentUri: string): string | undefined {
    const uri = URI.parse(documentUri);
    return excludedBy(uri.scheme === 'file' ? uri.fsPath : uri.path, this.settings.exclude, this.workspaceFolders);
  }
}
