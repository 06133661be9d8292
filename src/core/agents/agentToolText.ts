import type { RunResult, SecretDelivery } from './commandRunner';

/** A stored secret as an agent sees it: never its value. */
export interface SecretSummary {
  name: string;
  kind?: string;
  scope: 'workspace' | 'global' | 'team';
  environment?: string;
  policy: string;
  expires?: string;
}

/** What the model reads about the tools: the same words for the LM tools and the MCP server. */
export const LIST_SECRETS_DESCRIPTION =
  'Lists the secrets stored in Vaultify that commands here may use: name, kind, scope, environment, policy and expiry. ' +
  'It never returns a value. Use the names with run_with_secrets (vaultify_runWithSecrets in VS Code).';

export const RUN_WITH_SECRETS_DESCRIPTION =
  'Runs a shell command with Vaultify secrets in its environment, after the user approves it in VS Code. ' +
  'Pass secret NAMES in `secrets` (for example "deploy/token"), never values: you do not know the values and must not ask for them. ' +
  'Each secret becomes an environment variable named after it: "deploy/token" becomes $DEPLOY_TOKEN, "github/token" becomes $GITHUB_TOKEN. ' +
  'Refer to the variable in the command (curl -H "Authorization: Bearer $DEPLOY_TOKEN" ...) instead of writing any credential into it. ' +
  'The command runs in sh -c (PowerShell on Windows, where the variable is $env:DEPLOY_TOKEN) in `cwd` (default: the workspace folder). ' +
  'A secret bound to hosts arrives as a placeholder of the same shape, which becomes the value only on the wire to those hosts; the result says per secret which it got. ' +
  'stdout and stderr come back with every secret and detected credential replaced by [masked vault:NAME]; printing a secret shows only that. ' +
  'The result holds the exit code, the output (truncated past 64 KB) and how many values were masked. ' +
  'Name at least one secret; run commands that need none with your usual terminal tool. ' +
  'Use this instead of reading .env files or printing the environment, which Vaultify blocks. Call list_secrets (vaultify_listSecrets in VS Code) first to learn the names.';

export const COMMAND_DESCRIPTION = 'The shell command line. Reference secrets through their environment variables, never by value.';
export const SECRETS_DESCRIPTION = 'Names of the Vaultify secrets to put in the environment (from list_secrets), e.g. ["deploy/token"].';
export const CWD_DESCRIPTION = 'Working folder, absolute or relative to the workspace folder. Default: the workspace folder.';
export const TIMEOUT_DESCRIPTION = 'Seconds before the command and everything it started are killed. Default 300.';

export const REQUEST_SECRET_DESCRIPTION =
  'Asks the user, in VS Code, for a credential you need and do not have (list_secrets shows what is stored). ' +
  'The user types the value into a password box in VS Code; it is stored in the vault and you receive only its name: { name, stored: true }. ' +
  'Never ask the user to paste a credential into the chat: call this instead. ' +
  'Give a `name` such as "stripe/api_key", a one-sentence `purpose`, the `hosts` the credential will be sent to (e.g. ["api.stripe.com"]) and the `scope` ("workspace", the default, or "global"). ' +
  'Then use the secret by name with run_with_secrets (vaultify_runWithSecrets in VS Code). ' +
  'If the user denies, do not ask for the same name again for ten minutes; ask in the chat what to do instead.';

export const REQUEST_NAME_DESCRIPTION = 'The name to store it under: letters, digits, "_", ".", "-", "/" (e.g. "stripe/api_key").';
export const REQUEST_PURPOSE_DESCRIPTION = 'What you need it for, in one sentence; the user reads it before deciding.';
export const REQUEST_HOSTS_DESCRIPTION =
  'Hosts the credential will be sent to: "api.example.com", "api.example.com:8443" or "*.example.com".';
export const REQUEST_SCOPE_DESCRIPTION = '"workspace" (default: only this workspace) or "global" (all the user\'s workspaces).';

/** What the agent reads back after a request was stored: the name, never the value. */
export function requestResultText(result: { name: string; stored: true }): string {
  return `${JSON.stringify(result)}\nStored in the vault as "${result.name}". Use it by name with run_with_secrets (vaultify_runWithSecrets in VS Code); you will never see its value.`;
}

export function runResultText(result: RunResult): string {
  const status = result.cancelled
    ? 'Cancelled: the command and every process it started were killed.'
    : result.timedOut
      ? 'Timed out: the command and every process it started were killed.'
      : `Exit code: ${result.exitCode ?? 'none (killed by a signal)'}`;
  const masked = `Masked values: ${result.maskedCount}${result.maskedCount ? ' (shown as [masked vault:NAME])' : ''}`;
  const output = result.output.length ? result.output : '(no output)';
  const secrets = result.deliveries?.length ? `\nSecrets:\n${result.deliveries.map(deliveryLine).join('\n')}` : '';
  return `${status}${secrets}\n${masked}${result.truncated ? '\nOutput truncated past 64 KB.' : ''}\nOutput:\n${output}`;
}

/** What one secret was in the command, so an agent neither expects the value where it never was nor hunts for it. */
function deliveryLine(d: SecretDelivery): string {
  const what = d.hosts?.length
    ? `a placeholder, not the value: Vaultify's proxy puts the value in its place only on the wire to ${d.hosts.join(', ')}; anywhere else it is worthless`
    : 'the real value, in its environment';
  return `- "${d.name}" as $${d.variable}: ${what}`;
}

export function secretListText(secrets: readonly SecretSummary[]): string {
  if (!secrets.length) return 'No secrets are stored in Vaultify for this workspace.';
  const lines = secrets.map((s) => {
    const parts = [`scope ${s.scope}`, `policy ${s.policy}`];
    if (s.kind) parts.unshift(s.kind);
    if (s.environment) parts.push(`environment ${s.environment}`);
    if (s.expires) parts.push(`expires ${s.expires}`);
    return `- ${s.name} (${parts.join(', ')})`;
  });
  return `${secrets.length} secret${secrets.length === 1 ? '' : 's'} (names only; pass them to run_with_secrets):\n${lines.join('\n')}`;
}
