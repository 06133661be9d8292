import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE_KB } from '../core/detect/content';
import { type WalkedFile, describeError, walkFiles } from '../core/workspace/fileWalker';
import type { ScanFinding } from './scanFile';
import { scanAll } from './scanPool';
import { SCAN_FORMATS, type ScanFormat, formatJson, formatSarif, formatText } from './scanReport';
import { UsageError, type CliIo } from './cliIo';

export interface ScanArgs {
  paths: string[];
  format: string;
  gitignore: boolean;
  maxFileSizeKB?: string;
  quiet: boolean;
}

/** `vaultify scan`: exit 0 when clean, 1 when something is found, 2 on a usage or path error. */
export async function runScan(args: ScanArgs, io: CliIo, version: string, entryFile: string): Promise<number> {
  if (!SCAN_FORMATS.includes(args.format as ScanFormat)) {
    throw new UsageError(`unknown --format "${args.format}" (expected ${SCAN_FORMATS.join(', ')})`);
  }
  const maxKB = args.maxFileSizeKB === undefined ? DEFAULT_MAX_FILE_SIZE_KB : Number(args.maxFileSizeKB);
  if (!Number.isFinite(maxKB) || maxKB <= 0) throw new UsageError(`--max-file-size-kb must be a positive number`);
  const roots = args.paths.length ? args.paths : ['.'];
  const cwd = io.cwd;
  const relative = (p: string): string => path.relative(cwd, p) || path.basename(p);
  const skip = (file: string, reason: string): void => {
    if (!args.quiet) io.stderr(`vaultify: skipped ${relative(file)}: ${reason}`);
  };

  const files: WalkedFile[] = [];
  for (const root of roots) {
    try {
      for await (const file of walkFiles([path.resolve(cwd, root)], {
        gitignore: args.gitignore,
        onSkip: (s) => skip(s.path, s.reason),
      })) {
        files.push(file);
      }
    } catch (error) {
      io.stderr(`vaultify: cannot scan ${root}: ${describeError(error)}`);
      return 2;
    }
  }

  const results = await scanAll(files, maxKB, entryFile);
  const findings: ScanFinding[] = [];
  results.forEach((result, i) => {
    const file = relative(files[i].path);
    if (result.skipped) skip(files[i].path, result.skipped);
    for (const note of result.notes) if (!args.quiet) io.stderr(`vaultify: ${file}: ${note}`);
    for (const f of result.findings) findings.push({ file, ...f });
  });

  const format = args.format as ScanFormat;
  io.stdout(format === 'json' ? formatJson(findings) : format === 'sarif' ? formatSarif(findings, version) : formatText(findings));
  return findings.length ? 1 : 0;
}
