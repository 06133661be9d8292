import { hasBase62Crc32 } from './checksums';
import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

export const PACKAGE_REGISTRY_RULES = [
  tokenRule(
    'artifactory',
    ['akcp', 'cmvmdgtuojaxoj'],
    [
      {
        kind: 'artifactory-token',
        title: 'JFrog Artifactory API key',
        pattern: /(?<![A-Za-z0-9_-])AKCp[A-Za-z0-9]{69}(?![A-Za-z0-9_-])/g,
      },
      {
        // Reference tokens: base64 of `reftkn:01:` and the token's metadata.
        kind: 'artifactory-token',
        title: 'JFrog Artifactory reference token',
        pattern: /(?<![A-Za-z0-9_-])cmVmdGtuOjAxOj[A-Za-z0-9]{40,80}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'npm',
    ['npm_'],
    [
      {
        // Same scheme as GitHub's: 30 random base62 characters and their CRC-32 in 6 more.
        kind: 'npm-access-token',
        title: 'npm access token',
        pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g,
        checksum: (value) => hasBase62Crc32(value.slice(4)),
      },
    ],
  ),
  tokenRule(
    'pypi',
    ['pypi-ag'],
    [
      {
        // A macaroon whose base64 begins with the issuing host: `pypi.org` or `test.pypi.org`.
        kind: 'pypi-token',
        title: 'PyPI API token',
        pattern: /(?<![A-Za-z0-9_-])pypi-(?:AgEIcHlwaS5vcmc|AgENdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,1000}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'crates-io',
    ['cio'],
    [
      {
        kind: 'crates-io-token',
        title: 'crates.io API token',
        pattern: /(?<![A-Za-z0-9_-])cio[A-Za-z0-9]{32}(?![A-Za-z0-9_-])/g,
        verify: (value) => looksRandom(value.slice(3), 32) && /[0-9]/.test(value) && /[A-Z]/.test(value),
      },
    ],
  ),
  tokenRule(
    'rubygems',
    ['rubygems_'],
    [
      {
        kind: 'rubygems-api-key',
        title: 'RubyGems API key',
        pattern: /(?<![A-Za-z0-9_])rubygems_[a-f0-9]{48}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'nuget',
    ['oy2'],
    [
      {
        kind: 'nuget-api-key',
        title: 'NuGet API key',
        pattern: /(?<![A-Za-z0-9_-])oy2[a-z0-9]{43}(?![A-Za-z0-9_-])/g,
        verify: (value) => looksRandom(value, 40),
      },
    ],
  ),
  tokenRule(
    'docker-hub',
    ['dckr_oat_'],
    [
      {
        kind: 'docker-token',
        title: 'Docker Hub organisation access token',
        pattern: /(?<![A-Za-z0-9_-])dckr_oat_[A-Za-z0-9_-]{32}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
];
