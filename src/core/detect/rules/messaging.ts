import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/**
 * Email, SMS and messaging platforms (Facebook's Graph API serves Messenger). SendGrid's `SG.` keys
 * are left to secretlint's preset, which gets them right.
 */
export const MESSAGING_RULES = [
  tokenRule(
    'facebook',
    ['facebook'],
    [
      {
        // An app access token: the app's numeric id, a pipe, and the app's secret or its signed
        // form. Digits and a pipe are common, so the name Facebook must be near.
        kind: 'facebook-app-token',
        title: 'Facebook app access token',
        pattern: /(?<![0-9|])[0-9]{15,16}(?:\||%7[Cc])[A-Za-z0-9_-]{27,40}(?![A-Za-z0-9_-])/g,
        near: /facebook/i,
      },
    ],
  ),
  tokenRule(
    'mailgun',
    ['mailgun'],
    [
      {
        kind: 'mailgun-api-key',
        title: 'Mailgun API key',
        pattern: /(?<![A-Za-z0-9_-])(?:key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})(?![A-Za-z0-9_-])/g,
        near: /mailgun/i,
      },
    ],
  ),
  tokenRule(
    'mailchimp',
    ['-us'],
    [
      {
        // The data-centre suffix (`-us21`) makes the key recognisable on its own.
        kind: 'mailchimp-api-key',
        title: 'Mailchimp API key',
        pattern: /(?<![A-Za-z0-9_-])[0-9a-f]{32}-us[0-9]{1,2}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'brevo',
    ['xkeysib-', 'xsmtpsib-'],
    [
      {
        kind: 'brevo-api-key',
        title: 'Brevo API key',
        pattern: /(?<![A-Za-z0-9_-])xkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'brevo-smtp-key',
        title: 'Brevo SMTP key',
        pattern: /(?<![A-Za-z0-9_-])xsmtpsib-[a-f0-9]{64}-[A-Za-z0-9]{16}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'twilio',
    ['twilio', 'account_sid', 'accountsid'],
    [
      {
        // An account SID is public on its own (it is in every webhook Twilio sends): it is
        // reported, as Information, only beside the auth token or API secret that completes it.
        kind: 'twilio-account-sid',
        title: 'Twilio account SID',
        pattern: /(?<![A-Za-z0-9_-])AC[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
        near: /twilio|account_?sid/i,
        pairedWith: /auth_?token|api_?secret/i,
        confidence: 'low',
      },
      {
        kind: 'twilio-auth-token',
        title: 'Twilio auth token or API secret',
        pattern: /(?<![A-Za-z0-9_-])(?!AC|SK)[A-Za-z0-9]{32}(?![A-Za-z0-9_-])/g,
        near: /twilio/i,
        verify: (value) => looksRandom(value, 32) && /[0-9]/.test(value),
      },
    ],
  ),
  // Its own rule: `sk` occurs in most texts, and the context patterns above need not run there.
  tokenRule(
    'twilio-api-key',
    ['sk'],
    [
      {
        // An API key's SID: the secret's partner, and as telling as an AWS key id.
        kind: 'twilio-api-key',
        title: 'Twilio API key SID',
        pattern: /(?<![A-Za-z0-9_-])SK[0-9a-f]{32}(?![A-Za-z0-9_-])/g,
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'postmark',
    ['postmark'],
    [
      {
        kind: 'postmark-server-token',
        title: 'Postmark server token',
        pattern: new RegExp(`(?<![A-Za-z0-9_-])${UUID}(?![A-Za-z0-9_-])`, 'g'),
        near: /postmark/i,
      },
    ],
  ),
];
