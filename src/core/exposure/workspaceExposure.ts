import { walkFiles } from '../workspace/fileWalker';
import { type FileScanResult, scanFiles } from './fileExposure';
import type { ValueMatcher } from './valueMatcher';

/** Files larger than this are not read for exposure: build output and data, not where values are pasted. */
const DEFAULT_MAX_FILE_BYTES = 64 << 20;

export interface WorkspaceExposure extends FileScanResult {
  /** Files over the size limit, not read. */
  tooLarge: number;
}

/**
 * Vaulted values in the workspace's files, git-ignored ones included (a git-ignored `.env` is what
 * an assistant reads); vendor and build folders are skipped as by `vaultify scan`.
 */
export async function checkWorkspaceFiles(
  folders: readonly string[],
  matcher: ValueMatcher,
  signal?: AbortSignal,
  maxFileBytes = DEFAULT_MAX_FILE_BYTES,
): Promise<WorkspaceExposure> {
  const files: { path: string }[] = [];
  let tooLarge = 0;
  for (const folder of folders) {
    if (signal?.aborted) break;
    for (const file of await walkFiles(folder, { sizes: true })) {
      if (file.size > maxFileBytes) tooLarge++;
      else files.push({ path: file.path });
    }
  }
  const result = await scanFiles(files, matcher, 'file', signal);
  return { ...result, cancelled: result.cancelled || Boolean(signal?.aborted), tooLarge };
}
