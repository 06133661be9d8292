import { decodeBase64 } from './checksums';
import { tokenRule } from './ruleDefinition';

/** A bot token's first segment is the bot's numeric user id (a snowflake) in base64. */
function encodesSnowflake(token: string): boolean {
  const id = decodeBase64(token.slice(0, token.indexOf('.')))?.toString('latin1');
  return id !== undefined && /^[0-9]{17,20}$/.test(id);
}

export const DISCORD_RULES = [
  // Bot tokens carry no literal prefix: the rule runs where a token's `.` + 6 + `.` + 27 shape
  // occurs (rare in code), or where a webhook's `discord` does. The id check keeps it precise.
  tokenRule(
    'discord',
    ['discord'],
    [
      {
        kind: 'discord-bot-token',
        title: 'Discord bot token',
        pattern: /(?<![A-Za-z0-9_.-])[MNO][A-Za-z0-9_-]{22,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_.-])/g,
        verify: encodesSnowflake,
      },
      {
        kind: 'discord-webhook',
        title: 'Discord webhook URL',
        pattern:
          /https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/(?:v[0-9]{1,2}\/)?webhooks\/[0-9]{17,20}\/[A-Za-z0-9_-]{60,80}(?![A-Za-z0-9_-])/g,
      },
    ],
    { anchors: [/\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27}/] },
  ),
];
