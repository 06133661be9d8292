import { decodeBase64Json } from './checksums';
import { tokenRule } from './ruleDefinition';

export const MONITORING_RULES = [
  tokenRule(
    'datadog',
    ['datadog', 'ddapi', 'dd_api', 'dd-api', 'ddapp', 'dd_app', 'dd-app'],
    [
      {
        kind: 'datadog-api-key',
        title: 'Datadog API key',
        // Not an id: `DATADOG_ACCOUNT_ID=…` names the same 32 hex digits for something public.
        pattern: /(?<![A-Za-z0-9_-])(?<!(?:_id|_ID|Id)["']?\s{0,3}[=:]\s{0,3}["']?)[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
        near: /datadog|\bdd[_-]?api[_-]?key/i,
      },
      {
        kind: 'datadog-app-key',
        title: 'Datadog application key',
        pattern: /(?<![A-Za-z0-9_-])(?<!(?:_id|_ID|Id)["']?\s{0,3}[=:]\s{0,3}["']?)[a-f0-9]{40}(?![A-Za-z0-9_-])/g,
        near: /datadog|\bdd[_-]?app(?:lication)?[_-]?key/i,
      },
    ],
  ),
  tokenRule(
    'newrelic',
    ['nrak-', 'nrjs-', 'nrbr-', 'nrii-', 'nral'],
    [
      {
        kind: 'newrelic-user-key',
        title: 'New Relic user API key',
        pattern: /(?<![A-Za-z0-9_-])NRAK-[A-Z0-9]{27}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'newrelic-insert-key',
        title: 'New Relic insights insert key',
        pattern: /(?<![A-Za-z0-9_-])NRII-[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'newrelic-browser-key',
        title: 'New Relic browser API key',
        pattern: /(?<![A-Za-z0-9_-])NR(?:JS|BR)-[a-f0-9]{19}(?![A-Za-z0-9_-])/g,
        confidence: 'medium',
      },
      {
        kind: 'newrelic-license-key',
        title: 'New Relic license key',
        // Keys of an EU or other regional account start with the region: `eu01x` and 31 hex digits.
        pattern: /(?<![A-Za-z0-9_-])(?:[a-f0-9]{36}|[a-z]{2}[0-9]{2}x[a-f0-9]{31})NRAL(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'sentry',
    ['sentry', 'sntrys_', 'sntryu_'],
    [
      {
        // Only the legacy DSN form carries a secret (`https://public:secret@...`); the public key alone is meant to ship.
        kind: 'sentry-dsn-secret',
        title: 'Sentry DSN secret key',
        pattern: /https?:\/\/[0-9a-f]{32}:(?<secret>[0-9a-f]{32})@[A-Za-z0-9.-]{1,100}(?::[0-9]{1,5})?\/[0-9]{1,12}/dg,
      },
      {
        kind: 'sentry-auth-token',
        title: 'Sentry organisation auth token',
        pattern: /(?<![A-Za-z0-9_-])sntrys_eyJ[A-Za-z0-9+/=_-]{60,400}(?![A-Za-z0-9+/=_-])/g,
      },
      {
        kind: 'sentry-auth-token',
        title: 'Sentry user auth token',
        pattern: /(?<![A-Za-z0-9_-])sntryu_[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'sentry-auth-token',
        title: 'Sentry auth token',
        pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
        near: /sentry[^\n]{0,30}(?:auth|token)/i,
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'grafana',
    ['eyjrijoi'],
    [
      {
        // Legacy API keys are base64 JSON: `{"k":"...","n":"name","id":1}`.
        kind: 'grafana-api-key',
        title: 'Grafana API key',
        pattern: /(?<![A-Za-z0-9+/_-])eyJrIjoi[A-Za-z0-9+/]{40,200}={0,2}(?![A-Za-z0-9+/=_-])/g,
        verify: (value) => typeof decodeBase64Json(value)?.k === 'string',
      },
    ],
  ),
];
