import type { ReleaseChannel } from './grant';
import { ABSENT } from './grant';
import { promptQuote } from './promptQuote';
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
 * a value. Each line starts with Vaultify's own words, and whatever a requester chose (its
 * label, the command, a folder, a file name) is quoted on one line by promptQuote, so nothing in
 * it can pass for Vaultify's words or start a line of its own. `sources` tells where each secret
 * was named (a .env file, say); `changed` lists the files that changed since a session grant for
 * this very command was given.
 */
export function approvalText(
  request: ReleaseRequest,
  workspaceName: string,
  sources: ReadonlyMap<string, string> = new Map(),
  changed: readonly string[] = [],
): { message: string; detail: string } {
  const names = request.secrets.map((s) => promptQuote(s.name)).join(', ');
  const message = `${promptQuote(request.requester.label)} asks for ${request.secrets.length === 1 ? 'the secret' : `${request.secrets.length} secrets`} ${names}`;
  const lines = [
    `Requester: ${promptQuote(request.requester.label)} (${request.requester.kind === 'agent' ? 'agent tool' : 'command run with arguments, not a click of yours'})`,
  ];
  if (changed.length) {
    lines.push(`Asked again: changed since you allowed this command for the session: ${changed.map(promptQuote).join(', ')}`);
  }
  lines.push('Secrets:');
  for (const s of request.secrets) {
    const from = sources.get(s.name);
    const delivery = request.channel === 'process' ? `: ${deliveryWords(s.hosts)}` : '';
    lines.push(
      `  • ${promptQuote(s.name)} (${scopeWords(s.scope)}${s.environment ? `, ${promptQuote(s.environment)}` : ''})${from ? `, referenced in ${promptQuote(from)}` : ''}${delivery}`,
    );
  }
  if (request.command !== undefined) {
    lines.push(`To ${CHANNEL_WORDS[request.channel]}: ${promptQuote(request.command)}`);
  } else {
    lines.push(`To: ${CHANNEL_WORDS[request.channel]}${request.channel === 'process' ? ' a terminal' : ''} (${request.purpose})`);
  }
  if (request.cwd !== undefined) lines.push(`In folder: ${promptQuote(request.cwd)}`);
  const files = (request.files ?? []).filter((f) => f.state !== ABSENT);
  if (files.length)
    lines.push(
      `Runs files: ${files.map((f) => promptQuote(f.path)).join(', ')} (a session grant covers this command only while they stay as they are)`,
    );
  lines.push(`Workspace: ${promptQuote(workspaceName)}`);
  lines.push('Allow for this session lasts until 10 minutes unused, 12 hours at most, or until you revoke it in the Vault view.');
  return { message, detail: lines.join('\n') };
}
