import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The per-user folder where running extensions publish their agent endpoints: under
 * `$XDG_RUNTIME_DIR` (already private to the user) when set, else `<tmpdir>/vaultify-<uid>`.
 * On Windows the sockets are named pipes; the folder holds only the descriptors.
 */
export function endpointDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return path.join(env.LOCALAPPDATA ?? os.tmpdir(), 'vaultify', 'agents');
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'vaultify');
  return path.join(os.tmpdir(), `vaultify-${os.userInfo().uid}`);
}

/**
 * Creates the folder with mode 0700, or checks the one that is there: it must be a real folder
 * (not a symlink) owned by this user that nobody else can enter. Another user who made it first
 * could read tokens or plant a socket, so anything else is refused.
 */
export async function ensurePrivateDirectory(dir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (platform === 'win32') return;
  const stat = await fs.lstat(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (stat.uid !== os.userInfo().uid) throw new Error(`${dir} belongs to another user`);
  if (stat.mode & 0o077) await fs.chmod(dir, 0o700);
}

/**
 * Whether a folder or file is this user's alone: not a symlink, owned by this user, no access
 * for group or others. A client checks before trusting a descriptor: another user who made the
 * folder first could otherwise point it at a socket of theirs and read what is sent there.
 */
export async function isPrivateToUser(
  file: string,
  kind: 'directory' | 'file',
  platform: NodeJS.Platform = process.platform,
): Promise<boolean> {
  if (platform === 'win32') return true;
  try {
    const stat = await fs.lstat(file);
    if (kind === 'directory' ? !stat.isDirectory() : !stat.isFile()) return false;
    return stat.uid === os.userInfo().uid && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** Where a session listens: a socket in the folder, or a pipe named after the user and session. */
export function endpointAddress(dir: string, session: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `\\\\.\\pipe\\vaultify-${os.userInfo().username}-${session}`;
  return path.join(dir, `${session}.sock`);
}

export function descriptorPath(dir: string, session: string): string {
  return path.join(dir, `${session}.json`);
}

/** Whether a process is alive; EPERM means it is, but someone else's. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface FolderCandidate {
  folders: readonly string[];
  startedAt: string;
}

/**
 * The endpoint for a client working in `cwd`: the window with the deepest folder holding `cwd`,
 * the one started last among equals. A folder no window holds gets none: an agent in a clone
 * nobody opened must not reach another project's window, its secret names and its prompts.
 */
export function pickEndpoint<T extends FolderCandidate>(
  candidates: readonly T[],
  cwd: string,
  platform: NodeJS.Platform = process.platform,
): T | undefined {
  const norm = (p: string): string => {
    const resolved = path.resolve(p);
    return platform === 'win32' || platform === 'darwin' ? resolved.toLowerCase() : resolved;
  };
  const here = norm(cwd);
  const depth = (c: T): number =>
    Math.max(
      -1,
      ...c.folders
        .map(norm)
        .filter((f) => here === f || here.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
        .map((f) => f.length),
    );
  return candidates.filter((c) => depth(c) >= 0).sort((a, b) => depth(b) - depth(a) || b.startedAt.localeCompare(a.startedAt))[0];
}
