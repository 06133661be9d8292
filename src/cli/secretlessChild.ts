import { randomBytes } from 'node:crypto';
import { endpointDirectory } from '../core/agents/endpointLocation';
import { DEFAULT_MIN_LENGTH } from '../core/mask';
import { ALLOWED_HOSTS_SETTING, type ReleasedValue, SecretlessSession, narrowToAllowedHosts } from '../core/secretless';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { runMaskedChild } from './maskedChild';
import { workspaceSetting } from './protectedSettings';
import type { CommandContext } from './subcommand';

/**
 * Runs COMMAND with released team values, as `run` and `sops exec` do. A value bound to hosts
 * reaches the child as a placeholder: this process runs the injecting proxy for the child's
 * lifetime (its CA key in memory only; the trust bundle, certificates only, 0600 in the 0700
 * per-user folder), and the child gets the proxy and trust variables the extension sets. Every
 * value is masked in the output either way. The folder's `secretless.allowedHosts` narrows each
 * bound value's hosts as in the window; a value left with none refuses the run (exit 2).
 * `variables` builds the child's own variables from what it holds under each name: the value, or
 * the placeholder.
 */
export async function runWithReleased(
  ctx: CommandContext,
  command: readonly string[],
  team: readonly ReleasedValue[],
  variables: (delivered: ReadonlyMap<string, string>) => Promise<Record<string, string>> | Record<string, string>,
): Promise<number> {
  const say = (message: string): void => ctx.io.stderr(`vaultify: ${message}`);
  const allowed = workspaceSetting(await readWorkspaceSettings(ctx.io.cwd), 'secretless.allowedHosts') ?? [];
  const { secrets: released, narrowed, refusal } = narrowToAllowedHosts(team, allowed);
  if (refusal) {
    say(refusal.message);
    return 2;
  }
  for (const s of narrowed) say(`${s.name}: hosts narrowed by ${ALLOWED_HOSTS_SETTING} of this workspace to ${s.hosts?.join(', ')}`);
  const short = [...new Set(released.filter((s) => s.value.length < DEFAULT_MIN_LENGTH).map((s) => s.name))];
  if (short.length) say(`not masking ${short.join(', ')}: shorter than ${DEFAULT_MIN_LENGTH} characters`);
  const session = new SecretlessSession({
    directory: endpointDirectory(ctx.env),
    session: `cli-${randomBytes(8).toString('hex')}`,
    // A CLI has no user settings: upstream trust is this machine's and the process's NODE_EXTRA_CA_CERTS.
    extraCaFiles: () => [],
    onSwap: () => undefined,
    log: say,
  });
  try {
    const run = await session.open(released, ctx.env);
    try {
      for (const s of released)
        if (s.hosts?.length && run.delivered.get(s.name) !== s.value)
          say(`${s.name}: a placeholder; the value only on the wire to ${s.hosts.join(', ')}`);
      return await runMaskedChild(
        {
          command: command[0],
          args: command.slice(1),
          env: { ...ctx.env, ...(await variables(run.delivered)), ...run.environment },
          cwd: ctx.io.cwd,
          secrets: released.map(({ name, value }) => ({ name, value })),
          stdout: ctx.stdout,
          stderr: ctx.stderr,
        },
        say,
      );
    } finally {
      run.close();
    }
  } finally {
    await session.close();
  }
}
