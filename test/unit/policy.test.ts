import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  DRIVEN,
  GRANT_IDLE_MS,
  GRANT_MAX_MS,
  PERSON,
  type ReleaseRequest,
  approvalText,
  decide,
  defaultPolicyFor,
  effectivePolicy,
  grantExpiry,
  grantFor,
  isLive,
  normalizeEnvironment,
  promptQuote,
  touched,
} from '../../src/core/policy';

const request = (overrides: Partial<ReleaseRequest> = {}): ReleaseRequest => ({
  requester: DRIVEN,
  secrets: [{ name: 'github/token', scope: 'ws-1' }],
  channel: 'process',
  purpose: 'running a command',
  command: 'npm run deploy',
  cwd: '/repo',
  workspace: 'ws-1',
  ...overrides,
});

describe('release policy', () => {
  it('allows a person without asking, whatever the policy', () => {
    const decision = decide(request({ requester: PERSON, secrets: [{ name: 'a', scope: 'global', policy: 'person-only' }] }), [], 0);
    assert.deepEqual(decision, { kind: 'allow', reason: 'person' });
  });

  it('asks a driven release without a grant, offering once and session', () => {
    assert.deepEqual(decide(request(), [], 0), { kind: 'ask', choices: ['once', 'session'] });
  });

  it('refuses a person-only secret to a driven command and an agent, grant or not', () => {
    const secrets = [{ name: 'prod/db', scope: 'ws-1', policy: 'person-only' as const }];
    const grant = grantFor(request({ secrets }), 'session', 0, 'g1');
    for (const requester of [DRIVEN, { kind: 'agent' as const, label: 'Claude Code via MCP' }]) {
      const decision = decide(request({ requester, secrets }), [grant], 1);
      assert.equal(decision.kind, 'deny');
      assert.match((decision as { reason: string }).reason, /"prod\/db" is person only/);
    }
  });

  it('asks every time for a prod secret and offers only Allow once', () => {
    const secrets = [{ name: 'prod/db', scope: 'ws-1', environment: 'prod' }];
    const grant = grantFor(request({ secrets }), 'session', 0, 'g1');
    assert.deepEqual(decide(request({ secrets }), [grant], 1), { kind: 'ask', choices: ['once'] });
  });

  it('covers a request with a live session grant for the same requester, channel, command, folder and workspace only', () => {
    const grant = grantFor(request(), 'session', 0, 'g1');
    assert.equal(decide(request(), [grant], 1).kind, 'allow');
    for (const other of [
      request({ command: 'npm run deploy; curl x' }),
      request({ cwd: '/elsewhere' }),
      request({ workspace: 'ws-2' }),
      request({ channel: 'clipboard' }),
      request({ requester: { kind: 'driven', label: 'task: deploy' } }),
      request({
        secrets: [
          { name: 'github/token', scope: 'ws-1' },
          { name: 'npm/token', scope: 'global' },
        ],
      }),
      request({ secrets: [{ name: 'github/token', scope: 'global' }] }),
    ]) {
      assert.equal(decide(other, [grant], 1).kind, 'ask', JSON.stringify(other));
    }
  });

  it('never keeps a once grant live', () => {
    const grant = grantFor(request(), 'once', 0, 'g1');
    assert.equal(isLive(grant, 0), false);
    assert.equal(decide(request(), [grant], 0).kind, 'ask');
  });

  it('ends a session grant after 10 minutes idle, and after 12 hours however often it is used', () => {
    const grant = grantFor(request(), 'session', 0, 'g1');
    assert.equal(isLive(grant, GRANT_IDLE_MS - 1), true);
    assert.equal(isLive(grant, GRANT_IDLE_MS), false);
    let used = grant;
    for (let t = GRANT_IDLE_MS / 2; t < GRANT_MAX_MS; t += GRANT_IDLE_MS / 2) used = touched(used, t);
    assert.equal(grantExpiry(used), GRANT_MAX_MS);
    assert.equal(isLive(used, GRANT_MAX_MS), false);
  });

  it('expires at the earlier of idle and maximum, for any use pattern', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: GRANT_IDLE_MS * 2 }), { maxLength: 40 }),
        fc.integer({ min: 0, max: GRANT_MAX_MS * 2 }),
        (gaps, probe) => {
          let grant = grantFor(request(), 'session', 0, 'g');
          let t = 0;
          for (const gap of gaps) {
            t += gap;
            if (!isLive(grant, t)) break;
            grant = touched(grant, t);
          }
          const live = isLive(grant, probe);
          return live === (probe < grant.lastUsed + GRANT_IDLE_MS && probe < GRANT_MAX_MS);
        },
      ),
    );
  });

  it('never allows a driven release of a person-only secret, for any mix of secrets and grants', () => {
    const secret = fc.record({
      name: fc.constantFrom('a', 'b', 'c'),
      scope: fc.constantFrom('global', 'ws-1'),
      policy: fc.constantFrom(undefined, 'ask-once' as const, 'ask-every-time' as const, 'person-only' as const),
      environment: fc.constantFrom(undefined, 'dev', 'prod'),
    });
    fc.assert(
      fc.property(
        fc.array(secret, { minLength: 1, maxLength: 4 }),
        fc.array(fc.array(secret, { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
        (secrets, granted) => {
          const grants = granted.map((g, i) => grantFor(request({ secrets: g }), 'session', 0, `g${i}`));
          const decision = decide(request({ secrets }), grants, 1);
          const personOnly = secrets.some((s) => effectivePolicy(s.policy, s.environment) === 'person-only');
          const everyTime = secrets.some((s) => effectivePolicy(s.policy, s.environment) === 'ask-every-time');
          if (personOnly) return decision.kind === 'deny';
          if (everyTime) return decision.kind === 'ask';
          return decision.kind !== 'deny';
        },
      ),
    );
  });

  it('defaults prod to ask every time, others to ask once, and keeps a chosen policy', () => {
    assert.equal(defaultPolicyFor('prod'), 'ask-every-time');
    assert.equal(defaultPolicyFor(' Prod '), 'ask-every-time');
    assert.equal(defaultPolicyFor('staging'), 'ask-once');
    assert.equal(defaultPolicyFor(undefined), 'ask-once');
    assert.equal(effectivePolicy('ask-once', 'prod'), 'ask-once');
    assert.equal(normalizeEnvironment('  '), undefined);
    assert.equal(normalizeEnvironment(' qa '), 'qa');
  });

  it('names who asks, which secrets, what runs, where, and never a value', () => {
    const sources = new Map([['github/token', '.env']]);
    const { message, detail } = approvalText(request({ requester: { kind: 'driven', label: 'task: deploy' } }), 'shop', sources);
    assert.match(message, /^"task: deploy" asks for the secret "github\/token"$/);
    assert.match(detail, /"github\/token" \(workspace\), referenced in "\.env"/);
    assert.match(detail, /To put into the environment of: "npm run deploy"/);
    assert.match(detail, /In folder: "\/repo"/);
    assert.match(detail, /Workspace: "shop"/);
  });

  it("shows what a requester chose escaped and quoted, so that no line of it can pass for Vaultify's", () => {
    const label = 'Claude Code"\nSecrets:\n  • nothing\rWorkspace: safe\u202e\u2028\u0007\\';
    const command = 'sh ./deploy.sh\nTo: show on screen (nothing)\tx\u200b\u{e0041}';
    const { message, detail } = approvalText(
      request({ requester: { kind: 'agent', label }, command, cwd: '/repo\n/other' }),
      'shop\nWorkspace: other',
      new Map(),
    );
    assert.equal(
      message,
      '"Claude Code\\"\\nSecrets:\\n  • nothing\\rWorkspace: safe\\u202e\\u2028\\u0007\\\\" asks for the secret "github/token"',
    );
    const lines = detail.split('\n');
    assert.deepEqual(
      lines.map((l) => l.replace(/[:(].*$/, '')),
      [
        'Requester',
        'Secrets',
        '  • "github/token" ',
        'To put into the environment of',
        'In folder',
        'Workspace',
        'Allow for this session lasts until 10 minutes unused, 12 hours at most, or until you revoke it in the Vault view.',
      ],
      "one line per field, each starting with Vaultify's words",
    );
    assert.ok(
      lines.includes('To put into the environment of: "sh ./deploy.sh\\nTo: show on screen (nothing)\\tx\\u200b\\u{e0041}"'),
      detail,
    );
    assert.ok(lines.includes('In folder: "/repo\\n/other"'));
    assert.ok(lines.includes('Workspace: "shop\\nWorkspace: other"'));
    assert.ok(
      !/[\u0000-\u0009\u000b-\u001f\u007f\u200b\u202e\u2028]/u.test(detail + message),
      'no control or invisible character is shown raw',
    );
  });

  it('quotes any text so that it reads back unchanged and stays on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const quoted = promptQuote(text);
        return (
          !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(quoted) &&
          JSON.parse(
            quoted.replace(/\\u\{([0-9a-f]+)\}/g, (_, hex: string) => JSON.stringify(String.fromCodePoint(parseInt(hex, 16))).slice(1, -1)),
          ) === text
        );
      }),
    );
  });

  it('says which files changed when it asks again, and lists the files a command runs', () => {
    const files = [
      { path: 'deploy.sh', state: 'a'.repeat(64) },
      { path: 'GNUmakefile', state: 'absent' },
    ];
    const { detail } = approvalText(request({ files }), 'shop', new Map(), ['deploy.sh']);
    assert.match(detail, /^Asked again: changed since you allowed this command for the session: "deploy\.sh"$/m);
    assert.match(detail, /^Runs files: "deploy\.sh" \(a session grant covers this command only while they stay as they are\)$/m);
  });

  it('asks again, naming the file, when a file the granted command runs changed, appeared or went', () => {
    const before = [
      { path: 'deploy.sh', state: 'a'.repeat(64) },
      { path: 'Makefile', state: 'absent' },
    ];
    const grant = grantFor(request({ files: before }), 'session', 0, 'g');
    assert.equal(decide(request({ files: before }), [grant], 1).kind, 'allow');
    assert.deepEqual(decide(request({ files: [{ path: 'deploy.sh', state: 'b'.repeat(64) }, before[1]] }), [grant], 1), {
      kind: 'ask',
      choices: ['once', 'session'],
      changed: ['deploy.sh'],
    });
    assert.deepEqual(decide(request({ files: [before[0], { path: 'Makefile', state: 'c'.repeat(64) }] }), [grant], 1), {
      kind: 'ask',
      choices: ['once', 'session'],
      changed: ['Makefile'],
    });
    assert.deepEqual(decide(request({ files: [before[1]] }), [grant], 1), {
      kind: 'ask',
      choices: ['once', 'session'],
      changed: ['deploy.sh'],
    });
    assert.deepEqual(
      decide(request({ command: 'sh ./other.sh', files: before }), [grant], 1),
      { kind: 'ask', choices: ['once', 'session'] },
      'another command is simply asked',
    );
  });

  it('names the scope of each secret: workspace, team or global', () => {
    const secrets = [
      { name: 'a', scope: 'ws-1' },
      { name: 'b', scope: 'team' },
      { name: 'c', scope: 'global' },
    ];
    const { detail } = approvalText(request({ secrets }), 'shop', new Map());
    assert.match(detail, /"a" \(workspace\)[\s\S]*"b" \(team\)[\s\S]*"c" \(global\)/);
  });

  it('says per secret whether a process gets it only on the wire to its hosts or in its environment', () => {
    const secrets = [
      { name: 'gh', scope: 'ws-1', hosts: ['github.com', 'api.github.com'] },
      { name: 'db', scope: 'ws-1' },
    ];
    const { detail } = approvalText(request({ secrets }), 'shop', new Map());
    assert.match(detail, /"gh" \(workspace\): only on the wire to github\.com, api\.github\.com$/m);
    assert.match(detail, /"db" \(workspace\): in the process environment$/m);
    const reveal = approvalText(request({ secrets, channel: 'reveal', command: undefined }), 'shop', new Map()).detail;
    assert.ok(!/on the wire|process environment/.test(reveal), 'only a release to a process has a delivery');
  });
});
