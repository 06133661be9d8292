import * as path from 'node:path';

/**
 * The folder an agent's command runs in: `cwd` absolute or relative to the first workspace
 * folder, default that folder. It must lie inside one of the workspace folders, so that the
 * approval's "folder" is one the user knows; an error message otherwise, naming the folder.
 */
export function resolveRunFolder(
  cwd: string | undefined,
  folders: readonly string[],
  platform: NodeJS.Platform = process.platform,
): { ok: true; folder: string } | { ok: false; reason: string } {
  if (!folders.length) return { ok: false, reason: 'no workspace folder is open, so there is nowhere to run the command' };
  const p = platform === 'win32' ? path.win32 : path.posix;
  const folder = cwd === undefined || cwd.trim() === '' ? folders[0] : p.resolve(folders[0], cwd);
  const fold = (s: string): string => (platform === 'win32' || platform === 'darwin' ? s.toLowerCase() : s);
  const inside = folders.some((f) => {
    const relative = p.relative(fold(f), fold(folder));
    return relative === '' || (!relative.startsWith('..') && !p.isAbsolute(relative));
  });
  if (!inside) return { ok: false, reason: `${folder} is outside the workspace folders; commands run only inside them` };
  return { ok: true, folder };
}
