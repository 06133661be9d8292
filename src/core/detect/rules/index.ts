import { type DetectorRule, PRESET_RULES } from '../secretlintAdapter';
import { AI_PROVIDER_RULES } from './aiProviders';
import { ATLASSIAN_RULES } from './atlassian';
import { AWS_RULES } from './aws';
import { AZURE_RULES } from './azure';
import { CLOUD_PLATFORM_RULES } from './cloudPlatforms';
import { CONNECTION_STRING_RULES } from './connectionStrings';
import { CREDENTIAL_FILE_RULES } from './credentialFiles';
import { DISCORD_RULES } from './discord';
import { GCP_RULES } from './gcp';
import { GENERIC_RULES } from './generic';
import { GITHUB_RULES } from './github';
import { GITLAB_RULES } from './gitlab';
import { JWT_RULES } from './jwt';
import { KUBERNETES_RULES } from './kubernetes';
import { MESSAGING_RULES } from './messaging';
import { MONITORING_RULES } from './monitoring';
import { PACKAGE_REGISTRY_RULES } from './packageRegistries';
import { PAYMENT_RULES } from './payments';
import { PREFIXED_TOKEN_RULES } from './prefixedTokens';
import { PRIVATE_KEY_RULES } from './privateKeys';
import { SLACK_RULES } from './slack';
import { TELEGRAM_RULES } from './telegram';
import { WORKSPACE_APP_RULES } from './workspaceApps';

/** Vaultify's own rules, run beside the recommended preset. One module per credential family. */
export const VAULTIFY_RULES: readonly DetectorRule[] = [
  ...AWS_RULES,
  ...GCP_RULES,
  ...AZURE_RULES,
  ...GITHUB_RULES,
  ...GITLAB_RULES,
  ...ATLASSIAN_RULES,
  ...SLACK_RULES,
  ...DISCORD_RULES,
  ...TELEGRAM_RULES,
  ...PAYMENT_RULES,
  ...AI_PROVIDER_RULES,
  ...PACKAGE_REGISTRY_RULES,
  ...MESSAGING_RULES,
  ...CLOUD_PLATFORM_RULES,
  ...MONITORING_RULES,
  ...WORKSPACE_APP_RULES,
  ...PREFIXED_TOKEN_RULES,
  ...JWT_RULES,
  ...PRIVATE_KEY_RULES,
  ...CONNECTION_STRING_RULES,
  ...CREDENTIAL_FILE_RULES,
  ...KUBERNETES_RULES,
  ...GENERIC_RULES,
];

/**
 * Preset rules that Vaultify's own replace in the default rule set, and why:
 * - aws, npm: report the value at an offset from where it is (the match's start, the group's length);
 * - gcp, basicauth, database-connection-string, privatekey: report a whole file, URL or PEM
 *   block's surroundings, or drop EC keys starting `MHc`;
 * - slack: flags format-shaped placeholders such as `xoxb-your-bot-token`;
 * - github, gitlab, openai: the replacements check GitHub's checksum, name each token kind,
 *   and accept GitLab's routable and OpenAI's newer key formats.
 */
const REPLACED_PRESET_RULE_IDS: ReadonlySet<string> = new Set(
  ['aws', 'gcp', 'npm', 'slack', 'basicauth', 'database-connection-string', 'privatekey', 'github', 'gitlab', 'openai'].map(
    (name) => `@secretlint/secretlint-rule-${name}`,
  ),
);

/** What `createDetector()` runs: the preset less the rules replaced above, then Vaultify's own. */
export const DEFAULT_RULES: readonly DetectorRule[] = [
  ...PRESET_RULES.filter((r) => !REPLACED_PRESET_RULE_IDS.has(r.creator.meta.id)),
  ...VAULTIFY_RULES,
];
