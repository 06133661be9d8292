import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { endpointDirectory } from '../../src/core/agents/endpointLocation';
import { UNREACHABLE_MESSAGE } from '../../src/cli/endpointClient';
import type { EndpointDescriptor } from '../../src/shared/agentProtocol';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { alive, invokeText, lm, mcpClient, pidIn } from './support/agentTools';
import { answerApprovals, auditDir, auditRecords } from './support/approval';
import { watchForPlaintext } from './support/plaintextWatch';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

const WAIT_MS = 60_000;
let counter = 0;
const unique = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;

/**
 * The agent surfaces against the live extension. The grant's approval prompt is answered through
 * VAULTIFY_TEST_APPROVAL (ExtensionMode.Test only), set in this extension host's environment.
 */
describe('AI agents: run with secrets', function () {
  this.timeout(WAIT_MS * 2);
  const name = unique('agents/deploy-token');
  const variable = name.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const value = watchForPlaintext(fakeGitHubToken());
  const cwd = (): string => folder('alpha').uri.fsPath;
  const approve = (answer: 'allow-once' | 'deny'): void => answerApprovals(answer);

  before(async () => {
    await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
  });
  after(() => answerApprovals(undefined));

  it('lists both LM tools after activation', async () => {
    const names = await waitFor(
      () => {
        const found = lm().tools.map((t) => t.name);
        return found.includes('vaultify_listSecrets') && found.includes('vaultify_runWithSecrets') ? found : undefined;
      },
      'the Vaultify LM tools to be registered',
      WAIT_MS,
    );
    assert.ok(names.includes('vaultify_runWithSecrets'));
  });

  it('vaultify_listSecrets names the secret and never shows its value', async () => {
    const text = await invokeText('vaultify_listSecrets', {});
    assert.match(text, new RegExp(name.replace(/[/.-]/g, '\\$&')));
    assert.ok(!text.includes(value));
  });

  it('vaultify_runWithSecrets runs with the value in the environment and returns it masked', async () => {
    approve('allow-once');
    const text = await invokeText('vaultify_runWithSecrets', {
      command: `echo "$${variable}"; echo "$${variable}" | base64; echo "len=\${#${variable}}"`,
      secrets: [name],
      cwd: cwd(),
    });
    assert.ok(!text.includes(value), 'the value is masked');
    assert.match(text, /Exit code: 0/);
    assert.match(text, /Masked values: 2/);
    assert.match(text, new RegExp(`len=${value.length}`), 'the command got the real value');
  });

  it('denied means nothing ran', async () => {
    approve('deny');
    const marker = path.join(tmpdir(), unique('vaultify-denied'));
    const text = await invokeText('vaultify_runWithSecrets', { command: `touch "${marker}"`, secrets: [name], cwd: cwd() });
    assert.match(text, /^Not run: /);
    assert.throws(() => readFileSync(marker), /ENOENT/);
  });

  it('a person-only secret is refused, and nothing runs', async () => {
    const personal = unique('agents/personal');
    await vscode.commands.executeCommand('vaultify.addSecret', {
      name: personal,
      value: watchForPlaintext(fakeGitHubToken()),
      scope: 'workspace',
      policy: 'person-only',
    });
    approve('allow-once');
    const marker = path.join(tmpdir(), unique('vaultify-person-only'));
    const text = await invokeText('vaultify_runWithSecrets', { command: `touch "${marker}"`, secrets: [personal], cwd: cwd() });
    assert.match(text, /^Not run: /);
    assert.throws(() => readFileSync(marker), /ENOENT/);
  });

  it('the audit trail holds the run: the release to the agent and the session with its masked count', async () => {
    approve('allow-once');
    const command = `echo "$${variable}" # ${unique('audited')}`;
    await invokeText('vaultify_runWithSecrets', { command, secrets: [name], cwd: cwd() });
    const records = auditRecords(await auditDir()).filter((r) => JSON.stringify(r).includes(command.slice(command.indexOf('#'))));
    const release = records.find((r) => (r as { event?: string }).event === 'release');
    const session = records.find((r) => (r as { event?: string }).event === 'session') as
      { maskedCount?: number; exitCode?: number; requester?: { kind: string } } | undefined;
    assert.ok(release, 'a release record');
    assert.equal(session?.requester?.kind, 'agent');
    assert.equal(session?.maskedCount, 1);
    assert.equal(session?.exitCode, 0);
    assert.ok(!JSON.stringify(records).includes(value));
  });

  it('cancellation kills the process group: the child and its grandchild', async () => {
    approve('allow-once');
    const pids = path.join(tmpdir(), unique('vaultify-cancel'));
    const source = new vscode.CancellationTokenSource();
    const run = invokeText(
      'vaultify_runWithSecrets',
      {
        command: `sh -c 'sleep 300 & echo $! > "${pids}.grandchild"; wait' & echo $! > "${pids}.child"; wait`,
        secrets: [name],
        cwd: cwd(),
      },
      source.token,
    );
    const grandchild = await waitFor(() => pidIn(`${pids}.grandchild`), 'the grandchild to start', WAIT_MS);
    const child = pidIn(`${pids}.child`)!;
    source.cancel();
    const text = await run.catch((error: unknown) => String(error));
    assert.match(text, /Cancel/i);
    await waitFor(() => (!alive(child) && !alive(grandchild) ? true : undefined), 'the child and the grandchild to be killed', WAIT_MS);
  });

  describe('vaultify mcp, spawned from the extension host against the live extension', () => {
    it('lists the tools and runs masked, with exitCode and maskedCount', async () => {
      approve('allow-once');
      const client = await mcpClient(cwd());
      try {
        assert.deepEqual((await client.listTools()).tools.map((t) => t.name).sort(), [
          'list_secrets',
          'request_secret',
          'run_with_secrets',
        ]);
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: `echo "$${variable}"; exit 3`, secrets: [name], cwd: cwd() },
        })) as CallToolResult;
        assert.ok(!JSON.stringify(result).includes(value));
        assert.deepEqual(result.structuredContent, { exitCode: 3, maskedCount: 1, truncated: false, timedOut: false, cancelled: false });
      } finally {
        await client.close();
      }
    });

    it('reports a denial', async () => {
      approve('deny');
      const client = await mcpClient(cwd());
      try {
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: 'echo hi', secrets: [name], cwd: cwd() },
        })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.match((result.content[0] as { text: string }).text, /^Not run: /);
      } finally {
        await client.close();
      }
    });

    const liveDescriptor = (): EndpointDescriptor => {
      const dir = endpointDirectory();
      const mine = readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as EndpointDescriptor)
        .find((d) => d.pid === process.pid);
      assert.ok(mine, 'this extension host publishes an endpoint');
      return mine;
    };

    it('refuses a wrong token', async () => {
      const forged = path.join(tmpdir(), `${unique('forged')}.json`);
      writeFileSync(forged, JSON.stringify({ ...liveDescriptor(), token: '0'.repeat(64) }), { mode: 0o600 });
      const client = await mcpClient(cwd(), ['--endpoint', forged]);
      try {
        const result = (await client.callTool({ name: 'list_secrets', arguments: {} })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.match((result.content[0] as { text: string }).text, /wrong session token/);
      } finally {
        await client.close();
      }
    });

    it('says VS Code is gone when the endpoint is closed, and runs nothing', async () => {
      // An endpoint whose socket no longer listens: what a client sees after the window closed.
      const closed = path.join(tmpdir(), `${unique('closed')}.json`);
      writeFileSync(closed, JSON.stringify({ ...liveDescriptor(), address: path.join(tmpdir(), `${unique('gone')}.sock`) }), {
        mode: 0o600,
      });
      const marker = path.join(tmpdir(), unique('vaultify-gone'));
      const client = await mcpClient(cwd(), ['--endpoint', closed]);
      try {
        const result = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: `touch "${marker}"`, secrets: [], cwd: cwd() },
        })) as CallToolResult;
        assert.equal(result.isError, true);
        assert.equal((result.content[0] as { text: string }).text, UNREACHABLE_MESSAGE);
        assert.throws(() => readFileSync(marker), /ENOENT/);
      } finally {
        await client.close();
      }
    });
  });
});
