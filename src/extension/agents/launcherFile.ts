import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { launcherPath, launcherScript } from '../../core/agents/launcher';
import { writeFileAtomic } from '../../core/files/atomicWrite';

/**
 * Writes the per-user launcher so that it runs this extension's CLI, when it does not already.
 * The node that runs it is the extension host's own (VS Code's Electron in node mode), so
 * agents need no node of their own on PATH.
 */
export async function ensureLauncher(cliPath: string): Promise<string> {
  const file = launcherPath();
  const text = launcherScript(cliPath, process.execPath);
  const current = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (current === text) return file;
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFileAtomic(file, text, 0o755);
  return file;
}
