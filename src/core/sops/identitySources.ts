import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAgeIdentities } from './ageKeys';

export interface IdentitySources {
  /** Identities found, in the order sops reads its sources. Never logged. */
  identities: string[];
  /** Where they came from (variable names and file paths), for messages. */
  sources: string[];
}

export interface IdentityEnvironment {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  home: string;
}

/** The user config folder as sops finds it (Go's os.UserConfigDir, with XDG_CONFIG_HOME honoured on macOS too). */
export function sopsUserConfigDir({ env, platform, home }: IdentityEnvironment): string | undefined {
  if (platform === 'win32') return env.APPDATA || undefined;
  if (env.XDG_CONFIG_HOME) return env.XDG_CONFIG_HOME;
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support');
  return home ? path.join(home, '.config') : undefined;
}

/**
 * Reads, never writes, the age identities sops would use: SOPS_AGE_KEY (several a line),
 * the file SOPS_AGE_KEY_FILE names, and sops/age/keys.txt in the user config folder. Like sops,
 * it uses every source present. A named file that cannot be read is an error; the default
 * keys.txt missing is not.
 */
export async function readSopsIdentities(
  environment: IdentityEnvironment = { env: process.env, platform: process.platform, home: os.homedir() },
): Promise<IdentitySources> {
  const { env } = environment;
  const found: IdentitySources = { identities: [], sources: [] };
  const add = (ids: string[], source: string): void => {
    if (!ids.length) return;
    found.identities.push(...ids);
    found.sources.push(source);
  };
  if (env.SOPS_AGE_KEY !== undefined) add(parseAgeIdentities(env.SOPS_AGE_KEY, 'SOPS_AGE_KEY', true), 'SOPS_AGE_KEY');
  if (env.SOPS_AGE_KEY_FILE !== undefined) {
    let text: string;
    try {
      text = await fs.readFile(env.SOPS_AGE_KEY_FILE, 'utf8');
    } catch (error) {
      throw new Error(`cannot read SOPS_AGE_KEY_FILE ${env.SOPS_AGE_KEY_FILE} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        cause: error,
      });
    }
    add(parseAgeIdentities(text, env.SOPS_AGE_KEY_FILE), env.SOPS_AGE_KEY_FILE);
  }
  const configDir = sopsUserConfigDir(environment);
  if (configDir) {
    const file = path.join(configDir, 'sops', 'age', 'keys.txt');
    const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw new Error(`cannot read ${file} (${error.code ?? 'error'})`);
    });
    if (text !== undefined) add(parseAgeIdentities(text, file), file);
  }
  found.identities = [...new Set(found.identities)];
  return found;
}
