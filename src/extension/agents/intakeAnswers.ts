import type { TestHooks } from '../testHooks';
import { type PasteOffer, windowOffer } from './pastedSecrets';
import { type RequestAnswers, windowAnswers } from './secretRequests';

/**
 * The person's answers to a credential request and to a pasted-key offer. Tests answer the request
 * prompt, the fit question and the offer as they answer grants (`deny`, or `allow-once` to provide
 * and store), and give what the password box receives; without those hooks, the window asks.
 */
export function intakeAnswers(test: TestHooks | undefined): { answers: RequestAnswers; offer: PasteOffer } {
  if (!test) return { answers: windowAnswers, offer: windowOffer };
  const approval = (): boolean | undefined => {
    const answer = test.answer();
    return answer === undefined ? undefined : answer !== 'deny';
  };
  return {
    answers: {
      request: async (text) => {
        const allowed = approval();
        return allowed === undefined ? windowAnswers.request(text) : allowed ? 'provide' : undefined;
      },
      value: async (title) => test.secretInput() ?? windowAnswers.value(title),
      unfit: async (message, detail) => {
        const allowed = approval();
        return allowed === undefined ? windowAnswers.unfit(message, detail) : allowed ? 'store' : undefined;
      },
    },
    offer: async (message) => approval() ?? windowOffer(message),
  };
}
