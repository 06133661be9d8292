import { type Detector, IgnoredValues } from '../detect';
import { scanFileOnDisk } from './fileScan';

/** A finding placed in a file, as `vaultify scan --format json` prints it. */
export interface ScanFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  kind: string;
  title: string;
  confidence: string;
  preview: string;
  /** What the finding rests on; never more of the value than a vendor prefix. */
  evidence: string;
}

export interface FileScanResult {
  findings: Omit<ScanFinding, 'file'>[];
  skipped?: string;
  /** The file is there but could not be read: the scan is incomplete. */
  unreadable?: boolean;
  notes: string[];
}

/** What every file of one scan is scanned with. */
export interface FileScanOptions {
  maxFileSizeKB: number;
  /** `vaultify.detection.ignoredValues`. */
  ignoredValues: readonly string[];
  /** `vaultify.detection.ignoredValuesSalt`, for the salted entries "Ignore this finding" writes. */
  ignoredValuesSalt?: string;
}

/** What a file scanned clean reports; shared by all of them, so nobody may change it. */
export const CLEAN: FileScanResult = Object.freeze({
  findings: Object.freeze([]) as unknown as FileScanResult['findings'],
  notes: Object.freeze([]) as unknown as string[],
});

/** The values a scan leaves alone, salted entries included. */
export function ignoredValuesOf(options: FileScanOptions): IgnoredValues {
  return new IgnoredValues(options.ignoredValues, options.ignoredValuesSalt ?? '');
}

/** Reads and scans one file. Never throws: every failure becomes a skip with a reason. */
export async function scanFile(
  file: string,
  detector: Detector,
  options: FileScanOptions,
  ignored: IgnoredValues = ignoredValuesOf(options),
): Promise<FileScanResult> {
  // The CLI does nothing else while it reads (workers even less): blocking reads are cheapest.
  const scanned = await scanFileOnDisk(
    file,
    options.maxFileSizeKB,
    (text, ascii) => detector.detect(text, { filePath: file, ignoredFingerprints: ignored, asciiBytes: ascii }),
    { blocking: true },
  );
  if (!scanned.ok) return { findings: [], skipped: scanned.reason, ...(scanned.unreadable ? { unreadable: true } : {}), notes: [] };
  const { text, result, notes } = scanned;
  // Most files: nothing found, nothing to say.
  if (!result.findings.length && !result.failures.length && !notes.length) return CLEAN;
  for (const failure of result.failures) notes.push(`rule ${failure.ruleId} failed and was skipped for this file: ${failure.reason}`);
  // Most files hold no finding: their lines are never counted.
  const lines = result.findings.length ? lineStarts(text) : [];
  return {
    findings: result.findings.map((f) => {
      const start = position(lines, f.start);
      const end = position(lines, f.end);
      return {
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        ruleId: f.ruleId,
        kind: f.kind,
        title: f.title,
        confidence: f.confidence,
        preview: f.preview,
        evidence: f.evidence,
      };
    }),
    notes,
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line and column of an offset; the end column of a range is exclusive, as in SARIF. */
function position(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 };
}
