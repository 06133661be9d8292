import { URI } from 'vscode-uri';
import { textLooksBinary, tooLargeReason } from '../core/detect/content';
import { type Detector, IgnoredValues, redactedPreview } from '../core/detect';
import { type KnownValueFingerprint, findKnownValues } from '../core/detect/knownValues';
import { excludedBy } from '../core/workspace/workspaceSettings';
import type { DetectionSettings } from '../shared/detectionSettings';
import { type DetectedSecret, KNOWN_VALUE_RULE } from '../shared/lspProtocol';
import type { ChunkedDocument } from './chunkedDocument';
import { type EditRegion, REACH_CHARS, type RangeText, mergeFindings, rescanPlan } from './incrementalScan';
import { isNonLocalFile, nonLocalCount } from './nonLocalText';

export interface ScanOutcome {
  secrets: DetectedSecret[];
  skipped?: string;
  /** Rules that failed on this document, with reasons, for the log. */
  failures: string[];
}

/** As much of a text's start as `textLooksBinary` reads: a rescan passes it that, not the whole text. */
const BINARY_PROBE_CHARS = 8192;

/** A document's text as last scanned, what was found in it, and what rescanning it after an edit needs. */
export interface DocumentScan {
  text: RangeText;
  outcome: ScanOutcome;
  /** Its size in UTF-8 bytes, brought up to date by each edit rather than recounted. */
  bytes: number;
  /** How many non-local markers it holds (see `nonLocalText.ts`), likewise. */
  nonLocal: number;
  /** Whether `outcome` is what a full scan of `text` finds: not after a quick rescan of a document with non-local text. */
  exact: boolean;
}

/**
 * Decides whether a document is scanned and runs the detector on it, with one workspace
 * folder's settings. The detector (secretlint and every rule) is shared by the folders' scanners
 * and loads on the first scan, not when the server starts.
 */
export class DocumentScanner {
  private ignored: IgnoredValues;
  private known: readonly KnownValueFingerprint[] = [];
  /** The longest known value: a rescan's trusted zone reaches at least that far from the edit. */
  private longestKnown = 0;

  constructor(
    private settings: DetectionSettings,
    private workspaceFolders: string[],
    private readonly detector: () => Detector,
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
    this.longestKnown = fingerprints.reduce((longest, f) => Math.max(longest, f.length), 0);
  }

  async scan(document: ChunkedDocument): Promise<ScanOutcome> {
    return (await this.scanDocument(document.uri, document)).outcome;
  }

  /** A full scan of a document's text (joined whole); `bytes` is its UTF-8 size when already known. */
  async scanDocument(documentUri: string, text: RangeText, bytes?: number): Promise<DocumentScan> {
    const whole = text.slice(0, text.length);
    bytes ??= Buffer.byteLength(whole, 'utf8');
    const skipped = this.skipReason(bytes, whole);
    const outcome = skipped ? { secrets: [], skipped, failures: [] } : await this.scanText(documentUri, whole);
    const nonLocal = outcome.skipped ? 0 : nonLocalCount(whole) + (isNonLocalFile(URI.parse(documentUri).path) ? 1 : 0);
    return { text, outcome, bytes, nonLocal, exact: true };
  }

  /**
   * The document after an edit (`region`, from `previous.text` to `text`): only the lines around
   * the edit are read and scanned (`text` is not joined whole), and the result equals a full scan,
   * unless the document holds non-local text. Then it is scanned in full, or, with `quick`, around
   * the edit all the same (not `exact`: the caller follows with a full scan when typing pauses).
   */
  async rescan(documentUri: string, previous: DocumentScan, text: RangeText, region: EditRegion, quick: boolean): Promise<DocumentScan> {
    const bytes =
      previous.bytes -
      Buffer.byteLength(previous.text.slice(region.start, region.oldEnd), 'utf8') +
      Buffer.byteLength(text.slice(region.start, region.newEnd), 'utf8');
    if (previous.outcome.skipped || previous.outcome.failures.length) return this.scanDocument(documentUri, text, bytes);
    const skipped = this.skipReason(bytes, text.slice(0, BINARY_PROBE_CHARS));
    if (skipped) return { text, outcome: { secrets: [], skipped, failures: [] }, bytes, nonLocal: 0, exact: true };
    const plan = rescanPlan(text, region, Math.max(REACH_CHARS, this.longestKnown));
    const slice = text.slice(plan.sliceStart, plan.sliceEnd);
    const oldSlice = previous.text.slice(plan.sliceStart, plan.sliceEnd - (region.newEnd - region.oldEnd));
    const nonLocal = previous.nonLocal - nonLocalCount(oldSlice) + nonLocalCount(slice);
    const exact = previous.exact && previous.nonLocal === 0 && nonLocal === 0;
    if (!exact && !quick) return this.scanDocument(documentUri, text, bytes);
    const inSlice = await this.scanText(documentUri, slice);
    const shifted = inSlice.secrets.map((s) => ({ ...s, start: s.start + plan.sliceStart, end: s.end + plan.sliceStart }));
    const secrets = mergeFindings(previous.outcome.secrets, shifted, plan);
    return { text, outcome: { secrets, failures: inSlice.failures }, bytes, nonLocal, exact: exact && !inSlice.failures.length };
  }

  /** Scans a file's text read from disk; size and binary checks are the caller's. */
  async scanText(documentUri: string, text: string): Promise<ScanOutcome> {
    const excluded = this.excludedBy(documentUri);
    if (excluded) return { secrets: [], skipped: `matches vaultify.detection.exclude pattern "${excluded}"`, failures: [] };
    const uri = URI.parse(documentUri);
    const { findings, failures } = await this.detector().detect(text, {
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

  /** Why a text of `bytes` bytes that starts with `head` is not scanned, if it is not. */
  private skipReason(bytes: number, head: string): string | undefined {
    const large = tooLargeReason(bytes, this.settings.maxFileSizeKB);
    if (large) return large;
    if (textLooksBinary(head)) return 'binary content';
    return undefined;
  }

  private excludedBy(documentUri: string): string | undefined {
    const uri = URI.parse(documentUri);
    return excludedBy(uri.scheme === 'file' ? uri.fsPath : uri.path, this.settings.exclude, this.workspaceFolders);
  }
}
