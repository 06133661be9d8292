import { nameProblem } from '../reference/referenceGrammar';
import { formatHostEntry, parseHostEntries } from '../secretless/hostEntry';

/** Where a requested secret is stored: the team scope is a file others read, so an agent cannot ask for it. */
export type RequestScope = 'workspace' | 'global';

/** An agent's request for a credential it does not have: what `vaultify_requestSecret` / `request_secret` take. */
export interface SecretRequest {
  name: string;
  /** Why, in the agent's words: shown to the person escaped, never trusted as Vaultify's own text. */
  purpose: string;
  /** The hosts the credential will be sent to, as stored (`formatHostEntry`); empty when the agent named none. */
  hosts: string[];
  scope: RequestScope;
}

const MAX_PURPOSE = 1000;
const MAX_HOSTS = 20;

/** Checks a request as the tools receive it; the problem is worded for the agent. */
export function parseSecretRequest(input: unknown): { ok: true; request: SecretRequest } | { ok: false; problem: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, problem: 'the request must be an object { name, purpose, hosts?, scope? }' };
  const { name, purpose, hosts, scope } = input as Record<string, unknown>;
  if (typeof name !== 'string') return { ok: false, problem: 'name must be a string such as "stripe/api_key"' };
  const badName = nameProblem(name);
  if (badName) return { ok: false, problem: badName };
  if (typeof purpose !== 'string' || !purpose.trim())
    return { ok: false, problem: 'purpose must say, in a sentence, what the credential is for' };
  if (purpose.length > MAX_PURPOSE) return { ok: false, problem: `purpose must be at most ${MAX_PURPOSE} characters` };
  if (scope !== undefined && scope !== 'workspace' && scope !== 'global')
    return { ok: false, problem: 'scope must be "workspace" (the default) or "global"' };
  if (hosts !== undefined && (!Array.isArray(hosts) || hosts.some((h) => typeof h !== 'string')))
    return { ok: false, problem: 'hosts must be an array of host names' };
  const given = (hosts ?? []) as string[];
  if (given.length > MAX_HOSTS) return { ok: false, problem: `at most ${MAX_HOSTS} hosts` };
  // The entries a person types in Set access, with the same messages.
  const { entries, errors } = parseHostEntries(given);
  if (errors.length) return { ok: false, problem: errors.join(' ') };
  return { ok: true, request: { name, purpose: purpose.trim(), hosts: entries.map(formatHostEntry), scope: scope ?? 'workspace' } };
}

/** Characters that could make a line pass for another or hide text: controls, line and bidi marks, zero-width ones. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Text someone else chose, made safe to show inside one line of a prompt: every control, line
 * break, bidi or zero-width character is written as an escape (`\n`, `\u{202e}`), the whole is
 * quoted with its own quotes escaped, and a long text is cut with the count of what was left out.
 */
export function quoteForPrompt(text: string, max = 300): string {
  const chars = [...text];
  const shown = chars.length > max ? chars.slice(0, max).join('') : text;
  const escaped = shown
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(INVISIBLE, (c) => NAMED[c] ?? `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
  return `"${escaped}"${chars.length > max ? ` (${chars.length - max} more characters not shown)` : ''}`;
}

const SCOPE_WORDS: Record<RequestScope, string> = { workspace: 'this workspace only', global: 'all my workspaces' };

/**
 * The request prompt. The title is Vaultify's own words only; every line of the detail begins
 * with Vaultify's label and holds at most one quoted, escaped text from the request, so nothing
 * in a name, purpose, host or requester label can add a line or pass for Vaultify's words.
 */
export function requestPromptText(request: SecretRequest, requester: string, workspace: string): { message: string; detail: string } {
  const hosts = request.hosts.length
    ? `${request.hosts.map((h) => quoteForPrompt(h, 100)).join(', ')} (bound: commands get a placeholder, and the value goes only on the wire to these hosts)`
    : 'none named: the value would reach the commands you approve through their environment';
  const lines = [
    `Requester: ${quoteForPrompt(requester, 100)} (agent tool)`,
    `Name: ${quoteForPrompt(request.name, 128)}`,
    `Purpose, in the agent's words: ${quoteForPrompt(request.purpose)}`,
    `Hosts it will go to: ${hosts}`,
    `Scope: ${SCOPE_WORDS[request.scope]}`,
    `Workspace: ${quoteForPrompt(workspace, 100)}`,
    'Provide… opens a password box: the value goes into the OS keychain, and the agent only ever learns the name.',
  ];
  return { message: 'An AI agent asks you for a credential it does not have', detail: lines.join('\n') };
}
