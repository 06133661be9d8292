// Positive families of the detection corpus. Each lists its renderers; file i of a family uses
// renderer i with the entries of `make(rng, i, ctx)`, or a renderer's own `{ render, make }`.
import {
  B62,
  DIGITS,
  HEX,
  LOWER,
  LOWER_ALNUM,
  UPPER_ALNUM,
  URLSAFE,
  b64,
  b64url,
  cred,
  keys,
  password,
  publicKeys,
  urlPassword,
  uuid,
} from './credentials.mjs';
import {
  PEOPLE,
  REGIONS,
  envLines,
  flat,
  formats,
  inline,
  jsonLines,
  mark,
  markBlock,
  pascal,
  sec,
  snake,
  tomlLines,
  yamlLines,
} from './documents.mjs';

// ---------------------------------------------------------------------------------------------
// Positive families. Each lists its renderers; file i uses renderer i with `make(rng, i, ctx)`'s
// entries. A renderer given as `{ render, make }` brings its own entries.

const E = (key, kind, value) => ({ key, value: sec(kind, value) });
const F = formats;

/** Indents every item of a rendered block (used to nest JSON or PEM text inside YAML). */
const indentItems = (items, pad) =>
  items.map((it) =>
    typeof it === 'string' ? pad + it : it.lines ? { ...it, lines: it.lines.map((l) => pad + l) } : { ...it, text: pad + it.text },
  );

function serviceAccount(r, ctx, s) {
  const project = `${ctx.svc}-${r.chars(6, DIGITS)}`;
  const account = r.pick(['deployer', 'ci-runner', 'firebase-adminsdk-' + r.chars(5, LOWER_ALNUM), 'bigquery-loader']);
  return {
    type: 'service_account',
    project_id: project,
    private_key_id: r.chars(40, HEX),
    private_key: s,
    client_email: `${account}@${project}.iam.gserviceaccount.com`,
    client_id: r.chars(21, DIGITS),
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: 'https://oauth2.googleapis.com/token',
    auth_provider_x509_cert_url: 'https://www.googleapis.com/oauth2/v1/certs',
    client_x509_cert_url: `https://www.googleapis.com/robot/v1/metadata/x509/${account}%40${project}.iam.gserviceaccount.com`,
    universe_domain: 'googleapis.com',
  };
}

const dbPassword = (r) => (r.bool(0.7) ? urlPassword(r) : encodeURIComponent(password(r)));

const url = {
  postgres: (r, ctx) =>
    `${r.pick(['postgres', 'postgresql'])}://${snake(ctx.svc.replace(/-/g, '_'))}:${dbPassword(r)}@${r.pick([`db.${ctx.domain}`, `${ctx.svc}-db.c${r.chars(10, LOWER_ALNUM)}.${r.pick(REGIONS)}.rds.amazonaws.com`, 'ep-' + r.chars(12, LOWER) + '.eu-central-1.aws.neon.tech'])}:5432/${snake(ctx.svc.replace(/-/g, '_'))}${r.pick(['', '?sslmode=require'])}`,
  mysql: (r, ctx) =>
    `${r.pick(['mysql', 'mysql2'])}://${r.pick(['root', 'app', 'wp_user'])}:${dbPassword(r)}@${r.pick([`mysql.${ctx.domain}`, '10.0.3.17', 'aws.connect.psdb.cloud'])}:3306/${snake(ctx.svc.replace(/-/g, '_'))}`,
  mongo: (r, ctx) =>
    r.bool()
      ? `mongodb+srv://${r.pick(PEOPLE)}:${dbPassword(r)}@cluster0.${r.chars(5, LOWER_ALNUM)}.mongodb.net/${snake(ctx.svc.replace(/-/g, '_'))}?retryWrites=true&w=majority`
      : `mongodb://app:${dbPassword(r)}@mongo-0.${ctx.domain}:27017,mongo-1.${ctx.domain}:27017/${snake(ctx.svc.replace(/-/g, '_'))}?replicaSet=rs0&authSource=admin`,
  redis: (r, ctx) =>
    r.pick([
      () => `redis://:${urlPassword(r)}@redis.${ctx.domain}:6379/0`,
      () => `rediss://default:${urlPassword(r, 32)}@${r.chars(8, LOWER)}-${r.chars(5, DIGITS)}.upstash.io:6379`,
      () => `redis://app:${urlPassword(r)}@10.0.4.${r.int(2, 250)}:6379/1`,
    ])(),
  amqp: (r, ctx) =>
    `${r.pick(['amqp', 'amqps'])}://${r.pick(['app', 'worker', ctx.svc])}:${urlPassword(r)}@${r.pick([`rabbitmq.${ctx.domain}`, `b-${uuid(r)}.mq.${r.pick(REGIONS)}.amazonaws.com`, 'rattlesnake.rmq.cloudamqp.com'])}:${r.pick([5672, 5671])}/${r.pick(['', ctx.svc, '%2F'])}`,
  mssql: (r, ctx) => `mssql://sa:${urlPassword(r)}@sql.${ctx.domain}:1433/${pascal(ctx.svc.replace(/-/g, '_'))}`,
  adoNet: (r, ctx) =>
    `Server=tcp:${ctx.svc}-sql.database.windows.net,1433;Initial Catalog=${pascal(ctx.svc.replace(/-/g, '_'))};Persist Security Info=False;User ID=${snake(ctx.svc.replace(/-/g, '_'))}_app;Password=${password(r)};MultipleActiveResultSets=False;Encrypt=True;TrustServerCertificate=False;Connection Timeout=30;`,
};

const VENDOR_FAMILIES = [
  {
    family: 'aws',
    group: 'aws',
    make: (r) => [
      E('AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r)),
      E('AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', cred.awsSecret(r)),
    ],
    formats: [
      {
        make: (r) => [
          E('default_id', 'aws-access-key-id', cred.awsKeyId(r)),
          E('default_secret', 'aws-secret-access-key', cred.awsSecret(r)),
          E('prod_id', 'aws-access-key-id', cred.awsKeyId(r)),
          E('prod_secret', 'aws-secret-access-key', cred.awsSecret(r)),
        ],
        render: inline('.aws/credentials', (ctx, r) => [
          '[default]',
          'aws_access_key_id = @@',
          'aws_secret_access_key = @@',
          `region = ${r.pick(REGIONS)}`,
          '',
          '[prod-admin]',
          'aws_access_key_id = @@',
          'aws_secret_access_key = @@',
          'output = json',
        ]),
      },
      F.env,
      inline('infra/main.tf', (ctx, r) => [
        'terraform {',
        '  required_providers {',
        '    aws = {',
        '      source  = "hashicorp/aws"',
        '      version = "~> 5.0"',
        '    }',
        '  }',
        '}',
        '',
        'provider "aws" {',
        `  region     = "${r.pick(REGIONS)}"`,
        '  access_key = "@@"',
        '  secret_key = "@@"',
        '}',
      ]),
      inline('scripts/sync_assets.py', (ctx, r) => [
        'import boto3',
        '',
        's3 = boto3.client(',
        '    "s3",',
        `    region_name="${r.pick(REGIONS)}",`,
        '    aws_access_key_id="@@",',
        '    aws_secret_access_key="@@",',
        ')',
        '',
        `for obj in s3.list_objects_v2(Bucket="${ctx.svc}-assets")["Contents"]:`,
        '    print(obj["Key"])',
      ]),
      F.compose,
      F.json,
      {
        make: (r) => [
          E('AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r, 'ASIA')),
          E('AWS_SECRET_ACCESS_KEY', 'aws-secret-access-key', cred.awsSecret(r)),
          E('AWS_SESSION_TOKEN', 'aws-session-token', cred.awsSessionToken(r)),
        ],
        render: F.envrc,
      },
    ],
  },
  {
    family: 'gcp-service-account',
    group: 'gcp',
    make: (r) => [E('private_key', 'gcp-service-account-key', keys.rsaPkcs8(r))],
    formats: [
      (r, ctx, [e]) => ({ file: 'service-account.json', items: jsonLines(serviceAccount(r, ctx, e.value)) }),
      (r, ctx, [e]) => ({ file: `credentials/${ctx.svc}-sa.json`, items: jsonLines(serviceAccount(r, ctx, e.value)) }),
      (r, ctx, [e]) => {
        const sa = serviceAccount(r, ctx, '');
        const json = JSON.stringify({ ...sa, private_key: flat(e.value) });
        return {
          file: '.env',
          items: ['GOOGLE_CLOUD_PROJECT=' + sa.project_id, mark(`GOOGLE_CREDENTIALS_JSON='${json}'`, e.value), 'PUBSUB_TOPIC=events'],
        };
      },
      (r, ctx, [e]) => ({
        file: 'k8s/gcp-credentials.yaml',
        items: [
          'apiVersion: v1',
          'kind: Secret',
          'metadata:',
          `  name: ${ctx.svc}-gcp`,
          'type: Opaque',
          'stringData:',
          '  key.json: |',
          ...indentItems(jsonLines(serviceAccount(r, ctx, e.value)), '    '),
        ],
      }),
    ],
  },
  {
    family: 'google-api-key',
    group: 'google',
    make: (r) => [E('GOOGLE_MAPS_API_KEY', 'google-api-key', cred.googleApiKey(r))],
    formats: [
      F.env,
      inline('app/src/main/AndroidManifest.xml', () => [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<manifest xmlns:android="http://schemas.android.com/apk/res/android">',
        '    <application android:label="@string/app_name">',
        '        <meta-data',
        '            android:name="com.google.android.geo.API_KEY"',
        '            android:value="@@" />',
        '    </application>',
        '</manifest>',
      ]),
      {
        make: (r) => [E('GEMINI_API_KEY', 'google-api-key', cred.googleApiKey(r))],
        render: inline('src/summarize.ts', () => [
          "import { GoogleGenerativeAI } from '@google/generative-ai';",
          '',
          'const genAI = new GoogleGenerativeAI("@@");',
          "const model = genAI.getGenerativeModel({ model: 'gemini-1.5-flash' });",
          '',
          'export async function summarize(text: string): Promise<string> {',
          '  const result = await model.generateContent(`Summarize: ${text}`);',
          '  return result.response.text();',
          '}',
        ]),
      },
      F.yaml,
      { make: (r) => [E('YOUTUBE_API_KEY', 'google-api-key', cred.googleApiKey(r))], render: F.py },
    ],
  },
  {
    family: 'firebase',
    group: 'fcm',
    make: (r) => [E('FCM_SERVER_KEY', 'firebase-server-key', cred.firebaseServerKey(r))],
    formats: [
      F.env,
      inline('notifications/push.py', () => [
        'import requests',
        '',
        'FCM_URL = "https://fcm.googleapis.com/fcm/send"',
        'HEADERS = {',
        '    "Content-Type": "application/json",',
        '    "Authorization": "key=@@",',
        '}',
        '',
        'def send(token, title, body):',
        '    payload = {"to": token, "notification": {"title": title, "body": body}}',
        '    return requests.post(FCM_URL, json=payload, headers=HEADERS, timeout=10)',
      ]),
      F.json,
      { make: (r) => [E('FIREBASE_TOKEN', 'firebase-ci-token', cred.googleRefreshToken(r))], render: F.workflow },
    ],
  },
  {
    family: 'azure-storage',
    group: 'azure',
    make: (r, i, ctx) => {
      const account = ctx.svc.replace(/-/g, '') + r.chars(4, LOWER_ALNUM);
      return [
        E(
          'AZURE_STORAGE_CONNECTION_STRING',
          'azure-storage-connection-string',
          `DefaultEndpointsProtocol=https;AccountName=${account};AccountKey=${cred.azureStorageKey(r)};EndpointSuffix=core.windows.net`,
        ),
      ];
    },
    formats: [
      (r, ctx, [e]) => ({
        file: 'appsettings.Production.json',
        items: jsonLines({ Logging: { LogLevel: { Default: 'Information' } }, ConnectionStrings: { Storage: e.value }, AllowedHosts: '*' }),
      }),
      (r, ctx, [e]) => ({
        file: 'local.settings.json',
        items: jsonLines({ IsEncrypted: false, Values: { AzureWebJobsStorage: e.value, FUNCTIONS_WORKER_RUNTIME: 'node' } }),
      }),
      F.env,
      {
        make: (r, i, ctx) => [E('AZURE_STORAGE_KEY', 'azure-storage-account-key', cred.azureStorageKey(r))],
        render: inline('jobs/upload.py', (ctx) => [
          'from azure.storage.blob import BlobServiceClient',
          '',
          `ACCOUNT_URL = "https://${ctx.svc.replace(/-/g, '')}.blob.core.windows.net"`,
          'ACCOUNT_KEY = "@@"',
          '',
          'client = BlobServiceClient(account_url=ACCOUNT_URL, credential=ACCOUNT_KEY)',
        ]),
      },
    ],
  },
  {
    family: 'azure-sas',
    group: 'azure',
    make: (r, i, ctx) => [
      E(
        'AZURE_BLOB_SAS_URL',
        'azure-sas-token',
        `https://${ctx.svc.replace(/-/g, '')}.blob.core.windows.net/exports?sv=2022-11-02&ss=b&srt=co&sp=rwdlacx&se=2026-0${r.int(1, 9)}-15T18:00:00Z&st=2025-01-01T09:00:00Z&spr=https&sig=${cred.azureSasSig(r)}`,
      ),
    ],
    formats: [
      F.env,
      inline('scripts/backup.sh', (ctx) => [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'azcopy copy ./dumps "@@" --recursive',
        'echo "backup uploaded"',
      ]),
      {
        make: (r, i, ctx) => [
          E(
            'ServiceBus',
            'azure-servicebus-key',
            `Endpoint=sb://${ctx.svc}-bus.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${cred.azureSharedAccessKey(r)}`,
          ),
        ],
        render: (r, ctx, [e]) => ({
          file: 'appsettings.json',
          items: jsonLines({ ConnectionStrings: { ServiceBus: e.value }, Queue: 'orders' }),
        }),
      },
      F.yaml,
    ],
  },
  {
    family: 'azure-client-secret',
    group: 'azure',
    make: (r) => [E('AZURE_CLIENT_SECRET', 'azure-client-secret', cred.azureClientSecret(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['AZURE_TENANT_ID', uuid(r)],
          ['AZURE_CLIENT_ID', uuid(r)],
          ['AZURE_CLIENT_SECRET', e.value],
          ['AZURE_SUBSCRIPTION_ID', uuid(r)],
        ]),
      }),
      inline('terraform.tfvars', (ctx, r) => [
        `tenant_id       = "${uuid(r)}"`,
        `client_id       = "${uuid(r)}"`,
        'client_secret   = "@@"',
        `subscription_id = "${uuid(r)}"`,
      ]),
      (r, ctx, [e]) => ({
        file: 'appsettings.json',
        items: jsonLines({
          AzureAd: { Instance: 'https://login.microsoftonline.com/', TenantId: uuid(r), ClientId: uuid(r), ClientSecret: e.value },
          AllowedHosts: '*',
        }),
      }),
      F.yaml,
    ],
  },
  {
    family: 'github',
    group: 'github',
    make: (r, i) => {
      const kinds = [
        ['GITHUB_TOKEN', 'github-pat', 'ghp'],
        ['GH_TOKEN', 'github-oauth', 'gho'],
        ['GITHUB_APP_TOKEN', 'github-app-token', 'ghs'],
        ['GITHUB_USER_TOKEN', 'github-user-token', 'ghu'],
        ['GITHUB_REFRESH_TOKEN', 'github-refresh-token', 'ghr'],
      ];
      const [key, kind, prefix] = kinds[i % kinds.length];
      return [E(key, kind, cred.github(r, prefix))];
    },
    formats: [
      F.env,
      {
        // gh keeps the same token twice: under the user and as the host default.
        make: (r) => {
          const token = cred.github(r, 'gho');
          return [E('oauth_token', 'github-oauth', token), E('oauth_token', 'github-oauth', token)];
        },
        render: inline('.config/gh/hosts.yml', (ctx, r) => [
          'github.com:',
          '    users:',
          `        ${r.pick(PEOPLE)}:`,
          '            oauth_token: @@',
          '    git_protocol: https',
          '    oauth_token: @@',
          `    user: ${r.pick(PEOPLE)}`,
        ]),
      },
      F.sh,
      F.ts,
      F.yaml,
      { make: (r) => [E('GITHUB_PERSONAL_ACCESS_TOKEN', 'github-fine-grained-pat', cred.githubFineGrained(r))], render: F.mcp },
      {
        make: (r) => [E('token', 'github-pat', cred.github(r, 'ghp'))],
        render: inline('test/integration/staging-api.test.ts', () => [
          "import { Octokit } from '@octokit/rest';",
          '',
          '// Checksummed token of the staging bot; the suite runs against the staging org only.',
          "const fake_token_for_staging = '@@';",
          '',
          "describe('staging api', () => {",
          "  it('lists repositories', async () => {",
          '    const octokit = new Octokit({ auth: fake_token_for_staging });',
          "    await octokit.rest.repos.listForOrg({ org: 'staging' });",
          '  });',
          '});',
        ]),
      },
    ],
  },
  {
    family: 'gitlab',
    group: 'gitlab',
    make: (r) => [E('GITLAB_TOKEN', 'gitlab-pat', cred.gitlab(r))],
    formats: [
      F.env,
      inline('.python-gitlab.cfg', (ctx) => [
        '[global]',
        'default = work',
        'ssl_verify = true',
        'timeout = 5',
        '',
        '[work]',
        `url = https://gitlab.${ctx.domain}`,
        'private_token = @@',
        'api_version = 4',
      ]),
      {
        make: (r) => [E('TRIGGER', 'gitlab-trigger-token', cred.gitlabTrigger(r))],
        render: inline('scripts/trigger-pipeline.sh', (ctx, r) => [
          '#!/bin/sh',
          'curl -X POST --fail \\',
          '  -F token=@@ \\',
          '  -F ref=main \\',
          `  "https://gitlab.${ctx.domain}/api/v4/projects/${r.int(10, 999)}/trigger/pipeline"`,
        ]),
      },
      {
        make: (r) => [E('DEPLOY_TOKEN', 'gitlab-deploy-token', cred.gitlab(r, 'gldt-'))],
        render: inline('scripts/pull-image.sh', (ctx) => [
          '#!/usr/bin/env bash',
          `echo "@@" | docker login registry.gitlab.${ctx.domain} -u gitlab+deploy-token-17 --password-stdin`,
          `docker pull registry.gitlab.${ctx.domain}/platform/${ctx.svc}:latest`,
        ]),
      },
      {
        make: (r) => [E('token', 'gitlab-runner-token', cred.gitlab(r, 'glrt-'))],
        render: inline('runner/config.toml', (ctx) => [
          'concurrent = 4',
          'check_interval = 0',
          '',
          '[[runners]]',
          `  name = "${ctx.svc}-runner"`,
          `  url = "https://gitlab.${ctx.domain}"`,
          '  token = "@@"',
          '  executor = "docker"',
          '  [runners.docker]',
          '    image = "alpine:3.20"',
          '    privileged = false',
        ]),
      },
    ],
  },
  {
    family: 'bitbucket',
    group: 'bitbucket',
    make: (r) => [E('BITBUCKET_APP_PASSWORD', 'bitbucket-app-password', cred.bitbucketAppPassword(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['BITBUCKET_WORKSPACE', ctx.domain.split('.')[0]],
          ['BITBUCKET_USERNAME', r.pick(PEOPLE)],
          ['BITBUCKET_APP_PASSWORD', e.value],
        ]),
      }),
      inline('scripts/mirror.sh', (ctx, r) => [
        '#!/usr/bin/env bash',
        'set -e',
        `curl -s -u ${r.pick(PEOPLE)}:@@ \\`,
        `  "https://api.bitbucket.org/2.0/repositories/${ctx.domain.split('.')[0]}/${ctx.svc}/pullrequests?state=OPEN"`,
      ]),
      F.json,
      { make: (r) => [E('BITBUCKET_ACCESS_TOKEN', 'bitbucket-access-token', cred.atlassianToken(r, 'ATCTT3xFfGN0'))], render: F.envrc },
    ],
  },
  {
    family: 'slack',
    group: 'slack',
    make: (r, i) =>
      [
        [() => E('SLACK_BOT_TOKEN', 'slack-bot-token', cred.slackBot(r))],
        [() => E('SLACK_USER_TOKEN', 'slack-user-token', cred.slackUser(r))],
        [() => E('SLACK_APP_TOKEN', 'slack-app-token', cred.slackApp(r))],
        [() => E('SLACK_WEBHOOK_URL', 'slack-webhook', cred.slackWebhook(r))],
      ][i % 4].map((f) => f()),
    formats: [
      F.env,
      F.json,
      F.envrc,
      F.yaml,
      F.py,
      (r, ctx, [e]) => ({
        file: 'scripts/notify.sh',
        items: [
          '#!/bin/sh',
          `MSG="${ctx.svc} deployed"`,
          mark(`curl -sf -X POST -H 'Content-type: application/json' --data "{\\"text\\":\\"$MSG\\"}" ${flat(e.value)}`, e.value),
        ],
      }),
      {
        make: (r) => [E('SLACK_BOT_TOKEN', 'slack-bot-token', cred.slackBot(r)), E('SLACK_APP_TOKEN', 'slack-app-token', cred.slackApp(r))],
        render: F.env,
      },
    ],
  },
  {
    family: 'discord',
    group: 'discord',
    make: (r) => [E('DISCORD_TOKEN', 'discord-bot-token', cred.discordBot(r))],
    formats: [
      inline('bot.py', () => [
        'import discord',
        '',
        'intents = discord.Intents.default()',
        'intents.message_content = True',
        'client = discord.Client(intents=intents)',
        '',
        '@client.event',
        'async def on_ready():',
        '    print(f"logged in as {client.user}")',
        '',
        'client.run("@@")',
      ]),
      F.env,
      { make: (r) => [E('DISCORD_WEBHOOK', 'discord-webhook', cred.discordWebhook(r))], render: F.json },
      { make: (r) => [E('DISCORD_WEBHOOK_URL', 'discord-webhook', cred.discordWebhook(r))], render: F.sh },
    ],
  },
  {
    family: 'telegram',
    group: 'telegram',
    make: (r) => [E('TELEGRAM_BOT_TOKEN', 'telegram-bot-token', cred.telegram(r))],
    formats: [
      F.env,
      inline('bot/main.py', () => [
        'from telegram.ext import Application, CommandHandler',
        '',
        'async def start(update, context):',
        '    await update.message.reply_text("hi")',
        '',
        'app = Application.builder().token("@@").build()',
        'app.add_handler(CommandHandler("start", start))',
        'app.run_polling()',
      ]),
      inline('scripts/alert.sh', (ctx, r) => [
        '#!/usr/bin/env bash',
        `CHAT_ID=-100${r.chars(10, DIGITS)}`,
        'curl -s "https://api.telegram.org/bot@@/sendMessage" \\',
        '  -d chat_id="$CHAT_ID" -d text="backup finished"',
      ]),
      F.yaml,
    ],
  },
  {
    family: 'stripe',
    group: 'stripe',
    make: (r, i) =>
      [
        [() => E('STRIPE_SECRET_KEY', 'stripe-secret-key', cred.stripe(r))],
        [() => E('STRIPE_RESTRICTED_KEY', 'stripe-restricted-key', cred.stripe(r, 'rk_live_'))],
        [() => E('STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', cred.stripeWebhook(r))],
      ][i % 3].map((f) => f()),
    formats: [
      F.env,
      F.yaml,
      F.env,
      inline('src/payments/stripe.ts', () => [
        "import Stripe from 'stripe';",
        '',
        "export const stripe = new Stripe('@@', {",
        "  apiVersion: '2024-06-20',",
        '  maxNetworkRetries: 2,',
        '});',
      ]),
      F.php,
    ],
  },
  {
    family: 'square',
    group: 'square',
    make: (r, i) => [
      i % 2
        ? E('SQUARE_APPLICATION_SECRET', 'square-oauth-secret', cred.squareSecret(r))
        : E('SQUARE_ACCESS_TOKEN', 'square-access-token', cred.squareAccess(r)),
    ],
    formats: [F.env, F.json, F.yaml, F.rb],
  },
  {
    family: 'paypal-braintree',
    group: 'braintree',
    make: (r) => [E('BRAINTREE_ACCESS_TOKEN', 'braintree-access-token', cred.braintreeAccess(r))],
    formats: [
      F.env,
      (r, ctx) => {
        const s = sec('paypal-client-secret', cred.paypalSecret(r));
        return {
          file: '.env',
          items: envLines([
            ['PAYPAL_MODE', 'live'],
            ['PAYPAL_CLIENT_ID', 'A' + r.chars(79, URLSAFE)],
            ['PAYPAL_CLIENT_SECRET', s],
          ]),
        };
      },
      {
        make: (r) => [E('private_key', 'braintree-private-key', cred.hex(r, 32))],
        render: inline('payments/gateway.py', (ctx, r) => [
          'import braintree',
          '',
          'gateway = braintree.BraintreeGateway(',
          '    braintree.Configuration(',
          '        environment=braintree.Environment.Production,',
          `        merchant_id="${r.chars(16, LOWER_ALNUM)}",`,
          `        public_key="${r.chars(16, LOWER_ALNUM)}",`,
          '        private_key="@@",',
          '    )',
          ')',
        ]),
      },
      F.yaml,
    ],
  },
  {
    family: 'shopify',
    group: 'shopify',
    make: (r, i) => [
      [
        E('SHOPIFY_ACCESS_TOKEN', 'shopify-access-token', cred.shopify(r)),
        E('SHOPIFY_API_SECRET', 'shopify-shared-secret', cred.shopify(r, 'shpss_')),
        E('SHOPIFY_CUSTOM_APP_TOKEN', 'shopify-custom-app-token', cred.shopify(r, 'shpca_')),
        E('SHOPIFY_PRIVATE_APP_PASSWORD', 'shopify-private-app-token', cred.shopify(r, 'shppa_')),
      ][i % 4],
    ],
    formats: [F.env, F.env, F.ts, F.json],
  },
  {
    family: 'openai',
    group: 'openai',
    make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r))],
    formats: [
      F.env,
      inline('app/llm.py', () => [
        'from openai import OpenAI',
        '',
        'client = OpenAI(api_key="@@")',
        '',
        'def complete(prompt: str) -> str:',
        '    resp = client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": prompt}])',
        '    return resp.choices[0].message.content',
      ]),
      F.mcp,
      { make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiLegacy(r))], render: F.ts },
      { make: (r) => [E('OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r, 'svcacct'))], render: F.yaml },
    ],
  },
  {
    family: 'anthropic',
    group: 'anthropic',
    make: (r) => [E('ANTHROPIC_API_KEY', 'anthropic-api-key', cred.anthropic(r))],
    formats: [
      F.env,
      inline('agent/client.py', () => [
        'import anthropic',
        '',
        'client = anthropic.Anthropic(api_key="@@")',
        '',
        'def ask(question):',
        '    msg = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=[{"role": "user", "content": question}])',
        '    return msg.content[0].text',
      ]),
      F.ts,
      F.mcp,
      { make: (r) => [E('ANTHROPIC_ADMIN_KEY', 'anthropic-admin-key', cred.anthropic(r, 'admin01'))], render: F.envrc },
    ],
  },
  { family: 'groq', group: 'groq', make: (r) => [E('GROQ_API_KEY', 'groq-api-key', cred.groq(r))], formats: [F.env, F.py, F.json] },
  {
    family: 'huggingface',
    group: 'hf',
    make: (r) => [E('HF_TOKEN', 'huggingface-token', cred.huggingface(r))],
    formats: [
      F.env,
      inline('train.py', () => [
        'from huggingface_hub import login',
        'from transformers import AutoModelForCausalLM',
        '',
        'login(token="@@")',
        'model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-3.1-8B")',
      ]),
      inline('scripts/setup.sh', () => [
        '#!/usr/bin/env bash',
        'pip install -U "huggingface_hub[cli]"',
        'huggingface-cli login --token @@ --add-to-git-credential',
      ]),
      { make: (r) => [E('HF_ORG_TOKEN', 'huggingface-org-token', cred.huggingface(r, 'api_org_'))], render: F.yaml },
    ],
  },
  {
    family: 'cohere',
    group: 'cohere',
    make: (r) => [E('COHERE_API_KEY', 'cohere-api-key', cred.cohere(r))],
    formats: [
      { make: (r) => [E('CO_API_KEY', 'cohere-api-key', cred.cohere(r))], render: F.env },
      inline('rag/rerank.py', () => [
        'import cohere',
        '',
        'co = cohere.ClientV2("@@")',
        '',
        'def rerank(query, docs):',
        '    return co.rerank(model="rerank-v3.5", query=query, documents=docs, top_n=5)',
      ]),
      F.json,
    ],
  },
  {
    family: 'mistral',
    group: 'mistral',
    make: (r) => [E('MISTRAL_API_KEY', 'mistral-api-key', cred.mistral(r))],
    formats: [
      F.env,
      inline('chat.py', () => [
        'from mistralai import Mistral',
        '',
        'client = Mistral(api_key="@@")',
        'reply = client.chat.complete(model="mistral-large-latest", messages=[{"role": "user", "content": "hello"}])',
      ]),
      F.yaml,
    ],
  },
  {
    family: 'replicate',
    group: 'replicate',
    make: (r) => [E('REPLICATE_API_TOKEN', 'replicate-api-token', cred.replicate(r))],
    formats: [F.env, F.py, F.ts],
  },
  { family: 'npm', group: 'npm', make: (r) => [E('NPM_TOKEN', 'npm-access-token', cred.npm(r))], formats: [F.env, F.workflow, F.sh] },
  {
    family: 'pypi',
    group: 'pypi',
    make: (r) => [E('TWINE_PASSWORD', 'pypi-token', cred.pypi(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['TWINE_USERNAME', '__token__'],
          ['TWINE_PASSWORD', e.value],
        ]),
      }),
      inline('scripts/publish.sh', () => [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        'python -m build',
        'twine upload -u __token__ -p @@ dist/*',
      ]),
      inline('scripts/poetry-setup.sh', () => ['#!/bin/sh', 'poetry config pypi-token.pypi @@', 'poetry publish --build']),
    ],
  },
  {
    family: 'crates-io',
    group: 'cargo',
    make: (r) => [E('CARGO_REGISTRY_TOKEN', 'crates-io-token', cred.crates(r))],
    formats: [inline('.cargo/credentials.toml', () => ['[registry]', 'token = "@@"']), F.env, F.workflow],
  },
  {
    family: 'rubygems',
    group: 'gem',
    make: (r) => [E('GEM_HOST_API_KEY', 'rubygems-api-key', cred.rubygems(r))],
    formats: [inline('.gem/credentials', () => ['---', ':rubygems_api_key: @@']), F.env, F.sh],
  },
  {
    family: 'nuget',
    group: 'nuget',
    make: (r) => [E('NUGET_API_KEY', 'nuget-api-key', cred.nuget(r))],
    formats: [
      inline('build/publish.sh', () => [
        '#!/usr/bin/env bash',
        'dotnet pack -c Release -o out',
        'dotnet nuget push "out/*.nupkg" --api-key @@ --source https://api.nuget.org/v3/index.json',
      ]),
      F.env,
      F.yaml,
    ],
  },
  {
    family: 'docker',
    group: 'docker',
    make: (r) => [E('DOCKERHUB_TOKEN', 'docker-hub-pat', cred.dockerPat(r))],
    formats: [
      F.env,
      inline('scripts/push.sh', (ctx, r) => [
        '#!/usr/bin/env bash',
        `echo "@@" | docker login -u ${r.pick(PEOPLE)} --password-stdin`,
        `docker push ${ctx.domain.split('.')[0]}/${ctx.svc}:latest`,
      ]),
      F.workflow,
    ],
  },
  {
    family: 'sendgrid',
    group: 'sendgrid',
    make: (r) => [E('SENDGRID_API_KEY', 'sendgrid-api-key', cred.sendgrid(r))],
    formats: [
      F.env,
      inline('mail/send.py', () => ['from sendgrid import SendGridAPIClient', '', 'sg = SendGridAPIClient("@@")']),
      F.json,
      F.php,
    ],
  },
  {
    family: 'mailgun',
    group: 'mailgun',
    make: (r, i) => [E('MAILGUN_API_KEY', 'mailgun-api-key', i === 1 ? cred.mailgunV2(r) : cred.mailgun(r))],
    formats: [F.env, F.py, F.yaml],
  },
  {
    family: 'mailchimp',
    group: 'mailchimp',
    make: (r) => [E('MAILCHIMP_API_KEY', 'mailchimp-api-key', cred.mailchimp(r))],
    formats: [F.env, F.json, F.py],
  },
  {
    family: 'brevo',
    group: 'brevo',
    make: (r, i) => [
      i === 1 ? E('BREVO_SMTP_KEY', 'brevo-smtp-key', cred.brevo(r, 'xsmtpsib-')) : E('BREVO_API_KEY', 'brevo-api-key', cred.brevo(r)),
    ],
    formats: [F.env, F.yaml, F.php],
  },
  {
    family: 'twilio',
    group: 'twilio',
    make: (r) => [
      E('TWILIO_ACCOUNT_SID', 'twilio-account-sid', cred.twilioSid(r)),
      E('TWILIO_AUTH_TOKEN', 'twilio-auth-token', cred.hex(r, 32)),
    ],
    formats: [
      F.env,
      inline('sms/send.py', (ctx, r) => [
        'from twilio.rest import Client',
        '',
        'account_sid = "@@"',
        'auth_token = "@@"',
        'client = Client(account_sid, auth_token)',
        `client.messages.create(to="+4915${r.chars(9, DIGITS)}", from_="+1415${r.chars(7, DIGITS)}", body="Your order shipped")`,
      ]),
      {
        make: (r) => [
          E('TWILIO_API_KEY', 'twilio-api-key', cred.twilioSid(r, 'SK')),
          E('TWILIO_API_SECRET', 'twilio-api-secret', r.chars(32, B62)),
        ],
        render: F.json,
      },
      F.yaml,
    ],
  },
  {
    family: 'postmark',
    group: 'postmark',
    make: (r) => [E('POSTMARK_SERVER_TOKEN', 'postmark-server-token', uuid(r))],
    formats: [
      F.env,
      inline('config/initializers/postmark.rb', () => [
        'Rails.application.configure do',
        '  config.action_mailer.delivery_method = :postmark',
        '  config.action_mailer.postmark_settings = { api_token: "@@" }',
        'end',
      ]),
      F.json,
    ],
  },
  {
    family: 'heroku',
    group: 'heroku',
    make: (r) => [E('HEROKU_API_KEY', 'heroku-api-key', cred.herokuKey(r))],
    formats: [F.env, { make: (r) => [E('HEROKU_API_KEY', 'heroku-api-key', uuid(r))], render: F.workflow }, F.sh],
  },
  {
    family: 'digitalocean',
    group: 'digitalocean',
    make: (r) => [E('DIGITALOCEAN_TOKEN', 'digitalocean-token', cred.digitalocean(r))],
    formats: [
      F.env,
      inline('.config/doctl/config.yaml', () => ['access-token: @@', 'context: default', 'output: text']),
      { make: (r) => [E('DO_TOKEN', 'digitalocean-token', cred.digitalocean(r))], render: F.tfvars },
    ],
  },
  {
    family: 'hetzner',
    group: 'hcloud',
    make: (r) => [E('HCLOUD_TOKEN', 'hetzner-token', cred.hetzner(r))],
    formats: [
      F.env,
      F.tfvars,
      inline('.config/hcloud/cli.toml', () => ['active_context = "prod"', '', '[[contexts]]', '  name = "prod"', '  token = "@@"']),
    ],
  },
  {
    family: 'vercel',
    group: 'vercel',
    make: (r) => [E('VERCEL_TOKEN', 'vercel-token', cred.vercelLegacy(r))],
    formats: [F.env, { make: (r) => [E('VERCEL_TOKEN', 'vercel-token', cred.vercel(r))], render: F.workflow }, F.json],
  },
  {
    family: 'netlify',
    group: 'netlify',
    make: (r) => [E('NETLIFY_AUTH_TOKEN', 'netlify-token', cred.netlify(r))],
    formats: [F.env, F.sh, F.yaml],
  },
  {
    family: 'cloudflare',
    group: 'cloudflare',
    make: (r) => [E('CLOUDFLARE_API_TOKEN', 'cloudflare-api-token', cred.cloudflareToken(r))],
    formats: [
      F.env,
      F.tfvars,
      { make: (r) => [E('CLOUDFLARE_ORIGIN_CA_KEY', 'cloudflare-origin-ca-key', cred.cloudflareOriginCa(r))], render: F.yaml },
      (r, ctx) => ({
        file: '.env',
        items: envLines([
          ['CF_API_EMAIL', `ops@${ctx.domain}`],
          ['CF_API_KEY', sec('cloudflare-global-api-key', cred.cloudflareGlobal(r))],
          ['CF_ZONE', ctx.domain],
        ]),
      }),
    ],
  },
  {
    family: 'flyio',
    group: 'fly',
    make: (r) => [E('FLY_API_TOKEN', 'flyio-token', cred.flyMacaroon(r))],
    formats: [
      F.env,
      F.workflow,
      {
        make: (r) => [E('FLY_ORG_TOKEN', 'flyio-token', cred.flyOrg(r))],
        render: inline('scripts/fly-deploy.sh', () => ['#!/usr/bin/env bash', 'flyctl deploy --remote-only --access-token @@']),
      },
    ],
  },
  {
    family: 'linode',
    group: 'linode',
    make: (r) => [E('LINODE_TOKEN', 'linode-token', cred.hex(r, 64))],
    formats: [
      F.env,
      F.tfvars,
      inline('.config/linode-cli', (ctx, r) => [
        '[DEFAULT]',
        `default-user = ${r.pick(PEOPLE)}`,
        '',
        `[${r.pick(PEOPLE)}]`,
        'token = @@',
        `region = ${r.pick(['eu-central', 'us-east'])}`,
        'type = g6-standard-2',
      ]),
    ],
  },
  {
    family: 'doppler',
    group: 'doppler',
    make: (r) => [E('DOPPLER_TOKEN', 'doppler-token', cred.doppler(r))],
    formats: [
      F.env,
      inline('scripts/run.sh', () => ['#!/bin/sh', 'export DOPPLER_TOKEN=@@', 'exec doppler run -- node dist/server.js']),
      { make: (r) => [E('DOPPLER_TOKEN', 'doppler-token', cred.doppler(r, 'dp.pt.'))], render: F.yaml },
    ],
  },
  {
    family: 'infisical',
    group: 'infisical',
    make: (r) => [E('INFISICAL_TOKEN', 'infisical-service-token', cred.infisicalService(r))],
    formats: [
      F.env,
      F.yaml,
      (r, ctx) => ({
        file: '.env',
        items: envLines([
          ['INFISICAL_CLIENT_ID', uuid(r)],
          ['INFISICAL_CLIENT_SECRET', sec('infisical-client-secret', cred.hex(r, 64))],
          ['INFISICAL_PROJECT_ID', uuid(r)],
        ]),
      }),
    ],
  },
  {
    family: 'vault',
    group: 'vault',
    make: (r) => [E('VAULT_TOKEN', 'vault-token', cred.vaultService(r))],
    formats: [
      F.env,
      inline('scripts/read-secrets.sh', (ctx) => [
        '#!/usr/bin/env bash',
        `export VAULT_ADDR=https://vault.${ctx.domain}:8200`,
        'vault login @@',
        `vault kv get -format=json secret/${ctx.svc}`,
      ]),
      F.yaml,
      { make: (r) => [E('VAULT_TOKEN', 'vault-token', cred.vaultLegacy(r))], render: F.envrc },
      { make: (r) => [E('VAULT_BATCH_TOKEN', 'vault-token', cred.vaultBatch(r))], render: F.env },
    ],
  },
  {
    family: 'datadog',
    group: 'dd',
    make: (r) => [E('DD_API_KEY', 'datadog-api-key', cred.hex(r, 32)), E('DD_APP_KEY', 'datadog-app-key', cred.hex(r, 40))],
    formats: [
      F.env,
      {
        make: (r) => [E('api_key', 'datadog-api-key', cred.hex(r, 32))],
        render: inline('datadog.yaml', () => ['api_key: @@', 'site: datadoghq.eu', 'logs_enabled: true', 'apm_config:', '  enabled: true']),
      },
      F.compose,
      F.py,
    ],
  },
  {
    family: 'newrelic',
    group: 'new-relic',
    make: (r) => [E('NEW_RELIC_LICENSE_KEY', 'newrelic-license-key', cred.newrelicLicense(r))],
    formats: [
      inline('newrelic.yml', (ctx) => [
        'common: &default_settings',
        '  license_key: @@',
        `  app_name: ${ctx.svc}`,
        '  log_level: info',
        '',
        'production:',
        '  <<: *default_settings',
      ]),
      { make: (r) => [E('NEW_RELIC_API_KEY', 'newrelic-user-key', cred.newrelicUser(r))], render: F.env },
      inline('newrelic.js', (ctx) => [
        "'use strict'",
        'exports.config = {',
        `  app_name: ['${ctx.svc}'],`,
        "  license_key: '@@',",
        "  logging: { level: 'info' },",
        '}',
      ]),
    ],
  },
  {
    family: 'sentry',
    group: 'sentry',
    make: (r) => [E('SENTRY_DSN', 'sentry-dsn-secret', cred.sentryDsnWithSecret(r))],
    formats: [
      F.env,
      { make: (r) => [E('SENTRY_AUTH_TOKEN', 'sentry-user-token', cred.sentryUser(r))], render: F.env },
      {
        make: (r, i, ctx) => [E('token', 'sentry-org-token', cred.sentryOrg(r, ctx.domain.split('.')[0]))],
        render: inline('.sentryclirc', (ctx) => [
          '[defaults]',
          `org = ${ctx.domain.split('.')[0]}`,
          `project = ${ctx.svc}`,
          '',
          '[auth]',
          'token=@@',
        ]),
      },
      inline('app/__init__.py', () => ['import sentry_sdk', '', 'sentry_sdk.init(', '    dsn="@@",', '    traces_sample_rate=0.2,', ')']),
    ],
  },
  {
    family: 'grafana',
    group: 'grafana',
    make: (r) => [E('GRAFANA_SERVICE_ACCOUNT_TOKEN', 'grafana-service-account-token', cred.grafanaServiceAccount(r))],
    formats: [
      F.env,
      { make: (r, i, ctx) => [E('GRAFANA_CLOUD_TOKEN', 'grafana-cloud-token', cred.grafanaCloud(r, ctx.svc))], render: F.yaml },
      F.json,
    ],
  },
  {
    family: 'atlassian',
    group: 'jira',
    make: (r) => [E('JIRA_API_TOKEN', 'atlassian-api-token', cred.atlassianToken(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['JIRA_BASE_URL', `https://${ctx.domain.split('.')[0]}.atlassian.net`],
          ['JIRA_EMAIL', `${r.pick(PEOPLE)}@${ctx.domain}`],
          ['JIRA_API_TOKEN', e.value],
        ]),
      }),
      inline('tools/jira_sync.py', (ctx, r) => [
        'from jira import JIRA',
        '',
        `jira = JIRA(server="https://${ctx.domain.split('.')[0]}.atlassian.net", basic_auth=("${r.pick(PEOPLE)}@${ctx.domain}", "@@"))`,
      ]),
      { make: (r) => [E('CONFLUENCE_API_TOKEN', 'atlassian-api-token', cred.atlassianToken(r))], render: F.json },
    ],
  },
  {
    family: 'linear',
    group: 'linear',
    make: (r) => [E('LINEAR_API_KEY', 'linear-api-key', cred.linear(r))],
    formats: [F.env, F.ts, F.mcp],
  },
  {
    family: 'notion',
    group: 'notion',
    make: (r) => [E('NOTION_TOKEN', 'notion-token', cred.notion(r))],
    formats: [
      F.env,
      inline('sync/notion_export.py', () => ['from notion_client import Client', '', 'notion = Client(auth="@@")']),
      { make: (r) => [E('NOTION_API_KEY', 'notion-token', cred.notionLegacy(r))], render: F.json },
    ],
  },
  { family: 'figma', group: 'figma', make: (r) => [E('FIGMA_ACCESS_TOKEN', 'figma-token', cred.figma(r))], formats: [F.env, F.ts, F.mcp] },
  {
    family: 'algolia',
    group: 'algolia',
    make: (r) => [E('ALGOLIA_ADMIN_API_KEY', 'algolia-admin-key', cred.hex(r, 32))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['ALGOLIA_APP_ID', r.chars(10, UPPER_ALNUM)],
          ['ALGOLIA_ADMIN_API_KEY', e.value],
          ['ALGOLIA_INDEX', `${ctx.svc}_prod`],
        ]),
      }),
      inline('scripts/reindex.js', (ctx, r) => [
        "const algoliasearch = require('algoliasearch');",
        '',
        `const client = algoliasearch('${r.chars(10, UPPER_ALNUM)}', '@@');`,
        `const index = client.initIndex('${ctx.svc}_prod');`,
      ]),
      F.yaml,
    ],
  },
  {
    family: 'jwt',
    group: 'api',
    make: (r, i, ctx) => [
      E(
        'API_BEARER_TOKEN',
        'jwt',
        cred.jwt(
          r,
          {
            sub: uuid(r),
            iss: `https://auth.${ctx.domain}`,
            aud: ctx.svc,
            scope: 'read:orders write:orders',
            iat: 1730000000 + r.int(0, 9999999),
            exp: 1790000000 + r.int(0, 9999999),
          },
          { alg: r.pick(['HS256', 'RS256']) },
        ),
      ),
    ],
    formats: [
      F.env,
      inline('requests/orders.http', (ctx) => [
        `@host = https://${ctx.svc}.${ctx.domain}`,
        '',
        '### list orders',
        'GET {{host}}/v1/orders?limit=20',
        'Authorization: Bearer @@',
        'Accept: application/json',
      ]),
      inline('scripts/smoke.sh', (ctx) => [
        '#!/usr/bin/env bash',
        `curl -sf https://${ctx.svc}.${ctx.domain}/v1/health \\`,
        '  -H "Authorization: Bearer @@"',
      ]),
      (r, ctx, [e]) => ({
        file: `${ctx.svc}.postman_environment.json`,
        items: jsonLines({
          id: uuid(r),
          name: 'production',
          values: [
            { key: 'baseUrl', value: `https://${ctx.svc}.${ctx.domain}`, enabled: true },
            { key: 'accessToken', value: e.value, enabled: true },
          ],
        }),
      }),
      F.ts,
    ],
  },
  {
    family: 'jwt-secret',
    group: 'jwt',
    make: (r) => [E('JWT_SECRET', 'jwt-signing-secret', cred.jwtSecret(r))],
    formats: [
      F.env,
      F.properties,
      { make: (r) => [E('JWT_SECRET_KEY', 'jwt-signing-secret', cred.jwtSecret(r))], render: F.py },
      inline('src/auth/tokens.ts', () => [
        "import jwt from 'jsonwebtoken';",
        '',
        'export function issue(userId: string): string {',
        "  return jwt.sign({ sub: userId }, '@@', { expiresIn: '1h' });",
        '}',
      ]),
      F.yaml,
    ],
  },
  {
    family: 'private-key-rsa',
    group: 'tls',
    make: (r) => [E('key', 'rsa-private-key', keys.rsaPkcs1(r))],
    formats: [
      (r, ctx, [e]) => ({ file: '.ssh/id_rsa', items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({ file: `certs/${ctx.svc}.key`, items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({
        file: '.env',
        items: envLines([
          ['TLS_CERT_PATH', '/etc/ssl/certs/app.crt'],
          ['TLS_PRIVATE_KEY', e.value],
        ]),
      }),
      (r, ctx, [e]) => ({
        file: 'helm/values.prod.yaml',
        items: yamlLines({ ingress: { enabled: true, host: `${ctx.svc}.${ctx.domain}` }, tls: { key: e.value } }),
      }),
    ],
  },
  {
    family: 'private-key-ec',
    group: 'tls',
    make: (r) => [E('key', 'ec-private-key', keys.ecSec1(r))],
    formats: [
      // A private JSON Web Key set: the object with `d` is the credential.
      {
        make: (r) => [E('key', 'jwk-private-key', '')],
        render: (r, ctx, [e]) => ({
          file: 'config/jwks.private.json',
          items: [
            '{',
            '  "keys": [',
            markBlock(
              [
                '    {',
                '      "kty": "EC",',
                '      "crv": "P-256",',
                `      "kid": "${ctx.svc}-${r.chars(8, LOWER_ALNUM)}",`,
                `      "x": "${b64url(r.bytes(32))}",`,
                `      "y": "${b64url(r.bytes(32))}",`,
                `      "d": "${b64url(r.bytes(32))}"`,
                '    }',
              ],
              e.value,
            ),
            '  ]',
            '}',
          ],
        }),
      },
      (r, ctx, [e]) => ({ file: 'certs/ec-p256.key', items: [markBlock(e.value.value, e.value)] }),
      (r, ctx, [e]) => ({
        file: 'config/signing.yaml',
        items: yamlLines({ signer: { algorithm: 'ES256', key_id: r.chars(10, UPPER_ALNUM), private_key: e.value } }),
      }),
      (r, ctx, [e]) => ({
        file: 'config/webhook-signing.json',
        items: jsonLines({ alg: 'ES256', kid: r.chars(12, LOWER_ALNUM), privateKeyPem: e.value }),
      }),
    ],
  },
  {
    family: 'private-key-pkcs8',
    group: 'tls',
    make: (r) => [E('key', 'pkcs8-private-key', keys.rsaPkcs8(r))],
    formats: [
      (r, ctx, [e]) => ({ file: 'certs/server-key.pem', items: [markBlock(e.value.value, e.value)] }),
      {
        make: (r) => [E('key', 'pkcs8-private-key', keys.ecPkcs8(r))],
        render: (r, ctx, [e]) => ({ file: `AuthKey_${r.chars(10, UPPER_ALNUM)}.p8`, items: [markBlock(e.value.value, e.value)] }),
      },
      {
        make: (r) => [E('key', 'pkcs8-private-key', keys.ed25519Pkcs8(r))],
        render: (r, ctx, [e]) => ({ file: 'keys/signing-ed25519.pem', items: [markBlock(e.value.value, e.value)] }),
      },
      // A build log that printed the key: every line behind a timestamp, and the END line naming
      // another type than the BEGIN line, as some tools write it.
      (r, ctx, [e]) => ({
        file: `logs/${ctx.svc}-provision.log`,
        items: [
          `2026-03-02 10:14:07 openssl genpkey -algorithm RSA -out ${ctx.svc}.pem && cat ${ctx.svc}.pem`,
          markBlock(
            e.value.value.map((line) => `2026-03-02 10:14:08 ${line.replace('END PRIVATE KEY', 'END RSA PRIVATE KEY')}`),
            e.value,
          ),
          '2026-03-02 10:14:09 done',
        ],
      }),
      (r, ctx, [e]) => ({
        file: 'infra/tls.tf',
        items: [
          'resource "kubernetes_secret" "tls" {',
          '  metadata {',
          `    name = "${ctx.svc}-tls"`,
          '  }',
          '  data = {',
          '    "tls.key" = <<-EOT',
          ...indentItems([markBlock(e.value.value, e.value)], '      '),
          '    EOT',
          '  }',
          '}',
        ],
      }),
    ],
  },
  {
    family: 'private-key-openssh',
    group: 'ssh',
    make: (r, i, ctx) => [E('key', 'openssh-private-key', keys.opensshEd25519(r, `${r.pick(PEOPLE)}@${ctx.svc}`))],
    formats: [
      (r, ctx, [e]) => ({ file: '.ssh/id_ed25519', items: [markBlock(e.value.value, e.value)] }),
      {
        make: (r, i, ctx) => [E('key', 'openssh-private-key', keys.opensshRsa(r, `deploy@${ctx.svc}`))],
        render: (r, ctx, [e]) => ({ file: 'deploy/id_rsa', items: [markBlock(e.value.value, e.value)] }),
      },
      (r, ctx, [e]) => ({
        file: 'ansible/group_vars/all.yml',
        items: yamlLines({ deploy_user: 'deploy', deploy_path: `/srv/${ctx.svc}`, deploy_ssh_key: e.value }),
      }),
    ],
  },
  {
    family: 'private-key-putty',
    group: 'ssh',
    make: (r, i, ctx) => [E('key', 'putty-private-key', keys.putty(r, `eddsa-key-2024${r.chars(4, DIGITS)}`, 3))],
    formats: [
      (r, ctx, [e]) => ({ file: `keys/${ctx.svc}.ppk`, items: [markBlock(e.value.value, e.value)] }),
      {
        make: (r) => [E('key', 'putty-private-key', keys.putty(r, 'rsa-key-20230611', 2))],
        render: (r, ctx, [e]) => ({ file: 'deploy.ppk', items: [markBlock(e.value.value, e.value)] }),
      },
      (r, ctx, [e]) => ({ file: 'winscp/server.ppk', items: [markBlock(e.value.value, e.value)] }),
    ],
  },
  {
    family: 'age',
    group: 'sops',
    make: (r) => [E('SOPS_AGE_KEY', 'age-secret-key', cred.ageSecretKey(r))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.config/sops/age/keys.txt',
        items: [
          `# created: 2024-0${r.int(1, 9)}-1${r.int(0, 9)}T10:2${r.int(0, 9)}:00+01:00`,
          `# public key: ${cred.agePublicKey(r)}`,
          mark(flat(e.value), e.value),
        ],
      }),
      F.env,
      (r, ctx, [e]) => ({
        file: 'clusters/prod/sops-age.yaml',
        items: yamlLines({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'sops-age', namespace: 'flux-system' },
          stringData: { 'age.agekey': e.value },
        }),
      }),
    ],
  },
  {
    family: 'postgres-url',
    group: 'database',
    make: (r, i, ctx) => [E('DATABASE_URL', 'postgres-url', url.postgres(r, ctx))],
    formats: [
      F.env,
      F.yaml,
      { make: (r, i, ctx) => [E('SQLALCHEMY_DATABASE_URI', 'postgres-url', url.postgres(r, ctx))], render: F.py },
      F.json,
      F.k8s,
    ],
  },
  {
    family: 'mysql-url',
    group: 'database',
    make: (r, i, ctx) => [E('DATABASE_URL', 'mysql-url', url.mysql(r, ctx))],
    formats: [
      F.env,
      inline('config/database.yml', () => ['production:', '  adapter: mysql2', '  url: @@', '  pool: 10']),
      F.php,
      F.compose,
    ],
  },
  {
    family: 'mongodb-url',
    group: 'mongo',
    make: (r, i, ctx) => [E('MONGODB_URI', 'mongodb-url', url.mongo(r, ctx))],
    formats: [F.env, F.json, inline('src/db.ts', () => ["import mongoose from 'mongoose';", '', "await mongoose.connect('@@');"]), F.yaml],
  },
  {
    family: 'redis-url',
    group: 'redis',
    make: (r, i, ctx) => [E('REDIS_URL', 'redis-url', url.redis(r, ctx))],
    formats: [
      F.env,
      F.yaml,
      { make: (r, i, ctx) => [E('CELERY_RESULT_BACKEND', 'redis-url', url.redis(r, ctx))], render: F.py },
      F.compose,
    ],
  },
  {
    family: 'amqp-url',
    group: 'rabbitmq',
    make: (r, i, ctx) => [E('AMQP_URL', 'amqp-url', url.amqp(r, ctx))],
    formats: [
      F.env,
      { make: (r, i, ctx) => [E('CELERY_BROKER_URL', 'amqp-url', url.amqp(r, ctx))], render: F.py },
      F.yaml,
      { make: (r, i, ctx) => [E('ADDRESSES', 'amqp-url', url.amqp(r, ctx))], render: F.properties },
    ],
  },
  {
    family: 'mssql-url',
    group: 'sql',
    make: (r, i, ctx) => [E('DefaultConnection', 'mssql-connection-string', url.adoNet(r, ctx))],
    formats: [
      (r, ctx, [e]) => ({
        file: 'appsettings.Production.json',
        items: jsonLines({ ConnectionStrings: { DefaultConnection: e.value }, Logging: { LogLevel: { Default: 'Warning' } } }),
      }),
      { make: (r, i, ctx) => [E('MSSQL_URL', 'mssql-url', url.mssql(r, ctx))], render: F.env },
      inline('Web.config', (ctx, r) => [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<configuration>',
        '  <connectionStrings>',
        '    <add name="Default" connectionString="@@" providerName="System.Data.SqlClient" />',
        '  </connectionStrings>',
        '</configuration>',
      ]),
      {
        make: (r, i, ctx) => [
          E(
            'CONN',
            'mssql-connection-string',
            `DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql.${ctx.domain};DATABASE=reports;UID=reporter;PWD=${password(r)}`,
          ),
        ],
        render: inline('reports/db.py', () => ['import pyodbc', '', 'conn = pyodbc.connect("@@")']),
      },
    ],
  },
  {
    family: 'jdbc-url',
    group: 'spring',
    make: (r, i, ctx) => [
      E(
        'url',
        'jdbc-url',
        `jdbc:postgresql://db.${ctx.domain}:5432/${snake(ctx.svc.replace(/-/g, '_'))}?user=app&password=${urlPassword(r)}&ssl=true`,
      ),
    ],
    formats: [
      inline('src/main/resources/application.properties', (ctx) => [
        `spring.application.name=${ctx.svc}`,
        'spring.datasource.url=@@',
        'spring.jpa.hibernate.ddl-auto=validate',
      ]),
      {
        make: (r, i, ctx) => [
          E('url', 'jdbc-url', `jdbc:mysql://mysql.${ctx.domain}:3306/shop?user=shop&password=${urlPassword(r)}&useSSL=true`),
        ],
        render: inline('src/main/resources/application.yml', () => [
          'spring:',
          '  datasource:',
          '    url: @@',
          '    hikari:',
          '      maximum-pool-size: 10',
        ]),
      },
      {
        make: (r, i, ctx) => [
          E(
            'url',
            'jdbc-url',
            `jdbc:sqlserver://sql.${ctx.domain}:1433;databaseName=erp;user=erp_app;password=${password(r)};encrypt=true`,
          ),
        ],
        render: inline('conf/datasource.properties', () => [
          'db.driver=com.microsoft.sqlserver.jdbc.SQLServerDriver',
          'db.url=@@',
          'db.pool.size=8',
        ]),
      },
      {
        make: (r, i, ctx) => [E('url', 'jdbc-url', `jdbc:oracle:thin:erp/${urlPassword(r)}@//ora.${ctx.domain}:1521/ERPPDB`)],
        render: inline('src/main/resources/hibernate.cfg.xml', () => [
          '<hibernate-configuration>',
          '  <session-factory>',
          '    <property name="connection.url">@@</property>',
          '    <property name="dialect">org.hibernate.dialect.OracleDialect</property>',
          '  </session-factory>',
          '</hibernate-configuration>',
        ]),
      },
    ],
  },
  {
    family: 'basic-auth-url',
    group: 'proxy',
    make: (r, i, ctx) => [E('HTTPS_PROXY', 'basic-auth-url', `http://${r.pick(PEOPLE)}:${urlPassword(r)}@proxy.${ctx.domain}:3128`)],
    formats: [
      F.env,
      {
        make: (r, i, ctx) => [
          E('index', 'basic-auth-url', `https://ci:${urlPassword(r)}@nexus.${ctx.domain}/repository/pypi-internal/simple`),
        ],
        render: inline('pip.conf', () => ['[global]', 'index-url = @@', 'timeout = 60']),
      },
      {
        make: (r, i, ctx) => [E('url', 'basic-auth-url', `https://admin:${urlPassword(r)}@grafana.${ctx.domain}/api/dashboards/db`)],
        render: inline('scripts/export-dashboards.sh', () => [
          '#!/usr/bin/env bash',
          'curl -sf -X POST -H "Content-Type: application/json" \\',
          '  -d @dashboard.json "@@"',
        ]),
      },
      {
        make: (r, i, ctx) => [E('url', 'basic-auth-url', `https://deploy:${urlPassword(r)}@artifacts.${ctx.domain}/simple/`)],
        render: inline('Dockerfile', () => [
          'FROM python:3.12-slim',
          'WORKDIR /app',
          'COPY requirements.txt .',
          'RUN pip install --no-cache-dir --extra-index-url @@ -r requirements.txt',
          'COPY . .',
          'CMD ["gunicorn", "app:app"]',
        ]),
      },
      {
        make: (r, i, ctx) => [E('ELASTICSEARCH_URL', 'basic-auth-url', `https://elastic:${urlPassword(r)}@search.${ctx.domain}:9200`)],
        render: F.yaml,
      },
    ],
  },
  {
    family: 'netrc',
    group: 'netrc',
    make: (r) => [E('a', 'netrc-password', password(r)), E('b', 'netrc-password', cred.herokuKey(r))],
    formats: [
      inline('.netrc', (ctx, r) => [
        `machine ftp.${ctx.domain}`,
        `  login ${r.pick(PEOPLE)}`,
        '  password @@',
        '',
        'machine api.heroku.com',
        `  login ${r.pick(PEOPLE)}@${ctx.domain}`,
        '  password @@',
      ]),
      {
        make: (r) => [E('a', 'netrc-password', cred.github(r, 'ghp'))],
        render: inline('.netrc', (ctx, r) => [`machine github.com login ${r.pick(PEOPLE)} password @@`]),
      },
      {
        make: (r) => [E('a', 'netrc-password', password(r))],
        render: inline('_netrc', (ctx, r) => ['default', `machine artifacts.${ctx.domain}`, `login ${r.pick(PEOPLE)}`, 'password @@']),
      },
    ],
  },
  {
    family: 'git-credentials',
    group: 'git',
    make: (r) => [E('a', 'git-credentials', cred.github(r, 'ghp'))],
    formats: [
      inline('.git-credentials', (ctx, r) => [`https://${r.pick(PEOPLE)}:@@@github.com`]),
      {
        make: (r) => [E('a', 'git-credentials', cred.gitlab(r)), E('b', 'git-credentials', cred.bitbucketAppPassword(r))],
        render: inline('.git-credentials', (ctx, r) => [
          `https://oauth2:@@@gitlab.${ctx.domain}`,
          `https://${r.pick(PEOPLE)}:@@@bitbucket.org`,
        ]),
      },
      {
        make: (r) => [E('a', 'git-credentials', urlPassword(r))],
        render: inline('.config/git/credentials', (ctx, r) => [`https://${r.pick(PEOPLE)}:@@@git.${ctx.domain}`]),
      },
    ],
  },
  {
    family: 'npmrc',
    group: 'npm',
    make: (r) => [E('a', 'npmrc-auth-token', cred.npm(r))],
    formats: [
      inline('.npmrc', () => ['registry=https://registry.npmjs.org/', '//registry.npmjs.org/:_authToken=@@', 'save-exact=true']),
      {
        make: (r) => [E('a', 'npmrc-auth-token', cred.github(r, 'ghp'))],
        render: inline('.npmrc', (ctx) => [
          `@${ctx.domain.split('.')[0]}:registry=https://npm.pkg.github.com`,
          '//npm.pkg.github.com/:_authToken=@@',
        ]),
      },
      {
        make: (r) => [E('a', 'npmrc-auth', b64(Buffer.from(`${r.pick(PEOPLE)}:${password(r)}`)))],
        render: inline('.npmrc', (ctx) => [`registry=https://nexus.${ctx.domain}/repository/npm-group/`, '_auth=@@', 'always-auth=true']),
      },
      {
        make: (r) => [E('a', 'npmrc-password', b64(Buffer.from(password(r))))],
        render: inline('frontend/.npmrc', (ctx, r) => [
          `registry=https://artifactory.${ctx.domain}/api/npm/npm/`,
          `//artifactory.${ctx.domain}/api/npm/npm/:username=${r.pick(PEOPLE)}`,
          `//artifactory.${ctx.domain}/api/npm/npm/:_password=@@`,
          `//artifactory.${ctx.domain}/api/npm/npm/:email=${r.pick(PEOPLE)}@${ctx.domain}`,
        ]),
      },
    ],
  },
  {
    family: 'pypirc',
    group: 'pypi',
    make: (r) => [E('a', 'pypirc-password', cred.pypi(r))],
    formats: [
      inline('.pypirc', () => ['[distutils]', 'index-servers =', '    pypi', '', '[pypi]', 'username = __token__', 'password = @@']),
      {
        make: (r) => [E('a', 'pypirc-password', cred.pypi(r)), E('b', 'pypirc-password', password(r))],
        render: inline('.pypirc', (ctx) => [
          '[distutils]',
          'index-servers =',
          '    pypi',
          '    internal',
          '',
          '[pypi]',
          'username = __token__',
          'password = @@',
          '',
          '[internal]',
          `repository = https://pypi.${ctx.domain}/`,
          'username = ci',
          'password = @@',
        ]),
      },
      {
        make: (r) => [E('a', 'pypirc-password', password(r))],
        render: inline('.pypirc', (ctx, r) => [
          '[distutils]',
          'index-servers = nexus',
          '',
          '[nexus]',
          `repository = https://nexus.${ctx.domain}/repository/pypi-hosted/`,
          `username = ${r.pick(PEOPLE)}`,
          'password = @@',
        ]),
      },
    ],
  },
  {
    family: 'k8s-secret',
    group: 'k8s',
    make: (r) => [
      E('DB_PASSWORD', 'k8s-secret-data', b64(Buffer.from(password(r)))),
      E('API_KEY', 'k8s-secret-data', b64(Buffer.from(r.chars(40, B62)))),
    ],
    formats: [
      (r, ctx, entries) => ({
        file: 'k8s/secret.yaml',
        items: yamlLines({
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: `${ctx.svc}-secrets`, namespace: 'prod' },
          type: 'Opaque',
          data: Object.fromEntries(entries.map((e) => [e.key, e.value])),
        }),
      }),
      {
        make: (r) => [E('tls.key', 'k8s-secret-data', b64(Buffer.from(keys.ecSec1(r).join('\n') + '\n')))],
        render: (r, ctx, [e]) => ({
          file: 'k8s/tls-secret.yaml',
          items: yamlLines({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: `${ctx.svc}-tls` },
            type: 'kubernetes.io/tls',
            data: {
              'tls.crt': b64(Buffer.from(publicKeys.certificate(r, `${ctx.svc}.${ctx.domain}`, ctx.domain).join('\n') + '\n')),
              'tls.key': e.value,
            },
          }),
        }),
      },
      {
        make: (r) => [E('password', 'k8s-secret-data', password(r)), E('jwt-secret', 'k8s-secret-data', cred.jwtSecret(r))],
        render: (r, ctx, entries) => ({
          file: 'manifests/app-secret.yml',
          items: yamlLines({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: `${ctx.svc}-env` },
            type: 'Opaque',
            stringData: Object.fromEntries(entries.map((e) => [e.key, e.value])),
          }),
        }),
      },
      (r, ctx, entries) => ({
        file: 'k8s/all.yaml',
        items: [
          ...yamlLines({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `${ctx.svc}-config` },
            data: { LOG_LEVEL: 'info', FEATURE_FLAGS: 'search,checkout' },
          }),
          '---',
          ...yamlLines({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: `${ctx.svc}-secrets` },
            type: 'Opaque',
            data: Object.fromEntries(entries.map((e) => [e.key, e.value])),
          }),
        ],
      }),
    ],
  },
  {
    family: 'docker-config',
    group: 'docker',
    make: (r) => [E('auth', 'docker-registry-auth', b64(Buffer.from(`${r.pick(PEOPLE)}:${cred.dockerPat(r)}`)))],
    formats: [
      (r, ctx, [e]) => ({
        file: '.docker/config.json',
        items: jsonLines({ auths: { 'https://index.docker.io/v1/': { auth: e.value } }, credsStore: '', currentContext: 'default' }),
      }),
      {
        make: (r) => [
          E('a', 'docker-registry-auth', b64(Buffer.from(`_json_key_base64:${b64(r.bytes(90))}`))),
          E('b', 'docker-registry-auth', b64(Buffer.from(`ci:${password(r)}`))),
        ],
        render: (r, ctx, [a, b]) => ({
          file: '.docker/config.json',
          items: jsonLines({ auths: { 'europe-docker.pkg.dev': { auth: a.value }, [`registry.${ctx.domain}`]: { auth: b.value } } }),
        }),
      },
      {
        make: (r, i, ctx) => [
          E(
            '.dockerconfigjson',
            'docker-registry-auth',
            b64(
              Buffer.from(
                JSON.stringify({
                  auths: {
                    [`registry.${ctx.domain}`]: {
                      username: 'puller',
                      password: password(r),
                      auth: b64(Buffer.from('puller:' + password(r))),
                    },
                  },
                }),
              ),
            ),
          ),
        ],
        render: (r, ctx, [e]) => ({
          file: 'k8s/pull-secret.yaml',
          items: yamlLines({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'regcred' },
            type: 'kubernetes.io/dockerconfigjson',
            data: { '.dockerconfigjson': e.value },
          }),
        }),
      },
    ],
  },
];

// Generic assignments: a credential recognisable only by its key name and the value's shape,
// in every file syntax.
const gv = {
  password: (r) => password(r),
  token: (r) => r.chars(r.int(32, 48), B62),
  hex: (r) => r.chars(64, HEX),
  base64: (r) => b64(r.bytes(32)),
  laravel: (r) => 'base64:' + b64(r.bytes(32)),
  railsBase: (r) => r.chars(128, HEX),
  wpSalt: (r) => r.chars(64, B62 + '!#%^*()-_+=[]{}|:;<>,.?~'),
};

const GENERIC_FAMILIES = [
  {
    family: 'generic-env',
    group: 'app',
    make: (r, i) =>
      [
        [E('DB_PASSWORD', 'generic-password', gv.password(r))],
        [E('SECRET_KEY_BASE', 'generic-secret', gv.railsBase(r))],
        [E('APP_KEY', 'generic-secret', gv.laravel(r))],
        [E('SESSION_SECRET', 'generic-secret', gv.token(r)), E('ADMIN_PASSWORD', 'generic-password', gv.password(r))],
        [E('INTERNAL_API_KEY', 'generic-api-key', gv.token(r))],
        [E('ENCRYPTION_KEY', 'generic-secret', gv.base64(r))],
      ][i],
    formats: [F.env, F.env, F.env, F.env, F.envrc, F.env],
  },
  {
    family: 'generic-json',
    group: 'app',
    make: (r, i) =>
      [
        [E('DB_PASSWORD', 'generic-password', gv.password(r))],
        [E('API_KEY', 'generic-api-key', gv.token(r))],
        [E('CLIENT_SECRET', 'generic-secret', gv.token(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('AUTH_TOKEN', 'generic-token', gv.hex(r))],
      ][i],
    formats: [
      F.json,
      F.json,
      F.json,
      (r, ctx, [e]) => ({
        file: '.vscode/settings.json',
        items: jsonLines({
          'editor.formatOnSave': true,
          'sqltools.connections': [
            {
              name: 'prod-replica',
              driver: 'PostgreSQL',
              server: `replica.${ctx.domain}`,
              port: 5432,
              database: 'app',
              username: 'readonly',
              password: e.value,
            },
          ],
        }),
      }),
      F.json,
    ],
  },
  {
    family: 'generic-yaml',
    group: 'app',
    make: (r, i) =>
      [
        [E('PASSWORD', 'generic-password', gv.password(r))],
        [E('SECRET_KEY', 'generic-secret', gv.token(r))],
        [E('API_TOKEN', 'generic-token', gv.token(r))],
        [E('POSTGRES_PASSWORD', 'generic-password', gv.password(r))],
        [E('MYSQL_ROOT_PASSWORD', 'generic-password', gv.password(r))],
        [E('db_password', 'generic-password', gv.password(r))],
      ][i],
    formats: [
      F.yaml,
      F.yaml,
      F.yaml,
      (r, ctx, [e]) => ({
        file: 'docker-compose.yml',
        items: yamlLines({
          services: {
            db: {
              image: 'postgres:16',
              environment: { POSTGRES_USER: 'app', POSTGRES_DB: 'app', POSTGRES_PASSWORD: e.value },
              volumes: ['pgdata:/var/lib/postgresql/data'],
            },
          },
          volumes: { pgdata: {} },
        }),
      }),
      F.compose,
      (r, ctx, [e]) => ({
        file: 'ansible/group_vars/production.yml',
        items: yamlLines({ db_host: `db.${ctx.domain}`, db_user: 'app', db_password: e.value, app_workers: 4 }),
      }),
    ],
  },
  {
    family: 'generic-toml',
    group: 'app',
    make: (r, i) =>
      [
        [E('PASSWORD', 'generic-password', gv.password(r))],
        [E('API_KEY', 'generic-api-key', gv.token(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('SECRET', 'generic-secret', gv.hex(r))],
      ][i],
    formats: [
      F.toml,
      F.toml,
      (r, ctx, [e]) => ({
        file: 'pyproject.toml',
        items: tomlLines({
          tool: { poetry: { name: ctx.svc, version: '0.4.2', 'http-basic': { internal: { username: 'ci', password: e.value } } } },
        }),
      }),
      F.toml,
    ],
  },
  {
    family: 'generic-ini',
    group: 'app',
    make: (r, i) =>
      [
        [E('password', 'generic-password', gv.password(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('Password', 'generic-password', gv.password(r))],
        [E('PASSWORD', 'generic-password', gv.password(r))],
        [E('api_key', 'generic-api-key', gv.token(r))],
      ][i],
    formats: [
      inline('.my.cnf', () => ['[client]', 'user=backup', 'password=@@', 'host=127.0.0.1']),
      inline('supervisord.conf', () => [
        '[inet_http_server]',
        'port = 127.0.0.1:9001',
        'username = admin',
        'password = @@',
        '',
        '[program:worker]',
        'command = /srv/app/bin/worker',
        'autorestart = true',
      ]),
      inline('odbc.ini', (ctx) => [
        '[Reporting]',
        'Driver=PostgreSQL Unicode',
        `Servername=db.${ctx.domain}`,
        'Port=5432',
        'Database=reporting',
        'UserName=reporter',
        'Password=@@',
      ]),
      F.ini,
      F.ini,
    ],
  },
  {
    family: 'generic-properties',
    group: 'app',
    make: (r, i) =>
      [
        [E('PASSWORD', 'generic-password', gv.password(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('signing', 'generic-password', gv.password(r)), E('ossrh', 'generic-password', gv.password(r))],
        [E('API_KEY', 'generic-api-key', gv.token(r))],
      ][i],
    formats: [
      F.properties,
      inline('src/main/resources/mail.properties', (ctx) => [
        `mail.smtp.host=smtp.${ctx.domain}`,
        'mail.smtp.port=587',
        `mail.smtp.user=alerts@${ctx.domain}`,
        'mail.smtp.password=@@',
        'mail.smtp.starttls.enable=true',
      ]),
      inline('conf/keystore.properties', () => ['keystore.path=/etc/app/keystore.p12', 'keystore.type=PKCS12', 'keystore.password=@@']),
      inline('gradle.properties', () => [
        'org.gradle.jvmargs=-Xmx2g',
        'signing.keyId=24875D73',
        'signing.password=@@',
        'signing.secretKeyRingFile=/home/ci/.gnupg/secring.gpg',
        'ossrhUsername=release-bot',
        'ossrhPassword=@@',
      ]),
      F.properties,
    ],
  },
  {
    family: 'generic-code',
    group: 'app',
    make: (r, i) =>
      [
        [E('SECRET_KEY', 'generic-secret', r.chars(50, B62 + '!@#%^&*(-_=+)'))],
        [E('API_KEY', 'generic-api-key', gv.token(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('password', 'generic-password', gv.password(r))],
        [E('apiKey', 'generic-api-key', gv.token(r))],
        [E('secret_key_base', 'generic-secret', gv.railsBase(r))],
        Array.from({ length: 4 }, (_, k) => E(`salt${k}`, 'generic-secret', gv.wpSalt(r))),
        [E('DB_PASSWORD', 'generic-password', gv.password(r))],
      ][i],
    formats: [
      F.py,
      inline('src/clients/inventory.ts', (ctx) => [
        `const BASE_URL = 'https://inventory.${ctx.domain}/v2';`,
        "const API_KEY = '@@';",
        '',
        'export async function stock(sku: string) {',
        '  const res = await fetch(`${BASE_URL}/stock/${sku}`, { headers: { "X-Api-Key": API_KEY } });',
        '  return res.json();',
        '}',
      ]),
      inline('cmd/migrate/main.go', (ctx) => [
        'package main',
        '',
        'import (',
        '\t"database/sql"',
        '\t"fmt"',
        '',
        '\t_ "github.com/lib/pq"',
        ')',
        '',
        'func main() {',
        `\thost := "db.${ctx.domain}"`,
        '\tpassword := "@@"',
        '\tdsn := fmt.Sprintf("host=%s user=migrator password=%s dbname=app sslmode=require", host, password)',
        '\tdb, err := sql.Open("postgres", dsn)',
        '\tif err != nil {',
        '\t\tpanic(err)',
        '\t}',
        '\tdefer db.Close()',
        '}',
      ]),
      inline('src/main/java/com/acme/LegacyFtp.java', (ctx) => [
        'package com.acme;',
        '',
        'public class LegacyFtp {',
        `    private final String host = "ftp.${ctx.domain}";`,
        '    private final String user = "exports";',
        '    private final String password = "@@";',
        '}',
      ]),
      inline('Services/PartnerClient.cs', (ctx) => [
        'public class PartnerClient',
        '{',
        '    private readonly HttpClient _http = new HttpClient();',
        '',
        '    public PartnerClient()',
        '    {',
        '        var apiKey = "@@";',
        '        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);',
        '    }',
        '}',
      ]),
      inline('config/initializers/secret_token.rb', () => [
        '# Used to verify signed cookies.',
        'Rails.application.config.secret_key_base = "@@"',
      ]),
      inline('wp-config.php', () => [
        '<?php',
        "define( 'DB_NAME', 'wordpress' );",
        "define( 'DB_USER', 'wp' );",
        "define( 'DB_HOST', 'localhost' );",
        '',
        "define( 'AUTH_KEY',         '@@' );",
        "define( 'SECURE_AUTH_KEY',  '@@' );",
        "define( 'LOGGED_IN_KEY',    '@@' );",
        "define( 'NONCE_KEY',        '@@' );",
        '',
        "$table_prefix = 'wp_';",
      ]),
      F.go,
    ],
  },
  {
    family: 'generic-shell',
    group: 'app',
    make: (r, i) =>
      [
        [E('DB_PASSWORD', 'generic-password', gv.password(r))],
        [E('p', 'generic-password', gv.password(r))],
        [E('p', 'generic-password', gv.password(r))],
        [E('p', 'generic-password', urlPassword(r))],
        [E('API_TOKEN', 'generic-token', gv.token(r))],
      ][i],
    formats: [
      F.sh,
      inline('scripts/backup-db.sh', (ctx) => [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        `mysqldump -h mysql.${ctx.domain} -u backup -p'@@' --single-transaction shop > /backups/shop.sql`,
      ]),
      inline('scripts/rotate-logs.sh', (ctx) => [
        '#!/bin/sh',
        `sshpass -p '@@' ssh -o StrictHostKeyChecking=no ops@logs.${ctx.domain} 'logrotate -f /etc/logrotate.conf'`,
      ]),
      inline('scripts/report.sh', (ctx) => [
        '#!/usr/bin/env bash',
        `PGPASSWORD=@@ psql -h db.${ctx.domain} -U reporter -d analytics -f queries/weekly.sql`,
      ]),
      F.envrc,
    ],
  },
  {
    family: 'generic-xml',
    group: 'app',
    make: (r) => [E('p', 'generic-password', gv.password(r))],
    formats: [
      inline('.m2/settings.xml', (ctx) => [
        '<settings>',
        '  <servers>',
        '    <server>',
        '      <id>internal-releases</id>',
        '      <username>deployer</username>',
        '      <password>@@</password>',
        '    </server>',
        '  </servers>',
        '</settings>',
      ]),
      {
        make: (r) => [E('p', 'generic-api-key', gv.token(r))],
        render: inline('Web.config', () => [
          '<configuration>',
          '  <appSettings>',
          '    <add key="Environment" value="Production" />',
          '    <add key="PartnerApiKey" value="@@" />',
          '  </appSettings>',
          '</configuration>',
        ]),
      },
      inline('NuGet.Config', (ctx) => [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<configuration>',
        '  <packageSourceCredentials>',
        '    <internal>',
        '      <add key="Username" value="ci" />',
        '      <add key="ClearTextPassword" value="@@" />',
        '    </internal>',
        '  </packageSourceCredentials>',
        '</configuration>',
      ]),
      inline('conf/tomcat-users.xml', () => [
        '<tomcat-users>',
        '  <role rolename="manager-gui"/>',
        '  <user username="admin" password="@@" roles="manager-gui"/>',
        '</tomcat-users>',
      ]),
      inline('src/main/resources/datasource.xml', () => [
        '<bean id="dataSource" class="com.zaxxer.hikari.HikariDataSource">',
        '  <property name="jdbcUrl" value="jdbc:postgresql://db:5432/app"/>',
        '  <property name="username" value="app"/>',
        '  <property name="password" value="@@"/>',
        '</bean>',
      ]),
    ],
  },
  {
    family: 'generic-hcl',
    group: 'app',
    make: (r) => [E('DB_PASSWORD', 'generic-password', gv.password(r))],
    formats: [
      F.tfvars,
      inline('infra/sql.tf', (ctx) => [
        'resource "azurerm_mssql_server" "main" {',
        `  name                         = "${ctx.svc}-sql"`,
        '  version                      = "12.0"',
        '  administrator_login          = "sqladmin"',
        '  administrator_login_password = "@@"',
        '}',
      ]),
      inline('infra/rds.tf', (ctx) => [
        'resource "aws_db_instance" "main" {',
        `  identifier        = "${ctx.svc}"`,
        '  engine            = "postgres"',
        '  instance_class    = "db.t4g.medium"',
        '  username          = "app"',
        '  password          = "@@"',
        '}',
      ]),
    ],
  },
];

/** Files that hold several families at once, as real `.env` files do. */
const MIXED = {
  family: 'mixed',
  group: 'app',
  make: (r, i, ctx) => {
    const S = (family, key, kind, value) => ({ key, value: sec(kind, value, family) });
    const pool = [
      () => S('postgres-url', 'DATABASE_URL', 'postgres-url', url.postgres(r, ctx)),
      () => S('redis-url', 'REDIS_URL', 'redis-url', url.redis(r, ctx)),
      () => S('stripe', 'STRIPE_SECRET_KEY', 'stripe-secret-key', cred.stripe(r)),
      () => S('stripe', 'STRIPE_WEBHOOK_SECRET', 'stripe-webhook-secret', cred.stripeWebhook(r)),
      () => S('openai', 'OPENAI_API_KEY', 'openai-api-key', cred.openaiProject(r)),
      () => S('anthropic', 'ANTHROPIC_API_KEY', 'anthropic-api-key', cred.anthropic(r)),
      () => S('sendgrid', 'SENDGRID_API_KEY', 'sendgrid-api-key', cred.sendgrid(r)),
      () => S('github', 'GITHUB_TOKEN', 'github-pat', cred.github(r, 'ghp')),
      () => S('jwt-secret', 'JWT_SECRET', 'jwt-signing-secret', cred.jwtSecret(r)),
      () => S('sentry', 'SENTRY_AUTH_TOKEN', 'sentry-user-token', cred.sentryUser(r)),
      () => S('slack', 'SLACK_WEBHOOK_URL', 'slack-webhook', cred.slackWebhook(r)),
      () => S('aws', 'AWS_ACCESS_KEY_ID', 'aws-access-key-id', cred.awsKeyId(r)),
      () => S('twilio', 'TWILIO_AUTH_TOKEN', 'twilio-auth-token', cred.hex(r, 32)),
      () => S('google-api-key', 'NEXT_PUBLIC_MAPS_KEY', 'google-api-key', cred.googleApiKey(r)),
      () => S('generic-env', 'NEXTAUTH_SECRET', 'generic-secret', gv.base64(r)),
      () => S('mongodb-url', 'MONGODB_URI', 'mongodb-url', url.mongo(r, ctx)),
    ];
    return r.sample(pool, r.int(5, 8)).map((f) => f());
  },
  formats: [F.env, F.env, F.env, F.compose, F.k8s],
};

/** Every positive family: vendor formats, generic assignments, then the mixed files. */
export const POSITIVE_FAMILIES = [...VENDOR_FAMILIES, ...GENERIC_FAMILIES, MIXED];
