import { looksRandom } from './entropy';
import { tokenRule } from './ruleDefinition';

const mixed = (value: string) => looksRandom(value, 24) && /[0-9]/.test(value) && /[a-z]/.test(value) && /[A-Z]/.test(value);

export const AI_PROVIDER_RULES = [
  tokenRule(
    'langsmith',
    ['lsv2_'],
    [
      {
        kind: 'langsmith-api-key',
        title: 'LangSmith API key',
        pattern: /(?<![A-Za-z0-9_])lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'langfuse',
    ['sk-lf-'],
    [
      {
        // The `pk-lf-` half is public; only the secret key is reported.
        kind: 'langfuse-secret-key',
        title: 'Langfuse secret key',
        pattern: /(?<![A-Za-z0-9_-])sk-lf-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'openai',
    ['sk-', 't3blbkfj'],
    [
      {
        // Every OpenAI key embeds `T3BlbkFJ` ("OpenAI" in base64); project, service-account and
        // admin keys have varied in length, so the sides are bounded loosely.
        kind: 'openai-api-key',
        title: 'OpenAI API key',
        pattern:
          /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'anthropic',
    ['sk-ant-admin01-', 'sk-ant-api'],
    [
      {
        // Every API key ends in `AA`; one that does not (a character lost in a copy) is kept at
        // medium, as a failed checksum is. A key that does end so is also the preset's finding.
        kind: 'anthropic-api-key',
        title: 'Anthropic API key',
        pattern: /(?<![A-Za-z0-9_-])sk-ant-api0[0-9]-[A-Za-z0-9_-]{80,128}(?![A-Za-z0-9_-])/g,
        checksum: (value) => value.endsWith('AA'),
      },
      {
        kind: 'anthropic-admin-key',
        title: 'Anthropic admin API key',
        pattern: /(?<![A-Za-z0-9_-])sk-ant-admin01-[A-Za-z0-9_-]{90,128}AA(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'huggingface',
    ['api_org_'],
    [
      {
        kind: 'huggingface-token',
        title: 'Hugging Face organisation token',
        pattern: /(?<![A-Za-z0-9_])api_org_[A-Za-z]{34}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'cohere',
    ['cohere', 'co_api_key'],
    [
      {
        kind: 'cohere-api-key',
        title: 'Cohere API key',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{40}(?![A-Za-z0-9_-])/g,
        near: /cohere|co_api_key/i,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'mistral',
    ['mistral'],
    [
      {
        kind: 'mistral-api-key',
        title: 'Mistral API key',
        pattern: /(?<![A-Za-z0-9_-])[A-Za-z0-9]{32}(?![A-Za-z0-9_-])/g,
        near: /mistral/i,
        verify: mixed,
      },
    ],
  ),
  tokenRule(
    'replicate',
    ['r8_'],
    [
      {
        kind: 'replicate-api-token',
        title: 'Replicate API token',
        pattern: /(?<![A-Za-z0-9_])r8_[A-Za-z0-9]{37}(?![A-Za-z0-9_])/g,
      },
    ],
  ),
  tokenRule(
    'perplexity',
    ['pplx-'],
    [
      {
        kind: 'perplexity-api-key',
        title: 'Perplexity API key',
        pattern: /(?<![A-Za-z0-9_-])pplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'xai',
    ['xai-'],
    [
      {
        kind: 'xai-api-key',
        title: 'xAI API key',
        pattern: /(?<![A-Za-z0-9_-])xai-[A-Za-z0-9]{80}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
  tokenRule(
    'openrouter',
    ['sk-or-v1-'],
    [
      {
        kind: 'openrouter-api-key',
        title: 'OpenRouter API key',
        pattern: /(?<![A-Za-z0-9_-])sk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9_-])/g,
      },
    ],
  ),
];
