/**
 * The local endpoint through which `vaultify mcp` and `vaultify hook` reach this window's
 * backend. It holds no values either: every request goes to the backend, which approves, runs,
 * masks and audits. Node only (no vscode import), so that tests can start it on its own.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { envVarName } from '../../core/envfile/envVarName';
import { writeFileAtomic } from '../../core/files/atomicWrite';
import {
  descriptorPath,
  endpointAddress,
  endpointDirectory,
  ensurePrivateDirectory,
  processAlive,
} from '../../core/agents/endpointLocation';
import { type MaskLimits, MaskRateLimit } from '../../core/agents/maskRateLimit';
import { maskBytes, maskRequestProblem } from '../../core/agents/wholeValueMask';
import {
  AGENT_PROTOCOL_VERSION,
  type AgentErrorCode,
  type AgentMethod,
  type AgentMethods,
  type AgentResponse,
  type EndpointDescriptor,
  MAX_MESSAGE_BYTES,
  type PromptParams,
  type RunParams,
} from '../../shared/agentProtocol';
import type { AgentBackend } from './agentBackend';

export interface AgentEndpointOptions {
  /** This window's workspace folders, so that a client picks the window it works in. */
  folders: readonly string[];
  /** Default: the per-user endpoint folder. */
  directory?: string;
  /** How much masking this window answers per rolling window; default MASK_LIMITS. */
  maskLimits?: MaskLimits;
}

export interface AgentEndpoint {
  readonly address: string;
  /** The 0600 file holding the address and the token. */
  readonly descriptorFile: string;
  /** Republishes the folders after the workspace changes. */
  setFolders(folders: readonly string[]): Promise<void>;
  /** Stops listening, cancels the runs in progress and removes the socket and the descriptor. */
  dispose(): Promise<void>;
}

class RequestError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export async function startAgentEndpoint(backend: AgentBackend, options: AgentEndpointOptions): Promise<AgentEndpoint> {
  const dir = options.directory ?? endpointDirectory();
  await ensurePrivateDirectory(dir);
  await removeStaleEndpoints(dir);
  const session = randomBytes(8).toString('hex');
  const token = randomBytes(32).toString('hex');
  const tokenBytes = Buffer.from(token);
  const address = endpointAddress(dir, session);
  const file = descriptorPath(dir, session);
  const running = new Set<AbortController>();
  const maskLimit = new MaskRateLimit(options.maskLimits);

  /** One handler per method of the protocol, each returning that method's result type. */
  const handlers: { [M in AgentMethod]: (params: Record<string, unknown>, signal: AbortSignal) => Promise<AgentMethods[M]['result']> } = {
    list: async () => ({ secrets: await backend.listSecrets() }),
    variables: async () => {
      const secrets = await backend.listSecrets();
      return { variables: [...new Set(secrets.map((s) => envVarName(s.name)))] };
    },
    mask: async (params) => {
      // One request per connection, bounded in size; every window's requests share one rate.
      const problem = maskRequestProblem(params.texts);
      if (problem) throw new RequestError('bad-request', problem);
      const texts = params.texts as string[];
      const refused = maskLimit.take(maskBytes(texts));
      if (refused) throw new RequestError('limited', refused);
      return backend.maskTexts(texts);
    },
    run: async (params, signal) => {
      const run = runParams(params);
      return backend.runWithSecrets(
        { command: run.command, secrets: run.secrets, cwd: run.cwd, timeoutSeconds: run.timeoutSeconds },
        { client: `${run.client} via MCP`, via: 'mcp' },
        signal,
      );
    },
    request: async (params, signal) => {
      const client = typeof params.client === 'string' && params.client.trim() ? params.client.trim() : 'An MCP client';
      return backend.requestSecret(params.input, { client: `${client} via MCP`, via: 'mcp' }, signal);
    },
    prompt: (params) => backend.checkPrompt(promptParams(params)),
  };

  const server = net.createServer((socket) => serve(socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(address, () => {
      server.off('error', reject);
      resolve();
    });
  });
  if (process.platform !== 'win32') await fs.chmod(address, 0o600);

  const startedAt = new Date().toISOString();
  const publish = async (folders: readonly string[]): Promise<void> => {
    const descriptor: EndpointDescriptor = {
      v: AGENT_PROTOCOL_VERSION,
      pid: process.pid,
      address,
      token,
      folders: [...folders],
      startedAt,
    };
    await writeFileAtomic(file, JSON.stringify(descriptor), 0o600);
  };
  await publish(options.folders);

  function serve(socket: net.Socket): void {
    const abort = new AbortController();
    running.add(abort);
    let received = Buffer.alloc(0);
    let answered = false;
    const answer = (response: AgentResponse): void => {
      answered = true;
      running.delete(abort);
      if (!socket.destroyed) socket.end(JSON.stringify(response) + '\n');
    };
    socket.on('error', () => socket.destroy());
    // A client that goes away (an MCP cancellation, a killed hook) cancels what it asked for.
    socket.on('close', () => {
      running.delete(abort);
      if (!answered) abort.abort();
    });
    socket.on('data', (chunk: Buffer) => {
      if (answered || abort.signal.aborted) return;
      received = Buffer.concat([received, chunk]);
      const newline = received.indexOf(0x0a);
      if (newline < 0) {
        if (received.length > MAX_MESSAGE_BYTES) answer(failure('bad-request', 'request too large'));
        return;
      }
      socket.pause();
      const line = received.subarray(0, newline).toString('utf8');
      handle(line, abort.signal).then(answer, (error: unknown) => {
        answer(error instanceof RequestError ? failure(error.code, error.message) : failure(deniedOrFailed(error), messageOf(error)));
      });
    });
  }

  async function handle(line: string, signal: AbortSignal): Promise<AgentResponse> {
    let request: { v?: unknown; token?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(line) as typeof request;
    } catch {
      throw new RequestError('bad-request', 'the request is not JSON');
    }
    if (typeof request !== 'object' || request === null) throw new RequestError('bad-request', 'the request is not an object');
    const given = Buffer.from(typeof request.token === 'string' ? request.token : '');
    if (given.length !== tokenBytes.length || !timingSafeEqual(given, tokenBytes)) {
      throw new RequestError('unauthorized', 'wrong session token: the endpoint refused the request');
    }
    if (request.v !== AGENT_PROTOCOL_VERSION) {
      throw new RequestError(
        'version',
        `this VS Code window speaks protocol ${AGENT_PROTOCOL_VERSION}, the client ${String(request.v)}; update Vaultify so that both match`,
      );
    }
    const method = request.method;
    if (typeof method !== 'string' || !Object.hasOwn(handlers, method)) {
      throw new RequestError('bad-request', `unknown method ${JSON.stringify(method)}`);
    }
    const params = (request.params ?? {}) as Record<string, unknown>;
    return success(await handlers[method as AgentMethod](params, signal));
  }

  return {
    address,
    descriptorFile: file,
    setFolders: publish,
    async dispose() {
      for (const abort of running) abort.abort();
      running.clear();
      await fs.rm(file, { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (process.platform !== 'win32') await fs.rm(address, { force: true });
    },
  };
}

function runParams(params: Record<string, unknown>): RunParams {
  const { command, secrets, cwd, timeoutSeconds, client } = params;
  if (typeof command !== 'string' || !command.trim()) throw new RequestError('bad-request', 'run needs a command');
  if (!Array.isArray(secrets) || secrets.some((s) => typeof s !== 'string'))
    throw new RequestError('bad-request', 'run needs secrets as an array of names');
  if (cwd !== undefined && typeof cwd !== 'string') throw new RequestError('bad-request', 'cwd must be a string');
  if (timeoutSeconds !== undefined && (typeof timeoutSeconds !== 'number' || !(timeoutSeconds > 0))) {
    throw new RequestError('bad-request', 'timeoutSeconds must be a positive number');
  }
  return {
    command,
    secrets: secrets as string[],
    cwd,
    timeoutSeconds,
    client: typeof client === 'string' && client.trim() ? client.trim() : 'An MCP client',
  };
}

function promptParams(params: Record<string, unknown>): PromptParams {
  const { client, prompt, credentials, transcriptPath } = params;
  if (client !== 'claude' && client !== 'cursor') throw new RequestError('bad-request', 'prompt needs a client: claude or cursor');
  if (typeof prompt !== 'string') throw new RequestError('bad-request', 'prompt needs the prompt text');
  const valid = (c: unknown): c is PromptParams['credentials'][number] =>
    typeof c === 'object' &&
    c !== null &&
    ['kind', 'title', 'value', 'suggestedName'].every((k) => typeof (c as Record<string, unknown>)[k] === 'string');
  if (!Array.isArray(credentials) || !credentials.every(valid))
    throw new RequestError('bad-request', 'prompt needs credentials as { kind, title, value, suggestedName }');
  if (transcriptPath !== undefined && typeof transcriptPath !== 'string')
    throw new RequestError('bad-request', 'transcriptPath must be a string');
  return { client, prompt, credentials, ...(transcriptPath !== undefined && { transcriptPath }) };
}

const success = <M extends AgentMethod>(result: AgentMethods[M]['result']): AgentResponse<M> => ({
  v: AGENT_PROTOCOL_VERSION,
  ok: true,
  result,
});

function failure(code: AgentErrorCode, message: string): AgentResponse {
  return { v: AGENT_PROTOCOL_VERSION, ok: false, error: { code, message } };
}

function deniedOrFailed(error: unknown): AgentErrorCode {
  return error instanceof Error && error.name === 'RunDenied' ? 'denied' : 'failed';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Descriptors and sockets left by windows that died without closing: their process is gone. */
async function removeStaleEndpoints(dir: string): Promise<void> {
  for (const name of await fs.readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const descriptor = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<EndpointDescriptor>;
      if (typeof descriptor.pid !== 'number' || processAlive(descriptor.pid)) continue;
      await fs.rm(file, { force: true });
      if (typeof descriptor.address === 'string' && process.platform !== 'win32' && descriptor.address.startsWith(dir))
        await fs.rm(descriptor.address, { force: true });
    } catch {
      // Unreadable or half-written: another window may be writing it; leave it.
    }
  }
}
