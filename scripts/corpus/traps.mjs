// Negative files for the false-alarm classes seen on real repositories: other secret managers'
// references, development defaults on loopback hosts, placeholders inside URLs, and public
// identifiers that look like keys. Each template is `(rng, ctx) => { file, lines }` and holds no
// credential; values are drawn from the rng in each vendor's public shape.
import { B62, DIGITS, HEX, LOWER, LOWER_ALNUM, UPHEX, URLSAFE, b64, uuid } from './credentials.mjs';
import { jsonLines, yamlLines } from './documents.mjs';

const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-central-1'];
const account = (r) => r.chars(12, DIGITS);
const arnSuffix = (r) => r.chars(6, B62);
/** EIP-55 addresses mix cases by a hash; random case is close enough for a scanner. */
const ethAddress = (r) => '0x' + r.chars(40, HEX + 'ABCDEF');
const recaptchaSiteKey = (r) => '6L' + r.chars(1, 'cdef') + r.chars(37, URLSAFE);
const googleClientId = (r) => `${r.chars(12, DIGITS)}-${r.chars(32, LOWER_ALNUM)}.apps.googleusercontent.com`;
const firebaseWebKey = (r) => 'AIzaSy' + r.chars(33, URLSAFE);

export const TRAPS = {
  'foreign-reference': [
    (r, c) => ({
      file: '.env',
      lines: [
        `DB_PASSWORD_SECRET_ARN=arn:aws:secretsmanager:${r.pick(REGIONS)}:${account(r)}:secret:prod/${c.svc}/db-password-${arnSuffix(r)}`,
        `STRIPE_SECRET_ID=prod/${c.svc}/stripe-secret-key`,
        `API_TOKEN_PARAM=arn:aws:ssm:${r.pick(REGIONS)}:${account(r)}:parameter/${c.svc}/api-token`,
      ],
    }),
    (r, c) => ({
      file: 'template.yaml',
      lines: [
        'Resources:',
        '  Database:',
        '    Type: AWS::RDS::DBInstance',
        '    Properties:',
        '      MasterUsername: app',
        `      MasterUserPassword: '{{resolve:secretsmanager:prod/${c.svc}/db:SecretString:password}}'`,
        '      Engine: postgres',
        '  Function:',
        '    Type: AWS::Lambda::Function',
        '    Properties:',
        '      Environment:',
        '        Variables:',
        `          API_KEY: '{{resolve:ssm-secure:/${c.svc}/api-key:3}}'`,
      ],
    }),
    (r, c) => ({
      file: 'infra/secrets.tf',
      lines: [
        'data "aws_secretsmanager_secret_version" "db" {',
        `  secret_id = "prod/${c.svc}/db-password"`,
        '}',
        '',
        'data "google_secret_manager_secret_version" "stripe" {',
        `  secret  = "${c.svc}-stripe-secret-key"`,
        `  project = "${c.svc}-prod"`,
        '}',
        '',
        'data "azurerm_key_vault_secret" "api_token" {',
        '  name         = "api-token"',
        '  key_vault_id = data.azurerm_key_vault.main.id',
        '}',
        '',
        'locals {',
        '  db_password = data.aws_secretsmanager_secret_version.db.secret_string',
        '  api_token   = data.azurerm_key_vault_secret.api_token.value',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'config/production.yaml',
      lines: yamlLines({
        database: { password: `projects/${c.svc}-prod/secrets/db-password/versions/latest` },
        stripe: { secret_key: `projects/${r.chars(12, DIGITS)}/secrets/stripe-secret-key/versions/${r.int(1, 9)}` },
      }),
    }),
    (r, c) => ({
      file: 'local.settings.json',
      lines: jsonLines({
        IsEncrypted: false,
        Values: {
          DbPassword: `@Microsoft.KeyVault(SecretUri=https://${c.svc}-kv.vault.azure.net/secrets/db-password/${r.chars(32, HEX)})`,
          ApiToken: `@Microsoft.KeyVault(VaultName=${c.svc}-kv;SecretName=api-token)`,
        },
      }),
    }),
    (r, c) => ({
      file: 'doppler.yaml',
      lines: yamlLines({ setup: { project: c.svc, config: 'prd' } }).concat([
        '',
        '# secrets are injected with `doppler run -- npm start`',
        `STRIPE_SECRET_KEY=doppler://${c.svc}/prd/STRIPE_SECRET_KEY`,
      ]),
    }),
    (r, c) => ({
      file: '.infisical.json',
      lines: jsonLines({ workspaceId: uuid(r), defaultEnvironment: 'prod', gitBranchToEnvironmentMapping: null }).concat([
        '',
        `DB_PASSWORD=infisical://${c.svc}/prod/DB_PASSWORD`,
        'API_TOKEN=${prod.backend.API_TOKEN}',
      ]),
    }),
    (r, c) => ({
      file: 'scripts/fetch-secrets.sh',
      lines: [
        '#!/usr/bin/env bash',
        'set -euo pipefail',
        `export DB_PASSWORD_SECRET_ID=${uuid(r)}`,
        `export API_TOKEN="$(bws secret get ${uuid(r)} | jq -r .value)"`,
        `bw get password ${c.svc}-prod-db > /dev/null`,
      ],
    }),
    (r, c) => ({
      file: 'k8s/external-secret.yaml',
      lines: yamlLines({
        apiVersion: 'external-secrets.io/v1beta1',
        kind: 'ExternalSecret',
        metadata: { name: `${c.svc}-db` },
        spec: {
          secretStoreRef: { name: 'aws-secrets-manager', kind: 'ClusterSecretStore' },
          data: [
            { secretKey: 'password', remoteRef: { key: `prod/${c.svc}/db`, property: 'password' } },
            { secretKey: 'api-token', remoteRef: { key: `prod/${c.svc}/api`, property: 'token' } },
          ],
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
                    { name: 'STRIPE_SECRET_KEY', valueFrom: { secretKeyRef: { name: `${c.svc}-stripe`, key: 'secret-key' } } },
                    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: `${c.svc}-db`, key: 'password', optional: false } } },
                  ],
                },
              ],
            },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'src/secrets.py',
      lines: [
        'import boto3',
        '',
        'client = boto3.client("secretsmanager")',
        `SECRET_ARN = "arn:aws:secretsmanager:${r.pick(REGIONS)}:${account(r)}:secret:${c.svc}/api-token-${arnSuffix(r)}"`,
        `DB_SECRET_ID = "${c.svc}/prod/db-password"`,
        'api_token = client.get_secret_value(SecretId=SECRET_ARN)["SecretString"]',
      ],
    }),
    (r, c) => ({
      file: 'ecs/task-definition.json',
      lines: jsonLines({
        family: c.svc,
        containerDefinitions: [
          {
            name: c.svc,
            secrets: [
              {
                name: 'DB_PASSWORD',
                valueFrom: `arn:aws:secretsmanager:${r.pick(REGIONS)}:${account(r)}:secret:prod/db-${arnSuffix(r)}:password::`,
              },
              { name: 'API_TOKEN', valueFrom: `arn:aws:ssm:${r.pick(REGIONS)}:${account(r)}:parameter/prod/api-token` },
            ],
          },
        ],
      }),
    }),
    (r, c) => ({
      file: 'app/config.ts',
      lines: [
        'export const secretIds = {',
        `  stripeSecretKey: '${c.svc}-stripe-secret-key',`,
        `  dbPassword: 'projects/${c.svc}-prod/secrets/db-password/versions/latest',`,
        `  apiToken: '${r.chars(8, HEX)}-${r.chars(4, HEX)}-4${r.chars(3, HEX)}-a${r.chars(3, HEX)}-${r.chars(12, HEX)}',`,
        '};',
      ],
    }),
  ],
  'dev-default': [
    (r, c) => ({
      file: '.env.development',
      lines: [
        'DATABASE_URL=postgres://postgres:postgres@localhost:5432/' + c.svc.replace(/-/g, '_'),
        'REDIS_URL=redis://localhost:6379/0',
        'AMQP_URL=amqp://guest:guest@127.0.0.1:5672/',
      ],
    }),
    (r, c) => ({
      file: 'docker-compose.yml',
      lines: yamlLines({
        services: {
          app: {
            image: c.svc,
            environment: {
              DATABASE_URL: 'postgresql://postgres:postgres@db.local:5432/app',
              MYSQL_URL: 'mysql://root:root@localhost:3306/app',
              MONGO_URL: 'mongodb://root:root@localhost:27017/?authSource=admin',
            },
          },
        },
      }),
    }),
    (r, c) => ({
      file: 'config/database.yml',
      lines: [
        'development:',
        '  adapter: postgresql',
        '  url: postgres://postgres:postgres@127.0.0.1/' + c.svc.replace(/-/g, '_') + '_dev',
        '',
        'test:',
        '  adapter: postgresql',
        '  url: postgres://postgres:postgres@[::1]:5432/' + c.svc.replace(/-/g, '_') + '_test',
      ],
    }),
    (r, c) => ({
      file: 'tests/integration/conftest.py',
      lines: [
        'import os',
        '',
        'BROKER_URL = os.environ.get("BROKER_URL", "amqp://guest:guest@localhost:5672//")',
        'DB_URL = "mysql+pymysql://root:root@localhost:3306/test"',
      ],
    }),
    (r, c) => ({
      file: 'src/main/resources/application-local.properties',
      lines: [
        'spring.datasource.url=jdbc:postgresql://localhost:5432/app?user=postgres&password=postgres',
        'spring.rabbitmq.addresses=amqp://guest:guest@rabbitmq.local:5672',
      ],
    }),
    (r, c) => ({
      file: 'Makefile',
      lines: [
        'DB_URL ?= postgres://postgres:postgres@0.0.0.0:5432/app?sslmode=disable',
        '',
        'migrate:',
        '\tmigrate -path db/migrations -database "$(DB_URL)" up',
      ],
    }),
  ],
  'url-placeholder': [
    (r, c) => ({
      file: 'docs/registry.md',
      lines: [
        'Configure the private registry:',
        '',
        '```sh',
        `npm config set registry https://<username>:<password>@registry.${c.domain}/npm/`,
        'git clone https://USERNAME:PASSWORD@git.' + c.domain + '/platform/' + c.svc + '.git',
        '```',
      ],
    }),
    (r, c) => ({
      file: '.env.example',
      lines: [
        'DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME',
        'MONGODB_URI=mongodb+srv://<user>:<pass>@cluster0.' + r.chars(5, LOWER_ALNUM) + '.mongodb.net/app?retryWrites=true',
        'AMQP_URL=amqps://YOUR_USER:YOUR_PASSWORD@broker.' + c.domain + ':5671',
      ],
    }),
    (r, c) => ({
      file: 'README.md',
      lines: [
        '## Deploying',
        '',
        'Set `REDIS_URL` to `redis://:PASSWORD@your-redis-host:6379/0` and',
        '`SMTP_URL` to `smtp://APIKEY:SECRET@smtp.' + c.domain + ':587`.',
      ],
    }),
    (r, c) => ({
      file: 'deploy/values.yaml',
      lines: yamlLines({
        proxy: { url: 'http://PROXY_USER:PROXY_PASS@proxy.' + c.domain + ':3128' },
        mirror: { url: 'https://{username}:{token}@mirror.' + c.domain + '/pypi/simple' },
      }),
    }),
  ],
  'public-identifier': [
    (r, c) => ({
      file: 'templates/contact.html',
      lines: [
        '<form action="/contact" method="post">',
        `  <input type="hidden" name="authenticity_token" value="${b64(r.bytes(64))}" autocomplete="off">`,
        `  <meta name="csrf-token" content="${b64(r.bytes(48))}">`,
        `  <div class="g-recaptcha" data-sitekey="${recaptchaSiteKey(r)}"></div>`,
        '  <button type="submit">Send</button>',
        '</form>',
      ],
    }),
    (r, c) => ({
      file: '.env.production',
      lines: [
        `NEXT_PUBLIC_RECAPTCHA_SITE_KEY=${recaptchaSiteKey(r)}`,
        `RECAPTCHA_SITE_KEY=${recaptchaSiteKey(r)}`,
        `STRIPE_KEY=pk_live_51${r.chars(97, B62)}`,
        `GOOGLE_CLIENT_ID=${googleClientId(r)}`,
      ],
    }),
    (r, c) => ({
      file: 'src/components/Checkout.tsx',
      lines: [
        "import { loadStripe } from '@stripe/stripe-js';",
        '',
        `const stripePromise = loadStripe('pk_live_51${r.chars(97, B62)}');`,
        `const stripeConfig = { apiKey: 'pk_test_51${r.chars(97, B62)}' };`,
        '',
        'export default function Checkout() {',
        '  return null;',
        '}',
      ],
    }),
    (r, c) => ({
      file: 'src/search.ts',
      lines: [
        "import algoliasearch from 'algoliasearch/lite';",
        '',
        `const searchClient = algoliasearch('${r.chars(10, UPHEX)}', '${r.chars(32, HEX)}');`,
        `export const ALGOLIA_SEARCH_API_KEY = '${r.chars(32, HEX)}';`,
        `export const index = searchClient.initIndex('${c.svc}');`,
      ],
    }),
    (r, c) => ({
      file: '.env',
      lines: [
        `ALGOLIA_APP_ID=${r.chars(10, UPHEX)}`,
        `ALGOLIA_SEARCH_KEY=${r.chars(32, HEX)}`,
        `ALGOLIA_SEARCH_ONLY_API_KEY=${r.chars(32, HEX)}`,
        `TWILIO_ACCOUNT_SID=AC${r.chars(32, HEX)}`,
      ],
    }),
    (r, c) => ({
      file: 'src/analytics.js',
      lines: [
        "import mixpanel from 'mixpanel-browser';",
        "import * as amplitude from '@amplitude/analytics-browser';",
        '',
        `mixpanel.init('${r.chars(32, HEX)}', { track_pageview: true });`,
        `amplitude.init('${r.chars(32, HEX)}');`,
        `analytics.load('${r.chars(32, B62)}');`,
      ],
    }),
    (r, c) => ({
      file: 'config/analytics.yml',
      lines: yamlLines({
        mixpanel: { token: r.chars(32, HEX) },
        segment: { write_key: r.chars(32, B62) },
        amplitude: { api_key: r.chars(32, HEX) },
      }),
    }),
    (r, c) => ({
      file: '.env.local',
      lines: [
        `NEXT_PUBLIC_MIXPANEL_TOKEN=${r.chars(32, HEX)}`,
        `MIXPANEL_TOKEN=${r.chars(32, HEX)}`,
        `SEGMENT_WRITE_KEY=${r.chars(32, B62)}`,
        `AMPLITUDE_API_KEY=${r.chars(32, HEX)}`,
      ],
    }),
    (r, c) => ({
      file: 'src/firebase.ts',
      lines: [
        "import { initializeApp } from 'firebase/app';",
        '',
        '// Web app config from the Firebase console; it identifies the project and is public by design.',
        'const firebaseConfig = {',
        `  apiKey: "${firebaseWebKey(r)}",`,
        `  authDomain: "${c.svc}-${r.chars(5, LOWER)}.firebaseapp.com",`,
        `  projectId: "${c.svc}-${r.chars(5, LOWER)}",`,
        `  storageBucket: "${c.svc}.appspot.com",`,
        `  messagingSenderId: "${r.chars(12, DIGITS)}",`,
        `  appId: "1:${r.chars(12, DIGITS)}:web:${r.chars(22, HEX)}"`,
        '};',
        '',
        'export const app = initializeApp(firebaseConfig);',
      ],
    }),
    (r, c) => ({
      file: 'public/index.html',
      lines: [
        '<script src="https://www.gstatic.com/firebasejs/10.12.0/firebase-app-compat.js"></script>',
        '<script>',
        '  firebase.initializeApp({',
        `    apiKey: '${firebaseWebKey(r)}',`,
        `    authDomain: '${c.svc}.firebaseapp.com',`,
        `    projectId: '${c.svc}',`,
        '  });',
        '</script>',
      ],
    }),
    (r, c) => ({
      file: 'src/oauth.py',
      lines: [`GOOGLE_OAUTH_CLIENT_ID = "${googleClientId(r)}"`, `CLIENT_ID = "${googleClientId(r)}"`, 'SCOPES = ["openid", "email"]'],
    }),
    (r, c) => ({
      file: 'contracts/addresses.ts',
      lines: [
        'export const TOKENS = {',
        `  USDC_TOKEN: '${ethAddress(r)}',`,
        `  WETH_TOKEN: '${ethAddress(r)}',`,
        '};',
        `export const TREASURY_WALLET = '${ethAddress(r)}';`,
        `export const tokenAddress = "${ethAddress(r)}";`,
      ],
    }),
    (r, c) => ({
      file: 'hardhat.config.js',
      lines: [
        'module.exports = {',
        "  solidity: '0.8.24',",
        '  etherscan: { apiKey: process.env.ETHERSCAN_API_KEY },',
        `  namedAccounts: { deployer: { default: '${ethAddress(r)}' } },`,
        `  token: '${ethAddress(r)}',`,
        '};',
      ],
    }),
    (r, c) => ({
      file: 'logs/twilio-webhook.log',
      lines: [
        `POST /sms/status AccountSid=AC${r.chars(32, HEX)}&MessageSid=SM${r.chars(32, HEX)}&MessageStatus=delivered`,
        `POST /sms/status AccountSid=AC${r.chars(32, HEX)}&MessageSid=SM${r.chars(32, HEX)}&MessageStatus=sent`,
      ],
    }),
  ],
};
