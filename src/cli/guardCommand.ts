import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_TOOLS,
  GUARD_TOOLS,
  type GuardPlan,
  type PlannedFile,
  applyGuardPlan,
  filesToScanForSecrets,
  listWorkspaceFiles,
  planGuard,
  selectTools,
} from '../core/guard';
import { describeError } from '../core/workspace/fileWalker';
import { excludedBy, readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import type { DetectionSettings } from '../shared/detectionSettings';
import { cliDetectionSettings, cliSetting, protectedWorkspaceSettings, settingsFileError, workspaceSetting } from './protectedSettings';
import { parseArgs } from 'node:util';
import { UsageError, type CliIo } from './cliIo';
import type { Subcommand } from './subcommand';
import { scanAll, scanWorkerScript } from '../core/workspace/scanPool';

export const GUARD_HELP = `Usage: vaultify guard [DIR] [--tools LIST] [--check] [--dry-run]

Writes the AI assistants' ignore files at the top of DIR (default: the current folder), so
that they neither index nor read sensitive files: .env files, keys, credential files, folders
named as key stores (secrets/, .ssh/, credentials/, ...), files where a literal secret is found, and
vaultify.guard.extraPatterns. Templates such as .env.example stay readable. Only the block
between Vaultify's marker lines (or, in JSON settings, Vaultify's own entries) is changed.

  --tools LIST   comma-separated tools (default: vaultify.guard.tools in DIR/.vscode/settings.json,
                 else ${DEFAULT_TOOLS.join(',')}). "auto" adds every tool DIR shows signs of using.
  --check        write nothing; exit 1 and list the files that are out of date
  --dry-run      write nothing; show what would change
  --accept-settings
                 apply DIR's .vscode/settings.json even where it weakens protection (drops a
                 tool from vaultify.guard.tools, adds vaultify.detection.exclude patterns);
                 without it such values are ignored and named, as the editor does

Tools:
${GUARD_TOOLS.map((t) => `  ${[t.id, ...t.aliases].join(', ').padEnd(30)} ${t.file}`).join('\n')}

No ignore file stops an assistant's terminal commands; use a masked terminal for those.
Exit 0: done (or up to date). 1: out of date (--check), or a file was skipped. 2: usage error.`;

export interface GuardArgs {
  dir?: string;
  tools?: string;
  check: boolean;
  dryRun: boolean;
  /** Apply the workspace's values of protected settings even where they weaken protection. */
  acceptSettings: boolean;
}

/** `vaultify guard`: writes, checks (`--check`) or previews (`--dry-run`) one folder's guard files. */
export async function runGuard(args: GuardArgs, io: CliIo, workerScript: string): Promise<number> {
  const folder = path.resolve(io.cwd, args.dir ?? '.');
  const shown = (file: string): string => path.relative(io.cwd, path.join(folder, file)) || file;
  try {
    if (!(await fs.stat(folder)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    io.stderr(
      `vaultify: cannot guard ${args.dir ?? '.'}: ${(error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'not a folder' : describeError(error)}`,
    );
    return 2;
  }

  const workspace = protectedWorkspaceSettings(await readWorkspaceSettings(folder), args.acceptSettings, (message) => io.stderr(message));
  const unreadable = settingsFileError(workspace, io.cwd);
  if (unreadable)
    io.stderr(
      `vaultify: ${unreadable}: the settings file is not valid JSON, so its vaultify.* settings (guard.tools, guard.extraPatterns, detection) are ignored and the defaults apply; fix the file and run again`,
    );
  const extraPatterns = workspaceSetting(workspace, 'guard.extraPatterns');
  const tools = args.tools !== undefined ? args.tools.split(',') : [...cliSetting(workspace, 'guard.tools')];
  const { unknown } = selectTools(tools, []);
  if (unknown.length) {
    throw new UsageError(
      `unknown tool${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')} (known: ${GUARD_TOOLS.map((t) => t.id).join(', ')}, auto)`,
    );
  }

  const files = await listWorkspaceFiles(folder, (relative, reason) => io.stderr(`vaultify: skipped ${shown(relative)}: ${reason}`));
  const secretFiles = await filesWithSecrets(folder, files, extraPatterns, cliDetectionSettings(workspace), workerScript);
  const plan = await planGuard(folder, { tools, extraPatterns, secretFiles, files });
  for (const file of plan.files) for (const note of file.notes) io.stderr(`vaultify: ${shown(file.file)}: ${note}`);

  if (args.check) return reportCheck(plan, io, shown, args.dir);
  if (args.dryRun) return reportDryRun(plan, io, shown);
  let problems = 0;
  for (const result of await applyGuardPlan(plan)) {
    if (result.outcome === 'created' || result.outcome === 'updated') io.stdout(`${result.outcome} ${shown(result.file)}`);
    if (result.outcome === 'skipped' || result.outcome === 'failed') {
      problems++;
      io.stderr(`vaultify: ${result.outcome === 'failed' ? 'could not write' : 'skipped'} ${shown(result.file)}: ${result.reason}`);
    }
  }
  if (plan.files.every((f) => f.action === 'unchanged')) io.stdout(`vaultify: ${plan.files.length} guard files already up to date`);
  return problems ? 1 : 0;
}

function reportCheck(plan: GuardPlan, io: CliIo, shown: (file: string) => string, dir: string | undefined): number {
  let stale = 0;
  for (const file of plan.files) {
    if (file.action === 'create' || file.action === 'update') {
      stale++;
      io.stdout(`stale: ${shown(file.file)} (${file.action === 'create' ? 'missing' : 'out of date'})`);
    } else if (file.action === 'skip') {
      stale++;
      io.stderr(`vaultify: cannot keep ${shown(file.file)}: ${file.reason}`);
    }
  }
  if (stale) {
    io.stderr(`vaultify: ${stale} guard file${stale > 1 ? 's are' : ' is'} out of date; run "vaultify guard${dir ? ' ' + dir : ''}"`);
    return 1;
  }
  io.stdout(`vaultify: ${plan.files.length} guard files up to date`);
  return 0;
}

function reportDryRun(plan: GuardPlan, io: CliIo, shown: (file: string) => string): number {
  let skipped = 0;
  for (const file of plan.files) {
    if (file.action === 'skip') {
      skipped++;
      io.stderr(`vaultify: would skip ${shown(file.file)}: ${file.reason}`);
    } else if (file.action !== 'unchanged') {
      io.stdout(`would ${file.action} ${shown(file.file)}`);
      for (const line of changedLines(file)) io.stdout(`  ${line}`);
    }
  }
  if (plan.files.every((f) => f.action === 'unchanged')) io.stdout(`vaultify: ${plan.files.length} guard files already up to date`);
  return skipped ? 1 : 0;
}

/** Lines removed (`-`) and added (`+`), each in file order: ignore files are sets of lines, so order rarely matters. */
function changedLines(file: PlannedFile): string[] {
  const before = (file.before ?? '').split(/\r?\n/);
  const after = (file.after ?? '').split(/\r?\n/);
  const remaining = (lines: string[], against: string[]): string[] => {
    const counts = new Map<string, number>();
    for (const line of against) counts.set(line, (counts.get(line) ?? 0) + 1);
    return lines.filter((line) => {
      const n = counts.get(line) ?? 0;
      if (n > 0) counts.set(line, n - 1);
      return n === 0 && line !== '';
    });
  };
  return [...remaining(before, after).map((l) => `- ${l}`), ...remaining(after, before).map((l) => `+ ${l}`)];
}

/** Files where detection finds a literal secret, among those the patterns do not hide already. */
async function filesWithSecrets(
  folder: string,
  files: readonly string[],
  extraPatterns: string[] | undefined,
  settings: DetectionSettings,
  workerScript: string,
): Promise<string[]> {
  const candidates: { relative: string; path: string; size: number }[] = [];
  await Promise.all(
    filesToScanForSecrets(files, extraPatterns)
      .filter((f) => !excludedBy(path.join(folder, f), settings.exclude, [folder]))
      .map(async (relative) => {
        const absolute = path.join(folder, relative);
        const stat = await fs.stat(absolute).catch(() => undefined);
        if (stat) candidates.push({ relative, path: absolute, size: stat.size });
      }),
  );
  candidates.sort((a, b) => (a.relative < b.relative ? -1 : 1));
  const results = await scanAll(
    candidates,
    { maxFileSizeKB: settings.maxFileSizeKB, ignoredValues: settings.ignoredValues, ignoredValuesSalt: settings.ignoredValuesSalt },
    workerScript,
  );
  return candidates.filter((_, i) => results[i].findings.length > 0).map((c) => c.relative);
}

export const guardCommand: Subcommand = {
  usage: `  vaultify guard [DIR] [--tools LIST] [--check] [--dry-run] [--accept-settings]
      Write the AI assistants' ignore files. --check exits 1 and lists stale files.
`,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        tools: { type: 'string' },
        check: { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        'accept-settings': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.io.stdout(GUARD_HELP);
      return 0;
    }
    if (positionals.length > 1) throw new UsageError('guard takes one folder');
    const guardArgs = {
      dir: positionals[0],
      tools: values.tools,
      check: values.check,
      dryRun: values['dry-run'],
      acceptSettings: values['accept-settings'],
    };
    return runGuard(guardArgs, ctx.io, scanWorkerScript(ctx.cliPath));
  },
};
