import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { MissingSecretsError, parseEnvFile, resolveEnv } from '../core/envfile';
import { parseReference } from '../core/reference';
import type { ReleasedValue } from '../core/secretless';
import { findTeamFiles, readSopsIdentities, SopsError, TeamScope } from '../core/sops';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { UsageError } from './cliIo';
import { settingsFileError, workspaceSetting } from './protectedSettings';
import { SECRETLESS_HELP, runWithReleased } from './secretlessChild';
import { exitCodeFor } from './sopsCommand';
import type { CommandContext, Subcommand } from './subcommand';

export const RUN_HELP = `Usage:
  vaultify run --env-file FILE [--env-file FILE...] -- COMMAND [ARGS...]
      Run COMMAND with the variables of the env files, their vault: references resolved from
      the team files, its output masked. The team files are vaultify.team.files in
      .vscode/settings.json (exit 2 when that file is not valid JSON), or else the files
      .sops.yaml's creation rules match. The age identity comes from SOPS_AGE_KEY,
      SOPS_AGE_KEY_FILE or sops/age/keys.txt, as sops reads them. A reference no team file
      holds: exit 2, naming it. Otherwise COMMAND's exit code.
${SECRETLESS_HELP}`;

/** The variable that holds exactly `vault:NAME` (the last, as the env files are merged), for git's credential helper. */
function variableHolding(files: readonly Record<string, string>[], name: string): string | undefined {
  let found: string | undefined;
  for (const variables of files)
    for (const [key, value] of Object.entries(variables)) if (parseReference(value)?.name === name) found = key;
  return found;
}

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
    const readScope = async (): Promise<TeamScope> => {
      const settings = await readWorkspaceSettings(root);
      const unreadable = settingsFileError(settings, root);
      // The folder's vaultify.team.files names the team files: guessing others could resolve a reference from the wrong one.
      if (unreadable)
        throw new SopsError(
          'format',
          `${unreadable}: the settings file is not valid JSON, so the team files it names (vaultify.team.files) are unknown. Nothing was run. Fix the file.`,
        );
      const files = await findTeamFiles(root, workspaceSetting(settings, 'team.files'));
      const { identities } = await readSopsIdentities(ctx.identity);
      const opened = await Promise.all(
        files.map(async (file) => ({ file: path.relative(root, file) || file, text: await readFile(file, 'utf8') })),
      );
      return TeamScope.open(opened, identities);
    };
    // One opening shared by every reference, so the values are looked up in the env file's order.
    let scope: Promise<TeamScope> | undefined;
    const openScope = (): Promise<TeamScope> => (scope ??= readScope());
    const files = texts.map((text) => parseEnvFile(text));
    // First every reference is looked up, so that a missing one stops the run before anything starts.
    const released: ReleasedValue[] = [];
    for (const [i, variables] of files.entries()) {
      await resolveEnv(
        variables,
        async (name) => {
          const team = await openScope();
          const value = team.get(name);
          if (value !== undefined && !released.some((r) => r.name === name))
            released.push({ name, value, hosts: team.hostsOf(name), variable: variableHolding(files, name) });
          return value;
        },
        envFiles[i],
      );
    }
    return await runWithReleased(ctx, 'vaultify run', command, released, async (delivered) => {
      const env: Record<string, string> = {};
      for (const [i, variables] of files.entries())
        Object.assign(env, await resolveEnv(variables, (name) => Promise.resolve(delivered.get(name)), envFiles[i]));
      return env;
    });
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
