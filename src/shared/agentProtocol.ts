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
export const AGENT_PROTOCOL_VERSION = 1;

export interface RunParams {
  command: string;
  secrets: string[];
  cwd?: string;
  timeoutSeconds?: number;
  /** The MCP client's own name (from its initialize request), for the prompt and the trail. */
  client: string;
}

export interface MaskResult {
  text: string;
  maskedCount: number;
  vaultChecked: boolean;
}

/** The environment variables vaulted secrets become, for the hooks' environment-dump checks. */
export interface VariablesResult {
  variables: string[];
}

export interface AgentMethods {
  list: { params: Record<string, never>; result: { secrets: SecretSummary[] } };
  run: { params: RunParams; result: RunResult };
  mask: { params: { text: string }; result: MaskResult };
  variables: { params: Record<string, never>; result: VariablesResult };
}

export type AgentMethod = keyof AgentMethods;

export interface AgentRequest<M extends AgentMethod = AgentMethod> {
  v: number;
  token: string;
  method: M;
  params: AgentMethods[M]['params'];
}

/** `unauthorized`: wrong token. `denied`: refused before anything ran. `version`: another protocol. */
export type AgentErrorCode = 'unauthorized' | 'denied' | 'bad-request' | 'version' | 'failed';

export type AgentResponse<M extends AgentMethod = AgentMethod> =
  | { v: number; ok: true; result: AgentMethods[M]['result'] }
  | { v: number; ok: false; error: { code: AgentErrorCode; message: string } };

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
