import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';
import { WINDOW_LINES } from '../windows';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const mixed = (value: string) => looksRandom(value, 24) && /[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);

/** Hosting, deployment and secret-manager platforms. Vercel's `vcp_` family and Vault's `hvs.` are the preset's. */
export const CLOUD_PLATFORM_RULES = [
  tokenRule(
    'alibaba',
    ['ltai'],
    [
      {
        // The AccessKey secret has no prefix; its `LTAI` AccessKey id beside it (public on its own) says what it is.
        kind: 'alibaba-access-key-secret',
        title: 'Alibaba Cloud AccessKey secret',
        pattern: /(?<![A-Za-z0-9_+/-])[A-Za-z0-9]{30}(?![A-Za-z0-9_+/=-])/g,
        pairedWith: /(?<![A-Za-z0-9])LTAI[A-Za-z0-9]{12,20}(?![A-Za-z0-9])/,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'heroku',
    ['hrku-', 'heroku'],
    [
      {
        kind: 'heroku-api-key',
        title: 'Heroku API key',
        pattern: /(?<![A-Za-z0-9_-])HRKU-[A-Za-z0-9_-]{20,80}(?![A-Za-z0-9_-])/g,
      },
      {
        // Keys issued before 2024 are bare UUIDs: only the vendor's name nearby tells them apart.
        kind: 'heroku-api-key',
        title: 'Heroku API key',
        pattern: new RegExp(`(?<![A-Za-z0-9_-])${UUID}(?![A-Za-z0-9_-])`, 'gi'),
        near: /heroku/i,
      },
    ],
  ),
  tokenRule(
    'digitalocean',
    ['dop_v1_', 'doo_v1_', 'dor_v1_'],
    [
      {
        kind: 'digitalocean-token',
        title: 'DigitalOcean token',
        pattern: /(?<![A-Za-z0-9_])do[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'hetzner',
    ['hcloud', 'hetzner'],
    [
      {
        kind: 'hetzner-api-token',
        title: 'Hetzner Cloud API token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{64}(?![A-Za-z0-9_-])/g,
        near: /hcloud|hetzner/i,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'vercel',
    ['vercel'],
    [
      {
        kind: 'vercel-token',
        title: 'Vercel token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{24}(?![A-Za-z0-9_-])/g,
        near: /vercel/i,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'netlify',
    ['nfp_', 'nfc_', 'nfo_', 'netlify'],
    [
      {
        kind: 'netlify-token',
        title: 'Netlify access token',
        pattern: /(?<![A-Za-z0-9_-])nf[pco]_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])/g,
      },
      {
        kind: 'netlify-token',
        title: 'Netlify access token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g,
        near: /netlify/i,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'cloudflare',
    ['cloudflare', 'cf_', 'cf-', 'v1.0-'],
    [
      {
        kind: 'cloudflare-api-token',
        title: 'Cloudflare API token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])/g,
        near: /cloudflare|\bcf[_-]|CLOUDFLARE/i,
        verify: (value) => mixed(value) && !/^[0-9a-f]+$/.test(value),
      },
      {
        kind: 'cloudflare-global-api-key',
        title: 'Cloudflare global API key',
        pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{37}(?![A-Za-z0-9_-])/g,
        near: /cloudflare|\bcf[_-]/i,
      },
      {
        kind: 'cloudflare-origin-ca-key',
        title: 'Cloudflare Origin CA key',
        pattern: /(?<![A-Za-z0-9_-])v1\.0-[a-f0-9]{24}-[a-f0-9]{146}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'flyio',
    ['fo1_', 'fm1', 'fm2'],
    [
      {
        kind: 'flyio-token',
        title: 'Fly.io token',
        pattern: /(?<![A-Za-z0-9_-])(?:fo1_[A-Za-z0-9_-]{43}|fm[12][ar]?_[A-Za-z0-9+/=_-]{100,2000})(?![A-Za-z0-9+/=_-])/g,
      },
    ],
  ),
  tokenRule(
    'linode',
    ['linode'],
    [
      {
        kind: 'linode-token',
        title: 'Linode personal access token',
        pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
        near: /linode/i,
      },
    ],
  ),
  tokenRule(
    'doppler',
    ['dp.'],
    [
      {
        kind: 'doppler-token',
        title: 'Doppler token',
        pattern: /(?<![A-Za-z0-9_.-])dp\.(?:pt|st|sa|ct|scim|audit)\.(?:[a-z0-9_-]{1,40}\.)?[A-Za-z0-9]{40,44}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'infisical',
    ['st.'],
    [
      {
        kind: 'infisical-token',
        title: 'Infisical service token',
        pattern: new RegExp(`(?<![A-Za-z0-9_.-])st\\.${UUID}\\.[a-f0-9]{32}\\.[a-f0-9]{32}(?![A-Za-z0-9_-])`, 'g'),
      },
    ],
  ),
  tokenRule(
    'infisical-client-secret',
    ['infisical'],
    [
      {
        kind: 'infisical-token',
        title: 'Infisical client secret',
        pattern: /(?<![A-Za-z0-9_-])[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
        near: /infisical[^\n]{0,40}secret|secret[^\n]{0,40}infisical/i,
      },
    ],
  ),
  tokenRule(
    'vault',
    ['vault'],
    [
      {
        // Before Vault 1.10, service tokens were `s.` and 24 characters.
        kind: 'vault-token',
        title: 'HashiCorp Vault token',
        pattern: /(?<![A-Za-z0-9_.-])[sb]\.[A-Za-z0-9]{24}(?![A-Za-z0-9_.-])/g,
        near: /vault/i,
        verify: (value) => looksRandom(value.slice(2), 24),
        confidence: 'medium',
      },
    ],
  ),
  tokenRule(
    'railway',
    ['railway'],
    [
      {
        // Railway tokens are bare UUIDs, as are its project and environment ids: only a name that
        // says token, on the value's own line, tells them apart.
        kind: 'railway-token',
        title: 'Railway API token',
        pattern: new RegExp(`(?<=RAILWAY_(?:API_)?TOKEN["']?\\s{0,4}[:=]\\s{0,4}["']?)${UUID}(?![A-Za-z0-9_-])`, 'gi'),
        confidence: 'medium',
      },
    ],
    // The name may end the line above a value that YAML wraps.
    { contextLines: WINDOW_LINES },
  ),
  tokenRule(
    'terraform',
    ['.atlasv1.'],
    [
      {
        kind: 'terraform-cloud-token',
        title: 'Terraform Cloud API token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,70}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'pulumi',
    ['pul-'],
    [
      {
        kind: 'pulumi-token',
        title: 'Pulumi access token',
        pattern: /(?<![A-Za-z0-9_-])pul-[a-f0-9]{40}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
];
