import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { walkFiles } from '../workspace/fileWalker';
import { type CreationRule, creationRuleFor, parseSopsConfig } from './sopsConfig';
import { SopsError } from './sopsError';
import { formatForFile } from './sopsFile';

/** Files larger than this are not looked into when guessing which files are team files. */
const MAX_TEAM_FILE_BYTES = 4 << 20;
const SOPS_FILE = /ENC\[AES256_GCM,|sops_mac=|"sops"\s*:|^sops:/m;

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** The creation rules of `.sops.yaml` in `root`, or none when there is no such file. */
export async function readCreationRules(root: string): Promise<CreationRule[]> {
  const file = path.join(root, '.sops.yaml');
  const text = await fs.readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  return text === undefined ? [] : parseSopsConfig(text, file);
}

/**
 * The team files of a workspace folder, as absolute paths. `configured` is the
 * `vaultify.team.files` setting: paths or globs relative to `root`. Without it, the files that
 * `.sops.yaml` creation rules match and that hold sops metadata (sops' own rule for which key
 * encrypts what, read the other way round).
 */
export async function findTeamFiles(root: string, configured?: readonly string[]): Promise<string[]> {
  const rules = configured?.length ? [] : await readCreationRules(root);
  if (!configured?.length && !rules.length) return [];
  const found: string[] = [];
  for (const { path: file, size } of await walkFiles(root, { sizes: true })) {
    const relative = toPosix(path.relative(root, file));
    if (configured?.length) {
      if (configured.some((pattern) => relative === toPosix(pattern).replace(/^\.\//, '') || minimatch(relative, pattern, { dot: true })))
        found.push(file);
      continue;
    }
    if (size > MAX_TEAM_FILE_BYTES || path.basename(file) === '.sops.yaml') continue;
    try {
      formatForFile(file);
    } catch {
      continue;
    }
    if (!creationRuleFor(rules, relative)) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => '');
    if (SOPS_FILE.test(text)) found.push(file);
  }
  return found.sort();
}

/**
 * The recipients and encryption rules sops would use for a new file at `relativePath`, from
 * `.sops.yaml`. Throws when no rule matches or the rule needs a key source Vaultify lacks.
 */
export async function creationRuleForFile(root: string, relativePath: string): Promise<CreationRule> {
  const rule = creationRuleFor(await readCreationRules(root), relativePath);
  if (!rule) throw new SopsError('format', `no creation rule in .sops.yaml matches ${relativePath}`);
  if (rule.unsupported) throw new SopsError('unsupported', rule.unsupported);
  if (!rule.recipients.length) throw new SopsError('format', `the .sops.yaml creation rule for ${relativePath} lists no age recipient`);
  return rule;
}
