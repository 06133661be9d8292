import type { TranscriptTool } from './transcriptLocations';

/**
 * Where a vaulted value was seen. `prompt`: a prompt a client's hook stopped, which the client
 * still wrote to its transcript: on disk only, never sent to the model.
 */
export type ExposureKind = 'file' | 'git' | 'transcript' | 'prompt';

/**
 * One vaulted value seen in one place: the secret's name and where, never the value.
 * `location` is what a person reads: a file path, or `COMMIT:PATH` for git (the form `git show` takes).
 */
export interface ExposureFinding {
  name: string;
  kind: ExposureKind;
  location: string;
  /** Occurrences in that place. */
  count: number;
  /** For transcripts: the tool that wrote the file. */
  tool?: TranscriptTool;
  /** For git: the commit that added the content, and the path it had there. */
  commit?: string;
  path?: string;
}

/** A file that was not read or not rewritten, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}
