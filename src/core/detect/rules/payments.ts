import { TOKEN_START, tokenRule } from './ruleDefinition';

export const PAYMENT_RULES = [
  tokenRule(
    'stripe',
    ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_', 'whsec_'],
    [
      {
        kind: 'stripe-secret-key',
        title: 'Stripe secret key',
        pattern: /(?<![A-Za-z0-9_])sk_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
      },
      {
        // Test-mode keys reach only test data, but still act on the account.
        kind: 'stripe-secret-key',
        title: 'Stripe test-mode secret key',
        pattern: /(?<![A-Za-z0-9_])sk_test_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
        confidence: 'medium',
      },
      {
        kind: 'stripe-restricted-key',
        title: 'Stripe restricted key',
        pattern: /(?<![A-Za-z0-9_])rk_(?:live|test)_[A-Za-z0-9]{20,247}(?![A-Za-z0-9_])/g,
      },
      {
        kind: 'stripe-webhook-secret',
        title: 'Stripe webhook signing secret',
        pattern: /(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{32,64}={0,2}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'square',
    ['eaaa', 'sq0atp-', 'sq0csp-'],
    [
      {
        kind: 'square-access-token',
        title: 'Square access token',
        pattern: new RegExp(`${TOKEN_START}(?:EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])`, 'g'),
      },
      {
        kind: 'square-oauth-secret',
        title: 'Square application secret',
        pattern: new RegExp(`${TOKEN_START}sq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`, 'g'),
      },
    ],
  ),
  tokenRule(
    'paypal',
    ['access_token$', 'paypal'],
    [
      {
        kind: 'braintree-access-token',
        title: 'PayPal Braintree access token',
        pattern: /access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}(?![0-9a-f])/g,
      },
      {
        // REST app secrets are 80 characters starting with E; client ids start with A.
        kind: 'paypal-client-secret',
        title: 'PayPal client secret',
        pattern: /(?<![A-Za-z0-9_-])E[A-Za-z0-9_-]{79}(?![A-Za-z0-9_-])/g,
        near: /paypal/i,
      },
    ],
  ),
];
