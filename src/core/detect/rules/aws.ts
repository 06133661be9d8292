import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

/**
 * AWS key pairs. The key id has a recognisable prefix; the secret is 40 base64 characters that
 * only its surroundings identify (its key name, or a key id nearby). secretlint's AWS rule
 * reports the secret at a range offset from the value, so this one replaces it.
 */
export const AWS_RULES = [
  tokenRule(
    'aws',
    ['akia', 'asia', 'abia', 'acca', 'a3t', 'aws', 'secret_access', 'secret-access', 'secretaccess', 'amz'],
    [
      {
        kind: 'aws-access-key-id',
        title: 'AWS access key ID',
        pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Za-z0-9])/g,
      },
      {
        kind: 'aws-secret-access-key',
        title: 'AWS secret access key',
        pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
        near: /aws|secret[_ -]?access|AKIA|ASIA|ABIA|ACCA/i,
        // A 40-character hex string near "aws" is a commit or a digest, not a secret.
        verify: (value) => looksRandom(value, 40) && /[A-Z]/.test(value) && /[a-z]/.test(value) && /[0-9]/.test(value),
      },
      {
        kind: 'aws-session-token',
        title: 'AWS session token',
        pattern: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{100,1500}={0,2}(?![A-Za-z0-9/+=])/g,
        near: /aws_?session_?token|x-amz-security-token|sessiontoken/i,
        verify: (value) => looksRandom(value, 100),
      },
    ],
  ),
];
