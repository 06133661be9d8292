import * as vscode from 'vscode';
import type { TestHooks } from './testHooks';

/**
 * Asks for a yes in a modal whose default is no (dismissing it says no). Tests answer it as they
 * answer the approval prompt, through `VAULTIFY_TEST_APPROVAL`: `deny` says no, an allow says yes.
 */
export async function confirm(test: TestHooks | undefined, question: string, action: string, detail?: string): Promise<boolean> {
  const answer = test?.answer();
  if (answer !== undefined) return answer !== 'deny';
  return (await vscode.window.showWarningMessage(question, { modal: true, detail }, action)) === action;
}
