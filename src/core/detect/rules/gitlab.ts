import { type TokenPattern, tokenRule } from './ruleDefinition';

/** GitLab's token prefixes (docs.gitlab.com, "Token prefixes"). */
const PREFIXES: [prefix: string, kind: string, title: string][] = [
  ['glpat-', 'gitlab-pat', 'GitLab personal access token'],
  ['gldt-', 'gitlab-deploy-token', 'GitLab deploy token'],
  ['glrt-', 'gitlab-runner-token', 'GitLab runner authentication token'],
  ['glrtr-', 'gitlab-runner-token', 'GitLab runner authentication token'],
  ['glptt-', 'gitlab-trigger-token', 'GitLab pipeline trigger token'],
  ['glft-', 'gitlab-feed-token', 'GitLab feed token'],
  ['glsoat-', 'gitlab-oauth-secret', 'GitLab SCIM OAuth token'],
  ['gloas-', 'gitlab-oauth-secret', 'GitLab OAuth application secret'],
  ['glcbt-', 'gitlab-ci-job-token', 'GitLab CI/CD job token'],
  ['glimt-', 'gitlab-token', 'GitLab incoming mail token'],
  ['glagent-', 'gitlab-agent-token', 'GitLab agent for Kubernetes token'],
  ['glffct-', 'gitlab-token', 'GitLab feature flags client token'],
  ['glwt-', 'gitlab-token', 'GitLab workspace token'],
];

const patterns: TokenPattern[] = [
  ...PREFIXES.map(([prefix, kind, title]) => ({
    kind,
    title,
    // Legacy tokens are 20 characters; routable ones (GitLab 17.x) add `.01.` and a base36 suffix.
    pattern: new RegExp(`(?<![A-Za-z0-9_-])${prefix}[A-Za-z0-9_-]{20,300}(?:\\.[0-9a-z]{2}\\.[0-9a-z]{7,12})?(?![A-Za-z0-9_-])`, 'g'),
  })),
  {
    kind: 'gitlab-runner-registration-token',
    title: 'GitLab runner registration token',
    pattern: /(?<![A-Za-z0-9_-])GR1348941[A-Za-z0-9_-]{20,40}(?![A-Za-z0-9_-])/g,
  },
];

export const GITLAB_RULES = [tokenRule('gitlab', [...PREFIXES.map(([prefix]) => prefix), 'gr1348941'], patterns)];
