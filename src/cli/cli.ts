import { homedir } from 'node:os';
import { parseArgs } from 'node:util';
import { runAuditVerify } from './auditCommand';
import { UsageError, type CliIo } from './cliIo';
import { GUARD_HELP, runGuard } from './guardCommand';
import { runMask } from './maskCommand';
import { runRun } from './runCommand';
import { runScan } from './scanCommand';
import { isScanWorker, serveScanJobs } from '../core/workspace/scanPool';
import { type CommandContext, runSops } from './sopsCommand';

declare const VAULTIFY_VERSION: string;

const HELP = `vaultify ${VAULTIFY_VERSION}: keep credentials out of AI assistants' sight

Usage:
  vaultify scan [PATH...] [--format json|sarif|text] [--gitignore] [--max-file-size-kb N] [--quiet]
               [--accept-settings]
      Find literal secrets. Git-ignored files are scanned too (a git-ignored .env is exactly
      what an assistant reads); --gitignore scans only what git would track. Honours
      vaultify.detection.exclude, ignoredValues and maxFileSizeKB from .vscode/settings.json as
      the editor does: a value that scans less (an exclude pattern, a lower size limit) is
      ignored and named, unless --accept-settings accepts the workspace's values.
      Exit 0: nothing found. 1: secrets found. 2: error, or files that could not be read.
  vaultify guard [DIR] [--tools LIST] [--check] [--dry-run] [--accept-settings]
      Write the AI assistants' ignore files. --check exits 1 and lists stale files.
  vaultify mask [--env NAME,... | --values-file FILE] [--min-length N] [--token TEMPLATE] [--no-detect]
      Copy stdin to stdout with every value (and its encodings, in coloured, wrapped or dumped
      output) shown as [masked vault:NAME], and credentials nobody stored (GitHub, Slack, AWS
      ... tokens, private keys, URL passwords) as [masked secret:KIND]. --token sets the first
      text, with {name} for the name; values shorter than --min-length (default 6) are not
      masked; --no-detect masks the given values only (and then needs them).
  vaultify mcp [--endpoint FILE]
      A stdio MCP server (list_secrets, run_with_secrets) for Claude Code, Cursor, the Copilot
      CLI and VS Code. It holds no values: the running VS Code window approves, runs and masks.
  vaultify hook claude|cursor|vscode
      Answers one agent hook call (JSON on stdin): denies reads of sensitive paths and
      environment dumps; for Claude Code's PostToolUse, masks secrets in the tool's output.
  vaultify sops check FILE
      Decrypt a sops file (age recipients) in memory and verify its MAC; print the number of
      values and their key paths, never a value. Exit 0: sound. 1: MAC or decryption failure.
      2: bad input.
  vaultify sops exec FILE -- COMMAND [ARGS...]
      Run COMMAND with the file's values in its environment, as sops exec-env does; output
      masked; COMMAND's exit code.
  vaultify run --env-file FILE -- COMMAND [ARGS...]
      Run COMMAND with the env file's variables, vault: references resolved from the team's
      sops files (for CI); output masked. An unresolved reference: exit 2, naming it.
  The age identity for sops, run: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops/age/keys.txt in the
  user config folder, as sops reads them.
  vaultify audit verify FILE [--head HASH] [--json]
      Check the hash chain of an audit trail segment (or a folder of them): every record
      unchanged, in order, none missing. Without --head it says "consistent; not anchored",
      since anyone can write a consistent chain; --head takes the hash that Vaultify: Verify
      audit trail shows, and the trail must then reach it. Exit 0: consistent (anchored or not,
      as printed). 1: broken, naming the first bad record. 2: FILE cannot be read.

Options:
  -h, --help       show this help
  -v, --version    print the version
`;

async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    io.stdout(HELP);
    return 0;
  }
  if (command === '-v' || command === '--version') {
    io.stdout(VAULTIFY_VERSION);
    return 0;
  }
  switch (command) {
    case 'scan': {
      const { values, positionals } = parseArgs({
        args: rest,
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
        io.stdout(HELP);
        return 0;
      }
      return runScan(
        {
          paths: positionals,
          format: values.format,
          gitignore: values.gitignore,
          maxFileSizeKB: values['max-file-size-kb'],
          quiet: values.quiet,
          acceptSettings: values['accept-settings'],
        },
        io,
        VAULTIFY_VERSION,
        __filename,
      );
    }
    case 'mask': {
      const { values } = parseArgs({
        args: rest,
        options: {
          env: { type: 'string' },
          'values-file': { type: 'string' },
          'min-length': { type: 'string' },
          token: { type: 'string' },
          'no-detect': { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
      if (values.help) {
        io.stdout(HELP);
        return 0;
      }
      return runMask(
        {
          env: values.env,
          valuesFile: values['values-file'],
          minLength: values['min-length'],
          token: values.token,
          detect: !values['no-detect'],
        },
        io,
        { stdin: process.stdin, stdout: process.stdout, env: process.env },
      );
    }
    case 'guard': {
      const { values, positionals } = parseArgs({
        args: rest,
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
        io.stdout(GUARD_HELP);
        return 0;
      }
      if (positionals.length > 1) throw new UsageError('guard takes one folder');
      return runGuard(
        {
          dir: positionals[0],
          tools: values.tools,
          check: values.check,
          dryRun: values['dry-run'],
          acceptSettings: values['accept-settings'],
        },
        io,
        __filename,
      );
    }
    case 'mcp': {
      const { values } = parseArgs({
        args: rest,
        options: { endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      });
      // Loaded on demand: the MCP SDK is most of the bundle, and hooks start on every tool call.
      const { MCP_HELP, runMcp } = await import('./mcpCommand');
      if (values.help) {
        io.stdout(MCP_HELP);
        return 0;
      }
      return runMcp({ endpoint: values.endpoint }, io, process.env);
    }
    case 'hook': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { endpoint: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
      });
      const { HOOK_HELP, runHook } = await import('./hookCommand');
      if (values.help) {
        io.stdout(HOOK_HELP);
        return 0;
      }
      const answer = await runHook(positionals[0], values.endpoint, { stdin: process.stdin, cwd: io.cwd, env: process.env });
      if (answer.stderr) io.stderr(answer.stderr);
      // Exit at once once answered: a slow VS Code must not keep the agent waiting on a lingering socket.
      await new Promise<void>((resolve) => process.stdout.write(answer.stdout ? answer.stdout + '\n' : '', () => resolve()));
      return process.exit(answer.exitCode);
    }
    case 'sops':
      return runSops(rest, commandContext(io));
    case 'run':
      return runRun(rest, commandContext(io));
    case 'audit': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          json: { type: 'boolean', default: false },
          head: { type: 'string' },
          help: { type: 'boolean', short: 'h', default: false },
        },
      });
      if (values.help) {
        io.stdout(HELP);
        return 0;
      }
      const [action, file, ...extra] = positionals;
      if (action !== 'verify')
        throw new UsageError(`unknown audit action ${action === undefined ? '(none)' : `"${action}"`}: use "audit verify FILE"`);
      if (extra.length) throw new UsageError('audit verify takes one FILE');
      return runAuditVerify(file, io, values.json, values.head);
    }
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

function commandContext(io: CliIo): CommandContext {
  return {
    io,
    identity: { env: process.env, platform: process.platform, home: homedir() },
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

if (isScanWorker()) {
  serveScanJobs();
} else {
  const io: CliIo = {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      io.stderr(`vaultify: ${error instanceof Error ? error.message : String(error)}`);
      if (usage) io.stderr(`Run "vaultify --help" for usage.`);
      process.exitCode = 2;
    },
  );
}
