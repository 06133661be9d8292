import { hasBase62Crc32 } from './checksums';
import { type TokenPattern, tokenRule } from './ruleDefinition';

/** GitHub's token kinds by prefix (https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/). */
const CLASSIC: [prefix: string, kind: string, title: string][] = [
  ['ghp', 'github-pat', 'GitHub personal access token'],
  ['gho', 'github-oauth-token', 'GitHub OAuth access token'],
  ['ghu', 'github-user-token', 'GitHub user-to-server token'],
  ['ghs', 'github-app-token', 'GitHub App installation token'],
  ['ghr', 'github-refresh-token', 'GitHub refresh token'],
];

const patterns: TokenPattern[] = [
  ...CLASSIC.map(([prefix, kind, title]) => ({
    kind,
    title,
    // 30 random base62 characters, then their CRC-32 in 6 more.
    pattern: new RegExp(`(?<![A-Za-z0-9_])${prefix}_[A-Za-z0-9]{36}(?![A-Za-z0-9_])`, 'g'),
    checksum: (value: string) => hasBase62Crc32(value.slice(4)),
  })),
  {
    kind: 'github-fine-grained-pat',
    title: 'GitHub fine-grained personal access token',
    pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}(?![A-Za-z0-9_])/g,
  },
  {
    // npm's `package.json` dependency URLs: `https://TOKEN:x-oauth-basic@github.com/...`.
    kind: 'github-oauth-token',
    title: 'GitHub OAuth token in a git URL',
    pattern: /https?:\/\/(?<secret>[A-Za-z0-9_]{20,255}):x-oauth-basic@github\.com\//dg,
  },
];

export const GITHUB_RULES = [tokenRule('github', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_', 'x-oauth-basic'], patterns)];
