import * as vscode from 'vscode';
import { type GrantDuration, type ReleaseRequest, approvalText } from '../../core/policy';

const DENY = 'Deny';
const ONCE = 'Allow once';
const SESSION = 'Allow for this session';

/** The answers `VAULTIFY_TEST_APPROVAL` can give in ExtensionMode.Test. */
const TEST_ANSWERS: Record<string, GrantDuration | undefined> = { 'allow-once': 'once', 'allow-session': 'session', deny: undefined };

/** The broker's prompt for this extension mode. */
export function approvalAnswerer(mode: vscode.ExtensionMode) {
  return (request: ReleaseRequest, choices: readonly GrantDuration[], sources: ReadonlyMap<string, string>, changed: readonly string[]): Promise<GrantDuration | undefined> =>
    askApproval(mode, request, choices, sources, changed);
}

/**
 * Asks the user whether a driven or agent release may happen: a modal naming who asks, which
 * secrets, for what and where. Deny comes first, so it is the default, and dismissing denies.
 * Resolves to the duration allowed, or undefined when denied.
 */
export async function askApproval(
  mode: vscode.ExtensionMode,
  request: ReleaseRequest,
  choices: readonly GrantDuration[],
  sources: ReadonlyMap<string, string>,
  changed: readonly string[],
): Promise<GrantDuration | undefined> {
  const answer = process.env.VAULTIFY_TEST_APPROVAL;
  if (mode === vscode.ExtensionMode.Test && answer !== undefined) {
    if (!(answer in TEST_ANSWERS)) throw new Error(`VAULTIFY_TEST_APPROVAL must be allow-once, allow-session or deny, not ${JSON.stringify(answer)}`);
    const duration = TEST_ANSWERS[answer];
    return duration && !choices.includes(duration) ? choices[0] : duration;
  }
  const workspace = vscode.workspace.name ?? 'no folder open';
  const { message, detail } = approvalText(request, workspace, sources, changed);
  const buttons = [DENY, ONCE, ...(choices.includes('session') ? [SESSION] : [])];
  const picked = await vscode.window.showWarningMessage(`Vaultify: ${message}`, { modal: true, detail }, ...buttons);
  return picked === ONCE ? 'once' : picked === SESSION ? 'session' : undefined;
}
