import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Socket, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type HookContext, WITHHELD, answerHook, toolCallDenial } from '../../src/core/agents/hookDecisions';
import { ENDPOINT_WAIT_MS } from '../../src/cli/hookCommand';
import { AGENT_PROTOCOL_VERSION } from '../../src/shared/agentProtocol';
import { SensitivePaths } from '../../src/core/agents/sensitivePaths';
import { shellCommandReads } from '../../src/core/agents/shellCommandReads';
import { type AgentEndpoint, startAgentEndpoint } from '../../src/extension/agents/agentEndpoint';
import { FakeAgentBackend } from '../support/fakeAgentBackend';
import { fakeGitHubToken } from '../support/fakeCredentials';
import { type CliRun, runCli } from '../support/cliProcess';

const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/hooks');
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), 'utf8');
/** A recorded prompt event of the client, holding `prompt`. */
const promptPayload = (client: 'claude' | 'cursor', prompt: string): string =>
  fixture(client === 'claude' ? 'claude-user-prompt-submit.json' : 'cursor-before-submit-prompt.json').replace(
    '"{{PROMPT}}"',
    JSON.stringify(prompt),
  );

function runHook(client: string, input: string, env: Record<string, string>): Promise<CliRun> {
  return runCli(['hook', client], { env: { PATH: process.env.PATH ?? '', ...env }, input });
}

/** A PostToolUse answer that withholds the output: blocked with the reason, every string replaced. */
function withheld(
  run: CliRun,
  why: RegExp,
): { decision: string; reason: string; hookSpecificOutput: { updatedToolOutput: unknown; additionalContext: string } } {
  const out = JSON.parse(run.stdout);
  assert.equal(out.decision, 'block', run.stdout);
  assert.match(out.reason, /^Vaultify withheld this tool output because it could not check it for secrets: /);
  assert.match(out.reason, why);
  assert.equal(out.hookSpecificOutput.hookEventName, 'PostToolUse');
  assert.equal(out.hookSpecificOutput.additionalContext, out.reason);
  return out;
}

// These tests check the answer `vaultify hook` gives, in each client's documented format: what the
// client then does with it (Claude Code may ignore updatedToolOutput) is outside what they prove.
describe('agent hooks: the answer vaultify hook gives', function () {
  this.timeout(60_000);
  const paths = new SensitivePaths();
  const context: HookContext = { paths, vaultedVariables: new Set(['DEPLOY_TOKEN']) };
  const reads = (command: string, variables?: ReadonlySet<string>) => shellCommandReads(command, paths, '/home/dev/app', variables);

  describe('shell commands that read secrets', () => {
    for (const command of [
      'cat .env',
      'cat ./.env.local | grep KEY',
      'grep -r API_KEY .env*',
      'source .env',
      '. ./.env && npm start',
      'less ~/.ssh/id_ed25519',
      'head -n 5 config/secrets.json',
      'node index.js < .env',
      'cp .env /tmp/x',
      'git show HEAD:.env',
      'sudo cat /home/dev/.aws/credentials',
      "bash -c 'cat .npmrc'",
      'echo $(cat .env)',
      'xargs cat < list.txt; tail -f server.key',
    ]) {
      it(`denies: ${command}`, () =>
        assert.ok(
          reads(command).some((f) => f.kind === 'path'),
          JSON.stringify(reads(command)),
        ));
    }
    for (const command of [
      'cat .env.example',
      'ls -la .env',
      'rm .env.local',
      'npm test',
      'echo "KEY=1" >> .env',
      'grep -r TODO src',
      'git status',
      'cat README.md',
    ]) {
      it(`allows: ${command}`, () => assert.deepEqual(reads(command), []));
    }
    it('denies whole-environment dumps with or without the vaulted names', () => {
      for (const command of ['printenv', 'env', 'env | base64', 'export -p', 'set', 'cat /proc/self/environ']) {
        assert.ok(
          reads(command).some((f) => f.kind === 'env-dump'),
          command,
        );
      }
      assert.deepEqual(reads('env NODE_ENV=test npm test'), []);
      assert.deepEqual(reads('printenv HOME'), []);
    });
    it('denies printing a vaulted variable only when the names are known', () => {
      const vaulted = new Set(['DEPLOY_TOKEN']);
      assert.deepEqual(reads('echo $DEPLOY_TOKEN', vaulted), [{ kind: 'env-var', variable: 'DEPLOY_TOKEN' }]);
      assert.deepEqual(reads('printf "%s" "${DEPLOY_TOKEN}" | base64', vaulted), [{ kind: 'env-var', variable: 'DEPLOY_TOKEN' }]);
      assert.deepEqual(reads('printenv DEPLOY_TOKEN', vaulted), [{ kind: 'env-var', variable: 'DEPLOY_TOKEN' }]);
      assert.deepEqual(reads(`node -e "console.log(process.env.DEPLOY_TOKEN)"`, vaulted), [{ kind: 'env-var', variable: 'DEPLOY_TOKEN' }]);
      assert.deepEqual(reads('echo $HOME', vaulted), []);
      assert.deepEqual(reads('echo $DEPLOY_TOKEN'), []);
    });
    it('honours vaultify.guard.extraPatterns', () => {
      const extra = new SensitivePaths(['internal/keys/']);
      assert.ok(shellCommandReads('cat internal/keys/prod.txt', extra, '/w').length);
      assert.deepEqual(shellCommandReads('cat internal/keys/prod.txt', paths, '/w'), []);
    });
  });

  describe('tool calls', () => {
    it('denies Claude Read, Grep and Glob of sensitive paths, pointing to run_with_secrets', () => {
      const read = toolCallDenial('Read', { file_path: '/home/dev/app/.env.production' }, '/home/dev/app', context);
      assert.match(read ?? '', /reads \/home\/dev\/app\/\.env\.production.*run_with_secrets/);
      assert.ok(toolCallDenial('Grep', { pattern: 'KEY', glob: '*.pem' }, '/w', context));
      assert.ok(toolCallDenial('Glob', { pattern: '**/.env*' }, '/w', context));
      assert.equal(toolCallDenial('Grep', { pattern: '.env', path: 'src' }, '/w', context), undefined, 'a regex naming .env reads nothing');
      assert.equal(toolCallDenial('Read', { file_path: '/w/src/index.ts' }, '/w', context), undefined);
    });
  });

  describe('recorded payloads through `vaultify hook`, VS Code not running: the answer', () => {
    let runtime: string;
    let env: Record<string, string>;
    before(() => {
      runtime = mkdtempSync(path.join(tmpdir(), 'vaultify-hooks-'));
      env = { XDG_RUNTIME_DIR: runtime };
    });
    after(() => rmSync(runtime, { recursive: true, force: true }));

    const denied = (run: CliRun): string => {
      assert.equal(run.code, 0, run.stderr);
      const out = JSON.parse(run.stdout);
      assert.equal(out.hookSpecificOutput.hookEventName, 'PreToolUse');
      assert.equal(out.hookSpecificOutput.permissionDecision, 'deny');
      return out.hookSpecificOutput.permissionDecisionReason as string;
    };

    it('Claude PreToolUse: Bash cat .env is answered with deny', async () =>
      assert.match(denied(await runHook('claude', fixture('claude-pre-bash-cat-env.json'), env)), /reads \.env/));
    it('Claude PreToolUse: Read of an SSH key is answered with deny', async () =>
      assert.match(denied(await runHook('claude', fixture('claude-pre-read-key.json'), env)), /id_ed25519/));
    it('Claude PreToolUse: Grep over .env* is answered with deny', async () =>
      assert.match(denied(await runHook('claude', fixture('claude-pre-grep-env.json'), env)), /\.env\*/));
    it('Claude PreToolUse: Glob for keys is answered with deny', async () =>
      assert.match(denied(await runHook('claude', fixture('claude-pre-glob-keys.json'), env)), /\*\*\/\*\.pem/));
    it('Claude PreToolUse in a folder whose .vscode/settings.json is not valid JSON: still denies the defaults, and says on stderr where the file breaks', async () => {
      const folder = mkdtempSync(path.join(tmpdir(), 'vaultify-hooks-settings-'));
      try {
        mkdirSync(path.join(folder, '.vscode'));
        writeFileSync(path.join(folder, '.vscode', 'settings.json'), '{ "vaultify.guard.extraPatterns": ["internal/"] ');
        const payload = JSON.stringify({ ...JSON.parse(fixture('claude-pre-read-key.json')), cwd: folder });
        const run = await runHook('claude', payload, env);
        assert.match(denied(run), /id_ed25519/);
        assert.equal(
          run.stderr.trim(),
          `vaultify hook claude: ${path.join('.vscode', 'settings.json')}:1:49: close brace expected: the settings file is not valid JSON, so its vaultify.guard.extraPatterns are not applied (only the default sensitive paths are denied); fix the file`,
        );
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    });
    it('Claude PreToolUse: an ordinary command gets no answer, so Claude decides as usual', async () => {
      const run = await runHook('claude', fixture('claude-pre-bash-allowed.json'), env);
      assert.deepEqual([run.code, run.stdout], [0, '']);
    });
    it('VS Code PreToolUse: printenv in run_in_terminal is answered with deny', async () =>
      assert.match(denied(await runHook('vscode', fixture('vscode-pre-terminal.json'), env)), /prints the whole environment/));

    it('Cursor beforeShellExecution: source .env is answered with deny and an agent_message', async () => {
      const run = await runHook('cursor', fixture('cursor-before-shell.json'), env);
      const out = JSON.parse(run.stdout);
      assert.equal(out.permission, 'deny');
      assert.match(out.agent_message, /reads \.env.*run_with_secrets/);
    });
    it('Cursor beforeReadFile: credentials.json is answered with deny', async () => {
      const out = JSON.parse((await runHook('cursor', fixture('cursor-before-read.json'), env)).stdout);
      assert.equal(out.permission, 'deny');
    });

    it('Claude PostToolUse: the output is withheld in the Bash shape, and the call blocked, naming why', async () => {
      const payload = fixture('claude-post-bash.json').replace(/\{\{[A-Z_0-9]+\}\}/g, 'plain');
      const run = await runHook('claude', payload, env);
      assert.equal(run.code, 0, run.stderr);
      const out = withheld(run, /no VS Code window with Vaultify has this folder open/);
      assert.deepEqual(out.hookSpecificOutput.updatedToolOutput, {
        stdout: WITHHELD,
        stderr: WITHHELD,
        interrupted: false,
        isImage: false,
      });
    });

    it('Claude UserPromptSubmit: a checksum-valid GitHub token is blocked, naming the kind and never the value, asking to drop the prompt', async () => {
      const github = fakeGitHubToken();
      const run = await runHook('claude', promptPayload('claude', `deploy with ${github} please`), env);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(!run.stdout.includes(github) && !run.stderr.includes(github));
      const out = JSON.parse(run.stdout);
      assert.equal(out.decision, 'block');
      assert.match(out.reason, /stopped this prompt before the model saw it: it holds a GitHub personal access token\./);
      assert.deepEqual(out.hookSpecificOutput, { hookEventName: 'UserPromptSubmit', suppressOriginalPrompt: true });
    });
    it('Claude UserPromptSubmit: an ordinary prompt gets nothing that blocks', async () => {
      const run = await runHook(
        'claude',
        promptPayload('claude', 'rename the ghp_ prefix check in src/auth.ts; the password field stays'),
        env,
      );
      assert.deepEqual([run.code, run.stdout], [0, '']);
    });
    it('Cursor beforeSubmitPrompt: a private key is stopped with continue false and a user_message; an ordinary prompt continues', async () => {
      const key = [
        '-----BEGIN OPENSSH PRIVATE KEY-----',
        'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW',
        'QyNTUxOQAAACDrZ4Yc2dN9pGx0qk2mQXj8dVgFz3Xo7yH1yqF0cYy1zAAAAJg3qj7xN6o+',
        '-----END OPENSSH PRIVATE KEY-----',
      ].join('\n');
      const stopped = JSON.parse((await runHook('cursor', promptPayload('cursor', `why does ssh refuse this key? ${key}`), env)).stdout);
      assert.equal(stopped.continue, false);
      assert.match(stopped.user_message, /it holds an? [^.]*private key/i);
      assert.ok(!stopped.user_message.includes('b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ'));
      assert.deepEqual(JSON.parse((await runHook('cursor', promptPayload('cursor', 'add a test for the parser'), env)).stdout), {
        continue: true,
      });
    });
    it('a prompt event without a prompt is stopped with exit 2', async () => {
      const claude = await runHook('claude', JSON.stringify({ hook_event_name: 'UserPromptSubmit', session_id: 's' }), env);
      assert.equal(claude.code, 2);
      assert.match(claude.stderr, /UserPromptSubmit without a prompt; the prompt is stopped/);
      const cursor = await runHook('cursor', JSON.stringify({ hook_event_name: 'beforeSubmitPrompt', workspace_roots: ['/w'] }), env);
      assert.equal(JSON.parse(cursor.stdout).continue, false);
    });

    for (const client of ['claude', 'vscode', 'cursor']) {
      it(`${client}: malformed JSON is refused with exit 2 and a clear message`, async () => {
        const run = await runHook(client, fixture('malformed.txt'), env);
        assert.equal(run.code, 2);
        assert.match(run.stderr, new RegExp(`vaultify hook ${client}: the hook input is not valid JSON; the tool call is blocked`));
        if (client === 'cursor') assert.equal(JSON.parse(run.stdout).permission, 'deny');
      });
    }
    it('an unknown client is a usage error, exit 2', async () => {
      const run = await runHook('windsurf', '{}', env);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /hook needs a client: claude, cursor, vscode/);
    });
  });

  describe('Claude PostToolUse through the running extension: the answer', () => {
    // A vaulted value the detector does not know: only the window can tell it is a secret.
    const token = 'vault-only-Xk29-pq81-Lz04';
    let runtime: string;
    let endpoint: AgentEndpoint;
    const backend = new FakeAgentBackend(token);
    before(async () => {
      runtime = mkdtempSync(path.join(tmpdir(), 'vaultify-hooks-live-'));
      endpoint = await startAgentEndpoint(backend, { folders: ['/home/dev/app'], directory: path.join(runtime, 'vaultify') });
    });
    after(async () => {
      await endpoint.dispose();
      rmSync(runtime, { recursive: true, force: true });
    });

    it('updatedToolOutput masks the vault value and its base64 in stdout, keeping the Bash shape', async () => {
      const payload = fixture('claude-post-bash.json')
        .replace('{{TOKEN}}', token)
        .replace('{{TOKEN_B64}}', Buffer.from(token).toString('base64'))
        .replace('{{GITHUB}}', 'nothing');
      const run = await runHook('claude', payload, { XDG_RUNTIME_DIR: runtime });
      assert.ok(!run.stdout.includes(token) && !run.stdout.includes(Buffer.from(token).toString('base64')));
      const out = JSON.parse(run.stdout).hookSpecificOutput;
      assert.deepEqual(out.updatedToolOutput, {
        stdout: 'using token [masked vault:deploy/token]\nbase64 [masked vault:deploy/token]\n',
        stderr: 'warning: nothing found in config\n',
        interrupted: false,
        isImage: false,
      });
      // The note holds whether or not Claude Code shows updatedToolOutput: it never claims the output was masked.
      assert.match(
        out.additionalContext,
        /found 2 secret values in this output and asked for them to be shown as \[masked \.\.\.\]; if you can read one, do not repeat/,
      );
    });

    it('masks the real shapes of Read, WebFetch and MCP tool responses, one request per hook call', async () => {
      // Each reads the masked string out of its tool's own shape: a shape not kept fails here.
      for (const [name, masked] of [
        ['claude-post-read.json', (o: { file: { content: string; numLines: number } }) => o.file.numLines === 1 && o.file.content],
        ['claude-post-webfetch.json', (o: { code: number; result: string }) => o.code === 200 && o.result],
        ['claude-post-mcp.json', (o: { type: string; text: string }[]) => o[1].text === 'sha: 3f2a' && o[0].text],
      ] as const) {
        const before = backend.maskRequests.length;
        const run = await runHook('claude', fixture(name).replace('{{TOKEN}}', token), { XDG_RUNTIME_DIR: runtime });
        assert.ok(!run.stdout.includes(token), name);
        const out = JSON.parse(run.stdout).hookSpecificOutput;
        assert.match(String(masked(out.updatedToolOutput)), /\[masked vault:deploy\/token\]/, name);
        assert.equal(backend.maskRequests.length, before + 1, `${name}: one mask request`);
      }
    });

    it('withholds output over 1 MB without sending it', async () => {
      const before = backend.maskRequests.length;
      const big = JSON.stringify({
        hook_event_name: 'PostToolUse',
        cwd: '/home/dev/app',
        tool_name: 'Bash',
        tool_input: { command: 'cat big.log' },
        tool_response: { stdout: 'x'.repeat(1024 * 1024 + 1), stderr: '', interrupted: false, isImage: false },
      });
      const out = withheld(
        await runHook('claude', big, { XDG_RUNTIME_DIR: runtime }),
        /the output is 1048577 bytes, more than the 1 MB Vaultify checks/,
      );
      assert.equal((out.hookSpecificOutput.updatedToolOutput as { stdout: string }).stdout, WITHHELD);
      assert.equal(backend.maskRequests.length, before, 'nothing was sent');
    });

    it('VS Code PostToolUse cannot rewrite output: it is answered with nothing and nothing is sent', async () => {
      const before = backend.maskRequests.length;
      const run = await runHook('vscode', fixture('vscode-post-terminal.json').replace('{{TOKEN}}', token), { XDG_RUNTIME_DIR: runtime });
      assert.deepEqual([run.code, run.stdout], [0, '']);
      assert.equal(backend.maskRequests.length, before);
    });

    it('UserPromptSubmit: a vaulted value is blocked by its secret name, never its value', async () => {
      const run = await runHook('claude', promptPayload('claude', `use ${token} for the deploy`), { XDG_RUNTIME_DIR: runtime });
      const out = JSON.parse(run.stdout);
      assert.equal(out.decision, 'block');
      assert.match(out.reason, /the value of the vault secret "deploy\/token"/);
      assert.ok(!run.stdout.includes(token));
    });

    it('UserPromptSubmit: a pasted key travels to the window over the endpoint, with the transcript to clean', async () => {
      const pasted = fakeGitHubToken();
      const before = backend.prompts.length;
      await runHook('claude', promptPayload('claude', `try ${pasted}`), { XDG_RUNTIME_DIR: runtime });
      const sent = backend.prompts[before];
      assert.equal(sent.client, 'claude');
      assert.equal(sent.transcriptPath, '/home/dev/.claude/projects/-home-dev-app/5b1f0c2e.jsonl');
      assert.deepEqual(
        sent.credentials.map(({ kind, title, value, suggestedName }) => ({ kind, title, value, suggestedName })),
        [{ kind: 'github-pat', title: 'GitHub personal access token', value: pasted, suggestedName: 'github-pat' }],
      );
    });

    it('asks the extension for the vaulted names: echo $DEPLOY_TOKEN is answered with deny', async () => {
      const payload = JSON.stringify({
        hook_event_name: 'PreToolUse',
        cwd: '/home/dev/app',
        tool_name: 'Bash',
        tool_input: { command: 'echo $DEPLOY_TOKEN | base64' },
      });
      const run = await runHook('claude', payload, { XDG_RUNTIME_DIR: runtime });
      assert.match(JSON.parse(run.stdout).hookSpecificOutput.permissionDecisionReason, /prints \$DEPLOY_TOKEN/);
    });
  });

  describe('Claude PostToolUse when VS Code answers no mask: withheld', () => {
    let runtime: string;
    before(() => (runtime = mkdtempSync(path.join(tmpdir(), 'vaultify-hooks-closed-'))));
    after(() => rmSync(runtime, { recursive: true, force: true }));
    const payload = () => fixture('claude-post-bash.json').replace(/\{\{[A-Z_0-9]+\}\}/g, 'plain');

    it("over the window's rate: withheld with the limit named", async () => {
      const dir = path.join(runtime, 'limited');
      const endpoint = await startAgentEndpoint(new FakeAgentBackend(fakeGitHubToken()), {
        folders: ['/home/dev/app'],
        directory: path.join(dir, 'vaultify'),
        maskLimits: { requests: 1, bytes: 1 << 20, windowMs: 60_000 },
      });
      try {
        const first = await runHook('claude', payload(), { XDG_RUNTIME_DIR: dir });
        assert.deepEqual([first.code, first.stdout], [0, ''], 'nothing to mask: no answer');
        withheld(await runHook('claude', payload(), { XDG_RUNTIME_DIR: dir }), /masks at most 1 requests and 1 MB in 60 s/);
      } finally {
        await endpoint.dispose();
      }
    });

    it('VS Code silent: withheld after the deadline (the hook process against an endpoint that never answers)', async function () {
      this.timeout(ENDPOINT_WAIT_MS + 30_000);
      const dir = path.join(runtime, 'silent', 'vaultify');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const sockets: Socket[] = [];
      const server = createServer((socket) => sockets.push(socket));
      const address = path.join(dir, 'silent.sock');
      await new Promise<void>((resolve) => server.listen(address, resolve));
      writeFileSync(
        path.join(dir, 'silent.json'),
        JSON.stringify({
          v: AGENT_PROTOCOL_VERSION,
          pid: process.pid,
          address,
          token: 'x'.repeat(64),
          folders: ['/home/dev/app'],
          startedAt: new Date().toISOString(),
        }),
        { mode: 0o600 },
      );
      try {
        withheld(
          await runHook('claude', payload(), { XDG_RUNTIME_DIR: path.dirname(dir) }),
          new RegExp(`VS Code did not answer within ${ENDPOINT_WAIT_MS / 1000} s`),
        );
      } finally {
        for (const socket of sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      }
    });
  });

  it('answers an event it does not handle with nothing', async () => {
    const never = (): never => assert.fail('no request for an event it does not handle');
    assert.deepEqual(await answerHook('claude', { hook_event_name: 'Stop' }, never, never), { exitCode: 0 });
  });
});
