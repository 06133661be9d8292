import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { endpointDirectory, isPrivateToUser, pickEndpoint, processAlive } from '../core/agents/endpointLocation';
import {
  AGENT_PROTOCOL_VERSION,
  type AgentErrorCode,
  type AgentMethod,
  type AgentMethods,
  type AgentRequest,
  type AgentResponse,
  type EndpointDescriptor,
  MAX_MESSAGE_BYTES,
} from '../shared/agentProtocol';

/** Why a request got no result: `unreachable` when no VS Code window with Vaultify answers. */
export class EndpointError extends Error {
  constructor(
    readonly code: AgentErrorCode | 'unreachable' | 'cancelled' | 'no-window',
    message: string,
  ) {
    super(message);
  }
}

export const UNREACHABLE_MESSAGE =
  'Vaultify could not reach VS Code: no window with the Vaultify extension is running for this user. Open the project in VS Code (with Vaultify installed) and try again. Nothing was run.';

/** No window holds the folder the client works in: it is refused, never routed to another window. */
export const noWindowMessage = (cwd: string): string =>
  `Vaultify: no VS Code window has ${cwd} open, so nothing working there may use Vaultify's secrets. Open that folder in VS Code (with Vaultify) and try again. Nothing was run.`;

export interface EndpointLookup {
  /** A descriptor file to use instead of looking: `--endpoint`, or `VAULTIFY_ENDPOINT` set by VS Code's MCP provider. */
  descriptorFile?: string;
  /** Where the client works: picks the window whose folder holds it. */
  cwd: string;
  directory?: string;
}

/** The running window that holds `cwd`; EndpointError `unreachable` when none runs, `no-window` when none holds it. */
export async function findEndpoint(lookup: EndpointLookup): Promise<EndpointDescriptor> {
  if (lookup.descriptorFile) {
    const descriptor = await readDescriptor(lookup.descriptorFile);
    if (!descriptor) throw new EndpointError('unreachable', UNREACHABLE_MESSAGE);
    return descriptor;
  }
  const dir = lookup.directory ?? endpointDirectory();
  if (!(await isPrivateToUser(dir, 'directory'))) throw new EndpointError('unreachable', UNREACHABLE_MESSAGE);
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    throw new EndpointError('unreachable', UNREACHABLE_MESSAGE);
  }
  const found = await Promise.all(names.filter((n) => n.endsWith('.json')).map((n) => readDescriptor(path.join(dir, n))));
  const live = found.filter((d): d is EndpointDescriptor => d !== undefined && processAlive(d.pid));
  if (!live.length) throw new EndpointError('unreachable', UNREACHABLE_MESSAGE);
  const picked = pickEndpoint(live, lookup.cwd);
  if (!picked) throw new EndpointError('no-window', noWindowMessage(path.resolve(lookup.cwd)));
  return picked;
}

/** A descriptor only this user can read (the token is in it); anything else is ignored. */
async function readDescriptor(file: string): Promise<EndpointDescriptor | undefined> {
  if (!(await isPrivateToUser(file, 'file'))) return undefined;
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as EndpointDescriptor;
    return typeof parsed.address === 'string' && typeof parsed.token === 'string' && typeof parsed.pid === 'number' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends one request and waits for its answer. Aborting the signal closes the connection, which
 * the endpoint takes as cancellation (the run's process group is killed).
 */
export function callEndpoint<M extends AgentMethod>(
  endpoint: EndpointDescriptor,
  method: M,
  params: AgentMethods[M]['params'],
  signal?: AbortSignal,
): Promise<AgentMethods[M]['result']> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new EndpointError('cancelled', 'cancelled before it was sent'));
      return;
    }
    const request: AgentRequest<M> = { v: AGENT_PROTOCOL_VERSION, token: endpoint.token, method, params };
    const socket = net.createConnection(endpoint.address);
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      fn();
    };
    const onAbort = (): void => settle(() => reject(new EndpointError('cancelled', 'cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('connect', () => socket.write(JSON.stringify(request) + '\n'));
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length > MAX_MESSAGE_BYTES) settle(() => reject(new EndpointError('failed', 'the answer is too large')));
      const newline = received.indexOf(0x0a);
      if (newline < 0) return;
      const line = received.subarray(0, newline).toString('utf8');
      settle(() => {
        let response: AgentResponse<M>;
        try {
          response = JSON.parse(line) as AgentResponse<M>;
        } catch {
          reject(new EndpointError('failed', 'the endpoint answered something that is not JSON'));
          return;
        }
        if (response.ok) resolve(response.result);
        else reject(new EndpointError(response.error.code, response.error.message));
      });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      const gone = error.code === 'ENOENT' || error.code === 'ECONNREFUSED' || error.code === 'EPIPE' || error.code === 'ECONNRESET';
      settle(() =>
        reject(
          gone
            ? new EndpointError('unreachable', UNREACHABLE_MESSAGE)
            : new EndpointError('failed', `the endpoint failed: ${error.message}`),
        ),
      );
    });
    socket.on('close', () =>
      settle(() =>
        reject(
          new EndpointError(
            'unreachable',
            'VS Code closed the connection before answering (the window was closed or reloaded). Nothing more will run.',
          ),
        ),
      ),
    );
  });
}
