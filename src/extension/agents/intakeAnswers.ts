import * as vscode from 'vscode';
import { type PasteOffer, windowOffer } from './pastedSecrets';
import { type RequestAnswers, windowAnswers } from './secretRequests';

/**
 * The person's answers to a credential request and to a pasted-key offer. In ExtensionMode.Test,
 * `VAULTIFY_TEST_APPROVAL` answers the request prompt, the fit question and the offer as it answers
 * grants (`deny`, or `allow-once` to provide and store), and `VAULTIFY_TEST_SECRET_INPUT` is what
 * the password box receives; anywhere else, and without them, the window asks.
 */
export function intakeAnswers(mode: vscode.ExtensionMode): { answers: RequestAnswers; offer: PasteOffer } {
  if (mode !== vscode.ExtensionMode.Test) return { answers: windowAnswers, offer: windowOffer };
  const approval = (): boolean | undefined => {
    const answer = process.env.VAULTIFY_TEST_APPROVAL;
    if (answer === undefined) return undefined;
    if (answer !== 'deny' && answer !== 'allow-once' && answer !== 'allow-session') throw new Error(`VAULTIFY_TEST_APPROVAL must be allow-once, allow-session or deny, not ${JSON.stringify(answer)}`);
    return answer !== 'deny';
  };
  return {
    answers: {
      request: async (text) => {
        const allowed = approval();
        return allowed === undefined ? windowAnswers.request(text) : allowed ? 'provide' : undefined;
      },
      value: async (title) => process.env.VAULTIFY_TEST_SECRET_INPUT ?? windowAnswers.value(title),
      unfit: async (message, detail) => {
        const allowed = approval();
        return allowed === undefined ? windowAnswers.unfit(message, detail) : allowed ? 'store' : undefined;
      },
    },
    offer: async (message) => approval() ?? windowOffer(message),
  };
}
