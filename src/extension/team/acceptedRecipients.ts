import type * as vscode from 'vscode';

const STATE_KEY = 'vaultify.v1.team.acceptedRecipients';

/** How a team file's recipients differ from the set last accepted. */
export interface RecipientChange {
  added: string[];
  removed: string[];
}

export function recipientChange(accepted: readonly string[], current: readonly string[]): RecipientChange | undefined {
  const added = current.filter((r) => !accepted.includes(r));
  const removed = accepted.filter((r) => !current.includes(r));
  return added.length || removed.length ? { added, removed } : undefined;
}

export function describeChange(change: RecipientChange): string {
  return [change.added.length && `added ${change.added.join(', ')}`, change.removed.length && `removed ${change.removed.join(', ')}`]
    .filter(Boolean)
    .join('; ');
}

/**
 * The recipients of each team file as the person last accepted them: first seen, written by
 * Vaultify on the person's behalf, or accepted after a change. Kept in globalState, which a
 * `git pull` cannot touch; by the file's absolute path.
 */
export class AcceptedRecipients {
  constructor(private readonly state: vscode.Memento) {}

  get(file: string): string[] | undefined {
    return this.state.get<Record<string, string[]>>(STATE_KEY, {})[file];
  }

  async set(file: string, recipients: readonly string[]): Promise<void> {
    await this.state.update(STATE_KEY, { ...this.state.get<Record<string, string[]>>(STATE_KEY, {}), [file]: [...recipients] });
  }
}
