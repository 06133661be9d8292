import { randomBytes } from 'node:crypto';
import { endpointDirectory } from '../core/agents/endpointLocation';
import { type AuditEntry, type AuditSecret, verifyCommand } from '../core/audit';
import { DEFAULT_MIN_LENGTH, maskText } from '../core/mask';
import { deliveryWords } from '../core/policy';
import {
  ALLOWED_HOSTS_SETTING,
  type ReleasedValue,
  SecretlessSession,
  type WireSwap,
  narrowToAllowedHosts,
  wireSwapEntry,
} from '../core/secretless';
import { readWorkspaceSettings } from '../core/workspace/workspaceSettings';
import { CliAuditTrail, cliStateDirectory } from './cliAuditTrail';
import { runMaskedChild } from './maskedChild';
import { settingsFileError, workspaceSetting } from './protectedSettings';
import type { CommandContext } from './subcommand';

/** What `run --help` and `sops --help` say of values bound to hosts, the folder's narrowing and the audit trail. */
export const SECRETLESS_HELP = `      A value the team file binds to hosts (vaultify sops hosts) reaches COMMAND as a placeholder
      of the same shape; the real value exists only on the wire to those hosts, put into requests
      by a loopback proxy vaultify runs for COMMAND. vaultify.secretless.allowedHosts in the
      folder's .vscode/settings.json narrows those hosts (never widens them): a value it leaves
      with none refuses the run (exit 2), and so does a settings file that is not valid JSON when
      a value is bound. A run that releases values is recorded (names, hosts, paths and counts,
      never a value) in the audit trail $XDG_STATE_HOME/vaultify/cli-audit (by default
      ~/.local/state/vaultify/cli-audit), and its last line says how to verify it.
`;

/** What the trail calls the CLI when it releases: the subcommand that ran. */
export type CliRequester = 'vaultify run' | 'vaultify sops exec';

/**
 * Runs COMMAND with released team values, as `run` and `sops exec` do. A value bound to hosts
 * reaches the child as a placeholder: this process runs the injecting proxy for the child's
 * lifetime (its CA key in memory only; the trust bundle, certificates only, 0600 in the 0700
 * per-user folder), and the child gets the proxy and trust variables the extension sets. Every
 * value is masked in the output either way. The folder's `secretless.allowedHosts` narrows each
 * bound value's hosts as in the window; a value left with none refuses the run (exit 2), and so
 * does a settings file that cannot be read while a value is bound: narrowing it could only take
 * hosts away, so ignoring it would widen. The release (each value's delivery), every wire swap and
 * the exit code go into the CLI's audit trail; a release it cannot record does not happen.
 * `variables` builds the child's own variables from what it holds under each name: the value, or
 * the placeholder.
 */
export async function runWithReleased(
  ctx: CommandContext,
  requester: CliRequester,
  command: readonly string[],
  team: readonly ReleasedValue[],
  variables: (delivered: ReadonlyMap<string, string>) => Promise<Record<string, string>> | Record<string, string>,
): Promise<number> {
  const say = (message: string): void => ctx.io.stderr(`vaultify: ${message}`);
  const settings = await readWorkspaceSettings(ctx.io.cwd);
  const unreadable = settingsFileError(settings, ctx.io.cwd);
  if (unreadable) {
    const bound = team.filter((s) => s.hosts?.length).map((s) => s.name);
    if (bound.length) {
      say(
        `${unreadable}: the settings file is not valid JSON, so its ${ALLOWED_HOSTS_SETTING} cannot narrow ${bound.join(', ')}. ` +
          'Nothing was run. Fix the file (or move it aside to run without narrowing).',
      );
      return 2;
    }
    say(`${unreadable}: the settings file is not valid JSON; it is ignored (no value here is bound to hosts)`);
  }
  const allowed = workspaceSetting(settings, 'secretless.allowedHosts') ?? [];
  const { secrets: released, narrowed, refusal } = narrowToAllowedHosts(team, allowed);
  if (refusal) {
    say(refusal.message);
    return 2;
  }
  for (const s of narrowed) say(`${s.name}: hosts narrowed by ${ALLOWED_HOSTS_SETTING} of this workspace to ${s.hosts?.join(', ')}`);
  const short = [...new Set(released.filter((s) => s.value.length < DEFAULT_MIN_LENGTH).map((s) => s.name))];
  if (short.length) say(`not masking ${short.join(', ')}: shorter than ${DEFAULT_MIN_LENGTH} characters`);
  const masks = released.map(({ name, value }) => ({ name, value }));
  const audit = released.length ? new CliReleaseAudit(ctx, requester, released, maskText(command.join(' '), masks).text) : undefined;
  try {
    await audit?.release();
  } catch (error) {
    say(`${(error as Error).message}. Nothing was released.`);
    return 2;
  }
  const session = new SecretlessSession({
    directory: endpointDirectory(ctx.env),
    session: `cli-${randomBytes(8).toString('hex')}`,
    // A CLI has no user settings: upstream trust is this machine's and the process's NODE_EXTRA_CA_CERTS.
    extraCaFiles: () => [],
    onSwap: (swap) => audit?.wire(swap),
    log: say,
  });
  let code: number;
  try {
    const run = await session.open(released, ctx.env);
    try {
      for (const s of released)
        if (s.hosts?.length && run.delivered.get(s.name) !== s.value)
          say(`${s.name}: a placeholder; the value only on the wire to ${s.hosts.join(', ')}`);
      code = await runMaskedChild(
        {
          command: command[0],
          args: command.slice(1),
          env: { ...ctx.env, ...(await variables(run.delivered)), ...run.environment },
          cwd: ctx.io.cwd,
          secrets: masks,
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
  if (!audit) return code;
  const problem = await audit.end(code);
  if (problem) {
    say(`${problem}: the run is not fully in the audit trail`);
    return 2;
  }
  say(`recorded in the audit trail; check it with: ${verifyCommand(audit.head, audit.dir)}`);
  return code;
}

/**
 * One CLI run's records, as the window writes them for a run: the release, naming where each
 * value goes ("only on the wire to HOST" or "in the process environment"), one `wire` record per
 * exchange that swapped a value, and the session's end with the exit code. Names and counts only.
 */
class CliReleaseAudit {
  private readonly trail: CliAuditTrail;
  private readonly requester: { kind: string; label: string };
  private readonly secrets: AuditSecret[];
  private failed: string | undefined;
  head = '';

  constructor(
    private readonly ctx: CommandContext,
    label: CliRequester,
    released: readonly ReleasedValue[],
    private readonly command: string,
  ) {
    this.trail = new CliAuditTrail(cliStateDirectory(ctx.env));
    this.requester = { kind: 'cli', label };
    this.secrets = released.map((s) => ({ name: s.name, scope: 'team', delivery: deliveryWords(s.hosts) }));
  }

  /** The secrets by name and scope, for records that are not the release. */
  private named(): AuditSecret[] {
    return this.secrets.map(({ name, scope }) => ({ name, scope }));
  }

  get dir(): string {
    return this.trail.dir;
  }

  private async write(entry: AuditEntry): Promise<void> {
    this.head = (await this.trail.record(entry)).hash;
  }

  release(): Promise<void> {
    return this.write({
      event: 'release',
      requester: this.requester,
      secrets: this.secrets,
      channel: 'process',
      purpose: 'run by the vaultify CLI',
      command: this.command,
      cwd: this.ctx.io.cwd,
    });
  }

  wire(swap: WireSwap): void {
    this.write(wireSwapEntry(swap, this.requester, this.named())).catch((error: unknown) => (this.failed ??= (error as Error).message));
  }

  /** Records the end of the run once every wire record is written; the first failure, if any. */
  async end(exitCode: number): Promise<string | undefined> {
    await this.trail.settled();
    if (this.failed) return this.failed;
    try {
      await this.write({
        event: 'session',
        requester: this.requester,
        secrets: this.named(),
        command: this.command,
        cwd: this.ctx.io.cwd,
        exitCode,
      });
    } catch (error) {
      return (error as Error).message;
    }
    return undefined;
  }
}
