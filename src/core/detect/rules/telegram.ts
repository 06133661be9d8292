import { tokenRule } from './ruleDefinition';

/** `<bot id>:<35 characters>` (core.telegram.org/bots/api#authorizing-your-bot). */
export const TELEGRAM_RULES = [
  tokenRule(
    'telegram',
    [':a'],
    [
      {
        kind: 'telegram-bot-token',
        title: 'Telegram bot token',
        // In Bot API URLs the token follows `/bot`.
        pattern: /(?:(?<=\/bot)|(?<![A-Za-z0-9_:-]))[0-9]{6,12}:A[A-Za-z0-9_-]{32,35}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
];
