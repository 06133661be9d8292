import * as path from 'node:path';
import { walkFiles } from '../workspace/fileWalker';

/**
 * Every file under `folder`, relative with `/` separators, sorted: the workspace walker's list
 * (vendor folders left out, symlinks followed only to files inside the folder, special files
 * skipped). What was left out is passed to `onSkip` with the reason.
 */
export async function listWorkspaceFiles(folder: string, onSkip?: (relative: string, reason: string) => void): Promise<string[]> {
  const root = path.resolve(folder);
  const files = await walkFiles(root, {
    sizes: false,
    onSkip: (s) => onSkip?.(path.relative(root, s.path).split(path.sep).join('/'), s.reason),
  });
  return files.map((f) => f.relative);
}
