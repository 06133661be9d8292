import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MissingSecretsError, resolveEnvFile } from '../core/envfile';
import { DEFAULT_MIN_LENGTH, type MaskSecret } from '../core/mask';
import { findTeamFiles, readSopsIdentities, SopsError, TeamScope } from '../core/sops';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { UsageError } from './cliIo';
import { runMaskedChild } from './maskedChild';
import { workspaceSetting } from './protectedSettings';
import { exitCodeFor } from './sopsCommand';
import type { CommandContext, Subcommand } from './subcommand';

export const RUN_HELP = `Usage:
  vaultify run --env-file FILE [--env-file FILE...] -- COMMAND [ARGS...]
      Run COMMAND with the variables of the env files, their vault: references resolved from
      the team files, its output masked. The team files are vaultify.team.files in
      .vscode/settings.json, or else the files .sops.yaml's creation rules match. The age
      identity comes from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops/age/keys.txt, as sops reads
      them. A reference no team file holds: exit 2, naming it. Otherwise COMMAND's exit code.
`;

async function runRun(argv: string[], ctx: CommandContext): Promise<number> {
  const dashes = argv.indexOf('--');
  const options = dashes < 0 ? argv : argv.slice(0, dashes);
  const command = dashes < 0 ? [] : argv.slice(dashes + 1);
  if (options.includes('-h') || options.includes('--help')) {
    ctx.io.stdout(RUN_HELP);
    return 0;
  }
  const envFiles: string[] = [];
  for (let i = 0; i < options.length; i++) {
    const option = options[i];
    if (option === '--env-file' && i + 1 < options.length) envFiles.push(options[++i]);
    else if (option.startsWith('--env-file=')) envFiles.push(option.slice('--env-file='.length));
    else throw new UsageError(`run: unexpected ${JSON.stringify(option)}`);
  }
  if (!envFiles.length) throw new UsageError('run needs --env-file FILE');
  if (!command.length) throw new UsageError('run needs a command after --');

  const root = ctx.io.cwd;
  try {
    const texts = await Promise.all(
      envFiles.map((file) =>
        readFile(path.resolve(root, file), 'utf8').catch((error: NodeJS.ErrnoException) => {
          throw new SopsError('format', `cannot read ${file} (${error.code ?? 'error'})`);
        }),
      ),
    );
    let scope: TeamScope | undefined;
    const openScope = async (): Promise<TeamScope> => {
      if (scope) return scope;
      const files = await findTeamFiles(root, workspaceSetting(await readWorkspaceSettings(root), 'team.files'));
      const { identities } = await readSopsIdentities(ctx.identity);
      const opened = await Promise.all(
        files.map(async (file) => ({ file: path.relative(root, file) || file, text: await readFile(file, 'utf8') })),
      );
      return (scope = await TeamScope.open(opened, identities));
    };
    const secrets: MaskSecret[] = [];
    const env: Record<string, string> = {};
    for (const [i, text] of texts.entries()) {
      Object.assign(
        env,
        await resolveEnvFile(
          text,
          async (name) => {
            const value = (await openScope()).get(name);
            if (value !== undefined) secrets.push({ name, value });
            return value;
          },
          envFiles[i],
        ),
      );
    }
    const short = [...new Set(secrets.filter((s) => s.value.length < DEFAULT_MIN_LENGTH).map((s) => s.name))];
    if (short.length) ctx.io.stderr(`vaultify: not masking ${short.join(', ')}: shorter than ${DEFAULT_MIN_LENGTH} characters`);
    return await runMaskedChild(
      {
        command: command[0],
        args: command.slice(1),
        env: { ...ctx.env, ...env },
        cwd: root,
        secrets,
        stdout: ctx.stdout,
        stderr: ctx.stderr,
      },
      (message) => ctx.io.stderr(`vaultify: ${message}`),
    );
  } catch (error) {
    ctx.io.stderr(`vaultify: ${(error as Error).message}`);
    if (error instanceof MissingSecretsError) return 2;
    return exitCodeFor(error);
  }
}

export const runCommand: Subcommand = {
  usage: `  vaultify run --env-file FILE -- COMMAND [ARGS...]
      Run COMMAND with the env file's variables, vault: references resolved from the team's
      sops files (for CI); output masked. An unresolved reference: exit 2, naming it.
`,
  run: runRun,
};
