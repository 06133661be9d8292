import { looksRandom } from './entropy';
import { defineRule, type SecretMatch, tokenRule } from './ruleDefinition';

/** A GCP service-account key file: its `private_key` is the credential, not the whole file. */
export function isServiceAccountJson(text: string): boolean {
  return /"type"\s{0,10}:\s{0,10}"service_account"/.test(text) || (text.includes('"private_key_id"') && text.includes('"client_email"'));
}

const PRIVATE_KEY_FIELD = /"private_key"\s{0,10}:\s{0,10}"(?=-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----)/g;
const KEY_VALUE = /^-----BEGIN [A-Z ]{0,20}PRIVATE KEY-----[A-Za-z0-9+/=\\\s]{40,20000}-----END [A-Z ]{0,20}PRIVATE KEY-----(?:\\n)?$/;

const serviceAccount = defineRule({
  id: 'gcp-service-account',
  keywords: ['private_key'],
  *scan({ text }) {
    if (!isServiceAccountJson(text)) return;
    // The value ends at the string's closing quote, the first `"` after it; that only moves forward.
    let close = -1;
    for (const m of text.matchAll(PRIVATE_KEY_FIELD)) {
      const start = m.index + m[0].length;
      if (close < start) close = text.indexOf('"', start);
      if (close < 0) return;
      if (!KEY_VALUE.test(text.slice(start, close))) continue;
      const match: SecretMatch = {
        start,
        end: close,
        kind: 'gcp-service-account-key',
        title: 'GCP service account private key',
        confidence: 'high',
      };
      yield match;
    }
  },
});

export const GCP_RULES = [
  serviceAccount,
  tokenRule(
    'google',
    ['aiza', 'apa91b', 'gocspx-', 'ya29.', '.apps.googleusercontent.com'],
    [
      {
        kind: 'google-api-key',
        title: 'Google API key',
        pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'firebase-server-key',
        title: 'Firebase Cloud Messaging server key',
        pattern: /(?<![A-Za-z0-9_-])AAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{130,140}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'google-oauth-client-secret',
        title: 'Google OAuth client secret',
        pattern: /(?<![A-Za-z0-9_-])GOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])/g,
      },
      {
        // Client secrets issued before 2022 have no prefix: 24 characters beside the client id they belong to.
        kind: 'google-oauth-client-secret',
        title: 'Google OAuth client secret',
        pattern: /(?<![A-Za-z0-9_.-])[A-Za-z0-9_-]{24}(?![A-Za-z0-9_.-])/g,
        pairedWith: /[0-9]{6,20}-[a-z0-9]{32}\.apps\.googleusercontent\.com/,
        verify: (value) => looksRandom(value, 24) && /[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value),
        confidence: 'medium',
      },
      {
        kind: 'google-oauth-token',
        title: 'Google OAuth access token',
        pattern: /(?<![A-Za-z0-9_-])ya29\.[A-Za-z0-9_-]{40,2000}(?![A-Za-z0-9_-])/g,
        confidence: 'medium',
      },
    ],
  ),
];
