import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { TestHooks } from '../testHooks';
import { repositoryIdentity } from './repositoryIdentity';

/** Where a secret lives: this workspace only, the team's encrypted files, or every workspace of this user. */
export type ScopeKind = 'workspace' | 'team' | 'global';

export const GLOBAL_SCOPE = 'global';
/** The scope id of the team files: they are the workspace's, but shared, so one id serves every workspace. */
export const TEAM_SCOPE = 'team';

/** The kind of a scope id: `global`, `team`, or a workspace id. */
export function scopeKindOfId(scope: string): ScopeKind {
  return scope === GLOBAL_SCOPE ? 'global' : scope === TEAM_SCOPE ? 'team' : 'workspace';
}

/** How a scope reads in messages: "global scope", "team scope". */
export const scopeLabel = (scope: string): string => `${scopeKindOfId(scope)} scope`;

/**
 * A stable id of the open workspace: a hash of its `.code-workspace` URI when it has one, else of
 * its folder URIs, together with each folder's repository (its git origin, or its first commit),
 * so that another repository cloned at the same path is another workspace. Undefined when no
 * folder is open (then only the global scope exists).
 *
 * In the extension's own integration tests the id can be overridden through
 * VAULTIFY_TEST_WORKSPACE_ID (TestHooks), so that one test run can act as a second workspace and prove
 * that scopes isolate.
 */
export function workspaceScopeId(test: TestHooks | undefined): string | undefined {
  const testId = test?.workspaceId();
  if (testId) return `ws-${testId}`;
  const file = vscode.workspace.workspaceFile;
  const folders = vscode.workspace.workspaceFolders ?? [];
  const location =
    file && file.scheme !== 'untitled'
      ? file.toString()
      : folders
          .map((f) => f.uri.toString())
          .sort()
          .join('\n');
  if (!location) return undefined;
  const repositories = folders
    .filter((f) => f.uri.scheme === 'file')
    .map((f) => `${f.uri.toString()}=${repositoryIdentity(f.uri.fsPath) ?? ''}`)
    .sort();
  const identity = [location, ...repositories].join('\n');
  return `ws-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

/**
 * The workspace scope id of the pre-release builds before 0.1.0, which bound to the folders alone. Secrets stored under
 * it stay hidden until the user says they belong to the repository now open there.
 */
export function legacyWorkspaceScopeId(): string | undefined {
  const file = vscode.workspace.workspaceFile;
  const identity =
    file && file.scheme !== 'untitled'
      ? file.toString()
      : (vscode.workspace.workspaceFolders ?? [])
          .map((f) => f.uri.toString())
          .sort()
          .join('\n');
  if (!identity) return undefined;
  return `ws-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;
}

/** The SecretStorage key of a secret: versioned and scoped. */
export function secretKey(scope: string, name: string): string {
  return `vaultify/v1/${scope}/${name}`;
}
