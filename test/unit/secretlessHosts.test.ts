import * as assert from 'node:assert/strict';
import {
  anyEntryMatches,
  formatHostEntry,
  intersectHosts,
  secretlessEnvironment,
  kindsWithSuggestedHosts,
  narrowToAllowedHosts,
  narrowedNoProxy,
  narrowing,
  parseHostEntries,
  parseHostEntry,
  suggestedHosts,
} from '../../src/core/secretless';

const entries = (...texts: string[]) => {
  const parsed = parseHostEntries(texts);
  assert.deepEqual(parsed.errors, []);
  return parsed.entries;
};

describe('secretless host entries', () => {
  it('parses host, host:port and a one-label wildcard, and formats them back', () => {
    for (const text of [
      'api.github.com',
      'github.com:8443',
      '*.example.com',
      'localhost:8443',
      '127.0.0.1:9000',
      '[::1]:8443',
      '10.0.0.7',
    ]) {
      const parsed = parseHostEntry(text);
      assert.ok(parsed.ok, text);
      assert.equal(formatHostEntry(parsed.entry), text);
    }
    const upper = parseHostEntry(' API.GitHub.com ');
    assert.ok(upper.ok && formatHostEntry(upper.entry) === 'api.github.com');
  });

  it('refuses what is not a host, with a message that says why', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['https://api.github.com', /without a scheme or path/],
      ['api.github.com/repos', /without a scheme or path/],
      ['github.com:99999', /port outside/],
      ['github.com:abc', /no valid port/],
      ['api.*.github.com', /leading "\*\."/],
      ['*.com', /at least two labels/],
      ['*.10.0.0.1', /wildcard needs a domain/],
      ['-bad-.example.com', /not a valid host name/],
      ['localhost', /name the one port/],
      ['127.0.0.1', /name the one port/],
      ['*.localhost:80', /name the one port|two labels/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseHostEntry(text);
      assert.ok(!parsed.ok, `${text} should be refused`);
      assert.match(parsed.error, message, text);
    }
    const both = parseHostEntries(['github.com', 'nope/x', 'github.com', 'localhost']);
    assert.deepEqual(both.entries.map(formatHostEntry), ['github.com']);
    assert.equal(both.errors.length, 2);
  });

  it('matches the default ports without a port, one port with it, one label under a wildcard', () => {
    const list = entries('api.github.com', '*.example.com', 'localhost:8443');
    assert.ok(anyEntryMatches(list, 'api.github.com', 443));
    assert.ok(anyEntryMatches(list, 'API.GITHUB.COM.', 80));
    assert.ok(!anyEntryMatches(list, 'api.github.com', 8443));
    assert.ok(!anyEntryMatches(list, 'github.com', 443));
    assert.ok(!anyEntryMatches(list, 'evil-api.github.com', 443));
    assert.ok(anyEntryMatches(list, 'a.example.com', 443));
    assert.ok(!anyEntryMatches(list, 'example.com', 443));
    assert.ok(!anyEntryMatches(list, 'a.b.example.com', 443));
    assert.ok(!anyEntryMatches(list, 'a.example.com.evil.net', 443));
    assert.ok(anyEntryMatches(list, 'localhost', 8443));
    assert.ok(!anyEntryMatches(list, 'localhost', 8444));
    assert.ok(!anyEntryMatches(list, '127.0.0.1', 8443), 'a name binds that name, not its address');
  });

  it('lets a list narrow, never widen; removing every host is a widening', () => {
    const current = entries('github.com', 'api.github.com', '*.example.com');
    assert.deepEqual(narrowing(current, entries('api.github.com')), { ok: true });
    assert.deepEqual(narrowing(current, entries('api.github.com:443', 'a.example.com', '*.example.com')), { ok: true });
    assert.deepEqual(narrowing(current, entries('api.github.com:8443')), { ok: false, widened: ['api.github.com:8443'] });
    assert.deepEqual(narrowing(current, entries('uploads.github.com', 'github.com')), { ok: false, widened: ['uploads.github.com'] });
    assert.deepEqual(narrowing(entries('a.example.com'), entries('*.example.com')), { ok: false, widened: ['*.example.com'] });
    const none = narrowing(current, []);
    assert.ok(!none.ok && /process environment/.test(none.widened[0]));
    assert.deepEqual(narrowing([], entries('github.com')), { ok: false, widened: ['github.com'] });
    assert.deepEqual(narrowing([], []), { ok: true });
  });

  it("narrows a secret's hosts to a workspace's allowed hosts: wildcards for one label, default ports, never more", () => {
    const narrowed = (secret: string[], allowed: string[]) => intersectHosts(entries(...secret), entries(...allowed)).map(formatHostEntry);
    assert.deepEqual(narrowed(['github.com', 'api.github.com'], ['api.github.com']), ['api.github.com']);
    assert.deepEqual(narrowed(['*.example.com'], ['api.example.com', 'example.com', 'a.b.example.com']), ['api.example.com']);
    assert.deepEqual(narrowed(['api.example.com'], ['*.example.com']), ['api.example.com']);
    assert.deepEqual(narrowed(['*.example.com'], ['*.example.com', 'api.example.com']), ['*.example.com'], 'an entry another covers goes');
    assert.deepEqual(narrowed(['*.example.com'], ['*.other.com']), []);
    assert.deepEqual(narrowed(['api.github.com'], ['api.github.com:443']), ['api.github.com:443']);
    assert.deepEqual(narrowed(['api.github.com:443'], ['api.github.com']), ['api.github.com:443']);
    assert.deepEqual(narrowed(['api.github.com'], ['api.github.com:8443']), [], 'a port outside the defaults is no narrowing');
    assert.deepEqual(narrowed(['localhost:8443'], ['localhost:8443', 'localhost:9000']), ['localhost:8443']);
    assert.deepEqual(narrowed(['localhost:8443'], ['localhost:9000']), []);
    assert.deepEqual(narrowed(['*.example.com:8443'], ['api.example.com']), []);
    assert.deepEqual(narrowed(['*.example.com:8443'], ['api.example.com:8443']), ['api.example.com:8443']);
    // Whatever the lists, the result binds nothing the secret's own hosts do not: it is a narrowing.
    const secret = entries('github.com', '*.example.com', 'localhost:8443');
    for (const allowed of [
      ['*.github.com', 'github.com:80'],
      ['a.example.com:443', '*.example.com'],
      ['localhost:8443', 'evil.com'],
    ]) {
      const result = intersectHosts(secret, entries(...allowed));
      assert.ok(result.length > 0 && narrowing(secret, result).ok, allowed.join(', '));
    }
  });

  it('suggests vendor hosts for detected kinds, all valid and none on this machine', () => {
    assert.deepEqual(suggestedHosts('github-pat'), ['github.com', 'api.github.com']);
    assert.deepEqual(suggestedHosts('stripe-secret-key'), ['api.stripe.com']);
    for (const kind of ['openai-api-key', 'anthropic-api-key', 'gitlab-token', 'slack-bot-token', 'npm-access-token'])
      assert.ok(suggestedHosts(kind).length > 0, kind);
    assert.deepEqual(suggestedHosts('connection-string-password'), []);
    assert.deepEqual(suggestedHosts(undefined), []);
    for (const kind of kindsWithSuggestedHosts()) {
      const { entries: parsed, errors } = parseHostEntries(suggestedHosts(kind));
      assert.deepEqual(errors, [], kind);
      assert.ok(
        parsed.every((e) => !/localhost|^127\./.test(e.host)),
        kind,
      );
    }
  });

  it("builds the run environment: proxy variables in both cases, the bundle everywhere, git config after the caller's own", () => {
    const env = secretlessEnvironment({
      proxyUrl: 'http://run-1:tok@127.0.0.1:9',
      bundlePath: '/b.pem',
      hosts: entries('api.github.com', 'localhost:8443'),
      gitCredentials: [{ entry: entries('api.github.com')[0], variable: 'GH_TOKEN' }],
      base: { NO_PROXY: 'localhost,corp', GIT_CONFIG_COUNT: '2' },
    });
    for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'])
      assert.equal(env[name], 'http://run-1:tok@127.0.0.1:9', name);
    for (const name of ['SSL_CERT_FILE', 'NODE_EXTRA_CA_CERTS', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'GIT_SSL_CAINFO'])
      assert.equal(env[name], '/b.pem', name);
    assert.equal(env.NO_PROXY, 'corp');
    assert.equal(env.NODE_USE_ENV_PROXY, '1');
    assert.equal(env.GIT_CONFIG_KEY_2, 'http.proxy');
    assert.equal(env.GIT_CONFIG_KEY_3, 'http.sslCAInfo');
    assert.equal(env.GIT_CONFIG_KEY_4, 'credential.https://api.github.com.helper');
    assert.equal(env.GIT_CONFIG_VALUE_4, '', "the user's helpers are reset for a bound host");
    assert.match(env.GIT_CONFIG_VALUE_5, /\$GH_TOKEN/);
    assert.equal(env.GIT_CONFIG_COUNT, '6');
    assert.ok(!Object.values(env).some((v) => v.includes('ghp_')), 'the helper reads the variable, it holds no placeholder');
  });

  it("applies a workspace's allowed hosts to a run: bound secrets narrowed, unbound ones untouched, nothing allowed narrows nothing", () => {
    const secrets = [
      { name: 'gh/token', hosts: ['github.com', 'api.github.com'] },
      { name: 'db/password', hosts: [] },
      { name: 'npm/token' },
      { name: 'svc/key', hosts: ['localhost:8443'] },
    ];
    assert.deepEqual(narrowToAllowedHosts(secrets, []), { secrets, narrowed: [] });
    const run = narrowToAllowedHosts(secrets, ['api.github.com', 'localhost:8443']);
    assert.equal(run.refusal, undefined);
    assert.deepEqual(run.secrets, [
      { name: 'gh/token', hosts: ['api.github.com'] },
      { name: 'db/password', hosts: [] },
      { name: 'npm/token' },
      { name: 'svc/key', hosts: ['localhost:8443'] },
    ]);
    assert.deepEqual(run.narrowed, [{ name: 'gh/token', hosts: ['api.github.com'] }], 'only a secret whose hosts changed is named');
  });

  it('refuses a run when a bound secret has no host left, naming each such secret and the setting, never widening', () => {
    const secrets = [{ name: 'gh/token', hosts: ['github.com'] }, { name: 'svc/key', hosts: ['localhost:8443'] }, { name: 'db/password' }];
    const one = narrowToAllowedHosts(secrets, ['github.com', 'api.stripe.com']);
    assert.equal(one.refusal?.reason, '"svc/key" is bound only to hosts outside "vaultify.secretless.allowedHosts" of this workspace');
    assert.equal(
      one.refusal?.message,
      `${one.refusal?.reason} (github.com, api.stripe.com), so it is not released for this run. A workspace can narrow a secret's hosts, never widen them. Nothing was released.`,
    );
    assert.deepEqual(one.secrets[1], { name: 'svc/key', hosts: [] }, 'left with no host, never with none meaning the environment');
    const both = narrowToAllowedHosts(secrets, ['example.com']);
    assert.match(both.refusal?.message ?? '', /^"gh\/token", "svc\/key" are bound only to hosts outside .* so they are not released/);
  });

  it('takes the bound hosts out of NO_PROXY, and only those', () => {
    const bound = entries('api.github.com', 'localhost:8443', '*.example.com');
    assert.equal(narrowedNoProxy('localhost,127.0.0.1,.github.com,internal.corp,*,example.com,b.example.com,::1', bound), 'internal.corp');
    assert.equal(narrowedNoProxy(undefined, bound), '');
    assert.equal(narrowedNoProxy('gitlab.com, .corp', entries('github.com')), 'gitlab.com,.corp');
  });
});
