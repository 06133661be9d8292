import { tokenRule } from './ruleDefinition';

/**
 * Slack's token formats (api.slack.com/authentication/token-types): numeric team and user ids
 * then a random tail. Requiring the digits is what tells `xoxb-1234...-AbC...` from
 * `xoxb-your-bot-token`, which secretlint's own Slack rule flags.
 */
export const SLACK_RULES = [
  tokenRule(
    'slack',
    ['xox', 'xapp-', 'hooks.slack.com'],
    [
      {
        kind: 'slack-bot-token',
        title: 'Slack bot token',
        pattern: /(?<![A-Za-z0-9_-])xoxb-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{24,34}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'slack-user-token',
        title: 'Slack user token',
        pattern: /(?<![A-Za-z0-9_-])xox[ps]-[0-9]{8,14}-[0-9]{8,14}-[0-9]{8,14}-[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'slack-legacy-token',
        title: 'Slack legacy workspace token',
        pattern: /(?<![A-Za-z0-9_-])xox[aor]-[0-9]{1,2}-[0-9]{8,14}-[0-9]{8,14}-[A-Za-z0-9]{24,64}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'slack-config-token',
        title: 'Slack configuration token',
        pattern: /(?<![A-Za-z0-9_-])xoxe(?:\.xox[bp])?-[0-9]-[A-Za-z0-9]{140,170}(?![A-Za-z0-9_-])/g,
      },
      {
        // A rotating token's access half, as `oauth.v2.access` returns it, is also pasted without its `xoxe.`.
        kind: 'slack-rotating-token',
        title: 'Slack rotating access token',
        pattern: /(?<![A-Za-z0-9_.-])xox[bp]-[0-9]-[A-Za-z0-9]{140,170}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'slack-app-token',
        title: 'Slack app-level token',
        pattern: /(?<![A-Za-z0-9_-])xapp-[0-9]-[A-Z0-9]{9,12}-[0-9]{10,14}-[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
      },
      {
        // The whole URL is the credential: anyone holding it can post.
        kind: 'slack-webhook',
        title: 'Slack webhook URL',
        pattern:
          /https:\/\/hooks\.slack\.com\/(?:services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}|(?:workflows|triggers)\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/[0-9]{10,20}\/[a-f0-9]{32})(?![A-Za-z0-9])/g,
      },
    ],
  ),
];
