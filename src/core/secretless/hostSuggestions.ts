import { entryCovers, parseHostEntries, parseHostEntry } from './hostEntry';

/**
 * The hosts each detected kind of credential is accepted by, suggested when a value is stored
 * (the person confirms or edits them). Only the vendors' documented API and git hosts: never a
 * loopback host, and nothing for kinds whose host depends on the deployment (self-hosted GitLab,
 * Artifactory, database passwords), which the person names.
 */
const HOSTS_BY_KIND: Record<string, readonly string[]> = {
  'github-pat': ['github.com', 'api.github.com'],
  'github-oauth-token': ['github.com', 'api.github.com'],
  'github-user-token': ['github.com', 'api.github.com'],
  'github-app-token': ['github.com', 'api.github.com'],
  'github-refresh-token': ['github.com'],
  'github-fine-grained-pat': ['github.com', 'api.github.com'],
  'github-token': ['github.com', 'api.github.com'],
  'gitlab-token': ['gitlab.com'],
  'gitlab-runner-registration-token': ['gitlab.com'],
  'stripe-secret-key': ['api.stripe.com'],
  'stripe-restricted-key': ['api.stripe.com'],
  'openai-api-key': ['api.openai.com'],
  'anthropic-api-key': ['api.anthropic.com'],
  'anthropic-admin-key': ['api.anthropic.com'],
  'groq-api-key': ['api.groq.com'],
  'mistral-api-key': ['api.mistral.ai'],
  'cohere-api-key': ['api.cohere.com', 'api.cohere.ai'],
  'xai-api-key': ['api.x.ai'],
  'perplexity-api-key': ['api.perplexity.ai'],
  'openrouter-api-key': ['openrouter.ai'],
  'replicate-api-token': ['api.replicate.com'],
  'huggingface-token': ['huggingface.co', '*.huggingface.co'],
  'langsmith-api-key': ['api.smith.langchain.com'],
  'slack-bot-token': ['slack.com'],
  'slack-user-token': ['slack.com'],
  'slack-app-token': ['slack.com'],
  'slack-config-token': ['slack.com'],
  'slack-legacy-token': ['slack.com'],
  'slack-token': ['slack.com'],
  'slack-webhook': ['hooks.slack.com'],
  'discord-bot-token': ['discord.com'],
  'discord-webhook': ['discord.com'],
  'telegram-bot-token': ['api.telegram.org'],
  'npm-access-token': ['registry.npmjs.org'],
  'npm-oauth-token': ['registry.npmjs.org'],
  'npmrc-auth-token': ['registry.npmjs.org'],
  'pypi-token': ['upload.pypi.org'],
  'crates-io-token': ['crates.io'],
  'rubygems-api-key': ['rubygems.org'],
  'nuget-api-key': ['www.nuget.org', 'api.nuget.org'],
  'docker-token': ['registry-1.docker.io', 'auth.docker.io', 'hub.docker.com'],
  'sendgrid-api-key': ['api.sendgrid.com'],
  'mailgun-api-key': ['api.mailgun.net'],
  'postmark-server-token': ['api.postmarkapp.com'],
  'brevo-api-key': ['api.brevo.com'],
  'twilio-api-key': ['api.twilio.com'],
  'twilio-auth-token': ['api.twilio.com'],
  'square-access-token': ['connect.squareup.com'],
  'paypal-client-secret': ['api-m.paypal.com'],
  'shopify-token': ['*.myshopify.com'],
  'linear-api-key': ['api.linear.app'],
  'notion-token': ['api.notion.com'],
  'figma-token': ['api.figma.com'],
  'airtable-token': ['api.airtable.com'],
  'atlassian-api-token': ['*.atlassian.net'],
  'bitbucket-access-token': ['bitbucket.org', 'api.bitbucket.org'],
  'bitbucket-app-password': ['bitbucket.org', 'api.bitbucket.org'],
  'cloudflare-api-token': ['api.cloudflare.com'],
  'cloudflare-global-api-key': ['api.cloudflare.com'],
  'digitalocean-token': ['api.digitalocean.com'],
  'linode-token': ['api.linode.com'],
  'hetzner-api-token': ['api.hetzner.cloud'],
  'heroku-api-key': ['api.heroku.com'],
  'vercel-token': ['api.vercel.com'],
  'netlify-token': ['api.netlify.com'],
  'flyio-token': ['api.fly.io', 'api.machines.dev'],
  'railway-token': ['backboard.railway.app'],
  'datadog-api-key': ['api.datadoghq.com'],
  'datadog-app-key': ['api.datadoghq.com'],
  'sentry-auth-token': ['sentry.io'],
  'grafana-cloud-token': ['grafana.com'],
  'doppler-token': ['api.doppler.com'],
  'pulumi-token': ['api.pulumi.com'],
  'terraform-cloud-token': ['app.terraform.io'],
  'algolia-admin-key': ['*.algolia.net'],
  'databricks-token': ['*.cloud.databricks.com'],
  'google-api-key': ['*.googleapis.com'],
};

/** The hosts to suggest for a detected kind; none when the kind's host is not known in advance. */
export function suggestedHosts(kind: string | undefined): string[] {
  return kind ? [...(HOSTS_BY_KIND[kind] ?? [])] : [];
}

/** Every kind with suggestions: the unit tests parse each entry. */
export function kindsWithSuggestedHosts(): string[] {
  return Object.keys(HOSTS_BY_KIND);
}

/**
 * Whether a value of `kind` fits the hosts it is to be bound to: every entry must be one its
 * kind's suggested hosts cover (a GitHub token for `api.stripe.com` does not fit). A kind without
 * suggestions, or no hosts, always fits; an entry that does not parse never does.
 */
export function kindFitsHosts(
  kind: string | undefined,
  hosts: readonly string[],
): { fits: true } | { fits: false; outside: string[]; expected: string[] } {
  const expected = suggestedHosts(kind);
  if (!expected.length || !hosts.length) return { fits: true };
  const accepted = parseHostEntries(expected).entries;
  const outside = hosts.filter((text) => {
    const parsed = parseHostEntry(text);
    return !parsed.ok || !accepted.some((entry) => entryCovers(entry, parsed.entry));
  });
  return outside.length ? { fits: false, outside, expected } : { fits: true };
}
