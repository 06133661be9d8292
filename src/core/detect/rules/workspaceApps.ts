import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

/** Work and collaboration apps the preset does not fully cover. */
export const WORKSPACE_APP_RULES = [
  // Gated on the vendor's name (its client, its API host), which comes with its tokens: `pat`
  // alone occurs in nearly every file (`path`, `pattern`).
  tokenRule(
    'airtable',
    ['airtable'],
    [
      {
        kind: 'airtable-token',
        title: 'Airtable personal access token',
        pattern: /(?<![A-Za-z0-9_-])pat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
      },
      {
        // API keys before 2024 were `key` and 14 characters, like the `app…` and `tbl…` ids beside them.
        kind: 'airtable-token',
        title: 'Airtable API key',
        pattern: /(?<![A-Za-z0-9_-])key[A-Za-z0-9]{14}(?![A-Za-z0-9_-])/g,
        near: /airtable/i,
        verify: (value) => /[0-9]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value.slice(3)),
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'salesforce',
    ['00d'],
    [
      {
        // A session or OAuth access token: the org id (`00D` and 12 or 15 characters), `!`, the session.
        kind: 'salesforce-access-token',
        title: 'Salesforce access token',
        pattern: /(?<![A-Za-z0-9_])00D[A-Za-z0-9]{12,15}![A-Za-z0-9._]{80,120}(?![A-Za-z0-9._])/g,
      },
    ],
  ),
  tokenRule(
    'notion',
    ['secret_'],
    [
      {
        // Integration tokens issued before September 2024; the preset finds only the newer `ntn_` form.
        kind: 'notion-token',
        title: 'Notion integration token',
        pattern: /(?<![A-Za-z0-9_])secret_[A-Za-z0-9]{43}(?![A-Za-z0-9_])/g,
        verify: (value) => looksRandom(value.slice(7), 32) && /[0-9]/.test(value) && /[A-Z]/.test(value),
      },
    ],
  ),
  tokenRule(
    'linear',
    ['lin_oauth_'],
    [
      {
        kind: 'linear-api-key',
        title: 'Linear OAuth token',
        pattern: /(?<![A-Za-z0-9_])lin_oauth_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'figma',
    ['figma'],
    [
      {
        // Personal access tokens issued before `figd_`.
        kind: 'figma-token',
        title: 'Figma personal access token',
        pattern: /(?<![A-Za-z0-9_-])[0-9]{6}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9_-])/g,
        near: /figma/i,
      },
    ],
  ),
  tokenRule(
    'algolia',
    ['algolia'],
    [
      {
        // Search-only keys are meant to ship in front ends; the admin (write) key is not.
        kind: 'algolia-admin-key',
        title: 'Algolia admin API key',
        pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{32}(?![A-Za-z0-9_-])/g,
        // Or the key a server passes to the client constructor: `algoliasearch(appId, key)`.
        near: /algolia[^\n]{0,40}(?:admin|write|secret|master)|(?:admin|write|secret|master)[^\n]{0,40}algolia|algoliasearch\s{0,4}\(/i,
      },
    ],
  ),
];
