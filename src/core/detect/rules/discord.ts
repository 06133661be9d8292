import { decodeBase64 } from './checksums';
import { tokenRule } from './ruleDefinition';

/** A bot token's first segment is the bot's numeric user id (a snowflake) in base64. */
function encodesSnowflake(token: string): boolean {
  const id = decodeBase64(token.slice(0, token.indexOf('.')))?.toString('latin1');
  return id !== undefined && /^[0-9]{17,20}$/.test(id);
}

/**
 * How every token `encodesSnowflake` accepts begins: its first six bytes are ASCII digits, two
 * whole groups of three, and in base64 each of a group's four characters can then take only a
 * few values (`0`-`9` are 0x30-0x39: the first character is 12-14, the second 3 + 16k, the third
 * 4k, the fourth 48-57). On classes this narrow irregexp skips through a text several times
 * faster than it tries a dotted shape at every `.` of code.
 */
const SNOWFLAKE_START = /[MNO][DTjz][AEIMQUYcgk][w-z0-5][MNO][DTjz][AEIMQUYcgk][w-z0-5]/;

export const DISCORD_RULES = [
  // Bot tokens carry no literal prefix: the rule runs where a token's id can start (rare in
  // code), or where a webhook's `discord` occurs. The id check keeps it precise.
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
    { anchors: [SNOWFLAKE_START] },
  ),
];
