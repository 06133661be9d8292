/**
 * Where the user replaces a credential at its provider. Vaultify cannot rotate a provider's key
 * itself; the rotation flow names the page. Keyed by the detector's kinds.
 */
export interface RotationPage {
  provider: string;
  url: string;
  /** One line on what to do there. */
  hint: string;
}

const PAGES: Record<string, RotationPage> = {};

function add(kinds: string[], page: RotationPage): void {
  for (const kind of kinds) PAGES[kind] = page;
}

add(['github-token', 'github-pat', 'github-oauth-token', 'github-user-token', 'github-refresh-token'], {
  provider: 'GitHub',
  url: 'https://github.com/settings/tokens',
  hint: 'Delete the token, then generate a new one with the same scopes.',
});
add(['github-fine-grained-pat'], {
  provider: 'GitHub',
  url: 'https://github.com/settings/personal-access-tokens',
  hint: 'Regenerate the fine-grained token, or revoke it and create another.',
});
add(['aws-access-key-id', 'aws-secret-access-key'], {
  provider: 'AWS',
  url: 'https://console.aws.amazon.com/iam/home#/security_credentials',
  hint: 'Create a second access key, switch to it, then deactivate and delete the old one (IAM users: Users → Security credentials).',
});
add(['aws-session-token'], {
  provider: 'AWS',
  url: 'https://console.aws.amazon.com/iam/home#/roles',
  hint: "Session tokens expire on their own; to cut one short, revoke the role's active sessions.",
});
add(['stripe-secret-key', 'stripe-restricted-key'], {
  provider: 'Stripe',
  url: 'https://dashboard.stripe.com/apikeys',
  hint: 'Roll the key; Stripe lets the old one live for a grace period you choose.',
});
add(['stripe-webhook-secret'], {
  provider: 'Stripe',
  url: 'https://dashboard.stripe.com/webhooks',
  hint: 'Open the endpoint and roll its signing secret.',
});
add(['openai-api-key'], { provider: 'OpenAI', url: 'https://platform.openai.com/api-keys', hint: 'Revoke the key and create a new one.' });
add(['anthropic-api-key', 'anthropic-admin-key'], {
  provider: 'Anthropic',
  url: 'https://console.anthropic.com/settings/keys',
  hint: 'Disable or delete the key and create a new one.',
});
add(
  ['slack-token', 'slack-bot-token', 'slack-user-token', 'slack-app-token', 'slack-config-token', 'slack-legacy-token', 'slack-webhook'],
  {
    provider: 'Slack',
    url: 'https://api.slack.com/apps',
    hint: 'Open the app: OAuth & Permissions → Revoke tokens (or regenerate the webhook under Incoming Webhooks).',
  },
);
add(['gitlab-token', 'gitlab-pat'], {
  provider: 'GitLab',
  url: 'https://gitlab.com/-/user_settings/personal_access_tokens',
  hint: 'Revoke or rotate the token (self-managed: the same page on your instance).',
});
add(['npm-access-token', 'npm-oauth-token', 'npmrc-auth-token'], {
  provider: 'npm',
  url: 'https://www.npmjs.com/settings/~/tokens',
  hint: 'Delete the token and create a new one.',
});
add(['google-api-key', 'google-oauth-client-secret'], {
  provider: 'Google Cloud',
  url: 'https://console.cloud.google.com/apis/credentials',
  hint: 'Regenerate the key or reset the client secret.',
});
add(['gcp-service-account-key'], {
  provider: 'Google Cloud',
  url: 'https://console.cloud.google.com/iam-admin/serviceaccounts',
  hint: 'Open the service account → Keys: add a new key, then delete the old one.',
});
add(['huggingface-token'], {
  provider: 'Hugging Face',
  url: 'https://huggingface.co/settings/tokens',
  hint: 'Invalidate and refresh the token.',
});
add(['sendgrid-api-key'], {
  provider: 'SendGrid',
  url: 'https://app.sendgrid.com/settings/api_keys',
  hint: 'Delete the key and create a new one.',
});
add(['datadog-api-key', 'datadog-app-key'], {
  provider: 'Datadog',
  url: 'https://app.datadoghq.com/organization-settings/api-keys',
  hint: 'Create a new key, deploy it, then revoke the old one.',
});
add(['cloudflare-api-token', 'cloudflare-global-api-key', 'cloudflare-origin-ca-key'], {
  provider: 'Cloudflare',
  url: 'https://dash.cloudflare.com/profile/api-tokens',
  hint: 'Roll the token (or view and change the Global API Key).',
});
add(['vercel-token'], { provider: 'Vercel', url: 'https://vercel.com/account/tokens', hint: 'Delete the token and create a new one.' });
add(['digitalocean-token'], {
  provider: 'DigitalOcean',
  url: 'https://cloud.digitalocean.com/account/api/tokens',
  hint: 'Regenerate or delete the token.',
});
add(['linear-api-key'], { provider: 'Linear', url: 'https://linear.app/settings/api', hint: 'Revoke the key and create a new one.' });
add(['notion-token'], {
  provider: 'Notion',
  url: 'https://www.notion.so/my-integrations',
  hint: 'Open the integration and refresh its secret.',
});
add(['discord-bot-token', 'discord-webhook'], {
  provider: 'Discord',
  url: 'https://discord.com/developers/applications',
  hint: 'Open the application → Bot → Reset Token (delete and recreate a webhook).',
});
add(['telegram-bot-token'], { provider: 'Telegram', url: 'https://t.me/BotFather', hint: 'Send /revoke to BotFather for the bot.' });
add(['pypi-token'], { provider: 'PyPI', url: 'https://pypi.org/manage/account/token/', hint: 'Remove the token and add a new one.' });
add(['docker-token'], {
  provider: 'Docker Hub',
  url: 'https://app.docker.com/settings/personal-access-tokens',
  hint: 'Delete the token and generate a new one.',
});
add(['sentry-auth-token'], {
  provider: 'Sentry',
  url: 'https://sentry.io/settings/account/api/auth-tokens/',
  hint: 'Revoke the token and create a new one.',
});
add(['twilio-auth-token', 'twilio-api-key'], {
  provider: 'Twilio',
  url: 'https://console.twilio.com/',
  hint: 'Account → API keys & tokens: rotate the auth token or delete the key.',
});
add(['mistral-api-key'], { provider: 'Mistral', url: 'https://console.mistral.ai/api-keys', hint: 'Revoke the key and create a new one.' });
add(['openrouter-api-key'], {
  provider: 'OpenRouter',
  url: 'https://openrouter.ai/settings/keys',
  hint: 'Delete the key and create a new one.',
});
add(['groq-api-key'], { provider: 'Groq', url: 'https://console.groq.com/keys', hint: 'Delete the key and create a new one.' });
add(['azure-storage-account-key'], {
  provider: 'Azure',
  url: 'https://portal.azure.com/#view/HubsExtension/BrowseResource/resourceType/Microsoft.Storage%2FStorageAccounts',
  hint: 'Storage account → Access keys: rotate the key in use.',
});
add(['azure-devops-pat'], {
  provider: 'Azure DevOps',
  url: 'https://dev.azure.com/',
  hint: 'User settings → Personal access tokens: revoke and create.',
});
add(['heroku-api-key'], { provider: 'Heroku', url: 'https://dashboard.heroku.com/account', hint: 'Regenerate the API key.' });
add(['shopify-token'], {
  provider: 'Shopify',
  url: 'https://admin.shopify.com/',
  hint: "Settings → Apps and sales channels → Develop apps: rotate the app's token.",
});

add(['github-app-token'], {
  provider: 'GitHub',
  url: 'https://github.com/settings/apps',
  hint: "Installation tokens expire within an hour; if the app's private key leaked, generate a new key and delete the old.",
});

/** A vendor's other kinds (`gitlab-deploy-token`, `slack-…`) share the vendor's page. */
const VENDOR_PAGES: Record<string, string> = {
  github: 'github-token',
  gitlab: 'gitlab-token',
  slack: 'slack-token',
  stripe: 'stripe-secret-key',
  aws: 'aws-access-key-id',
  npm: 'npm-access-token',
  npmrc: 'npm-access-token',
  google: 'google-api-key',
  twilio: 'twilio-auth-token',
  datadog: 'datadog-api-key',
  cloudflare: 'cloudflare-api-token',
  discord: 'discord-bot-token',
  anthropic: 'anthropic-api-key',
};

/** The provider page for a credential kind, or undefined where the value is the user's own (a password, a signing key). */
export function rotationPage(kind: string | undefined): RotationPage | undefined {
  if (!kind) return undefined;
  const vendor = VENDOR_PAGES[kind.split('-')[0]];
  return PAGES[kind] ?? (vendor ? PAGES[vendor] : undefined);
}
