// Positive families for the long tail: keys with no distinctive prefix that sit next to their
// service's name, and formats that other families do not cover in every spelling. Same shape as
// positives.mjs: file i of a family uses renderer i with `make(rng, i, ctx)`'s entries. Traps for
// each (the public halves, the look-alikes) are in the `long-tail` negatives at the end.
import { B62, DIGITS, HEX, LOWER_ALNUM, URLSAFE, b64, password, uuid } from './credentials.mjs';
import { envLines, formats, inline, jsonLines, mark, sec, yamlLines } from './documents.mjs';

const E = (key, kind, value) => ({ key, value: sec(kind, value) });
const F = formats;

const gen = {
  tableauPat: (r) => `${r.chars(22, B62)}==:${r.chars(32, B62)}`,
  shippo: (r) => 'shippo_live_' + r.chars(40, HEX),
  asanaPat: (r) => `2/${r.chars(16, DIGITS)}/${r.chars(16, DIGITS)}:${r.chars(32, HEX)}`,
  rapidapi: (r) => r.chars(50, B62),
  sonar: (r) => r.chars(40, HEX),
  /** Percent-encoding leaves `%XX` runs that a naive password pattern stops at. */
  encodedPassword: (r) => encodeURIComponent(password(r) + r.pick(['@', ':', '/', '#', '?'])),
  cosmosKey: (r) => b64(r.bytes(64)),
  storageKey: (r) => b64(r.bytes(64)),
  dockerAuth: (r) => b64(Buffer.from(`${r.pick(['deploy', 'ci', 'puller'])}:${password(r)}`)),
  vaultService: (r) => 'hvs.' + r.chars(24, B62),
  vaultBatch: (r) => 'hvb.AAAAAQ' + r.chars(r.int(130, 160), URLSAFE),
  vaultLegacy: (r) => 's.' + r.chars(24, B62),
  airtablePat: (r) => `pat${r.chars(14, B62)}.${r.chars(64, HEX)}`,
  airtableLegacy: (r) => 'key' + r.chars(14, B62),
  artifactoryApiKey: (r) => 'AKCp' + r.chars(69, B62),
  artifactoryReference: (r) => 'cmVmdGtuOjAxOj' + r.chars(50, B62),
  salesforceAccess: (r) => `00D${r.chars(12, B62)}!${r.chars(96, B62 + '._')}`,
  atlassianDc: (r) => b64(Buffer.concat([Buffer.from(`${r.chars(12, DIGITS)}:`), r.bytes(20)])),
  langsmith: (r, kind = 'pt') => `lsv2_${kind}_${r.chars(32, HEX)}_${r.chars(10, HEX)}`,
  langfuseSecret: (r) => 'sk-lf-' + uuid(r),
  railway: (r) => uuid(r),
};

export const LONG_TAIL_FAMILIES = [
  {
    family: 'service-anchored',
    group: 'app',
    make: (r, i) =>
      [
        [E('TABLEAU_PAT', 'service-credential', gen.tableauPat(r))],
        [E('shippo_token', 'service-credential', gen.shippo(r))],
        [E('ASANA_PAT', 'service-credential', gen.asanaPat(r))],
        [E('api', 'service-credential', gen.rapidapi(r))],
        [E('sonar.login', 'service-credential', gen.sonar(r))],
      ][i],
    formats: [
      F.env,
      inline('scripts/labels.py', () => [
        'import shippo',
        '',
        'shippo_token = "@@"',
        'client = shippo.Shippo(api_key_header=shippo_token)',
      ]),
      inline('scripts/sync-tasks.sh', () => [
        '#!/usr/bin/env bash',
        'export ASANA_PAT="@@"',
        'curl -s -H "Authorization: Bearer $ASANA_PAT" https://app.asana.com/api/1.0/users/me',
      ]),
      inline('config/integrations.yaml', (ctx) => [
        'integrations:',
        '  rapidapi:',
        `    host: weather.${ctx.domain}`,
        '    api: "@@"',
        '  timeout: 10',
      ]),
      inline('sonar-project.properties', (ctx) => [
        `sonar.projectKey=${ctx.svc}`,
        `sonar.host.url=https://sonar.${ctx.domain}`,
        'sonar.login=@@',
        'sonar.sources=src',
      ]),
    ],
  },
  {
    family: 'mongodb-srv',
    group: 'mongo',
    make: (r) => [
      E(
        'MONGODB_URI',
        'mongodb-url',
        `mongodb+srv://app:${gen.encodedPassword(r)}@cluster0.${r.chars(5, LOWER_ALNUM)}.mongodb.net/?retryWrites=true&w=majority&appName=Cluster0`,
      ),
    ],
    formats: [
      F.env,
      {
        make: (r, i, ctx) => [
          E(
            'uri',
            'mongodb-url',
            `mongodb+srv://${ctx.svc}:${gen.encodedPassword(r)}@prod.${r.chars(5, LOWER_ALNUM)}.mongodb.net/${ctx.svc.replace(/-/g, '_')}?authSource=admin&authMechanism=SCRAM-SHA-256&tls=true&readPreference=secondaryPreferred`,
          ),
        ],
        render: F.yaml,
      },
      inline('src/db.ts', (ctx) => [
        "import { MongoClient } from 'mongodb';",
        '',
        "const client = new MongoClient('@@', { maxPoolSize: 20 });",
        'export const db = client.db();',
      ]),
    ],
  },
  {
    family: 'azure-connection-string',
    group: 'azure',
    make: (r, i, ctx) => [
      E(
        'CosmosDb',
        'azure-cosmos-key',
        `AccountEndpoint=https://${ctx.svc}-cosmos.documents.azure.com:443/;AccountKey=${gen.cosmosKey(r)};`,
      ),
    ],
    formats: [
      (r, ctx, [e]) => ({
        file: 'appsettings.Production.json',
        items: jsonLines({ Logging: { LogLevel: { Default: 'Warning' } }, ConnectionStrings: { CosmosDb: e.value } }),
      }),
      {
        make: (r, i, ctx) => [
          E(
            'AZURE_STORAGE_CONNECTION_STRING',
            'azure-storage-account-key',
            `DefaultEndpointsProtocol=https;AccountName=${ctx.svc.replace(/-/g, '')}prod;AccountKey=${gen.storageKey(r)};EndpointSuffix=core.windows.net`,
          ),
        ],
        render: F.env,
      },
      {
        make: (r, i, ctx) => [
          E(
            'COSMOS_CONNECTION',
            'azure-cosmos-key',
            `AccountEndpoint=https://${ctx.svc}.documents.azure.com:443/;AccountKey=${gen.cosmosKey(r)};Database=${ctx.svc}`,
          ),
        ],
        render: F.envrc,
      },
    ],
  },
  {
    family: 'docker-auth',
    group: 'docker',
    make: (r) => [E('auth', 'docker-registry-auth', gen.dockerAuth(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: 'ci/docker-config.json',
        items: jsonLines({ auths: { 'ghcr.io': { auth: e.value } }, HttpHeaders: { 'User-Agent': 'Docker-Client/24.0.7 (linux)' } }),
      }),
      (r, ctx, [e]) => ({
        file: '.gitlab-ci.yml',
        items: [
          `variables:`,
          mark(`  DOCKER_AUTH_CONFIG: '{"auths":{"registry.${ctx.domain}":{"auth":"${e.value.value}"}}}'`, e.value),
          '',
          'build:',
          '  image: docker:24',
          '  script:',
          '    - docker build -t app .',
        ],
      }),
    ],
  },
  {
    family: 'vault-tokens',
    group: 'vault',
    make: (r) => [E('VAULT_TOKEN', 'vault-token', gen.vaultService(r))],
    formats: [
      inline('infra/vault.tf', (ctx) => ['provider "vault" {', `  address = "https://vault.${ctx.domain}:8200"`, '  token   = "@@"', '}']),
      {
        make: (r) => [E('t', 'vault-token', gen.vaultBatch(r))],
        render: inline('scripts/ci-read.sh', (ctx) => [
          '#!/usr/bin/env bash',
          `curl -s -H "X-Vault-Token: @@" https://vault.${ctx.domain}:8200/v1/secret/data/ci`,
        ]),
      },
      {
        make: (r) => [E('t', 'vault-token', gen.vaultLegacy(r))],
        render: inline('deploy/env.sh', (ctx) => [
          `export VAULT_ADDR=https://vault.${ctx.domain}:8200`,
          'export VAULT_TOKEN=@@',
          'vault kv get secret/app',
        ]),
      },
    ],
  },
  {
    family: 'airtable',
    group: 'airtable',
    make: (r) => [E('AIRTABLE_API_KEY', 'airtable-token', gen.airtablePat(r))],
    formats: [
      F.env,
      inline('scripts/export.js', () => [
        "const Airtable = require('airtable');",
        "const base = new Airtable({ apiKey: '@@' }).base('app" + 'Q1w2E3r4T5y6U7' + "');",
      ]),
      { make: (r) => [E('airtable_key', 'airtable-token', gen.airtableLegacy(r))], render: F.yaml },
    ],
  },
  {
    family: 'artifactory',
    group: 'artifactory',
    make: (r) => [E('ARTIFACTORY_API_KEY', 'artifactory-token', gen.artifactoryApiKey(r))],
    formats: [
      F.env,
      {
        make: (r) => [E('t', 'artifactory-token', gen.artifactoryReference(r))],
        render: inline('.npmrc', (ctx) => [
          `registry=https://${ctx.svc}.jfrog.io/artifactory/api/npm/npm/`,
          `//${ctx.svc}.jfrog.io/artifactory/api/npm/npm/:_authToken=@@`,
          'always-auth=true',
        ]),
      },
      inline('gradle.properties', () => ['org.gradle.jvmargs=-Xmx2g', 'artifactory_user=ci', 'artifactory_password=@@']),
    ],
  },
  {
    family: 'salesforce',
    group: 'salesforce',
    make: (r) => [E('SF_ACCESS_TOKEN', 'salesforce-access-token', gen.salesforceAccess(r))],
    formats: [
      F.env,
      inline('scripts/sf-query.sh', (ctx) => [
        '#!/usr/bin/env bash',
        `curl https://${ctx.svc}.my.salesforce.com/services/data/v60.0/query?q=SELECT+Id+FROM+Account \\`,
        '  -H "Authorization: Bearer @@"',
      ]),
      F.json,
    ],
  },
  {
    family: 'atlassian-dc',
    group: 'jira',
    make: (r) => [E('JIRA_PAT', 'atlassian-dc-pat', gen.atlassianDc(r))],
    formats: [
      F.env,
      {
        make: (r) => [E('token', 'atlassian-dc-pat', gen.atlassianDc(r))],
        render: inline('scripts/confluence-publish.py', (ctx) => [
          'import requests',
          '',
          `CONFLUENCE = "https://wiki.${ctx.domain}"`,
          'HEADERS = {"Authorization": "Bearer @@"}',
          'requests.get(f"{CONFLUENCE}/rest/api/space", headers=HEADERS, timeout=10)',
        ]),
      },
      { make: (r) => [E('BITBUCKET_SERVER_TOKEN', 'atlassian-dc-pat', gen.atlassianDc(r))], render: F.yaml },
    ],
  },
  {
    family: 'langsmith',
    group: 'langsmith',
    make: (r) => [E('LANGSMITH_API_KEY', 'langsmith-api-key', gen.langsmith(r))],
    formats: [
      F.env,
      { make: (r) => [E('LANGCHAIN_API_KEY', 'langsmith-api-key', gen.langsmith(r, 'sk'))], render: F.envrc },
      inline('notebooks/eval.py', () => [
        'import os',
        '',
        'os.environ["LANGSMITH_TRACING"] = "true"',
        'os.environ["LANGSMITH_API_KEY"] = "@@"',
      ]),
    ],
  },
  {
    family: 'langfuse',
    group: 'langfuse',
    make: (r) => [E('LANGFUSE_SECRET_KEY', 'langfuse-secret-key', gen.langfuseSecret(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['LANGFUSE_PUBLIC_KEY', 'pk-lf-' + uuid(r)],
          ['LANGFUSE_SECRET_KEY', e.value],
          ['LANGFUSE_HOST', 'https://cloud.langfuse.com'],
        ]),
      }),
      inline('app/tracing.py', () => [
        'from langfuse import Langfuse',
        '',
        'langfuse = Langfuse(',
        '    public_key="pk-lf-' + '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' + '",',
        '    secret_key="@@",',
        '    host="https://cloud.langfuse.com",',
        ')',
      ]),
      F.yaml,
    ],
  },
  {
    family: 'railway',
    group: 'railway',
    make: (r) => [E('RAILWAY_TOKEN', 'railway-token', gen.railway(r))],
    formats: [
      F.env,
      { make: (r) => [E('RAILWAY_API_TOKEN', 'railway-token', gen.railway(r))], render: F.workflow },
      inline('scripts/deploy.sh', () => ['#!/usr/bin/env bash', 'export RAILWAY_TOKEN=@@', 'railway up --service api --detach']),
    ],
  },
];

/** Look-alikes for the families above: public halves, ids and shapes that are not credentials. */
export const LONG_TAIL_TRAPS = [
  (r, c) => ({
    file: '.env',
    lines: [
      `LANGFUSE_PUBLIC_KEY=pk-lf-${uuid(r)}`,
      'LANGFUSE_HOST=https://cloud.langfuse.com',
      `RAILWAY_PROJECT_ID=${uuid(r)}`,
      `RAILWAY_ENVIRONMENT_ID=${uuid(r)}`,
      `AIRTABLE_BASE_ID=app${r.chars(14, B62)}`,
      `AIRTABLE_TABLE=tbl${r.chars(14, B62)}`,
    ],
  }),
  (r, c) => ({
    file: 'config/integrations.yaml',
    lines: yamlLines({
      tableau: { server: `https://tableau.${c.domain}`, site: c.svc, pat_name: 'ci-export' },
      shippo: { api_version: '2018-02-08', carrier_account: r.chars(32, HEX) },
      sonar: { project_key: c.svc },
    }),
  }),
  (r, c) => ({
    file: 'docs/vault.md',
    lines: [
      'Vault answers with a lease like `s.' + 'expired' + '`; tokens look like `hvs.<random>`.',
      '',
      '    vault token lookup -accessor ' + r.chars(24, B62),
      `    vault read secret/${c.svc}/config`,
    ],
  }),
  (r, c) => ({
    file: 'src/salesforce.ts',
    lines: [
      `export const ORG_ID = '00D${r.chars(12, B62)}';`,
      `export const RECORD_TYPE = '012${r.chars(15, B62)}';`,
      `export const INSTANCE = 'https://${c.svc}.my.salesforce.com';`,
    ],
  }),
  (r, c) => ({
    file: 'pom.xml',
    lines: [
      '<repositories>',
      '  <repository>',
      '    <id>artifactory</id>',
      `    <url>https://${c.svc}.jfrog.io/artifactory/libs-release</url>`,
      '  </repository>',
      '</repositories>',
    ],
  }),
  (r, c) => ({
    file: 'appsettings.Development.json',
    lines: jsonLines({
      ConnectionStrings: {
        Storage: 'UseDevelopmentStorage=true',
        Cosmos:
          'AccountEndpoint=https://localhost:8081/;AccountKey=C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==',
      },
    }),
  }),
];
