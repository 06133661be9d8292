import { type AccessPolicy, effectivePolicy } from './secretPolicy';
import { type Grant, type GrantDuration, type ReleaseChannel, type RunFile, type SecretRef, isLive, sameSecret } from './grant';
import { type Requester, sameRequester } from './requester';

/** A secret asked for, with what its metadata says about releasing it. */
export interface RequestedSecret extends SecretRef {
  policy?: AccessPolicy;
  environment?: string;
  /** The hosts the value is bound to: a process gets a placeholder, and the value goes only on the wire to them. */
  hosts?: readonly string[];
}

/** One release as the policy sees it: no value anywhere. */
export interface ReleaseRequest {
  requester: Requester;
  secrets: RequestedSecret[];
  channel: ReleaseChannel;
  /** What the release is for, in words: "copying it to the clipboard". */
  purpose: string;
  command?: string;
  cwd?: string;
  /** The files the command runs, as they are now. */
  files?: RunFile[];
  workspace: string;
}

export type Decision =
  | { kind: 'allow'; reason: 'person' }
  | { kind: 'allow'; reason: 'grant'; grant: Grant }
  /** `changed`: files that changed since a session grant for this very request was given. */
  | { kind: 'ask'; choices: GrantDuration[]; changed?: string[] }
  | { kind: 'deny'; reason: string };

/**
 * Whether a live grant covers every secret of the request, for the same requester, channel,
 * command, folder and workspace, with the files the command runs unchanged.
 */
export function covers(grant: Grant, request: ReleaseRequest, now: number): boolean {
  return coversApartFromFiles(grant, request, now) && changedFiles(grant, request).length === 0;
}

/** The files the request's command runs that are not as they were when the grant was given. */
export function changedFiles(grant: Grant, request: ReleaseRequest): string[] {
  const before = new Map((grant.files ?? []).map((f) => [f.path, f.state]));
  const now = request.files ?? [];
  const changed = now.filter((f) => before.get(f.path) !== f.state).map((f) => f.path);
  const gone = [...before.keys()].filter((p) => !now.some((f) => f.path === p));
  return [...changed, ...gone];
}

function coversApartFromFiles(grant: Grant, request: ReleaseRequest, now: number): boolean {
  return (
    isLive(grant, now) &&
    sameRequester(grant.requester, request.requester) &&
    grant.channel === request.channel &&
    grant.workspace === request.workspace &&
    grant.command === request.command &&
    grant.cwd === request.cwd &&
    request.secrets.every((s) => grant.secrets.some((g) => sameSecret(g, s)))
  );
}

/**
 * The decision for a release, as a pure function of the request, the grants and the time:
 * a person's own action is allowed; a person-only secret is refused to anyone else; a secret that
 * asks every time always asks, with Allow once as the only yes; otherwise a covering grant
 * allows, and without one the user is asked.
 */
export function decide(request: ReleaseRequest, grants: readonly Grant[], now: number): Decision {
  if (request.requester.kind === 'person') return { kind: 'allow', reason: 'person' };
  const personOnly = request.secrets.filter((s) => effectivePolicy(s.policy, s.environment) === 'person-only');
  if (personOnly.length) {
    return {
      kind: 'deny',
      reason: `${personOnly.map((s) => `"${s.name}"`).join(', ')} ${personOnly.length === 1 ? 'is' : 'are'} person only: released to your own clicks, never to ${request.requester.label}`,
    };
  }
  if (request.secrets.some((s) => effectivePolicy(s.policy, s.environment) === 'ask-every-time')) return { kind: 'ask', choices: ['once'] };
  const grant = grants.find((g) => covers(g, request, now));
  if (grant) return { kind: 'allow', reason: 'grant', grant };
  // A grant for this very command whose files changed: ask again, saying which changed.
  const stale = grants.find((g) => coversApartFromFiles(g, request, now));
  if (stale) return { kind: 'ask', choices: ['once', 'session'], changed: changedFiles(stale, request) };
  return { kind: 'ask', choices: ['once', 'session'] };
}

/** The grant an answer creates; `once` grants are recorded but never kept. */
export function grantFor(request: ReleaseRequest, duration: GrantDuration, now: number, id: string): Grant {
  return {
    id,
    secrets: request.secrets.map(({ name, scope }) => ({ name, scope })),
    requester: request.requester,
    channel: request.channel,
    ...(request.command !== undefined && { command: request.command }),
    ...(request.cwd !== undefined && { cwd: request.cwd }),
    ...(request.files !== undefined && { files: request.files }),
    workspace: request.workspace,
    duration,
    created: now,
    lastUsed: now,
  };
}
