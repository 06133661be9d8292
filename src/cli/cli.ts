import { homedir } from 'node:os';
import { type CliIo, UsageError } from './cliIo';
import type { CommandContext, Subcommand } from './subcommand';

declare const VAULTIFY_VERSION: string;

/** Each subcommand, loaded when it runs: a hook starts on every agent tool call, and the MCP SDK is most of the bundle. */
const SUBCOMMANDS: Record<string, () => Promise<Subcommand>> = {
  scan: () => import('./scanCommand').then((m) => m.scanCommand),
  guard: () => import('./guardCommand').then((m) => m.guardCommand),
  mask: () => import('./maskCommand').then((m) => m.maskCommand),
  mcp: () => import('./mcpCommand').then((m) => m.mcpCommand),
  hook: () => import('./hookCommand').then((m) => m.hookCommand),
  sops: () => import('./sopsCommand').then((m) => m.sopsCommand),
  run: () => import('./runCommand').then((m) => m.runCommand),
  audit: () => import('./auditCommand').then((m) => m.auditCommand),
};

async function help(): Promise<string> {
  const usages = await Promise.all(Object.values(SUBCOMMANDS).map(async (load) => (await load()).usage));
  return `vaultify ${VAULTIFY_VERSION}: keep credentials out of AI assistants' sight

Usage:
${usages.join('')}
  The age identity for sops and run: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops/age/keys.txt in
  the user config folder, as sops reads them. "vaultify COMMAND --help" says more.

Options:
  -h, --help       show this help
  -v, --version    print the version
`;
}

async function main(argv: string[], ctx: CommandContext): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    ctx.io.stdout(await help());
    return 0;
  }
  if (command === '-v' || command === '--version') {
    ctx.io.stdout(VAULTIFY_VERSION);
    return 0;
  }
  const load = Object.hasOwn(SUBCOMMANDS, command) ? SUBCOMMANDS[command] : undefined;
  if (!load) throw new UsageError(`unknown command "${command}"`);
  return (await load()).run(rest, ctx);
}

const io: CliIo = {
  cwd: process.cwd(),
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : text + '\n'),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : text + '\n'),
};
const ctx: CommandContext = {
  io,
  identity: { env: process.env, platform: process.platform, home: homedir() },
  env: process.env,
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  cliPath: __filename,
};
main(process.argv.slice(2), ctx).then(
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
