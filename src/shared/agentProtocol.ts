/**
 * Messages between the extension's local agent endpoint and its clients (`vaultify mcp`,
 * `vaultify hook`), typed once here and imported by both ends. One request per connection, as
 * one line of JSON each way: closing the connection cancels the request.
 */
import type { SecretSummary } from '../core/agents/agentToolText';
import type { RunResult } from '../core/agents/commandRunner';

export type { SecretSummary } from '../core/agents/agentToolText';
export type { RunResult } from '../core/agents/commandRunner';
export { MCP_SERVER_NAME } from '../core/agents/mcpConfig';

/** Bumped when a message changes incompatibly; each side refuses another version by name. */
export const AGENT_PROTOCOL_VERSION = 2;

export interface RunParams {
  command: string;
  secrets: string[];
  cwd?: string;
  timeoutSeconds?: number;
  /** The MCP client's own name (from its initialize request), for the prompt and the trail. */
  client: string;
}

/**
 * One mask request carries every string of one hook call. Whole values and their renderings are
 * masked, never fragments, and the request is rate-limited and recorded: see `maskWholeValues`.
 */
export interface MaskParams {
  texts: string[];
}

export interface MaskResult {
  /** The texts in the order sent, masked. */
  texts: string[];
  maskedCount: number;
}

/** An agent's request for a credential: the tool's input as given (the extension checks it), and who asks. */
export interface RequestParams {
  input: unknown;
  /** The MCP client's own name, for the prompt and the trail. */
  client: string;
}

/** What a request returns: the name it was stored under, never the value. */
export interface RequestResult {
  name: string;
  stored: true;
}

/** A credential the prompt hook found in a prompt; its value travels over this endpoint only. */
export interface PastedCredential {
  kind: string;
  title: string;
  value: string;
  suggestedName: string;
}

/** A prompt a client is about to send: VS Code names the vaulted values in it, offers to store pasted keys and cleans the transcript. */
export interface PromptParams {
  client: 'claude' | 'cursor';
  prompt: string;
  credentials: PastedCredential[];
  /** Claude Code's session transcript, which keeps a blocked prompt all the same. */
  transcriptPath?: string;
}

/** The environment variables vaulted secrets become, for the hooks' environment-dump checks. */
export interface VariablesResult {
  variables: string[];
}

export interface AgentMethods {
  list: { params: Record<string, never>; result: { secrets: SecretSummary[] } };
  run: { params: RunParams; result: RunResult };
  mask: { params: MaskParams; result: MaskResult };
  variables: { params: Record<string, never>; result: VariablesResult };
  request: { params: RequestParams; result: RequestResult };
  prompt: { params: PromptParams; result: { vaulted: string[] } };
}

export type AgentMethod = keyof AgentMethods;

export interface AgentRequest<M extends AgentMethod = AgentMethod> {
  v: number;
  token: string;
  method: M;
  params: AgentMethods[M]['params'];
}

/**
 * `unauthorized`: wrong token. `denied`: refused before anything ran. `version`: another protocol.
 * `limited`: more mask requests than this window answers per minute.
 */
export type AgentErrorCode = 'unauthorized' | 'denied' | 'bad-request' | 'version' | 'failed' | 'limited';

export type AgentResponse<M extends AgentMethod = AgentMethod> =
  { v: number; ok: true; result: AgentMethods[M]['result'] } | { v: number; ok: false; error: { code: AgentErrorCode; message: string } };

/**
 * The file an endpoint publishes beside its socket, readable by its user alone: where to connect,
 * the session's token, and the folders of the window that serves it (a client picks the window
 * whose folder holds its working directory).
 */
export interface EndpointDescriptor {
  v: number;
  pid: number;
  address: string;
  token: string;
  folders: string[];
  startedAt: string;
}

/** Longest request line accepted: a masked text of a few MB. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
