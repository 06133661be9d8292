import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { envVarName } from '../../src/core/envfile/envVarName';
import { type CliRun, runCli } from '../support/cliProcess';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { type TestServer, startEchoServer, testTls } from '../support/wireServers';
import { invokeText, mcpClient } from './support/agentTools';
import { answerApprovals, auditDir, auditRecords } from './support/approval';
import { vaultRow } from './support/extensionApi';
import { watchForPlaintext } from './support/plaintextWatch';
import { vaultifyLog } from './support/vaultifyLog';
import { waitFor } from './support/wait';
import { folder } from './support/workspace';

const WAIT_MS = 60_000;
let counter = 0;
const unique = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;
const cwd = (): string => folder('alpha').uri.fsPath;

/** What the password box receives from now on (VAULTIFY_TEST_SECRET_INPUT, ExtensionMode.Test only). */
function typeIntoPasswordBox(value: string | undefined): void {
  if (value === undefined) delete process.env.VAULTIFY_TEST_SECRET_INPUT;
  else process.env.VAULTIFY_TEST_SECRET_INPUT = value;
}

/** Runs `vaultify hook CLIENT` as the client would, with the payload on stdin. */
function runHook(client: string, payload: object): Promise<CliRun> {
  return runCli(['hook', client], { cwd: cwd(), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, input: JSON.stringify(payload) });
}

const storeRecords = async (name: string) =>
  auditRecords(await auditDir()).filter((r) => r.event === 'store' && r.secrets.some((s) => s.name === name));

/**
 * An agent that lacks a credential asks for it through VS Code, and a key pasted into a prompt is
 * stopped by the client's prompt hook. The request prompt is answered through VAULTIFY_TEST_APPROVAL
 * and the password box through VAULTIFY_TEST_SECRET_INPUT, in this extension host's environment.
 */
describe('AI agents: credentials come in through VS Code', function () {
  this.timeout(WAIT_MS * 3);
  after(() => {
    answerApprovals(undefined);
    typeIntoPasswordBox(undefined);
  });

  describe('vaultify_requestSecret through vscode.lm.invokeTool', () => {
    it('denied: nothing is stored, and the same name is refused to the same agent without asking again', async () => {
      const name = unique('requests/denied');
      answerApprovals('deny');
      typeIntoPasswordBox(watchForPlaintext(fakeGitHubToken()));
      const text = await invokeText('vaultify_requestSecret', { name, purpose: 'open a pull request', hosts: ['api.github.com'] });
      assert.match(text, /^Not stored: the person denied/);
      assert.doesNotMatch(await invokeText('vaultify_listSecrets', {}), new RegExp(name));
      answerApprovals('allow-once');
      const again = await invokeText('vaultify_requestSecret', { name, purpose: 'please', hosts: ['api.github.com'] });
      assert.match(again, /^Not stored: the person denied .* do not ask for it again before/);
      assert.equal((await storeRecords(name)).length, 0);
    });

    it('provided: stored, read back and audited as requested by the agent and provided by a person; only the name comes back', async () => {
      const name = unique('requests/github');
      const value = watchForPlaintext(fakeGitHubToken());
      answerApprovals('allow-once');
      typeIntoPasswordBox(value);
      const text = await invokeText('vaultify_requestSecret', { name, purpose: 'list the open issues', hosts: ['api.github.com'] });
      assert.ok(!text.includes(value));
      assert.equal(text.split('\n')[0], JSON.stringify({ name, stored: true }));
      const [record] = await storeRecords(name);
      assert.equal(record.requester.kind, 'person');
      assert.match(record.purpose ?? '', /^requested by Copilot agent mode \(list the open issues\), provided by a person$/);
      assert.ok(!JSON.stringify(record).includes(value));
    });

    it('a value whose kind does not fit the hosts is questioned before it is stored', async () => {
      const name = unique('requests/stripe');
      answerApprovals('allow-once');
      typeIntoPasswordBox(watchForPlaintext(fakeGitHubToken()));
      const text = await invokeText('vaultify_requestSecret', { name, purpose: 'charge a test card', hosts: ['api.stripe.com'] });
      assert.match(text, /"stored":true/, 'the person stored it anyway');
      const question = new RegExp(
        `Asked whether to store "${name}" for api\\.stripe\\.com: the value looks like a GitHub personal access token\\.`,
      );
      await waitFor(() => (question.test(vaultifyLog()) ? true : undefined), 'the fit question in the Vaultify log', WAIT_MS);
    });

    it('refuses a request that is not valid, asking nothing', async () => {
      answerApprovals('allow-once');
      assert.match(
        await invokeText('vaultify_requestSecret', { name: 'x', purpose: 'p', hosts: ['https://api.x.com/v1', 'localhost'] }),
        /^Not stored: the request is not valid: "https:\/\/api\.x\.com\/v1" is not a host: .* "localhost" is this machine: name the one port to bind/,
      );
    });
  });

  describe('a requested secret is bound to the hosts it was asked for', () => {
    let server: TestServer;
    before(async () => {
      server = await startEchoServer(testTls());
    });
    after(() => server.close());

    it('stored with its hosts; a run gets a placeholder, and the value goes only on the wire to them', async () => {
      const name = unique('requests/wire');
      // No vendor's shape, so no fit question; no word either, as the audit trail masks 9-character runs of stored values.
      const value = watchForPlaintext(`wire-${randomBytes(12).toString('hex')}`);
      const host = `localhost:${server.port}`;
      answerApprovals('allow-once');
      typeIntoPasswordBox(value);
      const stored = await invokeText('vaultify_requestSecret', { name, purpose: 'call the local API', hosts: [host] });
      assert.equal(stored.split('\n')[0], JSON.stringify({ name, stored: true }));
      assert.match(String((await vaultRow(name)).description), new RegExp(` · wire: ${host}( ·|$)`), 'the Vault view lists the hosts');

      const variable = envVarName(name);
      const before = server.received.length;
      const command = `printf 'placeholder=%s\\n' "$${variable}"; curl -sS --fail "https://${host}/requested" -H "Authorization: Bearer $${variable}"`;
      const run = await invokeText('vaultify_runWithSecrets', { command, secrets: [name], cwd: cwd() });
      assert.match(run, /Exit code: 0/, run);
      assert.ok(!run.includes(value), 'the tool result holds the value');
      const placeholder = /placeholder=(\S+)/.exec(run)?.[1] ?? '';
      assert.equal(placeholder.length, value.length, `the process held a placeholder of the value's length: ${run}`);
      assert.notEqual(placeholder, value);
      assert.equal(server.received[before]?.url, '/requested');
      assert.equal(server.received[before].headers.authorization, `Bearer ${value}`, 'the bound host received the value');
      assert.ok(run.includes(`"authorization":"Bearer ${placeholder}"`), 'the echo came back with the placeholder in place of the value');
    });
  });

  describe('request_secret through vaultify mcp', () => {
    it('denied, then provided without hosts, then run_with_secrets gets the value in its environment', async () => {
      const client = await mcpClient(cwd());
      try {
        answerApprovals('deny');
        const denied = (await client.callTool({
          name: 'request_secret',
          arguments: { name: unique('requests/mcp-denied'), purpose: 'deploy' },
        })) as CallToolResult;
        assert.equal(denied.isError, true);
        assert.match((denied.content[0] as { text: string }).text, /^Not stored: the person denied/);

        const name = unique('requests/mcp');
        const value = watchForPlaintext(fakeGitHubToken());
        answerApprovals('allow-once');
        typeIntoPasswordBox(value);
        const stored = (await client.callTool({
          name: 'request_secret',
          arguments: { name, purpose: 'deploy the preview', scope: 'workspace' },
        })) as CallToolResult;
        assert.deepEqual(stored.structuredContent, { name, stored: true });
        assert.ok(!JSON.stringify(stored).includes(value));
        assert.match(
          (await storeRecords(name))[0].purpose ?? '',
          /^requested by vaultify-integration via MCP \(deploy the preview\), provided by a person$/,
        );

        const run = (await client.callTool({
          name: 'run_with_secrets',
          arguments: { command: `echo "$${envVarName(name)}"`, secrets: [name], cwd: cwd() },
        })) as CallToolResult;
        assert.deepEqual(run.structuredContent, { exitCode: 0, maskedCount: 1, truncated: false, timedOut: false, cancelled: false });
        assert.ok(!JSON.stringify(run).includes(value));
      } finally {
        await client.close();
      }
    });
  });

  describe('prompt hooks against the running window', () => {
    const vaulted = unique('requests/vaulted');
    // A value the detector does not recognise: only the window knows it is a secret.
    const vaultedValue = watchForPlaintext(`vault-only-${Date.now().toString(36)}-Qx81Lm`);
    before(async () => {
      await vscode.commands.executeCommand('vaultify.addSecret', { name: vaulted, value: vaultedValue, scope: 'workspace' });
    });

    const claudePrompt = (prompt: string, transcript = path.join(os.homedir(), '.claude', 'projects', 'none', 'none.jsonl')) => ({
      session_id: 'c1',
      transcript_path: transcript,
      cwd: cwd(),
      permission_mode: 'default',
      hook_event_name: 'UserPromptSubmit',
      prompt,
    });

    it('Claude Code: an ordinary prompt goes through', async () => {
      const run = await runHook('claude', claudePrompt('add a retry to the deploy script'));
      assert.deepEqual([run.code, run.stdout], [0, '']);
    });

    it('Claude Code: a vaulted value is blocked, naming the secret, never the value', async () => {
      const run = await runHook('claude', claudePrompt(`the key is ${vaultedValue}, use it`));
      const answer = JSON.parse(run.stdout) as { decision: string; reason: string };
      assert.equal(answer.decision, 'block');
      assert.match(answer.reason, new RegExp(`the value of the vault secret "${vaulted}"`));
      assert.ok(!run.stdout.includes(vaultedValue));
    });

    it('Cursor: a checksum-valid token is stopped; an ordinary prompt continues', async () => {
      const token = watchForPlaintext(fakeGitHubToken());
      answerApprovals('deny');
      const stopped = JSON.parse(
        (
          await runHook('cursor', {
            hook_event_name: 'beforeSubmitPrompt',
            workspace_roots: [cwd()],
            prompt: `use ${token}`,
            attachments: [],
          })
        ).stdout,
      ) as { continue: boolean; user_message: string };
      assert.equal(stopped.continue, false);
      assert.match(stopped.user_message, /GitHub personal access token/);
      assert.ok(!stopped.user_message.includes(token));
      assert.deepEqual(
        JSON.parse(
          (
            await runHook('cursor', {
              hook_event_name: 'beforeSubmitPrompt',
              workspace_roots: [cwd()],
              prompt: 'add a test',
              attachments: [],
            })
          ).stdout,
        ),
        { continue: true },
      );
    });

    it('Claude Code: a pasted token is blocked, offered to the vault once and stored, and the transcript copy is cleaned', async () => {
      const token = watchForPlaintext(fakeGitHubToken());
      const transcriptDir = path.join(os.homedir(), '.claude', 'projects', unique('-project'));
      mkdirSync(transcriptDir, { recursive: true });
      const transcript = path.join(transcriptDir, 'session.jsonl');
      writeFileSync(transcript, JSON.stringify({ type: 'summary', summary: 'deploy work' }) + '\n');
      answerApprovals('allow-once');

      const run = await runHook('claude', claudePrompt(`deploy with ${token}`, transcript));
      const answer = JSON.parse(run.stdout) as {
        decision: string;
        reason: string;
        hookSpecificOutput: { suppressOriginalPrompt: boolean };
      };
      assert.equal(answer.decision, 'block');
      assert.match(answer.reason, /holds a GitHub personal access token/);
      assert.equal(answer.hookSpecificOutput.suppressOriginalPrompt, true);
      // What Claude Code has been reported to do all the same: write the blocked prompt to its transcript.
      writeFileSync(transcript, JSON.stringify({ type: 'user', message: { role: 'user', content: `deploy with ${token}` } }) + '\n', {
        flag: 'a',
      });

      const record = await waitFor(
        async () =>
          auditRecords(await auditDir()).find(
            (r) =>
              r.event === 'store' &&
              /^pasted into Claude Code/.test(r.purpose ?? '') &&
              r.secrets.some((s) => s.name.startsWith('github-pat')),
          ),
        'the pasted token to be stored from the offer',
        WAIT_MS,
      );
      const name = record.secrets[0].name;
      const cleaned = await waitFor(
        () => {
          const text = readFileSync(transcript, 'utf8');
          return text.includes(token) ? undefined : text;
        },
        'the transcript copy of the blocked prompt to be cleaned',
        WAIT_MS,
      );
      assert.match(cleaned, new RegExp(`deploy with \\[masked (vault:${name.replace(/[/.-]/g, '\\$&')}|secret:github-pat)\\]`));

      // Pasted again: now a vaulted value, named as such, and not offered a second time.
      const stores = async (): Promise<number> => auditRecords(await auditDir()).filter((r) => r.event === 'store').length;
      const storesBefore = await stores();
      const again = JSON.parse((await runHook('claude', claudePrompt(`again ${token}`))).stdout) as { reason: string };
      assert.match(again.reason, new RegExp(`the value of the vault secret "${name.replace(/[/.-]/g, '\\$&')}"`));
      assert.equal(await stores(), storesBefore);
    });
  });
});
