import { decodeBase64 } from './checksums';
import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

export const ATLASSIAN_RULES = [
  tokenRule(
    'atlassian',
    ['atbb', 'atatt3', 'atctt3', 'atlassian', 'jira', 'confluence', 'bitbucket'],
    [
      {
        kind: 'bitbucket-app-password',
        title: 'Bitbucket app password',
        pattern: /(?<![A-Za-z0-9_.-])ATBB[A-Za-z0-9_=.-]{28,40}(?![A-Za-z0-9_=.-])/g,
      },
      {
        kind: 'bitbucket-access-token',
        title: 'Bitbucket access token',
        pattern: /(?<![A-Za-z0-9_-])ATCTT3[A-Za-z0-9_=-]{150,250}(?![A-Za-z0-9_=-])/g,
      },
      {
        kind: 'atlassian-api-token',
        title: 'Atlassian API token',
        pattern: /(?<![A-Za-z0-9_-])ATATT3[A-Za-z0-9_=-]{150,250}(?![A-Za-z0-9_=-])/g,
      },
      {
        // Tokens issued before 2023 are 24 random characters with nothing to recognise them by.
        kind: 'atlassian-api-token',
        title: 'Atlassian API token',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{24}(?![A-Za-z0-9_-])/g,
        near: /atlassian|jira|confluence|bitbucket/i,
        verify: (value) => looksRandom(value, 24) && /[0-9]/.test(value) && /[A-Z]/.test(value) && /[a-z]/.test(value),
        confidence: 'medium',
      },
      {
        // Jira, Confluence and Bitbucket Data Center PATs: base64 of a 12-digit token id, a colon
        // and 20 random bytes. The decoded shape is the evidence; the product's name gates the scan.
        kind: 'atlassian-dc-pat',
        title: 'Atlassian Data Center personal access token',
        pattern: /(?<![A-Za-z0-9+/_-])[MNO][A-Za-z0-9+/]{43}(?![A-Za-z0-9+/=_-])/g,
        near: /atlassian|jira|confluence|bitbucket/i,
        verify: (value) => /^[0-9]{12}:/.test(decodeBase64(value)?.toString('latin1') ?? ''),
      },
    ],
  ),
];
