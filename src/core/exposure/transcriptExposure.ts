import type { FileScanResult } from './fileExposure';
import { scanFiles } from './fileExposure';
import { type TranscriptFile, listTranscriptFiles } from './transcriptFiles';
import { type LocationEnvironment, transcriptLocations } from './transcriptLocations';
import type { ValueMatcher } from './valueMatcher';

export interface TranscriptExposure extends FileScanResult {
  /** Every transcript file looked at, for the cleaning step that follows. */
  transcripts: TranscriptFile[];
}

/** Finds the AI tools' transcripts for this environment and reads each once for every vaulted value. */
export async function checkTranscripts(env: LocationEnvironment, matcher: ValueMatcher, signal?: AbortSignal): Promise<TranscriptExposure> {
  const transcripts = await listTranscriptFiles(transcriptLocations(env));
  const scan = await scanFiles(transcripts, matcher, 'transcript', signal);
  return { ...scan, transcripts };
}
