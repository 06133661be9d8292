import { promises as fs } from 'node:fs';
import { decodeForScan, looksBinary, tooLargeReason } from '../core/detect/content';
import type { Detector } from '../core/detect';
import { describeError } from '../core/workspace/fileWalker';

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
}

export interface FileScanResult {
  findings: Omit<ScanFinding, 'file'>[];
  skipped?: string;
  notes: string[];
}

/** Reads and scans one file. Never throws: every failure becomes a skip with a reason. */
export async function scanFile(file: string, size: number, detector: Detector, maxFileSizeKB: number): Promise<FileScanResult> {
  const notes: string[] = [];
  const large = tooLargeReason(size, maxFileSizeKB);
  if (large) return { findings: [], skipped: large, notes };
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (error) {
    return { findings: [], skipped: describeError(error), notes };
  }
  if (looksBinary(bytes)) return { findings: [], skipped: 'binary file', notes };
  const { text, invalidUtf8 } = decodeForScan(bytes);
  if (invalidUtf8) notes.push('invalid UTF-8; scanned with replacement characters');
  const { findings, failures } = await detector.detect(text, { filePath: file });
  for (const failure of failures) notes.push(`rule ${failure.ruleId} failed and was skipped for this file: ${failure.reason}`);
  const lines = lineStarts(text);
  return {
    findings: findings.map((f) => {
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
