/**
 * Kind names for the messages of secretlint's recommended preset. The preset's messages embed
 * the matched value, so Vaultify never shows them; it shows the kind's title instead. Vaultify's
 * own rules name the kind in each report's data (`rules/ruleDefinition.ts`).
 */
const PRESET_KINDS: Record<string, [kind: string, title: string]> = {
  AWSAccountID: ['aws-account-id', 'AWS account ID'],
  AWSSecretAccessKey: ['aws-secret-access-key', 'AWS secret access key'],
  AWSAccessKeyID: ['aws-access-key-id', 'AWS access key ID'],
  PrivateKeyJSON: ['gcp-service-account-key', 'GCP service account private key'],
  PrivateKeyP12: ['gcp-service-account-key', 'GCP service account private key (PKCS#12)'],
  PackageJSON_xOauthToken: ['npm-oauth-token', 'npm OAuth token in package.json'],
  Npmrc_authToken: ['npmrc-auth-token', 'npm auth token in .npmrc'],
  NPM_ACCESS_TOKEN: ['npm-access-token', 'npm access token'],
  SLACK_TOKEN: ['slack-token', 'Slack token'],
  IncomingWebhook: ['slack-webhook', 'Slack incoming webhook URL'],
  BasicAuth: ['basic-auth-url', 'password in a basic-auth URL'],
  OPENAI_TOKEN: ['openai-api-key', 'OpenAI API key'],
  ANTHROPIC_API_KEY: ['anthropic-api-key', 'Anthropic API key'],
  GROQ_API_KEY: ['groq-api-key', 'Groq API key'],
  HUGGINGFACE_USER_ACCESS_TOKEN: ['huggingface-token', 'Hugging Face access token'],
  LINEAR_API_TOKEN: ['linear-api-key', 'Linear API key'],
  NOTION_INTEGRATION_TOKEN: ['notion-token', 'Notion integration token'],
  PrivateKey: ['private-key', 'private key'],
  SENDGRID_KEY: ['sendgrid-api-key', 'SendGrid API key'],
  SHOPIFY_KEY: ['shopify-token', 'Shopify access token'],
  GITHUB_TOKEN: ['github-token', 'GitHub token'],
  GITLAB_PERSONAL_ACCESS_TOKEN: ['gitlab-token', 'GitLab personal access token'],
  GRAFANA_CLOUD_API_TOKEN: ['grafana-cloud-token', 'Grafana Cloud API token'],
  GRAFANA_SERVICE_ACCOUNT_TOKEN: ['grafana-service-account-token', 'Grafana service account token'],
  OPS_TOKEN: ['1password-service-account-token', '1Password service account token'],
  MongoDBConnection: ['mongodb-url', 'password in a MongoDB connection string'],
  MySQLConnection: ['mysql-url', 'password in a MySQL connection string'],
  PostgreSQLConnection: ['postgres-url', 'password in a PostgreSQL connection string'],
  HASHICORP_VAULT_SERVICE_TOKEN: ['vault-token', 'HashiCorp Vault service token'],
  HASHICORP_VAULT_BATCH_TOKEN: ['vault-token', 'HashiCorp Vault batch token'],
  HASHICORP_VAULT_RECOVERY_TOKEN: ['vault-token', 'HashiCorp Vault recovery token'],
  VERCEL_PERSONAL_ACCESS_TOKEN: ['vercel-token', 'Vercel personal access token'],
  VERCEL_INTEGRATION_TOKEN: ['vercel-token', 'Vercel integration token'],
  VERCEL_APP_ACCESS_TOKEN: ['vercel-token', 'Vercel app access token'],
  VERCEL_APP_REFRESH_TOKEN: ['vercel-token', 'Vercel app refresh token'],
  VERCEL_AI_GATEWAY_API_KEY: ['vercel-token', 'Vercel AI Gateway key'],
  DATABRICKS_PERSONAL_ACCESS_TOKEN: ['databricks-token', 'Databricks personal access token'],
  DOCKER_PERSONAL_ACCESS_TOKEN: ['docker-token', 'Docker Hub personal access token'],
  FIGMA_PERSONAL_ACCESS_TOKEN: ['figma-token', 'Figma personal access token'],
};

/** The kind of a reported message: the preset's table first, then a name derived from the id. */
export function kindOf(ruleId: string, messageId: string): { kind: string; title: string } {
  const known = PRESET_KINDS[messageId];
  if (known) return { kind: known[0], title: known[1] };
  const kind = messageId
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase();
  const rule = ruleId.replace(/^.*secretlint-rule-/, '');
  return { kind, title: `${rule} credential` };
}
