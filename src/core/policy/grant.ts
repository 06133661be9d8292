import type { Requester } from './requester';

/** Where a released value goes. A grant for one channel never covers another. */
export type ReleaseChannel = 'reveal' | 'clipboard' | 'file' | 'process';

export interface SecretRef {
  name: string;
  /** `global` or a workspace scope id. */
  scope: string;
}

export type GrantDuration = 'once' | 'session';

/**
 * A file a command runs (see filesRunBy), as it was: the SHA-256 of its content, or `absent`,
 * or `not-a-file`. A session grant covers its command only while each is unchanged.
 */
export const ABSENT = 'absent';
export const NOT_A_FILE = 'not-a-file';

export interface RunFile {
  /** As the command line names it, relative to the run's folder unless absolute. */
  path: string;
  state: string;
}

/**
 * What the user allowed: who may receive which secrets, through which channel, for which exact
 * command line in which folder, in which workspace, until when. It never holds a value.
 */
export interface Grant {
  id: string;
  secrets: SecretRef[];
  requester: Requester;
  channel: ReleaseChannel;
  /** For process releases: the exact command line and working folder. */
  command?: string;
  cwd?: string;
  /** For process releases: the files the command runs, as they were when the grant was given. */
  files?: RunFile[];
  /** The workspace scope id the grant was given in (`global` with no folder open). */
  workspace: string;
  duration: GrantDuration;
  /** Epoch milliseconds. */
  created: number;
  lastUsed: number;
}

/** A session grant ends after 10 minutes unused, and after 12 hours in any case. */
export const GRANT_IDLE_MS = 10 * 60_000;
export const GRANT_MAX_MS = 12 * 60 * 60_000;

/** When the grant ends if it is not used again. */
export function grantExpiry(grant: Grant): number {
  return Math.min(grant.lastUsed + GRANT_IDLE_MS, grant.created + GRANT_MAX_MS);
}

export function isLive(grant: Grant, now: number): boolean {
  return grant.duration === 'session' && now < grantExpiry(grant);
}

/** The grant after a release it covered: its idle time starts again. */
export function touched(grant: Grant, now: number): Grant {
  return { ...grant, lastUsed: now };
}

export const sameSecret = (a: SecretRef, b: SecretRef): boolean => a.name === b.name && a.scope === b.scope;
