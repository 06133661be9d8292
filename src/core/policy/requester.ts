/**
 * Who asks for a release. A person's own click, keypress or palette choice is its own approval;
 * a driven command (another extension, a task, a keybinding with arguments) and an agent tool
 * need a grant. The label says what is known about the caller, nothing more: VS Code does not
 * tell an extension which extension ran its command.
 */
export type RequesterKind = 'person' | 'driven' | 'agent';

export interface Requester {
  kind: RequesterKind;
  /** "you", "driven command", "task: deploy", "Claude Code via MCP". */
  label: string;
}

export const PERSON: Requester = { kind: 'person', label: 'you' };
export const DRIVEN: Requester = { kind: 'driven', label: 'driven command' };

export function sameRequester(a: Requester, b: Requester): boolean {
  return a.kind === b.kind && a.label === b.label;
}
