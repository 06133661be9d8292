/**
 * Synthetic credentials in each vendor's real format, for the rule tests. Every value is drawn
 * from a seeded generator, so runs are repeatable and no value is, or was ever, a real key.
 */
import { base62, bech32Encode, crc32 } from '../../src/core/detect/rules/checksums';
import { createDetector } from '../../src/core/detect';
import type { Finding } from '../../src/core/detect';

export const DIGITS = '0123456789';
export const HEX = '0123456789abcdef';
export const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
export const LOWER = 'abcdefghijklmnopqrstuvwxyz';
export const B62 = DIGITS + UPPER + LOWER;
export const B64 = UPPER + LOWER + DIGITS + '+/';
export const URLSAFE = B62 + '_-';
export const BASE32 = UPPER + '234567';

/** Bodies a placeholder filter would rightly discard are drawn again. */
const STAND_IN = /(.)\1\1|0123|1234|abcd|bcde|xxx|example|test|fake|dummy|sample|your|secret|token|passw/i;
/** Draws longer than this are built in blocks of this length. */
const LONG = 256;

/** A seeded generator (mulberry32): the same seed gives the same credentials on every run. */
export function fakes(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const draw = (n: number, alphabet: string): string => {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[Math.floor(next() * alphabet.length)];
    return out;
  };
  const chars = (n: number, alphabet: string): string => {
    if (n > LONG)
      // A long draw almost surely holds some stand-in run somewhere, so it is built a block at a
      // time, each block drawn again until it reads clean after the tail before it.
      for (let out = chars(LONG, alphabet); ;) {
        const block = draw(Math.min(LONG, n - out.length), alphabet);
        if (STAND_IN.test(out.slice(-8) + block)) continue;
        out += block;
        if (out.length === n) return out;
      }
    for (;;) {
      const out = draw(n, alphabet);
      if (!STAND_IN.test(out) && (n < 8 || new Set(out).size > Math.min(n / 4, alphabet.length / 2))) return out;
    }
  };
  const mixed = (n: number, alphabet = B62): string => {
    for (;;) {
      const v = chars(n, alphabet);
      if (/[a-z]/.test(v) && /[A-Z]/.test(v) && (/[0-9]/.test(v) || !/[0-9]/.test(alphabet))) return v;
    }
  };
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(next() * 256)));
  const base64 = (n: number) => bytes(n).toString('base64');
  return {
    chars,
    mixed,
    bytes,
    base64,
    /** A GitHub-style token with a real CRC-32 checksum (`ghp_`, `npm_`...). */
    checksummed(prefix: string): string {
      const random = mixed(30);
      return `${prefix}_${random}${base62(crc32(random), 6)}`;
    },
    /** A body of the right length whose checksum is wrong. */
    badChecksum(prefix: string): string {
      const random = mixed(30);
      const good = base62(crc32(random), 6);
      const bad = good.slice(0, 5) + (good[5] === 'A' ? 'B' : 'A');
      return `${prefix}_${random}${bad}`;
    },
    ageKey(): string {
      const data = Array.from({ length: 52 }, () => Math.floor(next() * 32));
      return bech32Encode('age-secret-key-', data).toUpperCase();
    },
    /** DER-looking PEM body: base64 of random bytes behind a SEQUENCE header. */
    pemBody(length: number, header = 'MII'): string {
      const body =
        header +
        base64(Math.ceil((length * 3) / 4))
          .replace(/[+/=]/g, 'A')
          .slice(0, length - header.length);
      return body.match(/.{1,64}/g)!.join('\n');
    },
  };
}

const detector = createDetector();

export interface Found {
  kind: string;
  value: string;
  confidence: Finding['confidence'];
}

/** What the default detector reports in a text: each finding's kind, exact value and confidence. */
export async function found(text: string, filePath?: string): Promise<Found[]> {
  const { findings, failures } = await detector.detect(text, filePath ? { filePath } : {});
  if (failures.length) throw new Error(`rules failed: ${failures.map((f) => `${f.ruleId}: ${f.reason}`).join('; ')}`);
  return findings.map((f) => ({ kind: f.kind, value: text.slice(f.start, f.end), confidence: f.confidence }));
}

/** A vendor token in its usual setting: [what, text, kind, the exact value that must be reported]. */
export type Case = [name: string, text: string, kind: string, value: string];

function envCase(name: string, key: string, kind: string, value: string): Case {
  return [name, `# ${name}\n${key}=${value}\nLOG_LEVEL=info\n`, kind, value];
}

/** One sample per vendor token rule, drawn from `seed`: each rule's test case and the prefilter's. */
export function vendorCases(seed: number): Case[] {
  const f = fakes(seed);
  const discordId = Buffer.from('81234567890123456').toString('base64').replace(/=+$/, '');
  const slackBot = `xoxb-${f.chars(11, DIGITS)}-${f.chars(12, DIGITS)}-${f.mixed(24)}`;
  // Their own generator, so that adding cases leaves the other cases' values as they were.
  const g = fakes(seed + 1000);
  const alibabaSecret = g.mixed(30);
  const googleSecret = g.mixed(24);
  const opsToken =
    'ops_' + Buffer.from(JSON.stringify({ signInAddress: 'my.1password.com', srpX: g.chars(64, HEX) })).toString('base64url');
  const squareSecret = 'sq0csp-' + g.mixed(43, URLSAFE);

  return [
    envCase('AWS key id', 'AWS_ACCESS_KEY_ID', 'aws-access-key-id', 'AKIA' + f.chars(16, BASE32)),
    [
      'Alibaba Cloud AccessKey secret beside its id',
      `auth = oss2.Auth("LTAI${g.mixed(20)}", "${alibabaSecret}")\n`,
      'alibaba-access-key-secret',
      alibabaSecret,
    ],
    [
      'Google OAuth client secret without a prefix, beside its client id',
      `CLIENT = ("${g.chars(12, DIGITS)}-${g.chars(32, DIGITS + 'abcdefghijklmnopqrstuvwxyz')}.apps.googleusercontent.com",\n          "${googleSecret}")\n`,
      'google-oauth-client-secret',
      googleSecret,
    ],
    envCase('1Password service account token', 'OP_SERVICE_ACCOUNT_TOKEN', 'onepassword-service-account-token', opsToken),
    envCase('Slack rotating access token', 'SLACK_TOKEN', 'slack-rotating-token', 'xoxp-1-' + g.mixed(150)),
    ['Square secret printed in colour', `secret: \x1b[94m${squareSecret}\x1b[0m\n`, 'square-oauth-secret', squareSecret],
    [
      'AWS secret key',
      `[default]\naws_access_key_id = ASIA${f.chars(16, BASE32)}\naws_secret_access_key = ${f.mixed(40, B62 + '+/')}\n`,
      'aws-secret-access-key',
      '',
    ],
    envCase('Google API key', 'MAPS_KEY', 'google-api-key', 'AIzaSy' + f.chars(33, URLSAFE)),
    envCase('Firebase server key', 'FCM_KEY', 'firebase-server-key', `AAAA${f.chars(7, URLSAFE)}:APA91b${f.chars(134, URLSAFE)}`),
    envCase('Google OAuth client secret', 'GOOGLE_CLIENT_SECRET', 'google-oauth-client-secret', 'GOCSPX-' + f.mixed(28)),
    [
      'Azure storage connection string',
      `AZURE_STORAGE=DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${f.base64(64)};EndpointSuffix=core.windows.net\n`,
      'azure-storage-account-key',
      '',
    ],
    envCase('Azure client secret', 'AZURE_CLIENT_SECRET', 'azure-client-secret', `${f.mixed(3)}8Q~${f.mixed(34, B62 + '_~.-')}`),
    envCase('GitHub PAT', 'GITHUB_TOKEN', 'github-pat', f.checksummed('ghp')),
    envCase('GitHub App token', 'GH_APP_TOKEN', 'github-app-token', f.checksummed('ghs')),
    envCase('GitHub fine-grained PAT', 'GH_PAT', 'github-fine-grained-pat', `github_pat_${f.mixed(22)}_${f.mixed(59)}`),
    envCase('GitLab PAT', 'GITLAB_TOKEN', 'gitlab-pat', 'glpat-' + f.mixed(20, URLSAFE)),
    envCase('GitLab routable PAT', 'GITLAB_TOKEN', 'gitlab-pat', `glpat-${f.mixed(27, URLSAFE)}.01.${f.chars(9, DIGITS + LOWER)}`),
    envCase('GitLab runner token', 'RUNNER_TOKEN', 'gitlab-runner-token', 'glrt-' + f.mixed(20, URLSAFE)),
    envCase('Bitbucket app password', 'BITBUCKET_APP_PASSWORD', 'bitbucket-app-password', 'ATBB' + f.mixed(32)),
    envCase('Atlassian API token', 'JIRA_API_TOKEN', 'atlassian-api-token', 'ATATT3xFfGF0' + f.mixed(180, URLSAFE)),
    envCase('Slack bot token', 'SLACK_BOT_TOKEN', 'slack-bot-token', slackBot),
    envCase(
      'Slack app token',
      'SLACK_APP_TOKEN',
      'slack-app-token',
      `xapp-1-A${f.chars(10, BASE32)}-${f.chars(13, DIGITS)}-${f.chars(64, HEX)}`,
    ),
    envCase(
      'Slack webhook',
      'SLACK_WEBHOOK_URL',
      'slack-webhook',
      `https://hooks.slack.com/services/T${f.chars(10, BASE32)}/B${f.chars(10, BASE32)}/${f.mixed(24)}`,
    ),
    envCase('Discord bot token', 'DISCORD_TOKEN', 'discord-bot-token', `${discordId}.${f.mixed(6, URLSAFE)}.${f.mixed(38, URLSAFE)}`),
    envCase(
      'Discord webhook',
      'DISCORD_WEBHOOK',
      'discord-webhook',
      `https://discord.com/api/webhooks/${f.chars(18, DIGITS)}/${f.mixed(68, URLSAFE)}`,
    ),
    envCase('Telegram bot token', 'TELEGRAM_BOT_TOKEN', 'telegram-bot-token', `${f.chars(10, DIGITS)}:AA${f.mixed(33, URLSAFE)}`),
    envCase('Stripe live key', 'STRIPE_SECRET_KEY', 'stripe-secret-key', 'sk_live_' + f.mixed(99)),
    envCase('Stripe restricted key', 'STRIPE_KEY', 'stripe-restricted-key', 'rk_live_' + f.mixed(99)),
    envCase('Stripe webhook secret', 'STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', 'whsec_' + f.mixed(32)),
    envCase('Square access token', 'SQUARE_ACCESS_TOKEN', 'square-access-token', 'EAAA' + f.mixed(60, URLSAFE)),
    envCase(
      'Braintree token',
      'BRAINTREE_TOKEN',
      'braintree-access-token',
      `access_token$production$${f.chars(16, DIGITS + LOWER)}$${f.chars(32, HEX)}`,
    ),
    envCase('PayPal client secret', 'PAYPAL_CLIENT_SECRET', 'paypal-client-secret', 'E' + f.mixed(79, URLSAFE)),
    envCase('OpenAI project key', 'OPENAI_API_KEY', 'openai-api-key', `sk-proj-${f.mixed(74, URLSAFE)}T3BlbkFJ${f.mixed(74, URLSAFE)}`),
    envCase('Anthropic admin key', 'ANTHROPIC_ADMIN_KEY', 'anthropic-admin-key', `sk-ant-admin01-${f.mixed(93, URLSAFE)}AA`),
    envCase('Cohere key', 'COHERE_API_KEY', 'cohere-api-key', f.mixed(40)),
    envCase('Mistral key', 'MISTRAL_API_KEY', 'mistral-api-key', f.mixed(32)),
    envCase('Replicate token', 'REPLICATE_API_TOKEN', 'replicate-api-token', 'r8_' + f.mixed(37)),
    envCase('npm token', 'NPM_TOKEN', 'npm-access-token', f.checksummed('npm')),
    envCase('PyPI token', 'TWINE_PASSWORD', 'pypi-token', 'pypi-AgEIcHlwaS5vcmc' + f.mixed(70, URLSAFE)),
    envCase('crates.io token', 'CARGO_REGISTRY_TOKEN', 'crates-io-token', 'cio' + f.mixed(32)),
    envCase('RubyGems key', 'GEM_HOST_API_KEY', 'rubygems-api-key', 'rubygems_' + f.chars(48, HEX)),
    envCase('NuGet key', 'NUGET_API_KEY', 'nuget-api-key', 'oy2' + f.chars(43, DIGITS + LOWER)),
    envCase('Mailgun key', 'MAILGUN_API_KEY', 'mailgun-api-key', 'key-' + f.chars(32, HEX)),
    envCase('Mailchimp key', 'MAILCHIMP_KEY', 'mailchimp-api-key', f.chars(32, HEX) + '-us21'),
    envCase('Brevo key', 'BREVO_API_KEY', 'brevo-api-key', `xkeysib-${f.chars(64, HEX)}-${f.mixed(16)}`),
    envCase('Twilio auth token', 'TWILIO_AUTH_TOKEN', 'twilio-auth-token', f.chars(32, HEX)),
    envCase(
      'Postmark token',
      'POSTMARK_SERVER_TOKEN',
      'postmark-server-token',
      `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-a${f.chars(3, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase(
      'Heroku key',
      'HEROKU_API_KEY',
      'heroku-api-key',
      `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-8${f.chars(3, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase('DigitalOcean token', 'DIGITALOCEAN_TOKEN', 'digitalocean-token', 'dop_v1_' + f.chars(64, HEX)),
    envCase('Hetzner token', 'HCLOUD_TOKEN', 'hetzner-api-token', f.mixed(64)),
    envCase('Vercel token', 'VERCEL_TOKEN', 'vercel-token', f.mixed(24)),
    envCase('Netlify token', 'NETLIFY_AUTH_TOKEN', 'netlify-token', 'nfp_' + f.mixed(36)),
    envCase('Cloudflare token', 'CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', f.mixed(40, URLSAFE)),
    envCase('Fly.io token', 'FLY_API_TOKEN', 'flyio-token', 'fo1_' + f.mixed(43, URLSAFE)),
    envCase('Fly.io macaroon, attenuated', 'FLY_DEPLOY', 'flyio-token', 'fm2r_' + f.mixed(180, URLSAFE)),
    envCase('Linode token', 'LINODE_TOKEN', 'linode-token', f.chars(64, HEX)),
    envCase('Doppler token', 'DOPPLER_TOKEN', 'doppler-token', 'dp.st.prd.' + f.mixed(43)),
    envCase(
      'Infisical token',
      'INFISICAL_TOKEN',
      'infisical-token',
      `st.${f.chars(8, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(12, HEX)}.${f.chars(32, HEX)}.${f.chars(32, HEX)}`,
    ),
    envCase('Terraform Cloud token', 'TF_TOKEN', 'terraform-cloud-token', `${f.mixed(14)}.atlasv1.${f.mixed(67, URLSAFE)}`),
    envCase('Datadog API key', 'DD_API_KEY', 'datadog-api-key', f.chars(32, HEX)),
    envCase('Datadog app key', 'DATADOG_APP_KEY', 'datadog-app-key', f.chars(40, HEX)),
    envCase('New Relic user key', 'NEW_RELIC_API_KEY', 'newrelic-user-key', 'NRAK-' + f.chars(27, BASE32)),
    envCase('New Relic license key', 'NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', f.chars(36, HEX) + 'NRAL'),
    envCase('Sentry user token', 'SENTRY_AUTH_TOKEN', 'sentry-auth-token', 'sntryu_' + f.chars(64, HEX)),
    [
      'Sentry DSN with secret',
      `SENTRY_DSN=https://${f.chars(32, HEX)}:${'d'}${f.chars(31, HEX)}@sentry.example.org/42\n`,
      'sentry-dsn-secret',
      '',
    ],
    envCase(
      'Grafana API key',
      'GRAFANA_KEY',
      'grafana-api-key',
      Buffer.from(JSON.stringify({ k: f.mixed(32), n: 'ci', id: 1 })).toString('base64'),
    ),
    envCase('Notion legacy token', 'NOTION_TOKEN', 'notion-token', 'secret_' + f.mixed(43)),
    envCase('Algolia admin key', 'ALGOLIA_ADMIN_KEY', 'algolia-admin-key', f.chars(32, HEX)),
    envCase('LangSmith key', 'LANGSMITH_API_KEY', 'langsmith-api-key', `lsv2_sk_${f.chars(32, HEX)}_${f.chars(10, HEX)}`),
    envCase(
      'Langfuse secret key',
      'LANGFUSE_SECRET_KEY',
      'langfuse-secret-key',
      `sk-lf-${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-a${f.chars(3, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase('Artifactory API key', 'JFROG_KEY', 'artifactory-token', 'AKCp' + f.mixed(69)),
    envCase(
      'Railway token',
      'RAILWAY_TOKEN',
      'railway-token',
      `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-a${f.chars(3, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase('Airtable PAT', 'AIRTABLE_PAT', 'airtable-token', `pat${f.mixed(14)}.${f.chars(64, HEX)}`),
    envCase('Salesforce access token', 'SF_SESSION', 'salesforce-access-token', `00D${f.mixed(15)}!${f.mixed(96)}`),
    envCase(
      'Atlassian Data Center PAT',
      'JIRA_PAT',
      'atlassian-dc-pat',
      Buffer.concat([Buffer.from(`${f.chars(12, DIGITS)}:`), f.bytes(20)]).toString('base64'),
    ),
    envCase('service-anchored key', 'TABLEAU_PAT', 'tableau-credential', `${f.mixed(22)}==:${f.mixed(32)}`),
    envCase('age secret key', 'SOPS_AGE_KEY', 'age-secret-key', f.ageKey()),
    envCase('Hugging Face org token', 'HF_ORG_TOKEN', 'huggingface-token', 'api_org_' + f.mixed(34, UPPER + LOWER)),
    envCase('Perplexity key', 'PPLX_KEY', 'perplexity-api-key', 'pplx-' + f.mixed(48)),
    envCase('xAI key', 'XAI_KEY', 'xai-api-key', 'xai-' + f.mixed(80)),
    envCase('OpenRouter key', 'OPENROUTER_KEY', 'openrouter-api-key', 'sk-or-v1-' + f.chars(64, HEX)),
    envCase('Docker Hub org token', 'DOCKERHUB_TOKEN', 'docker-token', 'dckr_oat_' + f.mixed(32, URLSAFE)),
    envCase('Linear OAuth token', 'LINEAR_TOKEN', 'linear-api-key', 'lin_oauth_' + f.chars(64, HEX)),
    envCase(
      'Figma legacy token',
      'FIGMA_TOKEN',
      'figma-token',
      `${f.chars(6, DIGITS)}-${f.chars(8, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase('Pulumi token', 'PULUMI_ACCESS_TOKEN', 'pulumi-token', 'pul-' + f.chars(40, HEX)),
    envCase('Vault legacy token', 'VAULT_TOKEN', 'vault-token', 's.' + f.mixed(24)),
    // A SID is public on its own: it is reported only beside the secret that completes it.
    (() => {
      const sid = 'AC' + f.chars(32, HEX);
      return [
        'Twilio account SID',
        `# Twilio\nTWILIO_ACCOUNT_SID=${sid}\nTWILIO_AUTH_TOKEN=\${TWILIO_AUTH_TOKEN}\n`,
        'twilio-account-sid',
        sid,
      ] as Case;
    })(),
    envCase('Twilio API key SID', 'TWILIO_API_KEY', 'twilio-api-key', 'SK' + f.chars(32, HEX)),
    envCase('Infisical client secret', 'INFISICAL_CLIENT_SECRET', 'infisical-token', f.chars(64, HEX)),
    envCase('PostHog personal API key', 'POSTHOG_PERSONAL_API_KEY', 'posthog-personal-api-key', 'phx_' + f.mixed(43)),
    envCase('Cloudflare API token', 'CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', 'cfat_' + f.mixed(45)),
    envCase('PlanetScale password', 'DATABASE_PASSWORD', 'planetscale-token', 'pscale_pw_' + f.mixed(43)),
    envCase('Postman API key', 'POSTMAN_API_KEY', 'postman-api-key', `PMAK-${f.chars(24, HEX)}-${f.chars(34, HEX)}`),
    envCase('LlamaCloud API key', 'LLAMA_CLOUD_API_KEY', 'llamacloud-api-key', 'llx-' + f.mixed(48, URLSAFE)),
    envCase('Clojars deploy token', 'CLOJARS_TOKEN', 'clojars-deploy-token', 'CLOJARS_' + f.chars(60, HEX)),
    envCase('Dynatrace token', 'DT_API_TOKEN', 'dynatrace-token', `dt0c01.${f.chars(24, UPPER + DIGITS)}.${f.chars(64, UPPER + DIGITS)}`),
    envCase(
      'Docker Swarm join token',
      'SWARM_TOKEN',
      'docker-swarm-join-token',
      `SWMTKN-1-${f.chars(50, LOWER + DIGITS)}-${f.chars(25, LOWER + DIGITS)}`,
    ),
    envCase(
      'Defined Networking API key',
      'DN_API_KEY',
      'defined-networking-api-key',
      `dnkey-${f.chars(26, UPPER + DIGITS)}-${f.chars(52, UPPER + DIGITS)}`,
    ),
    envCase(
      'Akamai EdgeGrid token',
      'AKAMAI_ACCESS_TOKEN',
      'akamai-edgegrid-token',
      `akab-${f.chars(16, LOWER + DIGITS)}-${f.chars(16, LOWER + DIGITS)}`,
    ),
    envCase('SonarQube token', 'SONAR_TOKEN', 'sonarqube-token', 'squ_' + f.chars(40, HEX)),
    envCase('Together AI API key', 'TOGETHER_API_KEY', 'together-api-key', 'tgp_v1_' + f.mixed(43, URLSAFE)),
    envCase('Tavily API key', 'TAVILY_API_KEY', 'tavily-api-key', 'tvly-' + f.mixed(32)),
    envCase('Supabase access token', 'SUPABASE_ACCESS_TOKEN', 'supabase-access-token', 'sbp_' + f.chars(40, HEX)),
    envCase('WunderGraph Cosmo API key', 'COSMO_API_KEY', 'wundergraph-api-key', 'cosmo_' + f.chars(32, HEX)),
    envCase('NATS NKey seed', 'NATS_NKEY_SEED', 'nats-nkey-seed', 'SU' + f.chars(56, BASE32)),
    envCase('New Relic browser key', 'NEW_RELIC_BROWSER_KEY', 'newrelic-browser-key', 'NRBR-' + f.chars(19, HEX)),
    envCase('New Relic EU license key', 'NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', 'eu01x' + f.chars(31, HEX) + 'NRAL'),
    envCase(
      'Amazon MWS auth token',
      'MWS_AUTH_TOKEN',
      'amazon-mws-auth-token',
      `amzn.mws.${f.chars(8, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(12, HEX)}`,
    ),
    envCase('NTLM authenticate message', 'PROXY_AUTHORIZATION', 'ntlm-authenticate-message', 'TlRMTVNTUAADAAAA' + f.mixed(96, B62 + '+/')),
    envCase('X bearer token', 'TWITTER_BEARER_TOKEN', 'x-bearer-token', 'A'.repeat(22) + f.mixed(100)),
    envCase('Dropbox long-lived token', 'BACKUP_TOKEN', 'dropbox-access-token', f.mixed(11) + 'A'.repeat(10) + 'a1B' + f.mixed(40)),
    ((): Case => {
      const session = f.chars(32, HEX);
      return ['GitLab session cookie', `Cookie: _gitlab_session=${session}\n`, 'gitlab-session-cookie', session];
    })(),
    envCase(
      'Azure storage key with its signature',
      'STORAGE',
      'azure-storage-account-key',
      f.mixed(52, B62 + '+/') + 'JQQJ99' + f.mixed(28) + '==',
    ),
    envCase('Bitbucket Data Center token', 'BITBUCKET_TOKEN', 'bitbucket-dc-token', 'BBDC-' + f.mixed(44, B64)),
    envCase('Mailgun API key', 'MAILGUN_API_KEY', 'mailgun-api-key', 'key-' + f.chars(32, HEX)),
    envCase('DeepSeek API key', 'DEEPSEEK_API_KEY', 'deepseek-api-key', 'sk-' + f.chars(32, HEX)),
    envCase('Amazon Bedrock API key', 'AWS_BEARER_TOKEN_BEDROCK', 'aws-bedrock-api-key', 'ABSK' + f.mixed(128, B64)),
    envCase('Google OAuth refresh token', 'GOOGLE_REFRESH_TOKEN', 'google-oauth-refresh-token', '1//0' + f.mixed(99, URLSAFE)),
    envCase('Instagram access token', 'INSTAGRAM_TOKEN', 'instagram-access-token', 'IGQV' + f.mixed(160, URLSAFE)),
    envCase('Dropbox access token', 'DROPBOX_ACCESS_TOKEN', 'dropbox-access-token', 'sl.' + f.mixed(138, URLSAFE)),
  ];
}

/** One sample per structured rule (keys, URLs, credential files, manifests, calls), drawn from `seed`. */
export function structuredCases(seed: number): Case[] {
  const f = fakes(seed);
  const pem = (type: string, header = 'MII') =>
    `-----BEGIN ${type}PRIVATE KEY-----\n${f.pemBody(220, header)}\n-----END ${type}PRIVATE KEY-----`;
  const rsa = pem('RSA ');
  const ec = pem('EC ', 'MHc');
  const pkcs8 = pem('');
  const openssh = pem('OPENSSH ', 'b3BlbnNzaC1rZXktdjE');
  const dbPassword = f.mixed(18);
  const atPassword = `${f.mixed(8)}@${f.mixed(8)}`;
  const putty = [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    'Encryption: none',
    'Comment: deploy',
    'Public-Lines: 2',
    f.base64(48),
    f.base64(20),
    'Private-Lines: 1',
    f.base64(48),
    `Private-MAC: ${f.chars(64, HEX)}`,
  ].join('\n');
  const k8sValue = Buffer.from(f.mixed(24)).toString('base64');
  const dockerAuth = Buffer.from(`ci:${f.mixed(20)}`).toString('base64');
  const saKey = pkcs8.replace(/\n/g, '\\n') + '\\n';
  const jwt = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ sub: f.chars(6, DIGITS) })).toString('base64url')}.${f.mixed(43, URLSAFE)}`;
  const signing = f.mixed(32);
  const mysqlPassword = f.mixed(16);
  const sqlPassword = f.mixed(18);
  const argumentPassword = f.mixed(16);
  const netrcPassword = f.mixed(20);
  const pgpassPassword = f.mixed(20);
  const auth = Buffer.from(`ci:${f.mixed(20)}`).toString('base64');
  const base64Rsa = Buffer.from(rsa + '\n').toString('base64');
  const jwkWithExampleKid = `{"kty": "oct", "kid": "example-hmac", "k": "${fakes(seed + 1000).mixed(43, URLSAFE)}"}`;
  return [
    ['RSA private key', `deploy_key: |\n  ${rsa.replace(/\n/g, '\n  ')}\n`, 'private-key', rsa.replace(/\n/g, '\n  ')],
    ['EC private key starting MHc', `${ec}\n`, 'private-key', ec],
    ['private key in base64', `  tls.key: ${base64Rsa}\n`, 'private-key', base64Rsa],
    ['private JWK whose key id says example', `{"keys": [${jwkWithExampleKid}]}\n`, 'jwk-private-key', jwkWithExampleKid],
    ['PKCS#8 private key in escaped JSON', `{"key": "${pkcs8.replace(/\n/g, '\\n')}"}\n`, 'private-key', pkcs8.replace(/\n/g, '\\n')],
    ['OpenSSH private key', `${openssh}\n`, 'private-key', openssh],
    ['PuTTY private key', `${putty}\n`, 'putty-private-key', putty],
    [
      'GCP service account key',
      JSON.stringify(
        {
          type: 'service_account',
          project_id: 'p',
          private_key_id: f.chars(40, HEX),
          private_key: pkcs8 + '\n',
          client_email: 'ci@p.iam.gserviceaccount.com',
        },
        null,
        2,
      ),
      'gcp-service-account-key',
      saKey,
    ],
    ['PostgreSQL URL', `DATABASE_URL=postgres://app:${dbPassword}@db.internal:5432/app\n`, 'postgres-url', dbPassword],
    [
      'MongoDB URL with an @ in the password',
      `MONGO_URL=mongodb+srv://app:${atPassword}@cluster0.mongodb.net/app?retryWrites=true\n`,
      'mongodb-url',
      atPassword,
    ],
    ['Redis URL without a user', `REDIS_URL=rediss://:${dbPassword}@cache:6380/0\n`, 'redis-url', dbPassword],
    ['JDBC query password', `url=jdbc:postgresql://db:5432/app?user=app&password=${dbPassword}&ssl=true\n`, 'jdbc-url', dbPassword],
    ['Oracle JDBC URL', `url=jdbc:oracle:thin:erp/${dbPassword}@//ora:1521/ERP\n`, 'jdbc-url', dbPassword],
    [
      'ADO.NET connection string',
      `"Default": "Server=tcp:sql.acme.net,1433;Database=app;User Id=app;Password=${dbPassword};Encrypt=True;"\n`,
      'connection-string-password',
      dbPassword,
    ],
    ['basic-auth URL', `remote = https://deploy:${dbPassword}@git.acme.net/repo.git\n`, 'basic-auth-url', dbPassword],
    ['.netrc password', `machine api.acme.net\n  login ci\n  password ${netrcPassword}\n`, 'netrc-password', netrcPassword],
    ['.npmrc _auth', `//npm.acme.net/:_auth=${auth}\nalways-auth=true\n`, 'npmrc-auth', auth],
    ['Docker config auth', JSON.stringify({ auths: { 'ghcr.io': { auth: dockerAuth } } }, null, 2), 'docker-registry-auth', dockerAuth],
    ['.pgpass password', `db.internal:5432:app:app:${pgpassPassword}\n`, 'pgpass-password', pgpassPassword],
    [
      'Kubernetes Secret value',
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  username: YXBw\n  api-key: ${k8sValue}\n`,
      'kubernetes-secret',
      k8sValue,
    ],
    ['JWT', `Authorization: Bearer ${jwt}\n`, 'jwt', jwt],
    ['JWT signing secret in a call', `const token = jwt.sign({ sub: id }, '${signing}', { expiresIn: '1h' });\n`, 'jwt-secret', signing],
    ['mysql -p password', `mysqldump -h db -u backup -p'${mysqlPassword}' shop > shop.sql\n`, 'generic-password', mysqlPassword],
    ['SQL IDENTIFIED BY password', `CREATE USER 'app'@'%' IDENTIFIED BY '${sqlPassword}';\n`, 'generic-password', sqlPassword],
    [
      'PowerShell -Password argument',
      `Connect-Server -Server db -User deploy -Password '${argumentPassword}'\n`,
      'generic-password',
      argumentPassword,
    ],
  ];
}
