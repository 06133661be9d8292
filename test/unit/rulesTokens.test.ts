import * as assert from 'node:assert/strict';
import { B62, BASE32, DIGITS, HEX, LOWER, URLSAFE, fakes, found } from './rulesFakeCredentials';

const f = fakes(6);

/** A vendor token in its usual setting: [what, text, kind, the exact value that must be reported]. */
type Case = [name: string, text: string, kind: string, value: string];

function envCase(name: string, key: string, kind: string, value: string): Case {
  return [name, `# ${name}\n${key}=${value}\nLOG_LEVEL=info\n`, kind, value];
}

const discordId = Buffer.from('81234567890123456').toString('base64').replace(/=+$/, '');
const slackBot = `xoxb-${f.chars(11, DIGITS)}-${f.chars(12, DIGITS)}-${f.mixed(24)}`;

const positives: Case[] = [
  envCase('AWS key id', 'AWS_ACCESS_KEY_ID', 'aws-access-key-id', 'AKIA' + f.chars(16, BASE32)),
  ['AWS secret key', `[default]\naws_access_key_id = ASIA${f.chars(16, BASE32)}\naws_secret_access_key = ${f.mixed(40, B62 + '+/')}\n`, 'aws-secret-access-key', ''],
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
  envCase('Slack app token', 'SLACK_APP_TOKEN', 'slack-app-token', `xapp-1-A${f.chars(10, BASE32)}-${f.chars(13, DIGITS)}-${f.chars(64, HEX)}`),
  envCase('Slack webhook', 'SLACK_WEBHOOK_URL', 'slack-webhook', `https://hooks.slack.com/services/T${f.chars(10, BASE32)}/B${f.chars(10, BASE32)}/${f.mixed(24)}`),
  envCase('Discord bot token', 'DISCORD_TOKEN', 'discord-bot-token', `${discordId}.${f.mixed(6, URLSAFE)}.${f.mixed(38, URLSAFE)}`),
  envCase('Discord webhook', 'DISCORD_WEBHOOK', 'discord-webhook', `https://discord.com/api/webhooks/${f.chars(18, DIGITS)}/${f.mixed(68, URLSAFE)}`),
  envCase('Telegram bot token', 'TELEGRAM_BOT_TOKEN', 'telegram-bot-token', `${f.chars(10, DIGITS)}:AA${f.mixed(33, URLSAFE)}`),
  envCase('Stripe live key', 'STRIPE_SECRET_KEY', 'stripe-secret-key', 'sk_live_' + f.mixed(99)),
  envCase('Stripe restricted key', 'STRIPE_KEY', 'stripe-restricted-key', 'rk_live_' + f.mixed(99)),
  envCase('Stripe webhook secret', 'STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', 'whsec_' + f.mixed(32)),
  envCase('Square access token', 'SQUARE_ACCESS_TOKEN', 'square-access-token', 'EAAA' + f.mixed(60, URLSAFE)),
  envCase('Braintree token', 'BRAINTREE_TOKEN', 'braintree-access-token', `access_token$production$${f.chars(16, DIGITS + LOWER)}$${f.chars(32, HEX)}`),
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
  envCase('Postmark token', 'POSTMARK_SERVER_TOKEN', 'postmark-server-token', `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-a${f.chars(3, HEX)}-${f.chars(12, HEX)}`),
  envCase('Heroku key', 'HEROKU_API_KEY', 'heroku-api-key', `${f.chars(8, HEX)}-${f.chars(4, HEX)}-4${f.chars(3, HEX)}-8${f.chars(3, HEX)}-${f.chars(12, HEX)}`),
  envCase('DigitalOcean token', 'DIGITALOCEAN_TOKEN', 'digitalocean-token', 'dop_v1_' + f.chars(64, HEX)),
  envCase('Hetzner token', 'HCLOUD_TOKEN', 'hetzner-api-token', f.mixed(64)),
  envCase('Vercel token', 'VERCEL_TOKEN', 'vercel-token', f.mixed(24)),
  envCase('Netlify token', 'NETLIFY_AUTH_TOKEN', 'netlify-token', 'nfp_' + f.mixed(36)),
  envCase('Cloudflare token', 'CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', f.mixed(40, URLSAFE)),
  envCase('Fly.io token', 'FLY_API_TOKEN', 'flyio-token', 'fo1_' + f.mixed(43, URLSAFE)),
  envCase('Linode token', 'LINODE_TOKEN', 'linode-token', f.chars(64, HEX)),
  envCase('Doppler token', 'DOPPLER_TOKEN', 'doppler-token', 'dp.st.prd.' + f.mixed(43)),
  envCase('Infisical token', 'INFISICAL_TOKEN', 'infisical-token', `st.${f.chars(8, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(4, HEX)}-${f.chars(12, HEX)}.${f.chars(32, HEX)}.${f.chars(32, HEX)}`),
  envCase('Terraform Cloud token', 'TF_TOKEN', 'terraform-cloud-token', `${f.mixed(14)}.atlasv1.${f.mixed(67, URLSAFE)}`),
  envCase('Datadog API key', 'DD_API_KEY', 'datadog-api-key', f.chars(32, HEX)),
  envCase('Datadog app key', 'DATADOG_APP_KEY', 'datadog-app-key', f.chars(40, HEX)),
  envCase('New Relic user key', 'NEW_RELIC_API_KEY', 'newrelic-user-key', 'NRAK-' + f.chars(27, BASE32)),
  envCase('New Relic license key', 'NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', f.chars(36, HEX) + 'NRAL'),
  envCase('Sentry user token', 'SENTRY_AUTH_TOKEN', 'sentry-auth-token', 'sntryu_' + f.chars(64, HEX)),
  ['Sentry DSN with secret', `SENTRY_DSN=https://${f.chars(32, HEX)}:${'d'}${f.chars(31, HEX)}@sentry.example.org/42\n`, 'sentry-dsn-secret', ''],
  envCase('Grafana API key', 'GRAFANA_KEY', 'grafana-api-key', Buffer.from(JSON.stringify({ k: f.mixed(32), n: 'ci', id: 1 })).toString('base64')),
  envCase('Notion legacy token', 'NOTION_TOKEN', 'notion-token', 'secret_' + f.mixed(43)),
  envCase('Algolia admin key', 'ALGOLIA_ADMIN_KEY', 'algolia-admin-key', f.chars(32, HEX)),
  envCase('age secret key', 'SOPS_AGE_KEY', 'age-secret-key', f.ageKey()),
];

describe('vendor token rules', () => {
  for (const [name, text, kind, value] of positives) {
    it(`finds a ${name} at the exact range of its value`, async () => {
      const hits = (await found(text, '.env')).filter((h) => h.kind === kind);
      assert.equal(hits.length, 1, `expected one ${kind} in:\n${text}\ngot ${JSON.stringify(await found(text, '.env'))}`);
      if (value) assert.equal(hits[0].value, value);
      assert.ok(!/[\s"']/.test(hits[0].value), 'the range holds the value only');
    });
  }

  it('checks GitHub and npm checksums: a wrong one is still reported, at medium confidence', async () => {
    const good = f.checksummed('ghp');
    const bad = f.badChecksum('ghp');
    const hits = await found(`A=${good}\nB=${bad}\n`, '.env');
    assert.deepEqual(
      hits.map((h) => [h.value, h.confidence]),
      [
        [good, 'high'],
        [bad, 'medium'],
      ],
    );
  });

  it('counts a value that test code marks as fake only when it passes its checksum', async () => {
    const good = f.checksummed('ghp');
    const bad = f.badChecksum('ghp');
    const stripe = 'sk_live_' + f.mixed(40);
    const text = `const fakeToken = "${good}";\nconst fake_token = "${bad}";\nconst FAKE_STRIPE_KEY = "${stripe}";\n`;
    assert.deepEqual((await found(text, 'client.test.ts')).map((h) => h.value), [good]);
  });

  it("does not take Stripe's own sk_test_ prefix for a fake marker", async () => {
    const key = 'sk_test_' + f.mixed(40);
    assert.deepEqual((await found(`STRIPE_KEY=${key}\n`, '.env')).map((h) => [h.kind, h.value]), [['stripe-secret-key', key]]);
  });

  it('rejects look-alikes: wrong length, wrong charset, no vendor context, failed decoding', async () => {
    const negatives = [
      `note: ghp_${f.mixed(35)}`,
      `SLACK_BOT_TOKEN=xoxb-your-bot-token`,
      `note: xoxb-${f.mixed(10)}-${f.mixed(10)}-${f.mixed(24)}`,
      `note: ${f.mixed(24)}.${f.mixed(6)}.${f.mixed(38)}`,
      `build_id=${f.chars(32, HEX)}`,
      `checksum=${f.mixed(40)}`,
      `AWS_REGION=eu-west-1\ncommit=${f.chars(40, HEX)}`,
      `STRIPE_PUBLISHABLE_KEY=pk_live_${f.mixed(99)}`,
      `GRAFANA=eyJrIjoi${f.mixed(60)}`,
    ];
    for (const text of negatives) assert.deepEqual(await found(text + '\n', 'notes.txt'), [], text);
  });

  it("ignores vendors' documented example keys", async () => {
    const text = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    assert.deepEqual(await found(text, 'credentials'), []);
  });
});
