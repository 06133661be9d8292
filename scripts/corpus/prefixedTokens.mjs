// Positives and traps for the prefixed tokens of src/core/detect/rules/prefixedTokens.ts, other
// managers' references in the scheme-prefixed forms their tools accept, public SDK keys, and the
// passwords of generic.ts's SQL and argument rules.
// Each rule has a positive (its vendor's documented shape) and a trap (a look-alike that is no
// credential: a public key, a placeholder, the prefix inside a longer word).
import {
  B62,
  HEX,
  LOWER,
  LOWER_ALNUM,
  UPPER_ALNUM,
  URLSAFE,
  UPHEX,
  b64,
  b64url,
  keys,
  password,
  publicKeys,
  urlPassword,
  uuid,
} from './credentials.mjs';
import { envLines, formats, inline, jsonLines, sec, yamlLines } from './documents.mjs';

const E = (key, kind, value) => ({ key, value: sec(kind, value) });
const B64 = B62 + '+/';
/** An NTLM authenticate message (type 3) in base64, as a proxy's `Authorization: NTLM …` holds it. */
const ntlmAuthenticate = (r) => Buffer.concat([Buffer.from('NTLMSSP\0\x03\0\0\0', 'latin1'), Buffer.from(r.bytes(72))]).toString('base64');

/**
 * One generator per rule: the key it is usually set under, its kind and a value of its shape.
 * @type {[string, string, (r: ReturnType<typeof import('./credentials.mjs').makeRng>) => string][]}
 */
const TOKENS = [
  ['POSTHOG_PERSONAL_API_KEY', 'posthog-personal-api-key', (r) => 'phx_' + r.chars(43, B62)],
  ['POSTHOG_PROJECT_SECRET', 'posthog-secret-api-key', (r) => 'phs_' + r.chars(47, B62)],
  ['CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', (r) => 'cfat_' + r.chars(45, B62)],
  ['CLOUDFLARE_API_KEY', 'cloudflare-api-key', (r) => 'cfk_' + r.chars(45, B62)],
  ['PLANETSCALE_SERVICE_TOKEN', 'planetscale-token', (r) => 'pscale_tkn_' + r.chars(43, B62)],
  ['DATABASE_PASSWORD', 'planetscale-token', (r) => 'pscale_pw_' + r.chars(43, B62)],
  ['POSTMAN_API_KEY', 'postman-api-key', (r) => `PMAK-${r.chars(24, HEX)}-${r.chars(34, HEX)}`],
  ['LLAMA_CLOUD_API_KEY', 'llamacloud-api-key', (r) => 'llx-' + r.chars(48, URLSAFE)],
  ['CLOJARS_DEPLOY_TOKEN', 'clojars-deploy-token', (r) => 'CLOJARS_' + r.chars(60, HEX)],
  ['DT_API_TOKEN', 'dynatrace-token', (r) => `dt0c01.${r.chars(24, UPPER_ALNUM)}.${r.chars(64, UPPER_ALNUM)}`],
  ['SWARM_JOIN_TOKEN', 'docker-swarm-join-token', (r) => `SWMTKN-1-${r.chars(50, LOWER_ALNUM)}-${r.chars(25, LOWER_ALNUM)}`],
  ['SWARM_UNLOCK_KEY', 'docker-swarm-unlock-key', (r) => 'SWMKEY-1-' + r.chars(43, B64)],
  ['DN_API_KEY', 'defined-networking-api-key', (r) => `dnkey-${r.chars(26, UPPER_ALNUM)}-${r.chars(52, UPPER_ALNUM)}`],
  ['AKAMAI_ACCESS_TOKEN', 'akamai-edgegrid-token', (r) => `akab-${r.chars(16, LOWER_ALNUM)}-${r.chars(16, LOWER_ALNUM)}`],
  ['SONAR_TOKEN', 'sonarqube-token', (r) => 'squ_' + r.chars(40, HEX)],
  ['BITBUCKET_TOKEN', 'bitbucket-dc-token', (r) => 'BBDC-' + r.chars(44, B64)],
  ['MAILGUN_API_KEY', 'mailgun-api-key', (r) => 'key-' + r.chars(32, HEX)],
  ['DEEPSEEK_API_KEY', 'deepseek-api-key', (r) => 'sk-' + r.chars(32, HEX)],
  ['AWS_BEARER_TOKEN_BEDROCK', 'aws-bedrock-api-key', (r) => 'ABSK' + b64(r.bytes(96))],
  ['GOOGLE_REFRESH_TOKEN', 'google-oauth-refresh-token', (r) => '1//0' + r.chars(99, URLSAFE)],
  ['INSTAGRAM_ACCESS_TOKEN', 'instagram-access-token', (r) => 'IGQV' + r.chars(160, URLSAFE)],
  ['DROPBOX_ACCESS_TOKEN', 'dropbox-access-token', (r) => 'sl.' + r.chars(138, URLSAFE)],
  ['TOGETHER_API_KEY', 'together-api-key', (r) => 'tgp_v1_' + r.chars(43, URLSAFE)],
  ['TAVILY_API_KEY', 'tavily-api-key', (r) => 'tvly-' + r.chars(32, B62)],
  ['SUPABASE_ACCESS_TOKEN', 'supabase-access-token', (r) => 'sbp_' + r.chars(40, HEX)],
  ['COSMO_API_KEY', 'wundergraph-api-key', (r) => 'cosmo_' + r.chars(32, HEX)],
  ['NATS_NKEY_SEED', 'nats-nkey-seed', (r) => 'SU' + r.chars(56, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567')],
  ['NEW_RELIC_BROWSER_KEY', 'newrelic-browser-key', (r) => 'NRBR-' + r.chars(19, HEX)],
  ['NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', (r) => 'eu01x' + r.chars(31, HEX) + 'NRAL'],
  [
    'MWS_AUTH_TOKEN',
    'amazon-mws-auth-token',
    (r) => `amzn.mws.${r.chars(8, HEX)}-${r.chars(4, HEX)}-${r.chars(4, HEX)}-${r.chars(4, HEX)}-${r.chars(12, HEX)}`,
  ],
  ['PROXY_AUTHORIZATION', 'ntlm-authenticate-message', (r) => ntlmAuthenticate(r)],
  ['TWITTER_BEARER_TOKEN', 'x-bearer-token', (r) => 'A'.repeat(22) + r.chars(8, B62) + '%2B' + r.chars(90, B62)],
  ['DROPBOX_TOKEN', 'dropbox-access-token', (r) => 'Px' + r.chars(9, B62) + 'A'.repeat(10) + 'a1B' + r.chars(40, URLSAFE)],
  ['GITLAB_COOKIE', 'gitlab-session-cookie', (r) => '_gitlab_session=' + r.chars(32, HEX)],
  ['STORAGE', 'azure-storage-account-key', (r) => r.chars(52, B64) + 'JQQJ99' + r.chars(28, B64) + '=='],
  ['GOOGLE_ACCESS_TOKEN', 'google-oauth-token', (r) => 'ya29.' + r.chars(44, URLSAFE)],
  [
    'OP_SERVICE_ACCOUNT_TOKEN',
    'onepassword-service-account-token',
    (r) =>
      'ops_' +
      b64url(
        JSON.stringify({
          signInAddress: 'my.1password.com',
          userAuth: { salt: r.chars(22, URLSAFE) },
          email: r.chars(12, LOWER) + '@1passwordserviceaccounts.com',
          srpX: r.chars(64, HEX),
          muk: { k: r.chars(43, URLSAFE) },
        }),
      ),
  ],
  ['SLACK_USER_TOKEN', 'slack-rotating-token', (r) => 'xoxp-1-' + r.chars(152, B62)],
];
const CHUNK = 6;
const CHUNKS = Array.from({ length: Math.ceil(TOKENS.length / CHUNK) }, (_, i) => TOKENS.slice(i * CHUNK, (i + 1) * CHUNK));
const RENDER = [formats.env, formats.yaml, formats.json, formats.envrc];

/** A Google OAuth client id, public on its own: what tells a prefixless client secret beside it apart. */
const googleClientId = (r) => `${r.chars(12, '0123456789')}-${r.chars(32, LOWER_ALNUM)}.apps.googleusercontent.com`;
/** An Alibaba Cloud AccessKey id, public on its own. */
const alibabaKeyId = (r) => 'LTAI' + r.chars(20, B62);
const mixedSecret = (r, n) => r.chars(n - 3, B62) + r.pick(['a', 'q']) + r.pick(['Z', 'K']) + r.pick(['4', '7']);

export const PREFIXED_TOKEN_FAMILIES = [
  {
    family: 'prefixed-tokens',
    group: 'app',
    make: (r, i) => CHUNKS[i].map(([key, kind, make]) => E(key, kind, make(r))),
    formats: CHUNKS.map((_, i) => RENDER[i % RENDER.length]),
  },
  {
    family: 'prefixed-tokens-in-code',
    group: 'app',
    make: (r, i) =>
      [
        [E('t', 'mailgun-api-key', `${r.chars(32, HEX)}-${r.chars(8, HEX)}-${r.chars(8, HEX)}`)],
        [E('t', 'dropbox-access-token', 'sl.' + r.chars(140, URLSAFE))],
        [E('t', 'deepseek-api-key', 'sk-' + r.chars(32, HEX))],
      ][i],
    formats: [
      inline('src/mail.ts', () => [
        "import formData from 'form-data';",
        "import Mailgun from 'mailgun.js';",
        '',
        "const mailgun = new Mailgun(formData).client({ username: 'api', key: '@@' });",
      ]),
      inline('scripts/backup.py', () => ['import dropbox', '', 'dbx = dropbox.Dropbox("@@")', 'dbx.files_upload(data, "/backup.tar.gz")']),
      // A key printed in colour by a terminal: the escape code ends in a letter right before the prefix.
      inline('logs/setup.log', () => ['Checking the API key...', 'key: \x1b[93m@@\x1b[0m', 'ok']),
    ],
  },
  {
    // Values with no key that names them: a pair's public half beside them, an encoding, a lookup's fallback, a URL's login.
    family: 'paired-and-encoded',
    group: 'app',
    make: (r, i) =>
      [
        [E('s', 'alibaba-access-key-secret', mixedSecret(r, 30))],
        [E('s', 'google-oauth-client-secret', mixedSecret(r, 24))],
        [E('k', 'private-key', b64(keys.rsaPkcs1(r).join('\n') + '\n'))],
        [E('p', 'generic-password', password(r)), E('t', 'generic-token', r.chars(32, B62)), E('s', 'generic-secret', password(r))],
        [E('k', 'jwk-private-key', b64url(r.bytes(32)))],
        [E('p', 'smtp-url', urlPassword(r))],
        [E('s', 'square-oauth-secret', 'sq0csp-' + r.chars(43, URLSAFE))],
      ][i],
    formats: [
      inline('scripts/upload.py', (ctx, r) => [
        'import oss2',
        '',
        `auth = oss2.Auth("${alibabaKeyId(r)}", "@@")`,
        `bucket = oss2.Bucket(auth, "https://oss-cn-hangzhou.aliyuncs.com", "${ctx.svc}-assets")`,
      ]),
      inline('src/oauth_client.py', (ctx, r) => ['# Desktop OAuth client', `CLIENT = ("${googleClientId(r)}",`, '          "@@")']),
      inline('deploy/install-cert.sh', (ctx) => ['#!/bin/sh', 'set -eu', `echo '@@' | base64 -d > /etc/ssl/private/${ctx.svc}.key`]),
      inline('src/settings.py', () => [
        'import os',
        '',
        'DB_PASSWORD = os.getenv("DB_PASSWORD", "@@")',
        'API_TOKEN = os.environ.get("API_TOKEN") or "@@"',
        'const signing = process.env.SIGNING_SECRET ?? "@@";',
      ]),
      inline('config/jwks.json', () => ['{"keys": [', '  {"kty": "oct", "kid": "example-hmac-1", "alg": "HS256", "k": "@@"}', ']}']),
      inline('.env.mail', (ctx) => [`SMTP_URL=smtps://alerts@${ctx.domain}:@@@smtp.${ctx.domain}:465`]),
      inline('logs/deploy.log', () => ['Square app configured', 'secret: \x1b[94m@@\x1b[0m', 'done']),
    ],
  },
];

/** Look-alikes: public SDK keys, placeholders, prefixes inside longer words, other managers' references. */
export const PREFIXED_TOKEN_TRAPS = [
  // The public halves alone, and look-alikes beside them: a slug, a certificate, a placeholder.
  (r, c) => ({
    file: 'scripts/oss_config.py',
    lines: [
      `ACCESS_KEY_ID = "${alibabaKeyId(r)}"  # the secret is in the vault`,
      `BUCKET = "${c.svc}-assets-${r.chars(30 - c.svc.length - 8, LOWER)}"`,
    ],
  }),
  (r, c) => ({
    file: 'src/oauth_public.py',
    lines: [`CLIENT_ID = "${googleClientId(r)}"`, `PROJECT = "${(c.svc + '-project-' + r.chars(24, LOWER)).slice(0, 24)}"`],
  }),
  (r, c) => ({
    file: 'deploy/tls.yaml',
    lines: yamlLines({ data: { 'tls.crt': b64(publicKeys.certificate(r, c.domain, c.svc).join('\n') + '\n') } }),
  }),
  (r, c) => ({
    file: 'src/defaults.py',
    lines: [
      'import os',
      '',
      'DB_PASSWORD = os.getenv("DB_PASSWORD", "")',
      'LOG_LEVEL = os.getenv("LOG_LEVEL", "debug-verbose-mode")',
      'API_TOKEN = os.environ.get("API_TOKEN") or "your-api-token-here"',
      'const secret = process.env.SESSION_SECRET || "changeme";',
      'PASSWORD_MIN_LENGTH = int(os.getenv("PASSWORD_MIN_LENGTH", "12"))',
    ],
  }),
  (r, c) => ({
    file: 'docs/remotes.md',
    lines: [
      `Clone over SSH: \`ssh://git@git.${c.domain}:22/${c.svc}.git\``,
      `Mail goes through \`smtps://alerts@${c.domain}:\${SMTP_PASSWORD}@smtp.${c.domain}:465\``,
      'A 1Password service account token starts `ops_eyJ…`; never paste one here.',
      'Slack user tokens look like `xoxp-1-…`.',
    ],
  }),
  (r, c) => ({
    file: 'src/analytics.ts',
    lines: [
      "import posthog from 'posthog-js';",
      '',
      `posthog.init('phc_${r.chars(43, B62)}', { api_host: 'https://eu.i.posthog.com' });`,
      `export const DD_CLIENT_TOKEN = 'pub${r.chars(32, HEX)}';`,
    ],
  }),
  (r, c) => ({
    file: '.env.production',
    lines: envLines([
      ['NEXT_PUBLIC_POSTHOG_KEY', 'phc_' + r.chars(43, B62)],
      ['NEXT_PUBLIC_MAPBOX_TOKEN', `pk.eyJ1Ijoi${r.chars(24, URLSAFE)}.${r.chars(22, URLSAFE)}`],
      ['NEXT_PUBLIC_STATSIG_CLIENT_KEY', 'client-' + r.chars(43, B62)],
      ['GROWTHBOOK_CLIENT_KEY', 'sdk-' + r.chars(16, B62)],
    ]),
  }),
  (r, c) => ({
    file: 'docs/tokens.md',
    lines: [
      'Token formats we accept:',
      '',
      '- Cloudflare: `cfat_…` (API token), `cfk_…` (global key)',
      '- PlanetScale: `pscale_tkn_<id>` and `pscale_pw_<password>`',
      '- Postman: `PMAK-xxxxxxxxxxxxxxxxxxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx`',
      '- Swarm: `SWMTKN-1-<secret>`',
    ],
  }),
  (r, c) => ({
    file: 'src/jobs.ts',
    lines: [
      `export const cacheKey = 'cache-key-${r.chars(32, HEX)}';`,
      `export const taskId = 'task-${r.chars(32, HEX)}';`,
      `export const mask = 'disk-${r.chars(32, HEX)}';`,
    ],
  }),
  (r, c) => ({
    file: 'config/application.properties',
    lines: [
      'spring.datasource.password=${sm://db-password}',
      `spring.config.import=sm@${c.svc}-config`,
      'app.stripe.secret-key=aws-secretsmanager:/secrets/prod/stripe-secret-key',
      'app.api.token=aws-parameterstore:/config/app/api-token',
    ],
  }),
  (r, c) => ({
    file: '.env.deploy',
    lines: envLines([
      ['DB_PASSWORD', `gcp:secretmanager:projects/${c.svc}-prod/secrets/db-password/versions/latest`],
      ['STRIPE_SECRET_KEY', `secretsmanager:prod/${c.svc}/stripe-secret-key`],
      ['API_TOKEN', `berglas://${c.svc}-secrets/api-token`],
      ['SENTRY_AUTH_TOKEN', `akv://${c.svc}-kv/sentry-auth-token`],
    ]),
  }),
  (r, c) => ({
    file: 'deploy/secrets.yaml',
    lines: yamlLines({
      secrets: {
        db_password: `azure:keyvault:${c.svc}-kv/db-password`,
        api_key: `ssm:/${c.svc}/prod/api-key`,
        token: `doppler://${c.svc}/prd/API_TOKEN`,
        signing_secret: `infisical://${c.svc}/prod/SIGNING_SECRET`,
      },
    }),
  }),
  (r, c) => ({
    file: '.env.sample',
    lines: envLines([
      ['SONAR_TOKEN', 'sqp_abcdef' + r.chars(30, HEX)],
      ['POSTMAN_API_KEY', `PMAK-123456789abcdef${r.chars(8, HEX)}-${r.chars(34, HEX)}`],
      ['DEEPSEEK_API_KEY', 'sk-' + r.chars(26, HEX) + '654321'],
      ['CLOUDFLARE_API_TOKEN', 'cfat_' + r.chars(39, B62) + 'abcdef'],
      ['SUPABASE_ACCESS_TOKEN', 'sbp_' + r.chars(34, HEX) + 'abcdef'],
      ['TAVILY_API_KEY', 'tvly-dev-' + r.chars(26, B62) + '012345'],
      ['NATS_SEED_HELP', 'SU' + 'A'.repeat(56)],
      ['STORAGE_KEY_FORMAT', 'o'.repeat(52) + 'JQQJ99' + 'A'.repeat(28) + '=='],
      ['NTLM_NEGOTIATE', Buffer.concat([Buffer.from('NTLMSSP\0\x01\0\0\0', 'latin1'), Buffer.from(r.bytes(32))]).toString('base64')],
      ['BLOB', 'abcdefghijk' + 'A'.repeat(10) + 'a'.repeat(43)],
      ['SESSION_COOKIE_NAME', '_gitlab_session'],
    ]),
  }),
  (r, c) => ({
    file: 'src/defaults.c',
    lines: [
      '#define PASSWORD_SEED 0x0dead1beef7cafe2',
      'static const char password[] = {0x48, 0x65, 0x6C, 0x6C, 0x30};',
      `const unsigned pass_mask = 0x${r.chars(16, HEX)};`,
    ],
  }),
  (r, c) => ({
    file: 'web/logo.html',
    lines: [
      '<!doctype html>',
      `<img alt="logo" src="data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA${r.chars(60, B62)}ATATT3xFfGF0${r.chars(180, B62 + '+/')}=">`,
    ],
  }),
  (r, c) => ({
    file: 'fixtures/archive.uue',
    lines: ['begin 644 data.bin', 'M[@%]PW:2Z.Q?2M^S;`4G?E0C.@V&?0KY]]"H3Y@6$#I4V*R^"+B,2P6`A)UL', '`', 'end'],
  }),
  (r, c) => ({
    file: 'appsettings.json',
    lines: jsonLines({
      Stripe: { SecretKey: `@Microsoft.AppConfiguration(Endpoint=https://${c.svc}.azconfig.io; Key=stripe-secret)` },
      ApiToken: `bws://${uuid(r)}`,
    }),
  }),
];

/** Passwords set by SQL, passed as arguments or defined as macros, and abbreviated key names. */
export const ARGUMENT_PASSWORD_FAMILIES = [
  {
    family: 'argument-passwords',
    group: 'db',
    make: (r, i) => [
      ...Array.from({ length: [3, 3, 4, 4, 4, 1, 1][i] }, () => E('p', 'generic-password', password(r))),
      ...(i === 4 ? [E('k', 'generic-api-key', r.chars(24, B62))] : []),
      // Letters and digits only: read as a bare word, yet inside the quotes of `"user:…"`.
      ...(i === 2 ? [E('p', 'generic-password', 'Px' + r.chars(10, B62) + '7')] : []),
    ],
    formats: [
      inline('db/migrations/0007_users.sql', (ctx) => [
        `CREATE USER '${ctx.svc}'@'%' IDENTIFIED BY '@@';`,
        `CREATE ROLE ${ctx.svc.replace(/-/g, '_')}_ro WITH LOGIN ENCRYPTED PASSWORD '@@';`,
        `ALTER USER 'report'@'10.0.%' IDENTIFIED WITH caching_sha2_password BY '@@';`,
        `GRANT SELECT ON ${ctx.svc.replace(/-/g, '_')}.* TO 'report'@'10.0.%';`,
      ]),
      inline('scripts/Deploy.ps1', (ctx) => [
        `Invoke-Migration -Server 'db.${ctx.domain}' -password '@@'`,
        `$secure = ConvertTo-SecureString '@@' -AsPlainText -Force`,
        `New-LocalUser -Name '${ctx.svc}' -Password $secure`,
        `Connect-Server -Server 'db.${ctx.domain}' -User deploy -Password '@@'`,
      ]),
      inline('src/upload.c', () => [
        '#include <curl/curl.h>',
        '#define password "@@"',
        '#define API_TOKEN "@@"',
        '',
        'curl_easy_setopt(curl, CURLOPT_USERPWD, "backup:@@");',
        'curl_easy_setopt(curl, CURLOPT_PROXYPASSWORD, "@@");',
        'curl_easy_setopt(curl, CURLOPT_PROXYUSERPWD, "proxy:@@");',
      ]),
      inline('.env.local', () => ['DB_USER=app', 'DB_PSWD=@@', 'ADMIN_PW=@@', 'BACKUP_PASWRD=@@', 'MYSQLPASS=@@']),
      // Credentials written in prose, as hand-over notes and tickets hold them.
      inline('docs/handover.md', (ctx) => [
        `# Hand-over: ${ctx.svc}`,
        '',
        'Staging box 10.20.0.15(ID/PW:@@)',
        'Admin console ID:admin/PW:@@ (rotate monthly)',
        'Backup account ID/Password=backup/@@',
        'password for deploy: @@',
        'Secret Key: @@',
      ]),
      // A literal compared with, and a value HTML-escaped into an attribute.
      inline('src/admin.js', () => ['export function unlock(password) {', '  if (password !== "@@") return false;', '  return true;', '}']),
      inline('web/drawio/login.svg', () => [
        '<svg xmlns="http://www.w3.org/2000/svg">',
        '  <text data-label="admin password=&quot;@@&quot;">login</text>',
        '</svg>',
      ]),
    ],
  },
];

const LETTERS = B62.slice(10);
/** Letters and digits alternating, as a generator of upper-case passwords makes them: two classes, no word. */
const interleaved = (r) => Array.from({ length: 6 }, () => r.chars(1, UPPER_ALNUM.slice(10)) + r.chars(1, '23456789')).join('');
/** A generated key in a UUID's layout whose version (f) and variant (e) digits no UUID has. */
const uuidLayoutKey = (r) => {
  const h = r.chars(32, HEX);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-f${h.slice(13, 16)}-e${h.slice(17, 20)}-${h.slice(20)}`;
};

/** An EC P-256 JSON Web Key, with its private member `d` or without (the public key). */
const ecJwk = (r, withPrivate) => ({
  kty: 'EC',
  crv: 'P-256',
  kid: r.chars(12, LOWER_ALNUM),
  x: b64url(r.bytes(32)),
  y: b64url(r.bytes(32)),
  ...(withPrivate ? { d: b64url(r.bytes(32)) } : {}),
});

/**
 * Key spellings the generic rule reads beyond its key words: a one-letter slip (`passwrod`), Go's
 * single-dash long flags, a bare `key` or `…_api` key with a generated value, a URL query's `key=`
 * in code, a password whose first character is `!` outside code, letters and digits interleaved,
 * the `…_authentication` a handshake carries, MySQL's native hash, a key in a UUID's layout that is
 * no UUID, a PEM key pasted into a block comment or written as string pieces in code, and pairs
 * joined by `;` on a line that only looks uuencoded.
 */
ARGUMENT_PASSWORD_FAMILIES.push({
  family: 'key-spellings',
  group: 'app',
  make: (r, i) =>
    [
      [E('p', 'generic-password', password(r))],
      [E('s', 'generic-secret', 'Zq' + r.chars(20, B62) + '7x')],
      [E('k', 'generic-api-key', 'Kx' + r.chars(28, B62) + '4m'), E('k', 'generic-api-key', 'Wb' + r.chars(18, URLSAFE) + '9Q')],
      [E('k', 'generic-api-key', 'Hd' + r.chars(36, B62) + '3p')],
      [E('p', 'generic-password', '!' + password(r)), E('p', 'generic-password', interleaved(r))],
      [E('t', 'generic-token', b64(r.bytes(30))), E('t', 'generic-token', uuidLayoutKey(r))],
      [E('p', 'generic-password', '*' + r.chars(40, UPHEX))],
      [E('p', 'generic-password', Array.from({ length: 8 }, () => r.chars(1, LETTERS) + r.chars(1, '23456789')).join(''))],
      [E('t', 'anthropic-api-key', 'sk-ant-api03-' + r.chars(93, URLSAFE) + 'Qz')],
      [E('t', 'facebook-app-token', `${r.chars(15, '123456789')}|${r.chars(27, URLSAFE)}`)],
      [
        E(
          'k',
          'private-key',
          b64(
            Buffer.from(
              `identity:\n  keyPEM: |\n${keys
                .ecSec1(r)
                .map((l) => `    ${l}`)
                .join('\n')}\n`,
            ),
          ),
        ),
      ],
      [],
      [E('p', 'generic-password', Array.from({ length: 6 }, () => r.chars(1, UPPER_ALNUM.slice(10)) + r.chars(1, '23456789')).join(''))],
      [],
      [],
      [],
      [],
      [E('t', 'generic-token', r.chars(28, B62))],
      [E('k', 'generic-api-key', encodeURIComponent(b64(r.bytes(30))))],
      [E('s', 'generic-secret', r.chars(32, B62)), E('s', 'generic-secret', b64(r.bytes(33)))],
      [E('k', 'jwk-private-key', b64(Buffer.from(JSON.stringify({ keys: [ecJwk(r, true)] }, null, 2))))],
      [],
      [],
    ][i],
  formats: [
    inline('config/settings.py', (ctx) => [`DATABASE_HOST = "db.${ctx.domain}"`, 'passwrod = "@@"']),
    inline('deploy/run.sh', (ctx) => ['#!/bin/sh', `exec ./bin/${ctx.svc} -listen :8080 \\`, '  -secret @@']),
    inline('config/weather.toml', () => ['[client]', 'key = "@@"', 'forecast_api = "@@"']),
    inline('src/forecast.ts', (ctx) => [
      `export const forecast = (city: string) =>`,
      `  fetch(\`https://api.${ctx.domain}/v1/forecast?key=@@&q=\${city}\`);`,
    ]),
    inline('.env.mail', () => ['SMTP_USER=alerts', 'SMTP_PASSWORD=@@', 'MYSQL_ROOT_PASSWORD=@@']),
    inline('config/gateway.json', (ctx) => [
      '{',
      `  "realm": "${ctx.domain.toUpperCase()}",`,
      '  "kerberos_authentication": "@@",',
      '  "deploy": "--deploy-token @@"',
      '}',
    ]),
    inline('db/replica.sql', () => ["ALTER USER 'replica'@'%' IDENTIFIED WITH 'mysql_native_password' AS '@@';"]),
    // YAML embedded in Python: a generated password reads like an identifier.
    inline('scripts/provision.py', () => ['CONFIG = """', 'user: provisioner', 'password: @@', '"""']),
    // An Anthropic key that lost its final `AA` in a copy: kept, at medium.
    inline('.env.assistant', () => ['ANTHROPIC_API_KEY=@@']),
    inline('config/social.yml', () => ['facebook:', '  graph_version: v19.0', '  app_access: "@@"']),
    // A whole values document in base64, with a key inside it.
    inline('deploy/bootstrap.env', () => ['BOOTSTRAP_VALUES=@@']),
    // A PEM key pasted into a block comment: each body line behind ` * `.
    (r) => ({
      file: 'src/tls.js',
      items: ['/*', { lines: keys.rsaPkcs1(r).map((l) => ` * ${l}`), kind: 'private-key' }, ' */', 'export const tls = {};'],
    }),
    // Pairs joined by `;` on one upper-case line of 61 characters: the length and alphabet of a
    // uuencoded line, without the block around one.
    inline('.env.mysql', () => ['MYSQL_DATABASE_USER=APP;MYSQL_DATABASE_PASSWORD=@@;']),
    // PEM keys written as string pieces in code: Java's `+` at the start of each line, deep in a
    // class; Python's adjacent literals, deeper than a few spaces; a C macro continued by `\`.
    (r) => {
      const [begin, ...rest] = keys.rsaPkcs1(r);
      return {
        file: 'src/test/java/TlsFixture.java',
        items: [
          'final class TlsFixture {',
          '    static final String KEY =',
          { lines: [`            "${begin}\\n"`, ...rest.map((l) => `                    + "${l}\\n"`)], kind: 'private-key' },
          '                    ;',
          '}',
        ],
      };
    },
    (r) => ({
      file: 'tests/fixtures.py',
      items: [
        'class Fixtures:',
        '    def signing(self):',
        '        return {',
        '            "key": (',
        { lines: keys.ecSec1(r).map((l) => `                "${l}\\n"`), kind: 'private-key' },
        '            ),',
        '        }',
      ],
    }),
    (r) => ({
      file: 'src/test_keys.h',
      items: ['#define TEST_SIGNING_KEY \\', { lines: keys.ed25519Pkcs8(r).map((l) => `    "${l}\\n" \\`), kind: 'private-key' }, '    ""'],
    }),
    // An OpenPGP secret key pasted into a block comment, its blank line and CRC line kept.
    (r) => ({
      file: 'src/signer.go',
      items: [
        'package signer',
        '',
        '/*',
        { lines: keys.pgpSecret(r).map((l) => (l ? ` * ${l}` : ' *')), kind: 'private-key' },
        ' */',
        'func Sign() {}',
      ],
    }),
    // A query string percent-encoded into another URL (a login's `next`), and one a proxy logged
    // encoded: `%26` or `%3F` before the key, `%3D` after it, base64's `+/=` escaped in the value.
    inline('src/sso.ts', (ctx) => [
      'export const loginUrl =',
      `  "https://sso.${ctx.domain}/login?next=%2Fcallback%3Fstate%3Dq1%26access_token%3D@@%26lang%3Den";`,
    ]),
    inline('logs/proxy.log', (ctx) => [`2026-04-11T09:12:44Z GET /r?u=https%3A%2F%2Fapi.${ctx.domain}%2Fv2%2Fexport%3Fapi_key%3D@@ 302`]),
    // `secret` one slip off, as `passwrod` is for `password`: two letters swapped, one doubled.
    inline('config/oauth.py', (ctx) => [`OAUTH_CLIENT_ID = "${ctx.svc}-web"`, 'OAUTH_CLIENT_SECERT = "@@"', "WEBHOOK_SEECRET = '@@'"]),
    // A private JSON Web Key set encoded whole, as a Kubernetes Secret holds a file.
    inline('k8s/oidc-keys.yaml', (ctx) => [
      'apiVersion: v1',
      'kind: Secret',
      'metadata:',
      `  name: ${ctx.svc}-oidc`,
      'data:',
      '  jwks.json: @@',
    ]),
    // A long key wrapped inside one string literal, where the language lets a literal span lines.
    (r) => {
      const key = b64(r.bytes(60));
      return {
        file: 'config/keys.php',
        items: ['<?php', { lines: [`$api_key = '${key.slice(0, 56)}`, `    ${key.slice(56)}';`], kind: 'generic-api-key' }],
      };
    },
    (r) => {
      const secret = r.chars(72, B62);
      return {
        file: 'config/initializers/webhooks.rb',
        items: [{ lines: [`SIGNING_SECRET = "${secret.slice(0, 40)}`, `${secret.slice(40)}"`], kind: 'jwt-secret' }, 'WEBHOOK_TIMEOUT = 5'],
      };
    },
  ],
});

export const ARGUMENT_PASSWORD_TRAPS = [
  (r, c) => ({
    file: 'db/migrations/0008_policy.sql',
    lines: [
      `ALTER USER '${c.svc}'@'%' PASSWORD EXPIRE INTERVAL 90 DAY;`,
      `ALTER USER 'report'@'10.0.%' PASSWORD HISTORY 5;`,
      `alter user "bob"@"localhost" identified with sha256_password by '<enter password>';`,
      `CREATE USER $DB_USER WITH LOGIN PASSWORD '$DB_PASSWORD';`,
    ],
  }),
  (r, c) => ({
    file: 'scripts/Rotate.ps1',
    lines: [
      'param([SecureString] $Password)',
      `$secure = ConvertTo-SecureString $env:DB_PASSWORD -AsPlainText -Force`,
      `Set-LocalUser -Name '${c.svc}' -Password $secure`,
    ],
  }),
  (r, c) => ({
    file: 'src/auth.h',
    lines: [
      '#define PASSWORD_MAX_LEN 128',
      '#define TOKEN_TTL_SECONDS 3600',
      '#define password_hash(p) crypt((p), salt)',
      'curl_easy_setopt(curl, CURLOPT_USERPWD, userpwd);',
      'curl_easy_setopt(curl, CURLOPT_PASSWORD, config->password);',
    ],
  }),
  (r, c) => ({
    file: '.env.defaults',
    lines: ['PW_MIN_LENGTH=12', 'PSWD_RESET_URL=https://' + c.domain + '/reset', 'ADMIN_PW=${ADMIN_PW}'],
  }),
  (r, c) => ({
    file: 'docs/access.md',
    lines: [
      'Ask ops for the ID/PW: both are in the vault.',
      'ID:admin/PW:changeme on a fresh install, then set your own.',
      'password for deploy: see vault:deploy/password',
      'Secret Key: ${SECRET_KEY}',
      '`if (token != null && password !== "")` guards the form;',
      'the field reads placeholder="password=&quot;your-password-here&quot;".',
      `Reset it at https://${c.domain}/account/pw/reset-password-now`,
    ],
  }),
  // Spellings that stay quiet: a cache key in hex, a `…_api` URL, a word one slip too far from
  // `password`, a YAML alias, a short single-dash flag, a real UUID, MySQL's salted SHA-2 hash and a
  // key body typed by hand into a comment.
  (r, c) => ({
    file: 'config/cache.toml',
    lines: [
      `key = "${r.chars(32, HEX)}"`,
      'key = "user-profile-header"',
      `graph_api = "https://graph.${c.domain}/v2"`,
      `passport = "${'P' + r.chars(8, '0123456789')}"`,
    ],
  }),
  (r, c) => ({
    file: 'deploy/values.yaml',
    lines: ['defaults: &defaults', '  password: *default_password', `  session: "--session-token ${uuid(r)}"`],
  }),
  (r, c) => ({
    file: 'db/replica.sql',
    lines: [
      `ALTER USER 'replica'@'%' IDENTIFIED WITH caching_sha2_password AS '$A$005$${r.chars(20, B62)}';`,
      `tool -pw "$REPLICA_PASSWORD" -secret "$REPLICA_SECRET"`,
    ],
  }),
  (r) => ({
    file: 'docs/ids.md',
    lines: [
      '| app id | checksum |',
      `| ${r.chars(15, '123456789')}|${r.chars(27, URLSAFE)} |`,
      '',
      `FACEBOOK_APP_ID=${r.chars(15, '123456789')}`,
      '',
      `BOOTSTRAP_VALUES=${b64(Buffer.from(`identity:\n  keyPEM: |\n    -----BEGIN EC PRIVATE KEY-----\n    MHcCAQEEI${r.chars(55, LOWER)}\n    ${r.chars(64, LOWER)}\n    -----END EC PRIVATE KEY-----\n`))}`,
    ],
  }),
  (r) => ({
    file: 'src/models.py',
    lines: ['class Login:', '    password: SecretStr2', '    token: OAuth2Token', '    key: Base64Url'],
  }),
  (r) => ({
    file: 'src/tls_fixture.js',
    lines: [
      '/*',
      ' * -----BEGIN RSA PRIVATE KEY-----',
      ...Array.from({ length: 4 }, (_, i) => ` * ${i ? '' : 'MIIEpAIBAAKCAQEA'}${r.chars(i ? 64 : 48, LOWER + '0123456789')}`),
      ' * -----END RSA PRIVATE KEY-----',
      ' */',
    ],
  }),
  // Other scanners' allow comments: detect-secrets' pragma and gitleaks' marker.
  (r, c) => ({
    file: 'tests/test_client.py',
    lines: [`API_TOKEN = '${r.chars(32, B62)}'  # pragma: allowlist secret`, `db_password = "${password(r)}"  # gitleaks:allow`],
  }),
  // A uuencoded block whose data happens to spell `TOKEN=` before 44 characters of its alphabet.
  (r) => ({
    file: 'fixtures/backup.uue',
    lines: [
      'begin 644 backup.bin',
      `M${r.chars(9, UPPER_ALNUM)} TOKEN=${r.chars(44, UPPER_ALNUM)}`,
      `M${r.chars(60, UPPER_ALNUM)}`,
      '`',
      'end',
    ],
  }),
  // Code that writes a PEM frame around a variable, and a frame whose string pieces hold a body
  // typed by hand: the pieces' quotes and `+` are read past, and what is left is no key.
  (r) => ({
    file: 'src/pem.ts',
    lines: [
      'export const toPem = (base64Body: string) =>',
      '  "-----BEGIN PRIVATE KEY-----\\n" +',
      '  base64Body.match(/.{1,64}/g)!.join("\\n") +',
      '  "\\n-----END PRIVATE KEY-----\\n";',
      '',
      'const sample =',
      '  "-----BEGIN RSA PRIVATE KEY-----\\n"',
      ...Array.from({ length: 3 }, (_, i) => `  + "${i ? '' : 'MIIEpAIBAAKCAQEA'}${r.chars(i ? 64 : 48, LOWER + '0123456789')}\\n"`),
      '  + "-----END RSA PRIVATE KEY-----\\n";',
    ],
  }),
  // Percent-encoded query strings whose values are a lookup and a template's placeholder.
  (r, c) => ({
    file: 'src/callback.ts',
    lines: [
      `const back = "https://${c.domain}/auth?next=%2Fcb%3Fstate%3D${r.chars(8, LOWER_ALNUM)}%26token%3D%24%7BSESSION_TOKEN%7D";`,
      'const link = "/share?to=%2Fdoc%3Fapi_key%3D%7B%7Bapi_key%7D%7D%26v%3D2";',
    ],
  }),
  // `secret`'s slips that hold no secret: a lookup, a length, a name.
  () => ({
    file: 'config/signing.env',
    lines: ['CLIENT_SECERT=${CLIENT_SECRET}', 'SECRTE_LENGTH=64', 'sercet_name=webhook-signing'],
  }),
  // A public JSON Web Key set encoded whole: `"kty"` in base64, but no private member.
  (r, c) => ({
    file: 'k8s/oidc-public.yaml',
    lines: [
      'kind: ConfigMap',
      'metadata:',
      `  name: ${c.svc}-jwks`,
      'binaryData:',
      `  jwks.json: ${b64(Buffer.from(JSON.stringify({ keys: [ecJwk(r, false)] })))}`,
    ],
  }),
  // Line breaks inside quotes that wrap no key: prose in a string, a template literal's query.
  (r) => ({
    file: 'src/messages.php',
    lines: [
      "$api_token = 'Paste the token from your account settings,",
      "  then press Save.';",
      '$secret = `',
      '  ${vault.read("webhook")}',
      '`;',
    ],
  }),
];
