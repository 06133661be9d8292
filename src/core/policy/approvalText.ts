import type { ReleaseChannel } from './grant';
import type { ReleaseRequest } from './release';

const CHANNEL_WORDS: Record<ReleaseChannel, string> = {
  reveal: 'show on screen',
  clipboard: 'copy to the clipboard',
  file: 'write into a file',
  process: 'put into the environment of',
};

/** Where a secret released to a process ends up, in the prompt's and the audit trail's words. */
export function deliveryWords(hosts: readonly string[] | undefined): string {
  return hosts?.length ? `only on the wire to ${hosts.join(', ')}` : 'in the process environment';
}

/** How a scope reads in the prompt. */
export function scopeWords(scope: string): string {
  return scope === 'global' || scope === 'team' ? scope : 'workspace';
}

/**
 * The approval prompt's text: who asks, for which secrets, to do what, where. Names only, never
 * a value; each line stands on its own, so nothing the requester chose can pass for Vaultify's
 * own words. `source` tells where each secret was named (a .env file, say).
 */
export function approvalText(request: ReleaseRequest, workspaceName: string, sources: ReadonlyMap<string, string> = new Map()): { message: string; detail: string } {
  const names = request.secrets.map((s) => `"${s.name}"`).join(', ');
  const message = `${request.requester.label} asks for ${request.secrets.length === 1 ? 'the secret' : `${request.secrets.length} secrets`} ${names}`;
  const lines = [`Requester: ${request.requester.label} (${request.requester.kind === 'agent' ? 'agent tool' : 'command run with arguments, not a click of yours'})`, 'Secrets:'];
  for (const s of request.secrets) {
    const from = sources.get(s.name);
    const delivery = request.channel === 'process' ? `: ${deliveryWords(s.hosts)}` : '';
    lines.push(`  • ${s.name} (${scopeWords(s.scope)}${s.environment ? `, ${s.environment}` : ''})${from ? `, referenced in ${from}` : ''}${delivery}`);
  }
  if (request.command !== undefined) {
    lines.push(`To ${CHANNEL_WORDS[request.channel]}: ${request.command}`);
    if (request.cwd !== undefined) lines.push(`In folder: ${request.cwd}`);
  } else {
    lines.push(`To: ${CHANNEL_WORDS[request.channel]}${request.channel === 'process' ? ' a terminal' : ''} (${request.purpose})`);
    if (request.cwd !== undefined) lines.push(`In folder: ${request.cwd}`);
  }
  lines.push(`Workspace: ${workspaceName}`);
  lines.push('Allow for this session lasts until 10 minutes unused, 12 hours at most, or until you revoke it in the Vault view.');
  return { message, detail: lines.join('\n') };
}
