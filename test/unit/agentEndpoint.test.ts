import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { pickEndpoint } from '../../src/core/agents/endpointLocation';
import { MAX_MASK_BYTES, MAX_MASK_TEXTS } from '../../src/core/agents/wholeValueMask';
import { EndpointError, UNREACHABLE_MESSAGE, callEndpoint, findEndpoint } from '../../src/cli/endpointClient';
import { type AgentEndpoint, startAgentEndpoint } from '../../src/extension/agents/agentEndpoint';
import type { EndpointDescriptor } from '../../src/shared/agentProtocol';
import { FakeAgentBackend as FakeBackend } from '../support/fakeAgentBackend';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { alive } from '../support/processes';
import { waitFor } from '../support/wait';

const CLI = path.resolve(__dirname, '../../../dist/cli.js');

const textOf = (result: unknown): string => ((result as CallToolResult).content[0] as { text: string }).text;

describe('agent endpoint', function () {
  this.timeout(60_000);
  const token = fakeGitHubToken();
  let root: string;
  let dir: string;
  let workspace: string;
  let backend: FakeBackend;
  let endpoint: AgentEndpoint;

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'vaultify-endpoint-'));
    dir = path.join(root, 'vaultify');
    workspace = path.join(root, 'project');
    mkdirSync(workspace);
    backend = new FakeBackend(token);
    endpoint = await startAgentEndpoint(backend, { folders: [workspace], directory: dir });
  });
  afterEach(async () => {
    await endpoint.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  const descriptor = (): EndpointDescriptor => JSON.parse(readFileSync(endpoint.descriptorFile, 'utf8'));

  it('lives in a 0700 folder, with the socket and the token file readable by its user only', () => {
    assert.equal(statSync(dir).mode & 0o777, 0o700);
    assert.equal(statSync(endpoint.descriptorFile).mode & 0o777, 0o600);
    assert.equal(statSync(endpoint.address).mode & 0o077, 0);
    const d = descriptor();
    assert.match(d.token, /^[0-9a-f]{64}$/);
    assert.deepEqual(d.folders, [workspace]);
    assert.equal(d.pid, process.pid);
  });

  it('answers list, variables, mask and run', async () => {
    const d = descriptor();
    assert.deepEqual(
      (await callEndpoint(d, 'list', {})).secrets.map((s) => s.name),
      ['deploy/token'],
    );
    assert.deepEqual(await callEndpoint(d, 'variables', {}), { variables: ['DEPLOY_TOKEN'] });
    const masked = await callEndpoint(d, 'mask', { texts: [`a ${token} b`, 'nothing'] });
    assert.deepEqual(masked, { texts: ['a [masked vault:deploy/token] b', 'nothing'], maskedCount: 1 });
    const run = await callEndpoint(d, 'run', { command: 'echo "$DEPLOY_TOKEN"', secrets: ['deploy/token'], client: 'Test client' });
    assert.equal(run.output, '[masked vault:deploy/token]\n');
    assert.equal(backend.runs[0].requester.client, 'Test client via MCP');
    assert.equal(backend.runs[0].requester.via, 'mcp');
  });

  it('masks whole values only: a 9-character run of a value comes back as sent', async () => {
    const d = descriptor();
    const runs = [token.slice(0, 9), token.slice(3, 15), token.slice(0, -1), token.slice(1)];
    assert.deepEqual(await callEndpoint(d, 'mask', { texts: runs }), { texts: runs, maskedCount: 0 });
  });

  it('refuses a mask request over the per-connection bound, with a clear error', async () => {
    const d = descriptor();
    await assert.rejects(
      callEndpoint(d, 'mask', { texts: Array.from({ length: MAX_MASK_TEXTS + 1 }, () => 'x') }),
      (e: EndpointError) => e.code === 'bad-request' && /at most 4096 texts per request/.test(e.message),
    );
    await assert.rejects(
      callEndpoint(d, 'mask', { texts: ['x'.repeat(MAX_MASK_BYTES + 1)] }),
      (e: EndpointError) => e.code === 'bad-request' && /at most 1 MB of text per request/.test(e.message),
    );
    await assert.rejects(
      callEndpoint(d, 'mask', { text: 'old shape' } as never),
      (e: EndpointError) => e.code === 'bad-request' && /mask needs texts/.test(e.message),
    );
    assert.deepEqual(backend.maskRequests, [], 'nothing refused reached the backend');
  });

  it("refuses mask requests beyond the window's rate, naming the limit, and serves other methods", async () => {
    await endpoint.dispose();
    endpoint = await startAgentEndpoint(backend, {
      folders: [workspace],
      directory: dir,
      maskLimits: { requests: 3, bytes: 1 << 20, windowMs: 60_000 },
    });
    const d = descriptor();
    for (let i = 0; i < 3; i++) await callEndpoint(d, 'mask', { texts: [`guess ${i}`] });
    await assert.rejects(
      callEndpoint(d, 'mask', { texts: ['guess 3'] }),
      (e: EndpointError) => e.code === 'limited' && /masks at most 3 requests and 1 MB in 60 s.*Try again in \d+ s/.test(e.message),
    );
    assert.deepEqual(backend.maskRequests, [1, 1, 1]);
    assert.deepEqual(await callEndpoint(d, 'variables', {}), { variables: ['DEPLOY_TOKEN'] });
  });

  it('trusts no folder or descriptor that another user could have written', async () => {
    const loose = path.join(root, 'loose');
    mkdirSync(loose, { mode: 0o755 });
    writeFileSync(path.join(loose, 'planted.json'), JSON.stringify(descriptor()), { mode: 0o600 });
    await assert.rejects(findEndpoint({ cwd: workspace, directory: loose }), (e: EndpointError) => e.code === 'unreachable');
    const readable = path.join(root, 'readable.json');
    writeFileSync(readable, JSON.stringify(descriptor()), { mode: 0o644 });
    await assert.rejects(findEndpoint({ cwd: workspace, descriptorFile: readable }), (e: EndpointError) => e.code === 'unreachable');
  });

  it('refuses a wrong token and runs nothing', async () => {
    const wrong = { ...descriptor(), token: 'f'.repeat(64) };
    await assert.rejects(
      callEndpoint(wrong, 'run', { command: 'echo hi', secrets: [], client: 'x' }),
      (e: EndpointError) => e.code === 'unauthorized',
    );
    assert.equal(backend.runs.length, 0);
  });

  it('turns a denial into a denied error naming why', async () => {
    await assert.rejects(
      callEndpoint(descriptor(), 'run', { command: 'deny-me', secrets: ['deploy/token'], client: 'x' }),
      (e: EndpointError) => e.code === 'denied' && /user denied/.test(e.message),
    );
  });

  it('is found by the folder a client works in, and is gone once disposed', async () => {
    const found = await findEndpoint({ cwd: path.join(workspace, 'src'), directory: dir });
    assert.equal(found.address, endpoint.address);
    assert.equal(
      pickEndpoint(
        [
          { folders: ['/a'], startedAt: '2' },
          { folders: ['/a/b'], startedAt: '1' },
        ],
        '/a/b/c',
        'linux',
      )?.startedAt,
      '1',
    );
    assert.equal(
      pickEndpoint(
        [
          { folders: ['/a'], startedAt: '1' },
          { folders: ['/a'], startedAt: '2' },
        ],
        '/a',
        'linux',
      )?.startedAt,
      '2',
    );
    assert.equal(pickEndpoint([{ folders: ['/a'], startedAt: '2' }], '/ab', 'linux'), undefined, 'no window holds /ab: none is picked');
    await endpoint.dispose();
    assert.equal(existsSync(endpoint.descriptorFile), false);
    await assert.rejects(
      findEndpoint({ cwd: workspace, directory: dir }),
      (e: EndpointError) => e.code === 'unreachable' && e.message === UNREACHABLE_MESSAGE,
    );
    await assert.rejects(callEndpoint(found, 'list', {}), (e: EndpointError) => e.code === 'unreachable');
  });

  describe('vaultify mcp over stdio', () => {
    const connect = async (args: string[], env: Record<string, string> = {}, cwd = workspace): Promise<Client> => {
      const client = new Client({ name: 'vaultify-test-client', version: '1.0.0' });
      const transport = new StdioClientTransport({
        command: process.execPath,
        args: [CLI, 'mcp', ...args],
        cwd,
        env: { PATH: process.env.PATH ?? '', ...env },
        stderr: 'pipe',
      });
      await client.connect(transport);
      return client;
    };

    it('lists the three tools with their input schemas', async () => {
      const client = await connect(['--endpoint', endpoint.descriptorFile]);
      try {
        const { tools } = await client.listTools();
        assert.deepEqual(tools.map((t) => t.name).sort(), ['list_secrets', 'request_secret', 'run_with_secrets']);
        const request = tools.find((t) => t.name === 'request_secret')!;
        assert.deepEqual((request.inputSchema.required ?? []).sort(), ['name', 'purpose']);
        assert.deepEqual(Object.keys(request.inputSchema.properties ?? {}).sort(), ['hosts', 'name', 'purpose', 'scope']);
        const run = tools.find((t) => t.name === 'run_with_secrets')!;
        assert.deepEqual((run.inputSchema.required ?? []).sort(), ['command', 'secrets']);
        assert.match(run.description ?? '', /NAMES/);
      } finally {
        await client.close();
      }
    });

    it('finds the endpoint by itself, runs masked and returns exitCode and maskedCount', async () => {
      // XDG_RUNTIME_DIR points the lookup at the test's folder; no --endpoint is given.
      const client = await connect([], { XDG_RUNTIME_DIR: root });
      try {
        const list = await client.callTool({ name: 'list_secrets', arguments: {} });
        assert.match(textOf(list), /deploy\/token/);
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: 'echo "$DEPLOY_TOKEN"; exit 4', secrets: ['deploy/token'] },
        })) as CallToolResult;
        assert.equal(result.isError, undefined);
        assert.deepEqual(result.structuredContent, { exitCode: 4, maskedCount: 1, truncated: false, timedOut: false, cancelled: false });
        assert.match(textOf(result), /Exit code: 4/);
        assert.match(textOf(result), /\[masked vault:deploy\/token\]/);
        assert.ok(!JSON.stringify(result).includes(token));
        assert.equal(backend.runs[0].requester.client, 'vaultify-test-client via MCP');
      } finally {
        await client.close();
      }
    });

    it('refuses an agent working in a folder no window holds, naming the folder, and reaches no window', async () => {
      const elsewhere = path.join(root, 'untrusted-clone');
      mkdirSync(elsewhere);
      const client = await connect([], { XDG_RUNTIME_DIR: root }, elsewhere);
      try {
        for (const call of [
          { name: 'list_secrets', arguments: {} },
          { name: 'run_with_secrets', arguments: { command: 'echo "$DEPLOY_TOKEN"', secrets: ['deploy/token'] } },
        ]) {
          const result = (await client.callTool(call)) as CallToolResult;
          assert.equal(result.isError, true, call.name);
          assert.equal(
            textOf(result),
            `Vaultify: no VS Code window has ${elsewhere} open, so nothing working there may use Vaultify's secrets. Open that folder in VS Code (with Vaultify) and try again. Nothing was run.`,
          );
          assert.doesNotMatch(textOf(result), /deploy\/token/);
        }
        assert.equal(backend.runs.length, 0);
      } finally {
        await client.close();
      }
    });

    it('reports a denial as an error result', async () => {
      const client = await connect(['--endpoint', endpoint.descriptorFile]);
      try {
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: 'deny-me', secrets: ['deploy/token'] },
        })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.match(textOf(result), /^Not run: the user denied/);
      } finally {
        await client.close();
      }
    });

    it('request_secret: answers { name, stored: true } from the window, or a denial as an error result', async () => {
      const client = await connect(['--endpoint', endpoint.descriptorFile]);
      try {
        const stored = (await client.callTool({
          name: 'request_secret',
          arguments: { name: 'stripe/api_key', purpose: 'charge a test card', hosts: ['api.stripe.com'] },
        })) as CallToolResult;
        assert.equal(stored.isError, undefined);
        assert.deepEqual(stored.structuredContent, { name: 'stripe/api_key', stored: true });
        assert.match(textOf(stored), /run_with_secrets/);
        assert.deepEqual(backend.requests[0], {
          input: { name: 'stripe/api_key', purpose: 'charge a test card', hosts: ['api.stripe.com'] },
          requester: { client: 'vaultify-test-client via MCP', via: 'mcp' },
        });
        const denied = (await client.callTool({ name: 'request_secret', arguments: { name: 'deny/me', purpose: 'x' } })) as CallToolResult;
        assert.equal(denied.isError, true);
        assert.match(textOf(denied), /^Not stored: the person denied "deny\/me"/);
      } finally {
        await client.close();
      }
    });

    it('cancels the run, killing its process group, when the MCP client cancels the call', async () => {
      const client = await connect(['--endpoint', endpoint.descriptorFile]);
      const pidFile = path.join(root, 'sleep.pid');
      try {
        const abort = new AbortController();
        const call = client.callTool(
          { name: 'run_with_secrets', arguments: { command: `sleep 300 & echo $! > "${pidFile}"; wait`, secrets: [] } },
          undefined,
          { signal: abort.signal },
        );
        await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the command never started');
        const pid = Number(readFileSync(pidFile, 'utf8'));
        abort.abort();
        await assert.rejects(call);
        await waitFor(() => !alive(pid), 'the process outlived the cancelled call');
      } finally {
        await client.close();
      }
    });

    it('says VS Code is not reachable once the endpoint is gone, and runs nothing', async () => {
      const client = await connect(['--endpoint', endpoint.descriptorFile]);
      try {
        await endpoint.dispose();
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: 'echo hi', secrets: [] },
        })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.equal(textOf(result), UNREACHABLE_MESSAGE);
        assert.equal(backend.runs.length, 0);
      } finally {
        await client.close();
      }
    });

    it('is refused with a wrong token', async () => {
      const forged = path.join(root, 'forged.json');
      writeFileSync(forged, JSON.stringify({ ...descriptor(), token: '0'.repeat(64) }), { mode: 0o600 });
      const client = await connect(['--endpoint', forged]);
      try {
        const result = (await client.callTool({ name: 'list_secrets', arguments: {} })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.match(textOf(result), /wrong session token/);
        assert.equal(backend.runs.length, 0);
      } finally {
        await client.close();
      }
    });
  });
});
