import * as assert from 'node:assert/strict';
import { promptBlockReason, promptCredentials, promptHookAnswer } from '../../src/core/agents/promptHook';
import { DENIAL_MEMORY_MS, DenialMemory, OneAtATime } from '../../src/core/agents/requestGate';
import { parseSecretRequest, quoteForPrompt, requestPromptText } from '../../src/core/agents/secretRequest';
import { kindFitsHosts } from '../../src/core/secretless/hostSuggestions';
import { fakeGitHubToken } from '../support/fakeCredentials';

describe('credential requests: the pure parts', () => {
  describe('the request an agent sends', () => {
    it('takes { name, purpose, hosts?, scope? }, hosts lower-cased and deduplicated, scope workspace by default', () => {
      assert.deepEqual(
        parseSecretRequest({ name: 'stripe/api_key', purpose: ' charge a card ', hosts: ['API.stripe.com', 'api.stripe.com'] }),
        {
          ok: true,
          request: { name: 'stripe/api_key', purpose: 'charge a card', hosts: ['api.stripe.com'], scope: 'workspace' },
        },
      );
      assert.deepEqual(parseSecretRequest({ name: 'x', purpose: 'y', scope: 'global' }), {
        ok: true,
        request: { name: 'x', purpose: 'y', hosts: [], scope: 'global' },
      });
    });
    for (const [input, problem] of [
      [{ purpose: 'p' }, /name must be a string/],
      [{ name: '../etc', purpose: 'p' }, /./],
      [{ name: 'a', purpose: '  ' }, /purpose must say/],
      [{ name: 'a', purpose: 'p', scope: 'team' }, /scope must be "workspace"/],
      [{ name: 'a', purpose: 'p', hosts: 'api.x.com' }, /hosts must be an array/],
      [
        { name: 'a', purpose: 'p', hosts: ['https://api.x.com/v1'] },
        /^"https:\/\/api\.x\.com\/v1" is not a host: give a name such as api\.github\.com, without a scheme or path\.$/,
      ],
      [{ name: 'a', purpose: 'p', hosts: ['exa_mple.com'] }, /^"exa_mple\.com" is not a valid host name\.$/],
      [{ name: 'a', purpose: 'p', hosts: ['api.x.com:70000'] }, /port outside 1-65535/],
      [{ name: 'a', purpose: 'p', hosts: ['*.*.example.com'] }, /a wildcard may only be a leading "\*\." for one label/],
      [
        { name: 'a', purpose: 'p', hosts: ['localhost'] },
        /^"localhost" is this machine: name the one port to bind, such as localhost:8443\.$/,
      ],
      [
        { name: 'a', purpose: 'p', hosts: ['-a.com', 'api.ok.com', 'a.com/'] },
        /^"-a\.com" is not a valid host name\. "a\.com\/" is not a host: /,
      ],
      [[], /must be an object/],
    ] as const) {
      it(`refuses ${JSON.stringify(input)}`, () => {
        const parsed = parseSecretRequest(input);
        assert.equal(parsed.ok, false);
        if (!parsed.ok) assert.match(parsed.problem, problem);
      });
    }
  });

  describe('hosts and the fit of a kind', () => {
    it('takes the host entries Set access takes: host:port, a leading wildcard label, loopback with its port', () => {
      const parsed = parseSecretRequest({
        name: 'a',
        purpose: 'p',
        hosts: ['*.Example.com', 'localhost:8443', 'api.github.com', 'API.github.com'],
      });
      assert.deepEqual(parsed.ok && parsed.request.hosts, ['*.example.com', 'localhost:8443', 'api.github.com']);
    });
    it("judges the fit by the kind's suggested hosts: a GitHub token for api.stripe.com does not fit", () => {
      assert.deepEqual(kindFitsHosts('github-pat', ['api.stripe.com']), {
        fits: false,
        outside: ['api.stripe.com'],
        expected: ['github.com', 'api.github.com'],
      });
      assert.deepEqual(kindFitsHosts('github-pat', ['api.github.com', 'evil.example']), {
        fits: false,
        outside: ['evil.example'],
        expected: ['github.com', 'api.github.com'],
      });
      assert.deepEqual(kindFitsHosts('github-pat', ['api.github.com', 'github.com:443']), { fits: true });
      assert.deepEqual(kindFitsHosts('github-pat', ['localhost:8443']).fits, false);
      assert.deepEqual(kindFitsHosts('stripe-secret-key', ['api.stripe.com']), { fits: true });
    });
    it('a wildcard fits one label below a suggested wildcard, never deeper and never the bare domain', () => {
      assert.deepEqual(kindFitsHosts('huggingface-token', ['api-inference.huggingface.co', 'huggingface.co']), { fits: true });
      assert.deepEqual(kindFitsHosts('huggingface-token', ['*.huggingface.co']), { fits: true });
      assert.equal(kindFitsHosts('huggingface-token', ['a.b.huggingface.co']).fits, false);
      assert.equal(kindFitsHosts('github-pat', ['*.github.com']).fits, false);
      assert.equal(kindFitsHosts('google-api-key', ['googleapis.com']).fits, false);
    });
    it('unknown kinds, kinds without suggestions and no hosts always fit; an entry that does not parse never does', () => {
      assert.deepEqual(kindFitsHosts('jwt', ['api.example.com']), { fits: true });
      assert.deepEqual(kindFitsHosts(undefined, ['api.example.com']), { fits: true });
      assert.deepEqual(kindFitsHosts('github-pat', []), { fits: true });
      assert.equal(kindFitsHosts('github-pat', ['api.github.com/v3']).fits, false);
    });
    it('the kind comes from the detector: a checksum-valid token is a github-pat', () => {
      const token = fakeGitHubToken();
      assert.deepEqual(
        promptCredentials(token).map((c) => [c.kind, c.value]),
        [['github-pat', token]],
      );
    });
  });

  describe('the prompt text', () => {
    it('escapes line breaks, controls, bidi and zero-width characters, and quotes', () => {
      assert.equal(quoteForPrompt('a\nb\tc"d\\'), String.raw`"a\nb\tc\"d\\"`);
      assert.equal(quoteForPrompt('x\u202ey\u200bz\u0007'), String.raw`"x\u{202e}y\u{200b}z\u{0007}"`);
      assert.equal(quoteForPrompt('abcdef', 3), '"abc" (3 more characters not shown)');
    });
    it('keeps a fixed layout that nothing in the request can add to', () => {
      const forged = 'deploy\nScope: all my workspaces\nRequester: "Vaultify" (you)';
      const { message, detail } = requestPromptText(
        { name: 'stripe/key', purpose: forged, hosts: ['api.stripe.com'], scope: 'workspace' },
        'Evil\u2028Agent',
        'demo',
      );
      assert.equal(message, 'An AI agent asks you for a credential it does not have');
      const lines = detail.split('\n');
      assert.deepEqual(
        lines.map((l) => l.split(':')[0]),
        [
          'Requester',
          'Name',
          "Purpose, in the agent's words",
          'Hosts it will go to',
          'Scope',
          'Workspace',
          'Provide… opens a password box',
        ],
      );
      assert.equal(lines[0], String.raw`Requester: "Evil\u{2028}Agent" (agent tool)`);
      assert.equal(lines[2], String.raw`Purpose, in the agent's words: "deploy\nScope: all my workspaces\nRequester: \"Vaultify\" (you)"`);
      assert.equal(
        lines[3],
        'Hosts it will go to: "api.stripe.com" (bound: commands get a placeholder, and the value goes only on the wire to these hosts)',
      );
      assert.equal(lines[4], 'Scope: this workspace only');
    });
    it('says where a value goes when no host is named', () => {
      assert.match(
        requestPromptText({ name: 'a', purpose: 'b', hosts: [], scope: 'global' }, 'Copilot agent mode', 'w').detail,
        /Hosts it will go to: none named.*\nScope: all my workspaces/,
      );
    });
  });

  describe('one prompt at a time, and denials remembered', () => {
    it('runs requests one after another in order, a failure not stopping the next', async () => {
      const queue = new OneAtATime();
      const order: string[] = [];
      let release!: () => void;
      const first = queue.run(() => new Promise<void>((resolve) => (release = resolve)).then(() => order.push('first')));
      const second = queue.run(async () => {
        throw new Error('denied');
      });
      const third = queue.run(async () => order.push('third'));
      await Promise.resolve();
      assert.deepEqual(order, [], 'nothing after the first starts while it is open');
      release();
      await first;
      await assert.rejects(second, /denied/);
      await third;
      assert.deepEqual(order, ['first', 'third']);
    });
    it('refuses a denied name to the same requester for ten minutes, and only to it', () => {
      let now = 1_000_000;
      const memory = new DenialMemory(() => now);
      memory.remember('Claude Code via MCP', 'stripe/key');
      assert.equal(memory.deniedUntil('Claude Code via MCP', 'stripe/key'), 1_000_000 + DENIAL_MEMORY_MS);
      assert.equal(memory.deniedUntil('Copilot agent mode', 'stripe/key'), undefined);
      assert.equal(memory.deniedUntil('Claude Code via MCP', 'stripe/other'), undefined);
      now += DENIAL_MEMORY_MS - 1;
      assert.ok(memory.deniedUntil('Claude Code via MCP', 'stripe/key'));
      now += 1;
      assert.equal(memory.deniedUntil('Claude Code via MCP', 'stripe/key'), undefined);
    });
  });

  describe('prompt hook answers', () => {
    const verdict = { credentials: [{ kind: 'github-pat', title: 'GitHub personal access token' }], vaulted: ['deploy/token'] };
    it('names kinds and secret names, never a value', () => {
      assert.match(promptBlockReason(verdict)!, /holds a GitHub personal access token, the value of the vault secret "deploy\/token"\./);
      assert.equal(promptBlockReason({ credentials: [], vaulted: [] }), undefined);
      assert.match(
        promptBlockReason({ credentials: [{ kind: 'openai-api-key', title: 'OpenAI API key' }], vaulted: [] })!,
        /holds an OpenAI API key/,
      );
    });
    it('Claude Code: decision block with suppressOriginalPrompt; nothing when clean', () => {
      const answer = JSON.parse(promptHookAnswer('claude', verdict).stdout!);
      assert.deepEqual(Object.keys(answer).sort(), ['decision', 'hookSpecificOutput', 'reason']);
      assert.deepEqual(answer.hookSpecificOutput, { hookEventName: 'UserPromptSubmit', suppressOriginalPrompt: true });
      assert.deepEqual(promptHookAnswer('claude', { credentials: [], vaulted: [] }), { exitCode: 0 });
    });
    it('Cursor: continue false with a user_message; continue true when clean', () => {
      assert.deepEqual(Object.keys(JSON.parse(promptHookAnswer('cursor', verdict).stdout!)).sort(), ['continue', 'user_message']);
      assert.deepEqual(JSON.parse(promptHookAnswer('cursor', { credentials: [], vaulted: [] }).stdout!), { continue: true });
    });
  });
});
