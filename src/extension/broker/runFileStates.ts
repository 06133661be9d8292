import { createHash } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ABSENT, NOT_A_FILE, type RunFile, filesRunBy } from '../../core/policy';

/**
 * The files a command line runs, as they are now: each one's SHA-256, or absent, not a regular
 * file, or unreadable. Read just before the release is decided, so a grant binds what the
 * command will run; a file changed between this read and the process starting is not seen.
 */
export async function runFileStates(command: string, cwd: string): Promise<RunFile[]> {
  return Promise.all(filesRunBy(command).map(async (file) => ({ path: file, state: await fileState(path.resolve(cwd, file)) })));
}

async function fileState(file: string): Promise<string> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    return ABSENT;
  }
  if (!stat.isFile()) return NOT_A_FILE;
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  } catch {
    // Unreadable now: a state of its own, so a file that becomes readable later counts as changed.
    return `unreadable:${stat.size}:${stat.mtimeMs}`;
  }
  return hash.digest('hex');
}
