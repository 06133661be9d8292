import type { CaughtCredential } from '../mask/credentialScanner';
import { maskText } from '../mask/maskText';

/** What a prompt holds that must not reach the model: detected credentials (by kind) and vaulted secrets (by name). */
export interface PromptVerdict {
  credentials: readonly { kind: string; title: string }[];
  vaulted: readonly string[];
}

/** The clients whose prompt event can stop a prompt, with their names for messages. */
export const PROMPT_CLIENT_NAMES = { claude: 'Claude Code', cursor: 'Cursor' } as const;
export type PromptClient = keyof typeof PROMPT_CLIENT_NAMES;

/**
 * The credentials in a prompt that the masking core recognises with high confidence (vendor
 * tokens with their checksums, private keys, URL passwords), each with its value, kind and the
 * name Vaultify would store it under. Runs in the hook's process, before anything leaves it.
 */
export function promptCredentials(prompt: string): CaughtCredential[] {
  const caught: CaughtCredential[] = [];
  maskText(prompt, [], { detectCredentials: true, onCredential: (credential) => caught.push(credential) });
  const seen = new Set<string>();
  return caught.filter((c) => !seen.has(c.value) && seen.add(c.value));
}

/** The credential a whole value is, when the masking core recognises all of it as one. */
export function credentialOfValue(value: string): CaughtCredential | undefined {
  return promptCredentials(value).find((c) => c.value === value);
}

/** Why the prompt is stopped, naming kinds and secret names, never a value; undefined when it may go. */
export function promptBlockReason(verdict: PromptVerdict): string | undefined {
  const found = [
    ...[...new Set(verdict.credentials.map((c) => c.title))].map((title) => `${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title}`),
    ...verdict.vaulted.map((name) => `the value of the vault secret "${name}"`),
  ];
  if (!found.length) return undefined;
  return (
    `Vaultify stopped this prompt before the model saw it: it holds ${found.join(', ')}. ` +
    'Send it again without the credential. VS Code offers to store a pasted key in the vault; agents then use it by name (vault:NAME) through run_with_secrets, never by value.'
  );
}

/**
 * The prompt event's answer in each client's format. Claude Code (`UserPromptSubmit`):
 * `decision: "block"` with the reason, and `suppressOriginalPrompt` asking it to drop the prompt
 * from its history. Cursor (`beforeSubmitPrompt`): `continue: false` with a `user_message`.
 * A prompt that may go gets nothing that blocks.
 */
export function promptHookAnswer(client: PromptClient, verdict: PromptVerdict): { stdout?: string; exitCode: number } {
  const reason = promptBlockReason(verdict);
  if (client === 'cursor')
    return { stdout: JSON.stringify(reason ? { continue: false, user_message: reason } : { continue: true }), exitCode: 0 };
  if (!reason) return { exitCode: 0 };
  return {
    stdout: JSON.stringify({
      decision: 'block',
      reason,
      hookSpecificOutput: { hookEventName: 'UserPromptSubmit', suppressOriginalPrompt: true },
    }),
    exitCode: 0,
  };
}
