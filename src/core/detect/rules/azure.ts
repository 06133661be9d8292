import { shannonEntropy } from './entropy';
import { tokenRule } from './ruleDefinition';

export const AZURE_RULES = [
  tokenRule(
    'azure',
    [
      'accountkey',
      'jqqj99',
      'account_key',
      'account-key',
      'storage_key',
      'storagekey',
      'sharedaccesskey=',
      'sig=',
      'q~',
      'azdo',
      'azure',
      'devops',
      'vsts',
    ],
    [
      {
        kind: 'azure-storage-account-key',
        title: 'Azure storage account key',
        pattern: /AccountKey=(?<secret>[A-Za-z0-9+/]{86}==)/dgi,
      },
      {
        // The same key as a property of its own (`"accountKey": "…"`, `AZURE_STORAGE_KEY=…`): 64 bytes in base64.
        kind: 'azure-storage-account-key',
        title: 'Azure storage account key',
        pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
        near: /account[_-]?key|storage[_-]?key/i,
      },
      {
        // Keys issued since 2024 carry Azure's signature `JQQJ99` after 52 characters: no name is needed.
        kind: 'azure-storage-account-key',
        title: 'Azure storage account key',
        pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{52}JQQJ99[A-Za-z0-9+/]{28}==(?![A-Za-z0-9+/=])/g,
        verify: (value) => shannonEntropy(value.slice(0, 52)) >= 3.5,
      },
      {
        kind: 'azure-shared-access-key',
        title: 'Azure shared access key',
        pattern: /SharedAccessKey=(?<secret>[A-Za-z0-9+/]{42,43}=)/dgi,
      },
      {
        // A SAS token's signature; the other parameters (sv, se, sp) only describe it.
        kind: 'azure-sas-token',
        title: 'Azure shared access signature',
        pattern: /[?&]sig=(?<secret>[A-Za-z0-9%+/]{40,120}(?:%3D|=){0,2})(?![A-Za-z0-9%+/=])/dg,
        near: /[?&]s[vr]=|[?&]se=/,
      },
      {
        // Entra ID client secrets: three characters, a digit, `Q~`, then 31 to 34 more.
        kind: 'azure-client-secret',
        title: 'Azure AD client secret',
        pattern: /(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])/g,
      },
      {
        // Azure DevOps PATs since 2024: 52 random characters, then `JQQJ`, metadata and the `AZDO` signature.
        kind: 'azure-devops-pat',
        title: 'Azure DevOps personal access token',
        pattern: /(?<![A-Za-z0-9])[A-Za-z0-9]{52}JQQJ[A-Za-z0-9]{20}AZDO[A-Za-z0-9]{4}(?![A-Za-z0-9])/g,
      },
      {
        kind: 'azure-devops-pat',
        title: 'Azure DevOps personal access token',
        pattern: /(?<![A-Za-z0-9])[a-z2-7]{52}(?![A-Za-z0-9])/g,
        near: /azure|devops|vsts|\bado[_-]/i,
        verify: (value) => /[2-7]/.test(value) && shannonEntropy(value) >= 4,
        confidence: 'medium',
      },
    ],
  ),
];
