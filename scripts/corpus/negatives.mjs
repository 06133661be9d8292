// Negative files of the detection corpus: chosen to fool naive detectors, one folder per filter
// category. Each template is `(rng, ctx) => { file, lines }` and holds no credential.
import {
  B62,
  DIGITS,
  HEX,
  LOWER_ALNUM,
  UPHEX,
  b64,
  b64url,
  bigInt,
  crcTokenSuffix,
  cred,
  password,
  publicKeys,
  uuid,
  wrap,
} from './credentials.mjs';
import { PEOPLE, jsonLines, pascal, yamlLines } from './documents.mjs';

// ---------------------------------------------------------------------------------------------
// Negatives: files chosen to fool naive detectors, one folder per filter category. Each template
// is `(rng, ctx) => { file, lines }` and holds no credential.

const sha512 = (r) => 'sha512-' + b64(r.bytes(64));
const sha1 = (r) => r.chars(40, HEX);
const sha256 = (r) => r.chars(64, HEX);
const gitSha = (r) => r.chars(40, HEX);
const ver = (r) => `${r.int(0, 9)}.${r.int(0, 30)}.${r.int(0, 20)}`;
const NPM_PACKAGES = [
  'express',
  'lodash',
  'react',
  'react-dom',
  'zod',
  'axios',
  'debug',
  'ms',
  'chalk',
  'commander',
  'semver',
  'uuid',
  'dotenv',
  'yaml',
  'ws',
  'cookie',
  'body-parser',
  'qs',
  'mime-types',
  'tslib',
];
const CRATES = ['serde', 'serde_json', 'tokio', 'anyhow', 'thiserror', 'clap', 'regex', 'rand', 'tracing', 'bytes', 'hyper', 'reqwest'];
const PYPKGS = [
  'requests',
  'urllib3',
  'certifi',
  'idna',
  'charset-normalizer',
  'pydantic',
  'fastapi',
  'starlette',
  'anyio',
  'sniffio',
  'click',
  'jinja2',
];
const GOMODS = [
  'github.com/google/uuid',
  'golang.org/x/sys',
  'golang.org/x/net',
  'github.com/stretchr/testify',
  'github.com/spf13/cobra',
  'go.uber.org/zap',
  'github.com/lib/pq',
];

export const NEGATIVES = {
  placeholder: [
    (r, c) => ({
      file: '.env.example',
      lines: [
        '# Copy to .env and fill in real values',
        'DATABASE_URL=postgres://user:password@localhost:5432/mydb',
        'STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
        'OPENAI_API_KEY=your-openai-api-key-here',
        'GITHUB_TOKEN=<YOUR_GITHUB_TOKEN>',
        'JWT_SECRET=changeme',
        'SLACK_BOT_TOKEN=xoxb-your-bot-token',
      ],
    }),
    (r, c) => ({
      file: 'config.sample.json',
      lines: jsonLines({
        apiKey: 'YOUR_API_KEY',
        apiSecret: '<secret>',
        database: { host: 'localhost', user: 'app', password: '********' },
        webhookSecret: 'REPLACE_ME',
      }),
    }),
    (r, c) => ({
      file: 'docker-compose.yml',
      lines: yamlLines({
        services: {
          db: { image: 'mysql:8', environment: { MYSQL_ROOT_PASSWORD: 'example', MYSQL_PASSWORD: 'changeme' } },
          cache: { image: 'redis:7', command: 'redis-server --requirepass dummy' },
        },
      }),
    }),
    (r, c) => ({
      file: 'settings.example.py',
      lines: [
        'SECRET_KEY = "replace-me"',
        'API_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
        'AWS_ACCESS_KEY_ID = "AKIAXXXXXXXXXXXXXXXX"',
        'AWS_SECRET_ACCESS_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"',
      ],
    }),
    (r, c) => ({
      file: '.npmrc.example',
      lines: ['registry=https://registry.npmjs.org/', '//registry.npmjs.org/:_authToken=YOUR_NPM_TOKEN'],
    }),
    (r, c) => ({
      file: 'charts/app/values.yaml',
      lines: yamlLines({
        image: { repository: `ghcr.io/${c.svc}`, tag: 'latest' },
        auth: { existingSecret: '', password: '', apiKey: 'REPLACE_ME' },
        ingress: { enabled: false },
      }),
    }),
    (r, c) => ({
      file: '.env.test',
      lines: [
        'API_KEY=1234567890abcdef1234567890abcdef',
        'SESSION_SECRET=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
        'SIGNING_KEY=abcdefghijklmnopqrstuvwxyz012345',
        'GITHUB_TOKEN=ghp_000000000000000000000000000000000000',
        'ENCRYPTION_KEY=0123456789abcdef0123456789abcdef',
      ],
    }),
    (r, c) => ({
      file: 'docs/api.md',
      lines: [
        '# API',
        '',
        'Authenticate every request with your token:',
        '',
        '```sh',
        `curl https://api.${c.domain}/v1/orders \\`,
        '  -H "Authorization: Bearer <token>"',
        '```',
        '',
        'Or with basic auth: `curl -u api:YOUR_API_KEY ...`.',
      ],
    }),
    (r, c) => ({
      file: 'infra/variables.tf',
      lines: [
        'variable "db_password" {',
        '  type      = string',
        '  default   = "changeme"',
        '  sensitive = true',
        '}',
        '',
        'variable "api_token" {',
        '  type    = string',
        '  default = "<set-in-tfvars>"',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'tests/conftest.py',
      lines: [
        'import pytest',
        '',
        '@pytest.fixture',
        'def client_config():',
        '    return {"api_key": "dummy", "password": "dummy-password", "token": "placeholder-token"}',
      ],
    }),
    (r, c) => ({ file: '.env.template', lines: ['APP_ENV=production', 'API_KEY=', 'SECRET=', 'DATABASE_PASSWORD=', 'SENTRY_DSN='] }),
    (r, c) => ({
      file: '.cursor/mcp.json',
      lines: jsonLines({
        mcpServers: {
          github: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-github'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<YOUR_TOKEN>' },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'appsettings.Development.json',
      lines: jsonLines({
        AzureAd: { ClientId: 'your-client-id', ClientSecret: 'your-client-secret' },
        ConnectionStrings: { Default: 'Server=(localdb)\\mssqllocaldb;Database=App;Trusted_Connection=True;' },
      }),
    }),
    (r, c) => ({
      file: 'README.md',
      lines: [
        '## Notifications',
        '',
        'Create an incoming webhook and put it in `.env`:',
        '',
        '```',
        'SLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX',
        '```',
      ],
    }),
    (r, c) => ({
      file: 'docs/atlas.md',
      lines: [
        'Copy the connection string from Atlas:',
        '',
        '    mongodb+srv://<username>:<password>@cluster0.abcde.mongodb.net/?retryWrites=true&w=majority',
      ],
    }),
    (r, c) => ({
      file: 'docs/tls.md',
      lines: [
        'Paste the key into `certs/server.key`:',
        '',
        '```',
        '-----BEGIN PRIVATE KEY-----',
        '<paste your private key here>',
        '-----END PRIVATE KEY-----',
        '```',
      ],
    }),
    (r, c) => ({
      file: 'logs/provision.log',
      lines: [
        `2026-03-02 10:14:07 openssl genpkey -algorithm RSA -out ${c.svc}.pem`,
        '2026-03-02 10:14:08 -----BEGIN PRIVATE KEY-----',
        '2026-03-02 10:14:08 [redacted]',
        '2026-03-02 10:14:08 -----END PRIVATE KEY-----',
      ],
    }),
    (r, c) => ({
      file: '.netrc.example',
      lines: ['machine api.heroku.com', '  login you@your-company.com', '  password YOUR_HEROKU_API_KEY'],
    }),
    (r, c) => ({
      file: 'config/github.yml',
      lines: ['token: github_pat_XXXXXXXXXXXXXXXXXXXXXX_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'org: my-org'],
    }),
    (r, c) => ({ file: '.pypirc.example', lines: ['[pypi]', 'username = __token__', 'password = pypi-<your token>'] }),
    (r, c) => ({ file: 'config.toml', lines: ['[auth]', 'token = "TODO"', 'password = "none"', 'api_key = "<insert key>"'] }),
    (r, c) => ({
      file: 'logs/request-sample.json',
      lines: jsonLines({
        method: 'POST',
        path: '/v1/login',
        headers: { authorization: 'Bearer [REDACTED]', 'x-api-key': '***' },
        body: { username: 'maria', password: '[FILTERED]' },
      }),
    }),
    (r, c) => ({
      file: 'k8s/secret.template.yaml',
      lines: yamlLines({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'app' },
        type: 'Opaque',
        stringData: { DB_PASSWORD: 'CHANGE_ME', API_KEY: 'REPLACE_WITH_REAL_KEY' },
      }),
    }),
    (r, c) => ({
      file: '.env.sample',
      lines: ['ANTHROPIC_API_KEY=sk-ant-api03-...', 'OPENAI_API_KEY=sk-...', 'HF_TOKEN=hf_...', 'STRIPE_WEBHOOK_SECRET=whsec_...'],
    }),
    (r, c) => ({
      file: 'src/config.defaults.ts',
      lines: [
        'export const defaults = {',
        "  apiKey: 'xxxx-xxxx-xxxx-xxxx',",
        "  password: 'password',",
        "  secret: 'secret',",
        "  token: 'token',",
        '};',
      ],
    }),
    (r, c) => ({
      file: 'docker/.env.dist',
      lines: [
        'POSTGRES_USER=postgres',
        'POSTGRES_PASSWORD=postgres',
        'RABBITMQ_DEFAULT_USER=guest',
        'RABBITMQ_DEFAULT_PASS=guest',
        'MINIO_ROOT_PASSWORD=minioadmin',
      ],
    }),
  ],
  'env-lookup': [
    (r, c) => ({
      file: '.env',
      lines: [
        'DB_PASSWORD=${DB_PASSWORD}',
        'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app',
        'STRIPE_KEY=$STRIPE_SECRET_KEY',
        'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0',
      ],
    }),
    (r, c) => ({
      file: '.github/workflows/publish.yml',
      lines: yamlLines({
        name: 'publish',
        on: { release: { types: ['published'] } },
        jobs: {
          publish: {
            'runs-on': 'ubuntu-latest',
            env: { NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}', DOCKERHUB_TOKEN: '${{ secrets.DOCKERHUB_TOKEN }}' },
            steps: [{ uses: 'actions/checkout@v4' }, { run: 'npm publish' }],
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'src/config.ts',
      lines: [
        'export const config = {',
        '  openaiKey: process.env.OPENAI_API_KEY!,',
        "  jwtSecret: process.env.JWT_SECRET ?? '',",
        '  stripe: { secretKey: process.env.STRIPE_SECRET_KEY },',
        '};',
      ],
    }),
    (r, c) => ({
      file: 'app/settings.py',
      lines: [
        'import os',
        '',
        'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]',
        'DB_PASSWORD = os.getenv("DB_PASSWORD")',
        'API_TOKEN = os.environ.get("API_TOKEN", "")',
      ],
    }),
    (r, c) => ({
      file: 'alembic.ini',
      lines: ['[alembic]', 'script_location = migrations', 'sqlalchemy.url = postgresql://%(DB_USER)s:%(DB_PASSWORD)s@%(DB_HOST)s/app'],
    }),
    (r, c) => ({
      file: 'docker-compose.yml',
      lines: yamlLines({
        services: {
          db: { image: 'postgres:16', environment: { POSTGRES_PASSWORD: '${POSTGRES_PASSWORD:?set it in .env}' } },
          app: { image: c.svc, environment: { API_KEY: '${API_KEY}', JWT_SECRET: '${JWT_SECRET:-}' } },
        },
      }),
    }),
    (r, c) => ({
      file: 'k8s/deployment.yaml',
      lines: yamlLines({
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: c.svc,
                  env: [
                    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${c.svc}-db`, key: 'password' } } },
                    { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: `${c.svc}-api`, key: 'token' } } },
                  ],
                },
              ],
            },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'charts/app/templates/secret.yaml',
      lines: [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: {{ include "app.fullname" . }}',
        'data:',
        '  password: {{ .Values.db.password | b64enc | quote }}',
        '  apiKey: {{ required "apiKey is required" .Values.apiKey | b64enc }}',
      ],
    }),
    (r, c) => ({
      file: 'ansible/group_vars/all.yml',
      lines: [
        'db_password: "{{ vault_db_password }}"',
        "api_key: \"{{ lookup('env', 'API_KEY') }}\"",
        "smtp_password: \"{{ lookup('community.general.passwordstore', 'smtp/relay') }}\"",
      ],
    }),
    (r, c) => ({
      file: 'src/main/resources/application.properties',
      lines: ['spring.datasource.password=${DB_PASSWORD}', 'app.jwt.secret=${JWT_SECRET}', 'app.stripe.key=${STRIPE_KEY:}'],
    }),
    (r, c) => ({
      file: 'src/main/java/com/acme/Keys.java',
      lines: [
        'public final class Keys {',
        '    static final String STRIPE = System.getenv("STRIPE_SECRET_KEY");',
        '    static final String GITHUB = System.getProperty("github.token");',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'config/initializers/keys.rb',
      lines: [
        'Stripe.api_key = ENV.fetch("STRIPE_SECRET_KEY")',
        'AWS_SECRET = Rails.application.credentials.dig(:aws, :secret_access_key)',
        'SECRET_KEY_BASE = ENV["SECRET_KEY_BASE"]',
      ],
    }),
    (r, c) => ({
      file: 'internal/auth/token.go',
      lines: [
        'package auth',
        '',
        'import "os"',
        '',
        'var githubToken = os.Getenv("GITHUB_TOKEN")',
        'var apiKey, _ = os.LookupEnv("API_KEY")',
      ],
    }),
    (r, c) => ({
      file: 'Program.cs',
      lines: [
        'var apiKey = Environment.GetEnvironmentVariable("API_KEY");',
        'var stripeKey = builder.Configuration["Stripe:SecretKey"];',
        'var password = builder.Configuration.GetConnectionString("Default");',
      ],
    }),
    (r, c) => ({
      file: 'config/services.php',
      lines: [
        '<?php',
        'return [',
        "    'stripe' => ['secret' => env('STRIPE_SECRET'), 'webhook_secret' => env('STRIPE_WEBHOOK_SECRET')],",
        "    'mailgun' => ['secret' => env('MAILGUN_SECRET')],",
        '];',
      ],
    }),
    (r, c) => ({
      file: 'infra/db.tf',
      lines: [
        'resource "aws_db_instance" "main" {',
        '  username = "app"',
        '  password = var.db_password',
        '}',
        '',
        'provider "github" {',
        '  token = data.vault_generic_secret.github.data["token"]',
        '}',
      ],
    }),
    (r, c) => ({
      file: '.npmrc',
      lines: [
        '//registry.npmjs.org/:_authToken=${NPM_TOKEN}',
        `@${c.domain.split('.')[0]}:registry=https://npm.pkg.github.com`,
        '//npm.pkg.github.com/:_authToken=${GITHUB_PACKAGES_TOKEN}',
      ],
    }),
    (r, c) => ({
      file: 'pip.conf',
      lines: ['[global]', 'index-url = https://${PIP_USER}:${PIP_PASSWORD}@nexus.internal/repository/pypi/simple'],
    }),
    (r, c) => ({
      file: 'scripts/release.sh',
      lines: [
        '#!/usr/bin/env bash',
        'curl -sf -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/user',
        'psql "postgres://app:$PGPASSWORD@db/app" -c "select 1"',
        'echo "$DOCKER_PASSWORD" | docker login -u "$DOCKER_USER" --password-stdin',
      ],
    }),
    (r, c) => ({
      file: 'src/env.ts',
      lines: [
        'export const apiKey = import.meta.env.VITE_API_KEY;',
        'export const token = Deno.env.get("SERVICE_TOKEN");',
        'export const secret = Bun.env.WEBHOOK_SECRET;',
      ],
    }),
    (r, c) => ({
      file: '.gitlab-ci.yml',
      lines: yamlLines({
        build: {
          image: 'docker:24',
          script: [
            'docker login -u $CI_REGISTRY_USER -p $CI_REGISTRY_PASSWORD $CI_REGISTRY',
            'curl --header "JOB-TOKEN: $CI_JOB_TOKEN" "$CI_API_V4_URL/projects"',
          ],
        },
      }),
    }),
    (r, c) => ({
      file: 'templates/app.conf.j2',
      lines: ['[database]', 'user = {{ db_user }}', 'password = {{ db_password }}', '', '[api]', 'key = %(api_key)s'],
    }),
    (r, c) => ({
      file: 'azure-pipelines.yml',
      lines: [
        'steps:',
        '  - script: terraform apply -auto-approve',
        '    env:',
        '      ARM_CLIENT_SECRET: $(ARM_CLIENT_SECRET)',
        '      ARM_ACCESS_KEY: $(storageAccessKey)',
      ],
    }),
    (r, c) => ({
      file: 'Dockerfile',
      lines: [
        'FROM node:20-alpine',
        'WORKDIR /app',
        'COPY package*.json ./',
        'RUN --mount=type=secret,id=npm_token NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci',
        'COPY . .',
      ],
    }),
    (r, c) => ({
      file: 'serverless.yml',
      lines: yamlLines({
        service: c.svc,
        provider: {
          name: 'aws',
          environment: { DB_PASSWORD: '${ssm:/prod/db/password}', API_KEY: '{{resolve:secretsmanager:prod/api:SecretString:key}}' },
        },
      }),
    }),
    (r, c) => ({
      file: 'compose.secrets.yml',
      lines: yamlLines({
        services: { app: { secrets: ['db_password'], environment: { DB_PASSWORD_FILE: '/run/secrets/db_password' } } },
        secrets: { db_password: { file: './secrets/db_password.txt' } },
      }),
    }),
  ],
  'vault-reference': [
    (r, c) => ({
      file: '.env',
      lines: [
        'STRIPE_SECRET_KEY=vault:stripe/secret-key',
        'OPENAI_API_KEY=vault:openai/api-key',
        'DATABASE_URL=postgres://app:{{vault:db/password}}@db:5432/app',
        'PORT=3000',
      ],
    }),
    (r, c) => ({
      file: 'config.json',
      lines: jsonLines({ openai: { apiKey: 'vault:openai/api-key' }, github: { token: 'vault:github/token' } }),
    }),
    (r, c) => ({
      file: 'config.yaml',
      lines: yamlLines({ database: { url: 'mysql://root:{{vault:mysql/root}}@mysql:3306/shop', password: 'vault:mysql/root' } }),
    }),
    (r, c) => ({
      file: 'config.toml',
      lines: ['[github]', 'token = "vault:github/token"', '', '[slack]', 'webhook = "vault:slack/webhook-url"'],
    }),
    (r, c) => ({
      file: 'src/client.ts',
      lines: [
        '// Resolved by Vaultify in the masked terminal.',
        'const token = "vault:github/token";',
        'const anthropicKey = "vault:anthropic/api-key";',
      ],
    }),
    (r, c) => ({
      file: 'docker-compose.yml',
      lines: yamlLines({
        services: {
          app: {
            environment: {
              GITHUB_TOKEN: 'vault:github/token',
              SENTRY_DSN: 'https://{{vault:sentry/public-key}}:{{vault:sentry/secret}}@o1.ingest.sentry.io/2',
            },
          },
        },
      }),
    }),
    (r, c) => ({ file: '.npmrc', lines: ['//registry.npmjs.org/:_authToken={{vault:npm/token}}'] }),
    (r, c) => ({
      file: 'application.properties',
      lines: ['spring.datasource.password=vault:db/password', 'app.jwt.secret=vault:jwt/signing-secret'],
    }),
    (r, c) => ({
      file: 'scripts/deploy.sh',
      lines: [
        '#!/usr/bin/env bash',
        'export HEROKU_API_KEY="vault:heroku/api-key"',
        'export CLOUDFLARE_API_TOKEN="vault:cloudflare/token"',
      ],
    }),
    (r, c) => ({
      file: 'settings.py',
      lines: ['SECRET_KEY = "vault:django/secret-key"', 'DATABASES = {"default": {"PASSWORD": "vault:db/password"}}'],
    }),
    (r, c) => ({
      file: 'k8s/deployment.yaml',
      lines: yamlLines({
        env: [
          { name: 'DB_PASSWORD', value: 'vault:secret/data/app/db#password' },
          { name: 'API_KEY', value: 'vault:secret/data/app#api_key' },
        ],
      }),
    }),
    (r, c) => ({
      file: 'vault-agent/config.ctmpl',
      lines: [
        '{{ with secret "secret/data/app" }}',
        'DB_PASSWORD={{ .Data.data.password }}',
        'API_KEY={{ .Data.data.api_key }}',
        '{{ end }}',
      ],
    }),
    (r, c) => ({
      file: 'appsettings.json',
      lines: jsonLines({
        KeyVault: { SecretRef: '@Microsoft.KeyVault(SecretUri=https://prod-kv.vault.azure.net/secrets/db-password/)' },
        GcpSecret: 'projects/123456789/secrets/db-password/versions/latest',
        AwsSecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-password-Q1w2E3',
      }),
    }),
  ],
  'op-reference': [
    (r, c) => ({
      file: '.env',
      lines: [
        'STRIPE_SECRET_KEY=op://Production/Stripe/secret key',
        'GITHUB_TOKEN=op://Private/GitHub/token',
        'DATABASE_PASSWORD=op://prod/postgres/password',
      ],
    }),
    (r, c) => ({
      file: 'scripts/dev.sh',
      lines: [
        '#!/usr/bin/env bash',
        'export OPENAI_API_KEY="$(op read "op://Dev/OpenAI/credential")"',
        'op run --env-file=.env -- npm start',
      ],
    }),
    (r, c) => ({
      file: 'config.json',
      lines: jsonLines({ sendgrid: { apiKey: 'op://Shared/SendGrid/api key' }, twilio: { authToken: 'op://Shared/Twilio/auth token' } }),
    }),
    (r, c) => ({
      file: 'k8s/onepassword-item.yaml',
      lines: yamlLines({
        apiVersion: 'onepassword.com/v1',
        kind: 'OnePasswordItem',
        metadata: { name: 'db-credentials' },
        spec: { itemPath: 'vaults/Production/items/postgres' },
      }),
    }),
    (r, c) => ({
      file: 'config.yaml',
      lines: yamlLines({ slack: { bot_token: 'op://Ops/Slack Bot/token' }, pagerduty: { routing_key: 'op://Ops/PagerDuty/routing key' } }),
    }),
    (r, c) => ({
      file: '.env.tpl',
      lines: [
        'AWS_ACCESS_KEY_ID={{ op://Infra/AWS deploy/access key id }}',
        'AWS_SECRET_ACCESS_KEY={{ op://Infra/AWS deploy/secret access key }}',
      ],
    }),
    (r, c) => ({
      file: 'src/secrets.py',
      lines: [
        'from onepassword.client import Client',
        '',
        'REF = "op://Production/Anthropic/credential"',
        'async def key(client: Client) -> str:',
        '    return await client.secrets.resolve(REF)',
      ],
    }),
    (r, c) => ({
      file: 'terraform/main.tf',
      lines: [
        'data "onepassword_item" "db" {',
        '  vault = "Production"',
        '  title = "postgres"',
        '}',
        '',
        'locals {',
        '  db_password = data.onepassword_item.db.password',
        '}',
      ],
    }),
  ],
  'vendor-example': [
    (r, c) => ({
      file: '.aws/credentials',
      lines: ['[default]', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    }),
    (r, c) => ({
      file: 'docs/aws-setup.md',
      lines: [
        'Configure the CLI:',
        '',
        '```',
        '$ aws configure',
        'AWS Access Key ID [None]: AKIAIOSFODNN7EXAMPLE',
        'AWS Secret Access Key [None]: wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'Default region name [None]: us-west-2',
        '```',
      ],
    }),
    (r, c) => ({
      file: 'infra/provider.tf',
      lines: [
        'provider "aws" {',
        '  region     = "us-west-2"',
        '  access_key = "AKIAI44QH8DHBEXAMPLE"',
        '  secret_key = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"',
        '}',
      ],
    }),
    (r, c) => ({
      file: '.env.localstack',
      lines: [
        'AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE',
        'AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        'AWS_ENDPOINT_URL=http://localhost:4566',
      ],
    }),
    (r, c) => ({
      file: 'examples/s3_upload.py',
      lines: [
        'import boto3',
        '',
        '# Keys from the AWS documentation; LocalStack accepts any.',
        's3 = boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",',
        '                  aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",',
        '                  endpoint_url="http://localhost:4566")',
      ],
    }),
    (r, c) => ({
      file: 'appsettings.Development.json',
      lines: jsonLines({
        ConnectionStrings: {
          Storage:
            'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;',
        },
      }),
    }),
    (r, c) => ({
      file: 'docker-compose.test.yml',
      lines: yamlLines({
        services: {
          azurite: { image: 'mcr.microsoft.com/azure-storage/azurite', ports: ['10000:10000'] },
          tests: {
            environment: {
              AZURE_STORAGE_KEY: 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==',
              AZURE_STORAGE_ACCOUNT: 'devstoreaccount1',
            },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'docs/jwt.md',
      lines: [
        'A token looks like this (from jwt.io):',
        '',
        '    eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
      ],
    }),
    (r, c) => ({
      file: 'examples/slack_app.py',
      lines: [
        'from slack_bolt import App',
        '',
        '# From the Bolt docs: replace with your own token.',
        'app = App(token="xoxb-not-a-real-token-this-will-not-work", signing_secret="not-a-real-signing-secret")',
      ],
    }),
    (r, c) => ({
      file: 'docs/mongodb.md',
      lines: ['From the MongoDB manual:', '', '    mongodb://myDBReader:D1fficultP%40ssw0rd@mongodb0.example.com:27017/?authSource=admin'],
    }),
    (r, c) => ({
      file: 'docs/github-tokens.md',
      lines: ['GitHub documents a token like `ghp_16C7e42F292c6912E7710c838347Ae178B4a`; it is an example, not a credential.'],
    }),
    (r, c) => ({
      file: 'docs/postgres.md',
      lines: [
        'Connection URIs, as in the libpq documentation:',
        '',
        '    postgresql://user:secret@localhost',
        '    postgresql://other@localhost/otherdb?connect_timeout=10&application_name=myapp',
      ],
    }),
  ],
  lockfile: [
    (r, c) => {
      const packages = { '': { name: c.svc, version: '1.0.0' } };
      for (const p of r.sample(NPM_PACKAGES, 12))
        packages[`node_modules/${p}`] = {
          version: ver(r),
          resolved: `https://registry.npmjs.org/${p}/-/${p}-${ver(r)}.tgz`,
          integrity: sha512(r),
        };
      return {
        file: 'package-lock.json',
        lines: jsonLines({ name: c.svc, version: '1.0.0', lockfileVersion: 3, requires: true, packages }),
      };
    },
    (r, c) => ({
      file: 'yarn.lock',
      lines: [
        '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.',
        '# yarn lockfile v1',
        '',
        ...r.sample(NPM_PACKAGES, 10).flatMap((p) => {
          const v = ver(r);
          return [
            `${p}@^${v}:`,
            `  version "${v}"`,
            `  resolved "https://registry.yarnpkg.com/${p}/-/${p}-${v}.tgz#${sha1(r)}"`,
            `  integrity ${sha512(r)}`,
            '',
          ];
        }),
      ],
    }),
    (r, c) => ({
      file: 'pnpm-lock.yaml',
      lines: [
        "lockfileVersion: '9.0'",
        '',
        'packages:',
        '',
        ...r.sample(NPM_PACKAGES, 10).flatMap((p) => [`  ${p}@${ver(r)}:`, `    resolution: {integrity: ${sha512(r)}}`, '']),
      ],
    }),
    (r, c) => ({
      file: 'Cargo.lock',
      lines: [
        '# This file is automatically @generated by Cargo.',
        'version = 3',
        '',
        ...r
          .sample(CRATES, 9)
          .flatMap((p) => [
            '[[package]]',
            `name = "${p}"`,
            `version = "${ver(r)}"`,
            'source = "registry+https://github.com/rust-lang/crates.io-index"',
            `checksum = "${sha256(r)}"`,
            '',
          ]),
      ],
    }),
    (r, c) => ({
      file: 'poetry.lock',
      lines: r.sample(PYPKGS, 6).flatMap((p) => {
        const v = ver(r);
        return [
          '[[package]]',
          `name = "${p}"`,
          `version = "${v}"`,
          'optional = false',
          'files = [',
          `    {file = "${p}-${v}-py3-none-any.whl", hash = "sha256:${sha256(r)}"},`,
          `    {file = "${p}-${v}.tar.gz", hash = "sha256:${sha256(r)}"},`,
          ']',
          '',
        ];
      }),
    }),
    (r, c) => ({
      file: 'Pipfile.lock',
      lines: jsonLines({
        _meta: { hash: { sha256: sha256(r) }, 'pipfile-spec': 6 },
        default: Object.fromEntries(
          r.sample(PYPKGS, 5).map((p) => [p, { hashes: [`sha256:${sha256(r)}`, `sha256:${sha256(r)}`], version: `==${ver(r)}` }]),
        ),
      }),
    }),
    (r, c) => ({
      file: 'go.sum',
      lines: r.sample(GOMODS, 6).flatMap((m) => {
        const v = `v${ver(r)}`;
        return [`${m} ${v} h1:${b64(r.bytes(32))}`, `${m} ${v}/go.mod h1:${b64(r.bytes(32))}`];
      }),
    }),
    (r, c) => ({
      file: 'composer.lock',
      lines: jsonLines({
        'content-hash': r.chars(32, HEX),
        packages: ['monolog/monolog', 'guzzlehttp/guzzle', 'symfony/console'].map((name) => ({
          name,
          version: ver(r),
          source: { type: 'git', url: `https://github.com/${name}.git`, reference: sha1(r) },
          dist: { type: 'zip', url: `https://api.github.com/repos/${name}/zipball/${sha1(r)}`, shasum: '' },
        })),
      }),
    }),
    (r, c) => ({
      file: 'flake.lock',
      lines: jsonLines({
        nodes: {
          nixpkgs: {
            locked: {
              lastModified: 1718000000 + r.int(0, 999999),
              narHash: `sha256-${b64(r.bytes(32))}`,
              owner: 'NixOS',
              repo: 'nixpkgs',
              rev: gitSha(r),
              type: 'github',
            },
          },
        },
        root: 'root',
        version: 7,
      }),
    }),
    (r, c) => ({
      file: 'packages.lock.json',
      lines: jsonLines({
        version: 1,
        dependencies: {
          'net8.0': {
            'Newtonsoft.Json': { type: 'Direct', requested: '[13.0.3, )', resolved: '13.0.3', contentHash: b64(r.bytes(64)) },
            Serilog: { type: 'Direct', requested: '[3.1.1, )', resolved: '3.1.1', contentHash: b64(r.bytes(64)) },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'gradle/verification-metadata.xml',
      lines: [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<verification-metadata>',
        '   <components>',
        ...['guava', 'jackson-core', 'slf4j-api'].flatMap((a) => [
          '      <component group="org.sample" name="' + a + '" version="' + ver(r) + '">',
          `         <artifact name="${a}.jar">`,
          `            <sha256 value="${sha256(r)}" origin="Generated by Gradle"/>`,
          '         </artifact>',
          '      </component>',
        ]),
        '   </components>',
        '</verification-metadata>',
      ],
    }),
    (r, c) => ({
      file: 'uv.lock',
      lines: [
        'version = 1',
        'requires-python = ">=3.11"',
        '',
        ...r
          .sample(PYPKGS, 5)
          .flatMap((p) => [
            '[[package]]',
            `name = "${p}"`,
            `version = "${ver(r)}"`,
            'source = { registry = "https://pypi.org/simple" }',
            `sdist = { url = "https://files.pythonhosted.org/packages/${r.chars(2, HEX)}/${r.chars(2, HEX)}/${p}.tar.gz", hash = "sha256:${sha256(r)}" }`,
            '',
          ]),
      ],
    }),
    (r, c) => ({
      file: '.terraform.lock.hcl',
      lines: [
        'provider "registry.terraform.io/hashicorp/aws" {',
        `  version     = "5.${r.int(10, 80)}.0"`,
        '  constraints = "~> 5.0"',
        '  hashes = [',
        ...Array.from({ length: 5 }, () => `    "h1:${b64(r.bytes(32))}",`),
        ...Array.from({ length: 4 }, () => `    "zh:${sha256(r)}",`),
        '  ]',
        '}',
      ],
    }),
  ],
  'git-sha': [
    (r, c) => ({
      file: '.github/workflows/ci.yml',
      lines: yamlLines({
        name: 'ci',
        on: ['push', 'pull_request'],
        jobs: {
          test: {
            'runs-on': 'ubuntu-latest',
            steps: [
              { uses: `actions/checkout@${gitSha(r)}` },
              { uses: `actions/setup-node@${gitSha(r)}`, with: { 'node-version': 20 } },
              { run: 'npm ci && npm test' },
            ],
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'CHANGELOG.md',
      lines: [
        '# Changelog',
        '',
        `## ${ver(r)}`,
        '',
        ...Array.from({ length: 6 }, () => {
          const s = gitSha(r);
          return `* ${r.pick(['fix', 'feat', 'chore'])}: ${r.pick(['retry uploads', 'rotate logs daily', 'bump deps', 'add audit log', 'handle empty carts'])} ([${s.slice(0, 7)}](https://github.com/${c.domain.split('.')[0]}/${c.svc}/commit/${s}))`;
        }),
      ],
    }),
    (r, c) => ({ file: '.git-blame-ignore-revs', lines: ['# Prettier reformat', gitSha(r), '# Move to ESM', gitSha(r), gitSha(r)] }),
    (r, c) => ({
      file: 'Dockerfile',
      lines: [
        `FROM node:20-alpine@sha256:${sha256(r)} AS build`,
        'WORKDIR /app',
        'COPY . .',
        'RUN npm ci && npm run build',
        `FROM gcr.io/distroless/nodejs20-debian12@sha256:${sha256(r)}`,
        'COPY --from=build /app/dist /app',
      ],
    }),
    (r, c) => ({
      file: 'go.mod',
      lines: [
        `module github.com/${c.domain.split('.')[0]}/${c.svc}`,
        '',
        'go 1.22',
        '',
        'require (',
        ...r
          .sample(GOMODS, 4)
          .map((m) => `\t${m} v0.0.0-2024${r.chars(2, '01')}1${r.chars(1, DIGITS)}1${r.chars(5, DIGITS)}-${r.chars(12, HEX)}`),
        ')',
      ],
    }),
    (r, c) => ({
      file: 'package.json',
      lines: jsonLines({
        name: c.svc,
        version: ver(r),
        dependencies: { 'internal-ui': `github:${c.domain.split('.')[0]}/internal-ui#${gitSha(r)}` },
        gitHead: gitSha(r),
      }),
    }),
    (r, c) => ({
      file: 'argocd/app.yaml',
      lines: yamlLines({
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: c.svc },
        spec: {
          source: { repoURL: `https://github.com/${c.domain.split('.')[0]}/deploy.git`, targetRevision: gitSha(r), path: `apps/${c.svc}` },
        },
      }),
    }),
    (r, c) => ({
      file: 'build-info.json',
      lines: jsonLines({ commit: gitSha(r), branch: 'main', builtAt: '2025-03-04T10:22:31Z', pipeline: r.int(10000, 99999) }),
    }),
    (r, c) => ({
      file: 'release-notes.txt',
      lines: Array.from(
        { length: 8 },
        () =>
          `${r.chars(7, HEX)} ${r.pick(['Merge pull request', 'Fix flaky test', 'Update README', 'Refactor auth middleware', 'Bump version'])}`,
      ),
    }),
    (r, c) => ({
      file: 'infra/modules.tf',
      lines: [
        'module "vpc" {',
        `  source = "git::https://github.com/${c.domain.split('.')[0]}/terraform-modules.git//vpc?ref=${gitSha(r)}"`,
        '}',
      ],
    }),
    (r, c) => ({
      file: '.pre-commit-config.yaml',
      lines: yamlLines({
        repos: [
          { repo: 'https://github.com/pre-commit/pre-commit-hooks', rev: gitSha(r), hooks: [{ id: 'trailing-whitespace' }] },
          { repo: 'https://github.com/psf/black', rev: gitSha(r), hooks: [{ id: 'black' }] },
        ],
      }),
    }),
  ],
  uuid: [
    (r, c) => ({
      file: `${pascal(c.svc.replace(/-/g, '_'))}.csproj`,
      lines: [
        '<Project Sdk="Microsoft.NET.Sdk.Web">',
        '  <PropertyGroup>',
        '    <TargetFramework>net8.0</TargetFramework>',
        `    <UserSecretsId>${uuid(r)}</UserSecretsId>`,
        `    <ProjectGuid>{${uuid(r).toUpperCase()}}</ProjectGuid>`,
        '  </PropertyGroup>',
        '</Project>',
      ],
    }),
    (r, c) => ({
      file: 'App.sln',
      lines: [
        'Microsoft Visual Studio Solution File, Format Version 12.00',
        `Project("{${uuid(r).toUpperCase()}}") = "Api", "src\\Api\\Api.csproj", "{${uuid(r).toUpperCase()}}"`,
        'EndProject',
        `Project("{${uuid(r).toUpperCase()}}") = "Domain", "src\\Domain\\Domain.csproj", "{${uuid(r).toUpperCase()}}"`,
        'EndProject',
      ],
    }),
    (r, c) => ({
      file: 'infra/azure.tf',
      lines: [
        'provider "azurerm" {',
        '  features {}',
        `  tenant_id       = "${uuid(r)}"`,
        `  subscription_id = "${uuid(r)}"`,
        `  client_id       = "${uuid(r)}"`,
        '  use_oidc        = true',
        '}',
      ],
    }),
    (r, c) => ({
      file: `${c.svc}.postman_collection.json`,
      lines: jsonLines({
        info: { _postman_id: uuid(r), name: c.svc, schema: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
        item: [{ name: 'health', id: uuid(r), request: { method: 'GET', url: '{{baseUrl}}/health' } }],
      }),
    }),
    (r, c) => ({
      file: 'grafana/dashboard.json',
      lines: jsonLines({
        uid: r.chars(9, LOWER_ALNUM),
        title: c.svc,
        panels: [
          { id: 1, datasource: { type: 'prometheus', uid: uuid(r) }, targets: [{ refId: 'A', expr: 'rate(http_requests_total[5m])' }] },
        ],
      }),
    }),
    (r, c) => ({
      file: 'k8s/live-state.yaml',
      lines: yamlLines({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: c.svc, uid: uuid(r), resourceVersion: String(r.int(100000, 999999)) },
        spec: { clusterIP: `10.96.${r.int(0, 255)}.${r.int(1, 254)}` },
      }),
    }),
    (r, c) => ({
      file: 'test/fixtures/order.json',
      lines: jsonLines({ id: uuid(r), customerId: uuid(r), correlationId: uuid(r), idempotencyKey: uuid(r), total: 4299, currency: 'EUR' }),
    }),
    (r, c) => ({
      file: 'ios/App.xcodeproj/project.pbxproj',
      lines: [
        '/* Begin PBXBuildFile section */',
        ...Array.from(
          { length: 5 },
          (_, k) =>
            `\t\t${r.chars(24, UPHEX)} /* File${k}.swift in Sources */ = {isa = PBXBuildFile; fileRef = ${r.chars(24, UPHEX)} /* File${k}.swift */; };`,
        ),
        '/* End PBXBuildFile section */',
      ],
    }),
    (r, c) => ({
      file: 'azuredeploy.json',
      lines: jsonLines({
        resources: [
          {
            type: 'Microsoft.Authorization/roleAssignments',
            name: '[guid(resourceGroup().id)]',
            properties: {
              roleDefinitionId:
                "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')]",
              principalId: uuid(r),
            },
          },
        ],
      }),
    }),
    (r, c) => ({
      file: '.env',
      lines: [
        `AZURE_TENANT_ID=${uuid(r)}`,
        `AZURE_CLIENT_ID=${uuid(r)}`,
        `SENTRY_ORG_ID=${r.chars(7, DIGITS)}`,
        `POSTHOG_PROJECT_ID=${uuid(r)}`,
        'AZURE_USE_WORKLOAD_IDENTITY=true',
      ],
    }),
  ],
  'public-key': [
    // A public JSON Web Key set, as `/.well-known/jwks.json` serves it: no `d`.
    (r, c) => ({
      file: 'public/.well-known/jwks.json',
      lines: jsonLines({
        keys: [
          { kty: 'EC', crv: 'P-256', kid: `${c.svc}-1`, x: b64url(r.bytes(32)), y: b64url(r.bytes(32)) },
          { kty: 'RSA', kid: `${c.svc}-2`, use: 'sig', n: b64url(r.bytes(256)), e: 'AQAB' },
        ],
      }),
    }),
    (r, c) => ({
      file: '.ssh/authorized_keys',
      lines: [publicKeys.sshEd25519(r, 'maria@laptop'), publicKeys.sshRsa(r, 'deploy@ci'), publicKeys.sshEd25519(r, 'ops@bastion')],
    }),
    (r, c) => ({ file: '.ssh/id_ed25519.pub', lines: [publicKeys.sshEd25519(r, `${r.pick(PEOPLE)}@${c.svc}`)] }),
    (r, c) => ({ file: 'keys/jwt-public.pem', lines: publicKeys.rsaSpki(r) }),
    (r, c) => ({
      file: '.well-known/jwks.json',
      lines: jsonLines({
        keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid: r.chars(16, LOWER_ALNUM), n: b64url(bigInt(r, 256)), e: 'AQAB' }],
      }),
    }),
    (r, c) => ({
      file: 'keys/release-signing.asc',
      lines: [
        '-----BEGIN PGP PUBLIC KEY BLOCK-----',
        '',
        ...wrap(b64(Buffer.concat([Buffer.from([0x99, 0x01, 0x0d, 0x04]), r.bytes(560)])), 64),
        '=' + b64(r.bytes(3)),
        '-----END PGP PUBLIC KEY BLOCK-----',
      ],
    }),
    (r, c) => ({
      file: '.sops.yaml',
      lines: yamlLines({
        creation_rules: [
          { path_regex: 'secrets/prod/.*\\.yaml$', age: `${cred.agePublicKey(r)},${cred.agePublicKey(r)}` },
          { path_regex: 'secrets/dev/.*', pgp: r.chars(40, UPHEX) },
        ],
      }),
    }),
    (r, c) => ({
      file: 'cloud-init/user-data.yaml',
      lines: [
        '#cloud-config',
        'users:',
        '  - name: deploy',
        '    groups: sudo',
        '    ssh_authorized_keys:',
        `      - ${publicKeys.sshEd25519(r, 'deploy@ci')}`,
      ],
    }),
    (r, c) => ({
      file: '.ssh/known_hosts',
      lines: [`github.com ${publicKeys.sshEd25519(r, '').trim()}`, `gitlab.${c.domain} ${publicKeys.sshEd25519(r, '').trim()}`],
    }),
    (r, c) => ({
      file: 'web/.env.production',
      lines: [`NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_51${r.chars(97, B62)}`, `NEXT_PUBLIC_APP_URL=https://${c.domain}`],
    }),
    (r, c) => ({
      file: 'web/src/sentry.client.config.ts',
      lines: [
        "import * as Sentry from '@sentry/nextjs';",
        '',
        'Sentry.init({',
        `  dsn: 'https://${r.chars(32, HEX)}@o${r.chars(6, DIGITS)}.ingest.sentry.io/${r.chars(7, DIGITS)}',`,
        '  tracesSampleRate: 0.1,',
        '});',
      ],
    }),
    (r, c) => ({
      file: 'infra/deploy-keys.tf',
      lines: [
        'resource "github_repository_deploy_key" "ci" {',
        '  title      = "ci"',
        `  repository = "${c.svc}"`,
        `  key        = "${publicKeys.sshEd25519(r, 'ci@deploy')}"`,
        '  read_only  = true',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'minisign.pub',
      lines: [`untrusted comment: minisign public key ${r.chars(16, UPHEX)}`, 'RWQ' + b64(r.bytes(39)).slice(0, 53)],
    }),
    (r, c) => ({
      file: 'wireguard/peers.conf',
      lines: [
        '[Peer]',
        `PublicKey = ${b64(r.bytes(32))}`,
        'AllowedIPs = 10.8.0.2/32',
        '',
        '[Peer]',
        `PublicKey = ${b64(r.bytes(32))}`,
        'AllowedIPs = 10.8.0.3/32',
        `Endpoint = vpn.${c.domain}:51820`,
      ],
    }),
    (r, c) => ({
      file: 'public/firebase-messaging-vapid.txt',
      lines: [
        '# Web push: VAPID public key (applicationServerKey), shared with browsers',
        b64url(Buffer.concat([Buffer.from([4]), r.bytes(64)])),
      ],
    }),
  ],
  certificate: [
    (r, c) => ({ file: 'certs/ca.crt', lines: publicKeys.certificate(r, `${c.svc} Root CA`, c.domain) }),
    (r, c) => ({
      file: 'certs/fullchain.pem',
      lines: [...publicKeys.certificate(r, `${c.svc}.${c.domain}`, c.domain), ...publicKeys.certificate(r, 'R11', "Let's Encrypt")],
    }),
    (r, c) => ({
      file: '.kube/config',
      lines: yamlLines({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'prod',
            cluster: {
              server: `https://${r.chars(32, UPHEX)}.gr7.eu-west-1.eks.amazonaws.com`,
              'certificate-authority-data': b64(Buffer.from(publicKeys.certificate(r, 'kubernetes', 'kubernetes').join('\n'))),
            },
          },
        ],
        users: [
          {
            name: 'prod',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1beta1',
                command: 'aws',
                args: ['eks', 'get-token', '--cluster-name', 'prod'],
              },
            },
          },
        ],
      }),
    }),
    (r, c) => ({
      file: 'k8s/ca-bundle.yaml',
      lines: yamlLines({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'ca-bundle' },
        data: { 'ca.crt': publicKeys.certificate(r, 'Internal CA', c.domain).join('\n') + '\n' },
      }),
    }),
    (r, c) => ({
      file: 'saml/idp-metadata.xml',
      lines: [
        '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.' + c.domain + '">',
        '  <md:IDPSSODescriptor>',
        '    <md:KeyDescriptor use="signing">',
        '      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">',
        '        <ds:X509Data>',
        `          <ds:X509Certificate>${publicKeys.certificate(r, 'idp', c.domain).slice(1, -1).join('')}</ds:X509Certificate>`,
        '        </ds:X509Data>',
        '      </ds:KeyInfo>',
        '    </md:KeyDescriptor>',
        '  </md:IDPSSODescriptor>',
        '</md:EntityDescriptor>',
      ],
    }),
    (r, c) => ({
      file: 'certs/request.csr',
      lines: [
        '-----BEGIN CERTIFICATE REQUEST-----',
        ...wrap(b64(Buffer.concat([Buffer.from('3082029e30820186020100', 'hex'), r.bytes(640)])), 64),
        '-----END CERTIFICATE REQUEST-----',
      ],
    }),
    (r, c) => ({
      file: 'charts/webhook/values.yaml',
      lines: yamlLines({
        webhook: { caBundle: b64(Buffer.from(publicKeys.certificate(r, 'webhook-ca', c.domain).join('\n'))), failurePolicy: 'Fail' },
      }),
    }),
    (r, c) => ({
      file: 'nginx/site.conf',
      lines: [
        'server {',
        '    listen 443 ssl;',
        `    server_name ${c.svc}.${c.domain};`,
        `    ssl_certificate     /etc/ssl/certs/${c.svc}.crt;`,
        `    ssl_certificate_key /etc/ssl/private/${c.svc}.key;`,
        '    ssl_protocols TLSv1.2 TLSv1.3;',
        '}',
      ],
    }),
  ],
  sops: [
    (r, c) => ({ file: 'secrets/prod.yaml', lines: sopsYaml(r, { db_password: 'str', api_key: 'str', jwt_secret: 'str' }) }),
    (r, c) => ({
      file: 'secrets/prod.json',
      lines: jsonLines({ stripe_secret_key: sopsEnc(r, 107), github_token: sopsEnc(r, 40), sops: sopsMeta(r) }),
    }),
    (r, c) => ({
      file: 'secrets/.env.enc',
      lines: [
        `DB_PASSWORD=${sopsEnc(r, 20)}`,
        `OPENAI_API_KEY=${sopsEnc(r, 164)}`,
        `sops_age__list_0__map_recipient=${cred.agePublicKey(r)}`,
        `sops_lastmodified=2025-02-11T09:14:02Z`,
        `sops_mac=${sopsEnc(r, 64)}`,
        'sops_version=3.9.0',
      ],
    }),
    (r, c) => ({
      file: 'k8s/secret.enc.yaml',
      lines: sopsYaml(
        r,
        { password: 'str', 'api-token': 'str' },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: c.svc }, type: 'Opaque' },
      ),
    }),
    (r, c) => ({
      file: 'secrets/app.ini',
      lines: ['[database]', `password = ${sopsEnc(r, 18)}`, '', '[sops]', `mac = ${sopsEnc(r, 64)}`, 'version = 3.9.0'],
    }),
    (r, c) => ({ file: 'terraform/secrets.enc.json', lines: jsonLines({ data: sopsEnc(r, 300), sops: sopsMeta(r) }) }),
  ],
  'ansible-vault': [
    (r, c) => ({ file: 'ansible/group_vars/all/vault.yml', lines: ['$ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 12)] }),
    (r, c) => ({
      file: 'ansible/host_vars/db1.yml',
      lines: [
        'postgres_user: app',
        'postgres_password: !vault |',
        '  $ANSIBLE_VAULT;1.1;AES256',
        ...ansibleVaultBody(r, 5).map((l) => '  ' + l),
        'postgres_port: 5432',
      ],
    }),
    (r, c) => ({ file: 'ansible/vars/prod.yml', lines: ['$ANSIBLE_VAULT;1.2;AES256;prod', ...ansibleVaultBody(r, 9)] }),
    (r, c) => ({
      file: 'roles/app/defaults/main.yml',
      lines: [
        'app_user: deploy',
        'app_api_key: !vault |',
        '          $ANSIBLE_VAULT;1.1;AES256',
        ...ansibleVaultBody(r, 5).map((l) => '          ' + l),
      ],
    }),
    (r, c) => ({ file: 'ansible/files/id_deploy.vault', lines: ['$ANSIBLE_VAULT;1.1;AES256', ...ansibleVaultBody(r, 40)] }),
  ],
  'sealed-secrets': [
    (r, c) => ({ file: 'k8s/sealed-secret.yaml', lines: yamlLines(sealedSecret(r, c, ['DB_PASSWORD', 'API_KEY'])) }),
    (r, c) => ({
      file: 'clusters/prod/apps/payments-sealed.yaml',
      lines: yamlLines(sealedSecret(r, c, ['stripe-secret-key', 'stripe-webhook-secret'])),
    }),
    (r, c) => {
      const sealed = sealedSecret(r, c, ['.dockerconfigjson']);
      return {
        file: 'k8s/registry-sealed.yaml',
        lines: yamlLines({ ...sealed, spec: { ...sealed.spec, template: { type: 'kubernetes.io/dockerconfigjson' } } }),
      };
    },
    (r, c) => ({
      file: 'scripts/seal.sh',
      lines: [
        '#!/usr/bin/env bash',
        `# kubeseal --raw output for ${c.svc}`,
        `SEALED_TOKEN='AgB${b64(r.bytes(380))}'`,
        'yq -i ".spec.encryptedData.token = \\"$SEALED_TOKEN\\"" k8s/sealed.yaml',
      ],
    }),
    (r, c) => ({ file: 'k8s/tls-sealed.yaml', lines: yamlLines(sealedSecret(r, c, ['tls.crt', 'tls.key'])) }),
  ],
  i18n: [
    (r, c) => ({
      file: 'locales/en.json',
      lines: jsonLines({
        login: {
          title: 'Sign in',
          password: 'Password',
          passwordHint: 'Your password must contain at least 12 characters',
          forgotPassword: 'Forgot your password?',
        },
        apiKeys: { title: 'API keys', create: 'Create a new API key', revokeConfirm: 'Revoking this token cannot be undone' },
      }),
    }),
    (r, c) => ({
      file: 'locales/fr.json',
      lines: jsonLines({
        login: { password: 'Mot de passe', passwordHint: 'Votre mot de passe doit contenir au moins 12 caractères' },
        token: { expired: 'Votre jeton a expiré, veuillez vous reconnecter', secret: 'Clé secrète' },
      }),
    }),
    (r, c) => ({
      file: 'config/locales/de.yml',
      lines: yamlLines({
        de: {
          devise: {
            passwords: {
              send_instructions: 'Sie erhalten in wenigen Minuten eine E-Mail mit Anweisungen zum Zurücksetzen Ihres Passworts.',
            },
          },
          api_token: { label: 'API-Token', secret_hint: 'Das Geheimnis wird nur einmal angezeigt.' },
        },
      }),
    }),
    (r, c) => ({
      file: 'src/main/resources/messages_en.properties',
      lines: [
        'login.password=Password',
        'login.password.invalid=The password you entered is incorrect',
        'token.expired=Your session token expired. Please sign in again.',
        'apikey.secret.warning=Store this secret somewhere safe; you will not see it again.',
      ],
    }),
    (r, c) => ({
      file: 'locale/es/LC_MESSAGES/messages.po',
      lines: [
        'msgid "Password"',
        'msgstr "Contraseña"',
        '',
        'msgid "Your API key"',
        'msgstr "Tu clave de API"',
        '',
        'msgid "The token is invalid or has expired"',
        'msgstr "El token no es válido o ha caducado"',
      ],
    }),
    (r, c) => ({
      file: 'app/src/main/res/values/strings.xml',
      lines: [
        '<resources>',
        '    <string name="app_name">' + c.svc + '</string>',
        '    <string name="password">Password</string>',
        '    <string name="secret_key_label">Secret key</string>',
        '    <string name="token_error">Could not refresh the access token</string>',
        '</resources>',
      ],
    }),
    (r, c) => ({
      file: 'ios/en.lproj/Localizable.strings',
      lines: [
        '"password.placeholder" = "Enter your password";',
        '"apiKey.title" = "API Key";',
        '"token.expired" = "Your token has expired.";',
      ],
    }),
    (r, c) => ({
      file: 'locales/ja.json',
      lines: jsonLines({
        password: 'パスワード',
        passwordReset: 'パスワードをリセットしました',
        apiKey: 'APIキー',
        tokenExpired: 'トークンの有効期限が切れました',
      }),
    }),
    (r, c) => ({
      file: 'config/locales/pt-BR.yml',
      lines: yamlLines({
        'pt-BR': { password: 'Senha', password_too_short: 'A senha é muito curta (mínimo: 12 caracteres)', secret_token: 'Token secreto' },
      }),
    }),
    (r, c) => ({
      file: 'src/i18n/messages.ts',
      lines: [
        'export const messages = {',
        "  passwordLabel: 'Password',",
        "  secretRotated: 'The signing secret was rotated. Existing sessions stay valid for 24 hours.',",
        "  apiKeyCopied: 'API key copied to the clipboard',",
        '};',
      ],
    }),
  ],
  prose: [
    (r, c) => ({
      file: 'README.md',
      lines: [
        `# ${c.svc}`,
        '',
        '## Configuration',
        '',
        'Set `GITHUB_TOKEN` to a personal access token with the `repo` scope, and `DATABASE_URL` to your Postgres connection string.',
        'Never commit the token: keep it in your password manager and load it with `vaultify`.',
      ],
    }),
    (r, c) => ({
      file: 'docs/authentication.md',
      lines: [
        '# Authentication',
        '',
        'Clients exchange an API key for a short-lived access token. The token expires after one hour; refresh it with the refresh token.',
        'The secret used to sign tokens is rotated every 90 days by the platform team.',
      ],
    }),
    (r, c) => ({
      file: 'SECURITY.md',
      lines: [
        '# Security policy',
        '',
        'If you find a leaked password, token or private key, report it to security@' + c.domain + '.',
        'We rotate any exposed credential within 24 hours.',
      ],
    }),
    (r, c) => ({
      file: 'CONTRIBUTING.md',
      lines: [
        '## Running locally',
        '',
        '1. Copy `.env.example` to `.env`.',
        '2. Ask the team for a sandbox API key; do not use production secrets.',
        '3. Run `npm start`.',
      ],
    }),
    (r, c) => ({
      file: 'docs/adr/0007-secrets.md',
      lines: [
        '# 7. Store secrets in the OS keychain',
        '',
        'Status: accepted',
        '',
        'Secrets such as API keys and database passwords live in the keychain, referenced as `vault:name` from config files.',
      ],
    }),
    (r, c) => ({
      file: 'docs/runbook.md',
      lines: [
        '## Password expired',
        '',
        'When the replication user password expires, the replicas stop. Reset it with `ALTER ROLE replicator PASSWORD ...` from the vault entry.',
        '',
        '## Token revoked',
        '',
        'Re-issue the deploy token in the CI settings page.',
      ],
    }),
    (r, c) => ({
      file: 'docs/faq.md',
      lines: [
        '**Where do I find my secret key?** In the dashboard under Settings > API.',
        '',
        '**Why was my token rejected?** Tokens are bound to an IP allow-list.',
      ],
    }),
    (r, c) => ({
      file: 'blog/2025-01-rotating-keys.md',
      lines: [
        '---',
        'title: How we rotate API keys without downtime',
        '---',
        '',
        'Every key has a primary and a secondary slot. We write the new secret to the secondary slot, deploy, then promote it.',
      ],
    }),
    (r, c) => ({
      file: 'src/auth/README.md',
      lines: [
        'This module hashes passwords with Argon2id and compares tokens in constant time.',
        'It never logs a password, a token or a session secret.',
      ],
    }),
    (r, c) => ({
      file: 'docs/onboarding.txt',
      lines: [
        'Welcome! Your laptop password must be 14+ characters.',
        'Your GitHub account needs 2FA before you get a token for the private registry.',
      ],
    }),
  ],
  code: [
    (r, c) => ({
      file: 'src/auth/login.ts',
      lines: [
        'export async function login(email: string, password: string): Promise<Session> {',
        '  const user = await users.findByEmail(email);',
        '  if (!user || !(await argon2.verify(user.passwordHash, password))) throw new AuthError();',
        '  const token = await issueToken(user.id);',
        '  return { token, expiresIn: TOKEN_TTL_SECONDS };',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'db/schema.sql',
      lines: [
        'CREATE TABLE users (',
        '  id uuid PRIMARY KEY,',
        '  email text NOT NULL UNIQUE,',
        '  password_hash varchar(255) NOT NULL,',
        '  api_key_prefix char(8),',
        '  reset_token_expires_at timestamptz',
        ');',
      ],
    }),
    (r, c) => ({
      file: 'templates/login.html',
      lines: [
        '<form method="post" action="/login">',
        '  <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">',
        '  <label for="password">Password</label>',
        '  <input type="password" id="password" name="password" autocomplete="current-password" minlength="12">',
        '</form>',
      ],
    }),
    (r, c) => ({
      file: 'ml/tokenize.py',
      lines: [
        'from transformers import AutoTokenizer',
        '',
        'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")',
        'MAX_TOKENS = 512',
        'tokens = tokenizer("hello world", truncation=True, max_length=MAX_TOKENS)',
      ],
    }),
    (r, c) => ({
      file: 'internal/models/user.go',
      lines: [
        'package models',
        '',
        'type Credentials struct {',
        '\tUsername string `json:"username"`',
        '\tPassword string `json:"password"`',
        '\tAPIKey   string `json:"api_key,omitempty"`',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'src/main/java/com/acme/Cli.java',
      lines: [
        'Console console = System.console();',
        'char[] password = console.readPassword("Password: ");',
        'String secretName = "prod/db/password";',
        'SecretValue secret = secretsManager.getSecretValue(secretName);',
      ],
    }),
    (r, c) => ({
      file: 'schemas/config.schema.json',
      lines: jsonLines({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { password: { type: 'string', minLength: 12, writeOnly: true }, apiKey: { type: 'string', pattern: '^vault:' } },
      }),
    }),
    (r, c) => ({
      file: 'openapi.yaml',
      lines: yamlLines({
        openapi: '3.1.0',
        components: {
          securitySchemes: {
            ApiKeyAuth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
            BearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'schema.graphql',
      lines: [
        'input LoginInput {',
        '  email: String!',
        '  password: String!',
        '}',
        '',
        'type AuthPayload {',
        '  token: String!',
        '  refreshToken: String!',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'test/auth.test.ts',
      lines: [
        "it('never stores the plain password', async () => {",
        "  const password = randomBytes(16).toString('hex');",
        '  const user = await register({ email, password });',
        '  expect(user.passwordHash).not.toEqual(password);',
        '});',
      ],
    }),
    (r, c) => ({
      file: 'llm/call.py',
      lines: [
        'response = client.chat.completions.create(',
        '    model="gpt-4o",',
        '    max_tokens=1024,',
        '    messages=messages,',
        ')',
        'print(response.usage.total_tokens)',
      ],
    }),
    (r, c) => ({
      file: 'src/lib/secrets.ts',
      lines: [
        'const SECRET_NAME_PATTERN = /^[a-z0-9-]+$/;',
        'export const PASSWORD_MIN_LENGTH = 12;',
        'export const TOKEN_HEADER = "Authorization";',
        'export function isSecretName(s: string) { return SECRET_NAME_PATTERN.test(s); }',
      ],
    }),
  ],
  'test-fake': [
    (r, c) => ({
      file: 'test/github.test.ts',
      lines: [
        "import { parseToken } from '../src/github';",
        '',
        '// Shaped like a token, checksum deliberately wrong.',
        `const fakeToken = 'ghp_${badChecksumToken(r)}';`,
        '',
        "it('rejects tokens with a bad checksum', () => {",
        '  expect(parseToken(fakeToken)).toBeNull();',
        '});',
      ],
    }),
    (r, c) => ({
      file: 'tests/test_publish.py',
      lines: [
        'import pytest',
        '',
        `DUMMY_NPM_TOKEN = "npm_${badChecksumToken(r)}"`,
        '',
        'def test_publish_requires_valid_token(publisher):',
        '    with pytest.raises(ValueError):',
        '        publisher.login(DUMMY_NPM_TOKEN)',
      ],
    }),
    (r, c) => ({
      file: 'spec/client_spec.rb',
      lines: [
        'RSpec.describe Client do',
        `  let(:test_api_key) { "${r.chars(32, B62)}" }`,
        '  it "sends the key in a header" do',
        '    expect(described_class.new(test_api_key).headers).to include("X-Api-Key")',
        '  end',
        'end',
      ],
    }),
    (r, c) => ({
      file: 'src/__tests__/config.test.js',
      lines: [
        `const fake_password = '${password(r)}';`,
        "test('masks the password in logs', () => {",
        '  expect(redact(`password=${fake_password}`)).toBe("password=***");',
        '});',
      ],
    }),
    (r, c) => ({
      file: 'internal/auth/auth_test.go',
      lines: [
        'package auth',
        '',
        'func TestVerify(t *testing.T) {',
        `\tfakeSecret := "${r.chars(40, B62)}"`,
        '\tif Verify("payload", fakeSecret, "sig") {',
        '\t\tt.Fatal("verified a forged signature")',
        '\t}',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'test/fixtures/tokens.json',
      lines: jsonLines({
        dummy_github_token: `ghp_${badChecksumToken(r)}`,
        dummy_npm_token: `npm_${badChecksumToken(r)}`,
        test_webhook_secret: r.chars(32, B62),
      }),
    }),
  ],
  hash: [
    (r, c) => ({
      file: 'public/index.html',
      lines: [
        '<!doctype html>',
        '<html>',
        '<head>',
        `  <script src="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js" integrity="sha384-${b64(r.bytes(48))}" crossorigin="anonymous"></script>`,
        `  <link rel="stylesheet" href="/assets/app.${r.chars(8, HEX)}.css" integrity="sha256-${b64(r.bytes(32))}">`,
        '</head>',
        '</html>',
      ],
    }),
    (r, c) => ({
      file: 'dist/SHA256SUMS',
      lines: ['linux-amd64', 'linux-arm64', 'darwin-arm64', 'windows-amd64.exe'].map((p) => `${sha256(r)}  ${c.svc}-${p}`),
    }),
    (r, c) => ({
      file: 'docker/Dockerfile.node',
      lines: [
        'FROM debian:bookworm-slim',
        'ARG NODE_VERSION=20.17.0',
        `RUN curl -fsSLO https://nodejs.org/dist/v\${NODE_VERSION}/node-v\${NODE_VERSION}-linux-x64.tar.xz \\`,
        `  && echo "${sha256(r)}  node-v\${NODE_VERSION}-linux-x64.tar.xz" | sha256sum -c -`,
      ],
    }),
    (r, c) => ({
      file: 'src/styles/icons.css',
      lines: [
        `.icon-check { background-image: url("data:image/png;base64,${b64(Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), r.bytes(150)]))}"); }`,
      ],
    }),
    (r, c) => ({
      file: 'build/asset-manifest.json',
      lines: jsonLines({
        files: { 'main.js': `/static/js/main.${r.chars(8, HEX)}.js`, 'main.css': `/static/css/main.${r.chars(8, HEX)}.css` },
        entrypoints: [`static/js/main.${r.chars(8, HEX)}.js`],
      }),
    }),
    (r, c) => ({
      file: 'Formula/tool.rb',
      lines: [
        'class Tool < Formula',
        `  url "https://github.com/${c.domain.split('.')[0]}/tool/archive/v${ver(r)}.tar.gz"`,
        `  sha256 "${sha256(r)}"`,
        'end',
      ],
    }),
    (r, c) => ({
      file: 'cache/http-cache.json',
      lines: jsonLines({
        url: `https://api.${c.domain}/v1/catalog`,
        etag: `W/"${r.chars(32, HEX)}"`,
        lastModified: 'Tue, 04 Mar 2025 10:22:31 GMT',
      }),
    }),
    (r, c) => ({
      file: 'downloads.txt',
      lines: ['file: release.tar.gz', `md5: ${r.chars(32, HEX)}`, `sha1: ${sha1(r)}`, `sha512: ${r.chars(128, HEX)}`],
    }),
  ],
};

function badChecksumToken(r) {
  for (;;) {
    const random = r.chars(30, B62);
    const suffix = r.chars(6, B62);
    if (suffix !== crcTokenSuffix(random)) return random + suffix;
  }
}

function sopsEnc(r, plainLength) {
  return `ENC[AES256_GCM,data:${b64(r.bytes(plainLength))},iv:${b64(r.bytes(32))},tag:${b64(r.bytes(16))},type:str]`;
}

function sopsMeta(r) {
  return {
    kms: null,
    age: [
      {
        recipient: cred.agePublicKey(r),
        enc: ['-----BEGIN AGE ENCRYPTED FILE-----', ...wrap(b64(r.bytes(180)), 64), '-----END AGE ENCRYPTED FILE-----', ''].join('\n'),
      },
    ],
    lastmodified: '2025-02-11T09:14:02Z',
    mac: sopsEnc(r, 32),
    unencrypted_suffix: '_unencrypted',
    version: '3.9.0',
  };
}

function sopsYaml(r, fields, head = {}) {
  const data = Object.fromEntries(Object.keys(fields).map((k) => [k, sopsEnc(r, r.int(16, 60))]));
  return yamlLines({ ...head, ...(head.kind === 'Secret' ? { stringData: data } : data), sops: sopsMeta(r) });
}

function ansibleVaultBody(r, lines) {
  return Array.from({ length: lines }, () => r.chars(80, HEX));
}

function sealedSecret(r, c, names) {
  return {
    apiVersion: 'bitnami.com/v1alpha1',
    kind: 'SealedSecret',
    metadata: { name: `${c.svc}-secrets`, namespace: 'prod' },
    spec: { encryptedData: Object.fromEntries(names.map((n) => [n, 'AgB' + b64(r.bytes(r.int(330, 400)))])) },
  };
}
