import * as vscode from 'vscode';
import type { PersonMarks } from './personMarks';
import type { VaultTreeProvider } from './vaultView/vaultTree';

/** The answers `VAULTIFY_TEST_APPROVAL` can give to a modal. */
export type TestAnswer = 'allow-once' | 'allow-session' | 'deny';
const ANSWERS: readonly string[] = ['allow-once', 'allow-session', 'deny'] satisfies TestAnswer[];

/**
 * Every switch the integration tests pull, in one place: the only code that reads
 * `ExtensionMode.Test`. Outside that mode `TestHooks.of` gives undefined, so `ctx.test?.…` is
 * nothing in a user's editor. Each switch is an environment variable that
 * `test/harness/runIntegration.mjs` or a test sets, read at every use so a test can change it.
 */
export class TestHooks {
  static of(extension: vscode.ExtensionContext): TestHooks | undefined {
    return extension.extensionMode === vscode.ExtensionMode.Test ? new TestHooks() : undefined;
  }

  /** VAULTIFY_TEST_APPROVAL: the answer to every approval or confirmation modal, credential request and pasted-key offer, when set. */
  answer(): TestAnswer | undefined {
    const answer = process.env.VAULTIFY_TEST_APPROVAL;
    if (answer === undefined) return undefined;
    if (!ANSWERS.includes(answer))
      throw new Error(`VAULTIFY_TEST_APPROVAL must be allow-once, allow-session or deny, not ${JSON.stringify(answer)}`);
    return answer as TestAnswer;
  }

  /** VAULTIFY_TEST_SECRET_INPUT: what the password box of a credential request receives, when set. */
  secretInput(): string | undefined {
    return process.env.VAULTIFY_TEST_SECRET_INPUT;
  }

  /**
   * VAULTIFY_TEST_HOSTS_INPUT: the answer to the hosts offered when values are first stored, when
   * set: `enter` accepts the offer as shown, `escape` closes it, any other text is what the person
   * gives instead, turned into an answer by `typed` (the box of one value: the text typed in place
   * of the suggestion; the pick of several: the names left checked).
   */
  hostsInput<T>(shown: T, typed: (text: string) => T): { answer: T | undefined } | undefined {
    const input = process.env.VAULTIFY_TEST_HOSTS_INPUT;
    if (input === undefined) return undefined;
    return { answer: input === 'escape' ? undefined : input === 'enter' ? shown : typed(input) };
  }

  /** VAULTIFY_TEST_CLOCK_OFFSET_MS: moves the broker's clock forward, so a session grant can expire. */
  clockOffsetMs(): number {
    return Number(process.env.VAULTIFY_TEST_CLOCK_OFFSET_MS) || 0;
  }

  /** VAULTIFY_TEST_WORKSPACE_ID: one run acts as a second workspace, to prove that scopes isolate. */
  workspaceId(): string | undefined {
    return process.env.VAULTIFY_TEST_WORKSPACE_ID || undefined;
  }

  /** VAULTIFY_TEST_FAIL_APIS (comma-separated names): those optional registrations throw. */
  refuses(apiName: string): boolean {
    return process.env.VAULTIFY_TEST_FAIL_APIS?.split(',').includes(apiName) ?? false;
  }

  /** What `activate` returns to tests beside the activation time. */
  api(person: PersonMarks, observed: Omit<TestApi, 'asPerson'>): TestApi {
    return { ...observed, asPerson: (args) => person.mark(args) };
  }
}

/** The extension API's fields for tests, ExtensionMode.Test only. */
export interface TestApi {
  /** Where the audit trail's segments are, so tests can tamper with them. */
  auditDir: string;
  /** The Vault view's data, so tests can read its items as the view shows them. */
  vaultTree: VaultTreeProvider;
  /** The ignored-setting messages shown so far, so tests can read them without a UI. */
  ignoredSettings: () => readonly string[];
  /**
   * Marks command arguments as Vaultify's own UI marks what it hands out, so that a test runs a
   * command as a person clicking does, through the same check, with no bypass.
   */
  asPerson: <T extends object>(args: T) => T;
}
