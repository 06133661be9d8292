/**
 * What the agent surfaces (the LM tools and the local endpoint behind `vaultify mcp` and
 * `vaultify hook`) need from the rest of the extension. They hold no values: the backend
 * approves through the grants, reads through the vault, runs, masks and audits.
 */
import type { RunResult } from '../../core/agents/commandRunner';
import type { PromptParams, RequestResult, SecretSummary } from '../../shared/agentProtocol';

export type { RunResult } from '../../core/agents/commandRunner';

/** What an agent may know of a secret: never its value. */
export type AgentSecretSummary = SecretSummary;

export interface AgentRequester {
  /** Who asks, for the approval prompt and the audit trail: "Copilot agent mode", "Claude Code via MCP". */
  client: string;
  via: 'lm-tool' | 'mcp';
}

export interface RunRequest {
  command: string;
  /** Secret names; each reaches the command as its environment variable (`deploy/token` → `DEPLOY_TOKEN`). */
  secrets: string[];
  /** Absolute, or relative to the first workspace folder; default that folder. */
  cwd?: string;
  timeoutSeconds?: number;
}

export interface AgentBackend {
  listSecrets(): Promise<AgentSecretSummary[]>;
  /**
   * Approves (throws a RunDenied naming why, and nothing runs), resolves, runs, masks, audits.
   * The signal aborts the run: the process group is killed and the result says `cancelled`.
   */
  runWithSecrets(request: RunRequest, requester: AgentRequester, signal: AbortSignal): Promise<RunResult>;
  /**
   * Masks whole vault values, their renderings and detected credentials in texts a client sent
   * (never fragments: see `maskWholeValues`), and records the request: names and counts, no text.
   */
  maskTexts(texts: string[]): Promise<{ texts: string[]; maskedCount: number }>;
  /**
   * Asks the person for a credential the agent lacks (`{ name, purpose, hosts?, scope? }`), one
   * prompt at a time; stores it and returns its name, never the value. Throws a RunDenied naming why not.
   */
  requestSecret(input: unknown, requester: AgentRequester, signal: AbortSignal): Promise<RequestResult>;
  /** The vaulted secrets a prompt holds, by name; offers to store pasted keys and cleans the client's transcript. */
  checkPrompt(params: PromptParams): Promise<{ vaulted: string[] }>;
}

/**
 * A refusal before anything ran: the user denied, the policy is person-only, a secret is unknown,
 * the workspace is untrusted. The message is shown to the model as is, so it names secrets by
 * reference name only.
 */
export class RunDenied extends Error {
  override readonly name = 'RunDenied';
}
