import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { type WalkedFile, describeError, walkFiles } from '../core/workspace/fileWalker';
import { excludedBy, findWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { cliDetectionSettings, protectedWorkspaceSettings } from './protectedSettings';
import type { ScanFinding } from '../core/workspace/scanFile';
import { ForegroundScan, scanWorkerScript } from '../core/workspace/scanPool';
import { SCAN_FORMATS, type ScanFormat, formatJson, formatSarif, formatText } from './scanReport';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { UsageError, type CliIo } from './cliIo';
import type { Subcommand } from './subcommand';

declare const VAULTIFY_VERSION: string;

/**
 * Bytecode TurboFan may inline into one optimised function, in all (V8's default is 920). Every
 * scan worker compiles the detector's hot functions for itself, again after each deoptimisation,
 * and those compiles were a fifth of a scan's instructions (callgrind), most of it in large
 * inlined bodies. At 300 the source tree benchmark takes about a tenth less time, and a warm pass
 * runs no slower.
 */
const SCAN_INLINING_BYTES = 300;

/**
 * Sets `SCAN_INLINING_BYTES` for this process, before its worker threads start (each compiles
 * with the flags of the moment). Only on the V8 versions known to have the flag, 11 to 13
 * (Node 20 to 24): V8 prints an error for a flag it does not know.
 */
function tuneCompilerForScan(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${SCAN_INLINING_BYTES}`);
}

export interface ScanArgs {
  paths: string[];
  format: string;
  gitignore: boolean;
  maxFileSizeKB?: string;
  quiet: boolean;
  /** Apply the workspace's values of protected settings even where they weaken protection. */
  acceptSettings: boolean;
}

/**
 * `vaultify scan`: exit 0 when clean, 1 when something is found, 2 on a usage or path error or
 * when a file could not be read (a scan that missed files proves nothing). Honours the
 * `vaultify.detection.*` settings of the workspace folder holding each path, as the editor does:
 * a value that weakens detection applies only with `--accept-settings`.
 */
async function runScan(args: ScanArgs, io: CliIo, version: string, workerScript: string): Promise<number> {
  if (!SCAN_FORMATS.includes(args.format as ScanFormat)) {
    throw new UsageError(`unknown --format "${args.format}" (expected ${SCAN_FORMATS.join(', ')})`);
  }
  const flagKB = args.maxFileSizeKB === undefined ? undefined : Number(args.maxFileSizeKB);
  if (flagKB !== undefined && (!Number.isFinite(flagKB) || flagKB <= 0))
    throw new UsageError(`--max-file-size-kb must be a positive number`);
  const roots = args.paths.length ? args.paths : ['.'];
  const cwd = io.cwd;
  const relative = (p: string): string => path.relative(cwd, p) || path.basename(p);
  const skip = (file: string, reason: string): void => {
    if (!args.quiet) io.stderr(`vaultify: skipped ${relative(file)}: ${reason}`);
  };
  const unreadable: string[] = [];

  // The settings of the first root's workspace folder apply to the whole scan, as one
  // workspace's settings apply to all its files in the editor.
  const first = path.resolve(cwd, roots[0]);
  const isDir = await fs.stat(first).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const workspace = await findWorkspaceSettings(isDir ? first : path.dirname(first));
  if (workspace.invalid)
    io.stderr(
      `vaultify: ${relative(path.join(workspace.folder, '.vscode', 'settings.json'))} is not valid JSON; vaultify.detection.* settings there are ignored`,
    );
  const settings = cliDetectionSettings(protectedWorkspaceSettings(workspace, args.acceptSettings, (message) => io.stderr(message)));
  const maxFileSizeKB = flagKB ?? settings.maxFileSizeKB;

  tuneCompilerForScan();
  const scan = new ForegroundScan(workerScript, {
    maxFileSizeKB,
    ignoredValues: settings.ignoredValues,
    ignoredValuesSalt: settings.ignoredValuesSalt,
  });
  const files: WalkedFile[] = [];
  /** The exclude pattern each file left out matches, decided once as the walk finds it. */
  const excluded = new Map<WalkedFile, string>();
  for (const root of roots) {
    try {
      // No `stat` per file: the reader checks each file's size itself, and the scan sizes the job lazily.
      const walked = await walkFiles(path.resolve(cwd, root), {
        gitignore: args.gitignore,
        sizes: false,
        // Scanning starts as the walk finds files; the report still follows the sorted listing.
        onFile: (file) => {
          const glob = excludedBy(file.path, settings.exclude, [workspace.folder]);
          if (glob) excluded.set(file, glob);
          else scan.found(file.path);
        },
        onSkip: (s) => {
          if (s.unreadable) unreadable.push(s.path);
          skip(s.path, s.reason);
        },
      });
      for (const file of walked) {
        const glob = excluded.get(file);
        if (glob) skip(file.path, `matches vaultify.detection.exclude pattern "${glob}"`);
        else files.push(file);
      }
    } catch (error) {
      io.stderr(`vaultify: cannot scan ${root}: ${describeError(error)}`);
      await scan.close();
      return 2;
    }
  }

  const results = await scan.scan(files);
  const findings: ScanFinding[] = [];
  results.forEach((result, i) => {
    if (result.skipped) skip(files[i].path, result.skipped);
    if (result.unreadable) unreadable.push(files[i].path);
    // Most files report nothing: their relative path is never needed.
    if (!result.notes.length && !result.findings.length) return;
    const file = relative(files[i].path);
    for (const note of result.notes) if (!args.quiet) io.stderr(`vaultify: ${file}: ${note}`);
    for (const f of result.findings) findings.push({ file, ...f });
  });

  const format = args.format as ScanFormat;
  io.stdout(
    format === 'json'
      ? formatJson(findings)
      : format === 'sarif'
        ? formatSarif(findings, version)
        : formatText(findings, unreadable.length > 0),
  );
  if (unreadable.length) {
    const named = unreadable.map(relative);
    io.stderr(
      `vaultify: could not read ${named.length} path${named.length === 1 ? '' : 's'}, so the scan is incomplete: ${named.join(', ')}`,
    );
    return 2;
  }
  return findings.length ? 1 : 0;
}

const SCAN_USAGE = `  vaultify scan [PATH...] [--format json|sarif|text] [--gitignore] [--max-file-size-kb N] [--quiet]
               [--accept-settings]
      Find literal secrets. Git-ignored files are scanned too (a git-ignored .env is exactly
      what an assistant reads); --gitignore scans only what git would track. Honours
      vaultify.detection.exclude, ignoredValues and maxFileSizeKB from .vscode/settings.json as
      the editor does: a value that scans less (an exclude pattern, a lower size limit) is
      ignored and named, unless --accept-settings accepts the workspace's values.
      Exit 0: nothing found. 1: secrets found. 2: error, or files that could not be read.
`;

export const scanCommand: Subcommand = {
  usage: SCAN_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        gitignore: { type: 'boolean', default: false },
        'max-file-size-kb': { type: 'string' },
        quiet: { type: 'boolean', short: 'q', default: false },
        'accept-settings': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.io.stdout(`Usage:\n${SCAN_USAGE}`);
      return 0;
    }
    const scanArgs = {
      paths: positionals,
      format: values.format,
      gitignore: values.gitignore,
      maxFileSizeKB: values['max-file-size-kb'],
      quiet: values.quiet,
      acceptSettings: values['accept-settings'],
    };
    return runScan(scanArgs, ctx.io, VAULTIFY_VERSION, scanWorkerScript(ctx.cliPath));
  },
};
