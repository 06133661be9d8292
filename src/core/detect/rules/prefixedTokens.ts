import { TOKEN_START, tokenRule } from './ruleDefinition';
import { WINDOW_LINES } from '../windows';

/**
 * Vendor tokens whose documented prefix identifies them, for services with no module of their
 * own: one rule each, keyed on the prefix. Boundaries on both sides keep a prefix inside a
 * longer word (or a longer token of another kind) from matching.
 */
const B = TOKEN_START;
const E = '(?![A-Za-z0-9_-])';
const token = (body: string) => new RegExp(`${B}${body}${E}`, 'g');

export const PREFIXED_TOKEN_RULES = [
  tokenRule(
    'posthog',
    ['phx_', 'phs_', 'pha_', 'phr_'],
    [
      // `phc_` project keys are public (they ship in every page): see publicIdentifiers.ts.
      { kind: 'posthog-personal-api-key', title: 'PostHog personal API key', pattern: token('phx_[A-Za-z0-9]{40,60}') },
      { kind: 'posthog-secret-api-key', title: 'PostHog project secret API key', pattern: token('phs_[A-Za-z0-9]{40,60}') },
      { kind: 'posthog-oauth-token', title: 'PostHog OAuth token', pattern: token('ph[ar]_[A-Za-z0-9]{40,64}') },
    ],
  ),
  tokenRule(
    'cloudflare-token',
    ['cfat_', 'cfut_', 'cfk_'],
    [
      { kind: 'cloudflare-api-token', title: 'Cloudflare API token', pattern: token('cf(?:at|ut)_[A-Za-z0-9]{40,50}') },
      { kind: 'cloudflare-api-key', title: 'Cloudflare API key', pattern: token('cfk_[A-Za-z0-9]{40,50}') },
    ],
  ),
  tokenRule(
    'planetscale',
    ['pscale_'],
    [
      {
        kind: 'planetscale-token',
        title: 'PlanetScale token or password',
        pattern: token('pscale_(?:pw|tkn|oauth)_[A-Za-z0-9_.-]{32,64}'),
      },
    ],
  ),
  tokenRule(
    'postman',
    ['pmak-', 'pmat-'],
    [
      { kind: 'postman-api-key', title: 'Postman API key', pattern: token('PMAK-[0-9a-f]{24}-[0-9a-f]{34}') },
      { kind: 'postman-access-token', title: 'Postman collection access token', pattern: token('PMAT-[0-9A-Z]{26}') },
    ],
  ),
  tokenRule(
    'llamacloud',
    ['llx-'],
    [{ kind: 'llamacloud-api-key', title: 'LlamaCloud API key', pattern: token('llx-[A-Za-z0-9_-]{40,60}') }],
  ),
  tokenRule(
    'clojars',
    ['clojars_'],
    [{ kind: 'clojars-deploy-token', title: 'Clojars deploy token', pattern: token('CLOJARS_[0-9a-f]{60}') }],
  ),
  tokenRule(
    'dynatrace',
    ['dt0c01.'],
    [{ kind: 'dynatrace-token', title: 'Dynatrace token', pattern: token('dt0c01\\.[A-Z0-9]{24}\\.[A-Z0-9]{64}') }],
  ),
  tokenRule(
    'docker-swarm',
    ['swmtkn-', 'swmkey-'],
    [
      { kind: 'docker-swarm-join-token', title: 'Docker Swarm join token', pattern: token('SWMTKN-1-[a-z0-9]{50}-[a-z0-9]{25}') },
      { kind: 'docker-swarm-unlock-key', title: 'Docker Swarm unlock key', pattern: token('SWMKEY-1-[A-Za-z0-9+/]{43}') },
    ],
  ),
  tokenRule(
    'defined-networking',
    ['dnkey-'],
    [{ kind: 'defined-networking-api-key', title: 'Defined Networking API key', pattern: token('dnkey-[A-Z0-9]{26}-[A-Z0-9]{52}') }],
  ),
  tokenRule(
    'akamai',
    ['akab-'],
    [
      // Not a host name: `akab-….luna.akamaiapis.net` is the client's API host, which starts the same way.
      {
        kind: 'akamai-edgegrid-token',
        title: 'Akamai EdgeGrid token',
        pattern: new RegExp(`${B}akab-[a-z0-9]{16}-[a-z0-9]{16}(?![A-Za-z0-9_-]|\\.[a-z])`, 'g'),
      },
    ],
  ),
  tokenRule(
    'sonarqube',
    ['squ_', 'sqp_', 'sqa_'],
    [{ kind: 'sonarqube-token', title: 'SonarQube token', pattern: token('sq[upa]_[0-9a-f]{40}') }],
  ),
  tokenRule(
    'bitbucket-data-center',
    ['bbdc-'],
    [{ kind: 'bitbucket-dc-token', title: 'Bitbucket Data Center access token', pattern: token('BBDC-[A-Za-z0-9+/]{44}') }],
  ),
  tokenRule(
    'mailgun',
    ['key-', 'mailgun'],
    [
      { kind: 'mailgun-api-key', title: 'Mailgun API key', pattern: token('key-[0-9a-f]{32}') },
      { kind: 'mailgun-api-key', title: 'Mailgun API key', pattern: token('[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}'), near: /mailgun/i },
    ],
  ),
  tokenRule(
    'deepseek',
    ['sk-'],
    [
      // DeepSeek's keys are `sk-` and 32 hex digits: no other vendor's `sk-` key is that short or that alphabet.
      { kind: 'deepseek-api-key', title: 'DeepSeek API key', pattern: token('sk-[0-9a-f]{32}'), confidence: 'medium' },
    ],
  ),
  tokenRule(
    'aws-bedrock',
    ['bedrock-api-key-', 'absk'],
    [
      { kind: 'aws-bedrock-api-key', title: 'Amazon Bedrock API key', pattern: token('bedrock-api-key-[A-Za-z0-9+/=]{24,}') },
      { kind: 'aws-bedrock-api-key', title: 'Amazon Bedrock API key', pattern: token('ABSK[A-Za-z0-9+/]{100,}={0,2}') },
    ],
  ),
  tokenRule(
    'google-oauth-refresh',
    ['1//0'],
    [
      {
        kind: 'google-oauth-refresh-token',
        title: 'Google OAuth refresh token',
        pattern: /(?<![A-Za-z0-9_/-])1\/\/0[A-Za-z0-9_-]{40,200}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'instagram',
    ['igqv'],
    [{ kind: 'instagram-access-token', title: 'Instagram access token', pattern: token('IGQV[A-Za-z0-9_-]{100,300}') }],
  ),
  tokenRule(
    'together-ai',
    ['tgp_v1_'],
    [{ kind: 'together-api-key', title: 'Together AI API key', pattern: token('tgp_v1_[A-Za-z0-9_-]{43}') }],
  ),
  tokenRule(
    'tavily',
    ['tvly-'],
    [{ kind: 'tavily-api-key', title: 'Tavily API key', pattern: token('tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}') }],
  ),
  tokenRule(
    'supabase',
    ['sbp_'],
    [{ kind: 'supabase-access-token', title: 'Supabase access token', pattern: token('sbp_(?:v0_)?[0-9a-f]{40}') }],
  ),
  tokenRule(
    'wundergraph',
    ['cosmo_'],
    [{ kind: 'wundergraph-api-key', title: 'WunderGraph Cosmo API key', pattern: token('cosmo_[0-9a-f]{32}') }],
  ),
  tokenRule(
    'nats-nkey',
    ['nkey', 'seed'],
    [
      // A seed is `S`, its key's type (user, account, operator) and base32 (RFC 4648), 58 in all.
      { kind: 'nats-nkey-seed', title: 'NATS NKey seed', pattern: token('S[UAO][A-Z2-7]{56}'), confidence: 'medium' },
    ],
    // The keywords name the seed on its line or the lines around it.
    { contextLines: WINDOW_LINES },
  ),
  tokenRule(
    'amazon-mws',
    ['amzn.mws.'],
    [
      {
        kind: 'amazon-mws-auth-token',
        title: 'Amazon MWS auth token',
        pattern: token('amzn\\.mws\\.[0-9a-z]{8}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{12}'),
      },
    ],
  ),
  tokenRule(
    'ntlm',
    ['tlrmtvntuaad'],
    [
      // An NTLM authenticate message (`NTLMSSP\0`, type 3) carries the user's response to the challenge.
      {
        kind: 'ntlm-authenticate-message',
        title: 'NTLM authentication message',
        pattern: /(?<![A-Za-z0-9+/])TlRMTVNTUAADAAAA[A-Za-z0-9+/]{40,4000}={0,2}(?![A-Za-z0-9+/=])/g,
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'x-bearer',
    ['aaaaaaaaaaaaaaaaaaaaa'],
    [
      // X (Twitter) app-only bearer tokens: 21 or 22 `A`s, then the key, often percent-encoded.
      { kind: 'x-bearer-token', title: 'X app-only bearer token', pattern: token('A{21,22}[A-Za-z0-9%]{80,140}') },
    ],
  ),
  tokenRule(
    'dropbox-long-lived',
    ['aaaaaaaaaa'],
    [
      // Long-lived Dropbox tokens: 11 characters, ten `A`s, then 43.
      {
        kind: 'dropbox-access-token',
        title: 'Dropbox long-lived access token',
        pattern: /(?<![A-Za-z0-9_+/-])[A-Za-z0-9_-]{11}AAAAAAAAAA[A-Za-z0-9_-]{43}(?![A-Za-z0-9_+/=-])/g,
        verify: (value) => /[a-z]/.test(value.slice(21)) && /[A-Z]/.test(value.slice(21)) && /[0-9]/.test(value.slice(21)),
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'gitlab-session',
    ['_gitlab_session='],
    [{ kind: 'gitlab-session-cookie', title: 'GitLab session cookie', pattern: /_gitlab_session=(?<secret>[0-9a-f]{32})(?![0-9a-f])/dg }],
  ),
  tokenRule(
    'dropbox-short-lived',
    ['sl.'],
    [{ kind: 'dropbox-access-token', title: 'Dropbox access token', pattern: token('sl\\.[A-Za-z0-9_-]{130,160}'), near: /dropbox/i }],
  ),
  tokenRule(
    'onepassword-service-account',
    ['ops_eyj'],
    [
      {
        // A service account token is `ops_` and the base64url of a JSON sign-in document.
        kind: 'onepassword-service-account-token',
        title: '1Password service account token',
        pattern: token('ops_eyJ[A-Za-z0-9_-]{100,4000}'),
      },
    ],
  ),
];
