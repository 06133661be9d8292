import * as vscode from 'vscode';
import { type GrantDuration, type ReleaseRequest, approvalText } from '../../core/policy';
import type { TestAnswer, TestHooks } from '../testHooks';

const DENY = 'Deny';
const ONCE = 'Allow once';
const SESSION = 'Allow for this session';

/** What each answer of `VAULTIFY_TEST_APPROVAL` grants. */
const TEST_ANSWERS: Record<TestAnswer, GrantDuration | undefined> = { 'allow-once': 'once', 'allow-session': 'session', deny: undefined };

/** The broker's prompt, which tests may answer. */
export function approvalAnswerer(test: TestHooks | undefined) {
  return (
    request: ReleaseRequest,
    choices: readonly GrantDuration[],
    sources: ReadonlyMap<string, string>,
    changed: readonly string[],
  ): Promise<GrantDuration | undefined> => askApproval(test, request, choices, sources, changed);
}

/**
 * Asks the user whether a driven or agent release may happen: a modal naming who asks, which
 * secrets, for what and where. Deny comes first, so it is the default, and dismissing denies.
 * Resolves to the duration allowed, or undefined when denied.
 */
export async function askApproval(
  test: TestHooks | undefined,
  request: ReleaseRequest,
  choices: readonly GrantDuration[],
  sources: ReadonlyMap<string, string>,
  changed: readonly string[],
): Promise<GrantDuration | undefined> {
  const answer = test?.answer();
  if (answer !== undefined) {
    const duration = TEST_ANSWERS[answer];
    return duration && !choices.includes(duration) ? choices[0] : duration;
  }
  const workspace = vscode.workspace.name ?? 'no folder open';
  const { message, detail } = approvalText(request, workspace, sources, changed);
  const buttons = [DENY, ONCE, ...(choices.includes('session') ? [SESSION] : [])];
  const picked = await vscode.window.showWarningMessage(`Vaultify: ${message}`, { modal: true, detail }, ...buttons);
  return picked === ONCE ? 'once' : picked === SESSION ? 'session' : undefined;
}
