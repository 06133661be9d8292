import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/**
 * Writes `content` to a temporary file beside `target`, flushes it, then renames it over
 * `target`: a crash leaves the old file or the new one, never half of either. The temporary
 * file is removed on failure.
 */
export async function writeFileAtomic(target: string, content: string, mode = 0o644): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.vaultify-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(temp, 'wx', mode);
    await handle.writeFile(content, 'utf8');
    await handle.sync();
    await handle.close();
    handle = undefined;
    // open() applies the umask; the file keeps the mode the old one had.
    await fs.chmod(temp, mode);
    await fs.rename(temp, target);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
}
