import { createReadStream } from 'node:fs';
import type { ExposureFinding, ExposureKind, SkippedFile } from './exposureFinding';
import type { TranscriptTool } from './transcriptLocations';
import type { ValueMatcher } from './valueMatcher';

export interface ScannedFile {
  path: string;
  tool?: TranscriptTool;
}

export interface FileScanResult {
  findings: ExposureFinding[];
  /** Bytes read, over all files. */
  bytes: number;
  files: number;
  unreadable: SkippedFile[];
  /** True when `signal` stopped the scan before every file was read. */
  cancelled: boolean;
}

const CHUNK = 1 << 20;

/**
 * Streams each file once through the matcher: memory stays at one chunk per file whatever its
 * size, and the cost is one pass over the bytes for all values together. `kind` is `transcript`
 * for AI transcripts and `file` for workspace files.
 */
export async function scanFiles(
  files: readonly ScannedFile[],
  matcher: ValueMatcher,
  kind: ExposureKind,
  signal?: AbortSignal,
): Promise<FileScanResult> {
  const result: FileScanResult = { findings: [], bytes: 0, files: 0, unreadable: [], cancelled: false };
  for (const file of files) {
    if (signal?.aborted) {
      result.cancelled = true;
      break;
    }
    const scan = matcher.scan();
    try {
      for await (const chunk of createReadStream(file.path, { highWaterMark: CHUNK, signal })) {
        scan.push(chunk as Buffer);
        result.bytes += (chunk as Buffer).length;
      }
    } catch (error) {
      if (signal?.aborted) {
        result.cancelled = true;
        break;
      }
      result.unreadable.push({ path: file.path, reason: (error as NodeJS.ErrnoException).code ?? 'unreadable' });
      continue;
    }
    result.files++;
    for (const [name, count] of scan.results()) {
      result.findings.push({ name, kind, location: file.path, count, ...(file.tool ? { tool: file.tool } : {}) });
    }
  }
  return result;
}
