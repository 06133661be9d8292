// The corpus's document model and file formats. A file is a list of items: a plain line, a
// labelled line `{ text, kind }` or a labelled block `{ lines, kind }`; serializers turn trees whose
// leaves may be `sec(...)` into such items, so every secret's line number falls out of rendering.

// ---------------------------------------------------------------------------------------------
// Document model. A file is a list of items: a plain line, a labelled line `{ text, kind }`, or a
// labelled multi-line block `{ lines, kind }`. Serializers take trees whose leaves may be `sec(...)`.

/** @type {symbol} The mark of a labelled secret; a plain symbol, so that declarations can name what `sec` returns. */
const SECRET = Symbol('secret');
/** A secret leaf: `value` is a string, or an array of lines for PEM-like values. */
export const sec = (kind, value, family) => ({ [SECRET]: true, kind, value, family });
const isSec = (v) => v !== null && typeof v === 'object' && v[SECRET] === true;
export const flat = (s) => (Array.isArray(s.value) ? s.value.join('\n') + '\n' : s.value);
export const mark = (text, s) => ({ text, kind: s.kind, family: s.family });
export const markBlock = (lines, s) => ({ lines, kind: s.kind, family: s.family });
const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !isSec(v);

/** Rewrites the text of an item's first line (a plain string, a labelled line or a block). */
function withFirstLine(item, fn) {
  if (typeof item === 'string') return fn(item);
  if (item.lines) return { ...item, lines: [fn(item.lines[0]), ...item.lines.slice(1)] };
  return { ...item, text: fn(item.text) };
}

export function jsonLines(value, indent = '  ') {
  const out = [];
  const walk = (prefix, v, depth, comma) => {
    const pad = indent.repeat(depth);
    if (isSec(v)) {
      out.push(mark(pad + prefix + JSON.stringify(flat(v)) + comma, v));
    } else if (Array.isArray(v)) {
      if (!v.length) {
        out.push(`${pad}${prefix}[]${comma}`);
        return;
      }
      out.push(`${pad}${prefix}[`);
      v.forEach((x, i) => walk('', x, depth + 1, i < v.length - 1 ? ',' : ''));
      out.push(`${pad}]${comma}`);
    } else if (isPlainObject(v)) {
      const entries = Object.entries(v);
      if (!entries.length) {
        out.push(`${pad}${prefix}{}${comma}`);
        return;
      }
      out.push(`${pad}${prefix}{`);
      entries.forEach(([k, x], i) => walk(`${JSON.stringify(k)}: `, x, depth + 1, i < entries.length - 1 ? ',' : ''));
      out.push(`${pad}}${comma}`);
    } else {
      out.push(pad + prefix + JSON.stringify(v) + comma);
    }
  };
  walk('', value, 0, '');
  return out;
}

const YAML_NEEDS_QUOTES = /^[\s\-?:,[\]{}#&*!|>'"%@`]|\s$|: | #|^(?:true|false|yes|no|on|off|null|~)$|^[-+]?[\d._]+(?:e\d+)?$|^$/i;
const yamlScalar = (v) => (typeof v === 'string' ? (YAML_NEEDS_QUOTES.test(v) ? JSON.stringify(v) : v) : v === null ? 'null' : String(v));
const yamlKey = (k) => (/^[A-Za-z0-9_.\-/]+$/.test(k) ? k : JSON.stringify(k));

export function yamlLines(obj, depth = 0) {
  const out = [];
  const pad = '  '.repeat(depth);
  for (const [k, v] of Object.entries(obj)) {
    const key = yamlKey(k);
    if (isSec(v)) {
      if (Array.isArray(v.value)) out.push(markBlock([`${pad}${key}: |`, ...v.value.map((l) => `${pad}  ${l}`)], v));
      else out.push(mark(`${pad}${key}: ${yamlScalar(v.value)}`, v));
    } else if (Array.isArray(v)) {
      if (!v.length) out.push(`${pad}${key}: []`);
      else {
        out.push(`${pad}${key}:`);
        for (const item of v) out.push(...yamlItem(item, depth + 1));
      }
    } else if (isPlainObject(v)) {
      if (!Object.keys(v).length) out.push(`${pad}${key}: {}`);
      else out.push(`${pad}${key}:`, ...yamlLines(v, depth + 1));
    } else if (typeof v === 'string' && v.includes('\n')) {
      out.push(
        `${pad}${key}: |`,
        ...v
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => `${pad}  ${l}`),
      );
    } else {
      out.push(`${pad}${key}: ${yamlScalar(v)}`);
    }
  }
  return out;
}

function yamlItem(item, depth) {
  const pad = '  '.repeat(depth);
  if (isSec(item)) return [mark(`${pad}- ${yamlScalar(item.value)}`, item)];
  if (isPlainObject(item)) {
    const lines = yamlLines(item, depth + 1);
    lines[0] = withFirstLine(lines[0], (t) => `${pad}- ${t.trimStart()}`);
    return lines;
  }
  return [`${pad}- ${yamlScalar(item)}`];
}

const tomlKey = (k) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const tomlValue = (v) => (Array.isArray(v) ? `[${v.map(tomlValue).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));

export function tomlLines(obj, path = []) {
  const out = [];
  const tables = [];
  for (const [k, v] of Object.entries(obj)) {
    if (isSec(v)) out.push(mark(`${tomlKey(k)} = ${JSON.stringify(flat(v))}`, v));
    else if (isPlainObject(v)) tables.push([k, v]);
    else out.push(`${tomlKey(k)} = ${tomlValue(v)}`);
  }
  for (const [k, v] of tables) {
    const sub = [...path, tomlKey(k)];
    const hasScalars = Object.values(v).some((x) => !isPlainObject(x));
    if (out.length) out.push('');
    if (hasScalars) out.push(`[${sub.join('.')}]`);
    out.push(...tomlLines(v, sub));
  }
  return out;
}

/** INI: top-level scalars, then one `[section]` per nested object. */
function iniLines(obj, { sep = ' = ' } = {}) {
  const out = [];
  const scalar = (k, v) => (isSec(v) ? mark(`${k}${sep}${flat(v)}`, v) : `${k}${sep}${v}`);
  for (const [k, v] of Object.entries(obj)) if (!isPlainObject(v)) out.push(scalar(k, v));
  for (const [section, body] of Object.entries(obj)) {
    if (!isPlainObject(body)) continue;
    if (out.length) out.push('');
    out.push(`[${section}]`);
    for (const [k, v] of Object.entries(body)) out.push(scalar(k, v));
  }
  return out;
}

function propertiesLines(obj, prefix = '') {
  const out = [];
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isSec(v)) out.push(mark(`${key}=${flat(v).replace(/\n/g, '\\n')}`, v));
    else if (isPlainObject(v)) out.push(...propertiesLines(v, key));
    else out.push(`${key}=${v}`);
  }
  return out;
}

/** Object literals in code: JS/TS, Python dicts, PHP arrays, Ruby hashes. */
const LITERAL_STYLES = {
  js: { open: '{', close: '}', key: (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`), sep: ': ', str: (s) => `'${s}'`, bool: String },
  ts: {
    open: '{',
    close: '}',
    key: (k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `"${k}"`),
    sep: ': ',
    str: (s) => JSON.stringify(s),
    bool: String,
  },
  py: {
    open: '{',
    close: '}',
    key: (k) => JSON.stringify(k),
    sep: ': ',
    str: (s) => JSON.stringify(s),
    bool: (b) => (b ? 'True' : 'False'),
  },
  php: { open: '[', close: ']', key: (k) => `'${k}'`, sep: ' => ', str: (s) => `'${s}'`, bool: String },
  rb: { open: '{', close: '}', key: (k) => `${k}:`, sep: ' ', str: (s) => JSON.stringify(s), bool: String },
};

function literalLines(obj, style, depth = 1, indent = '  ') {
  const st = LITERAL_STYLES[style];
  const out = [];
  const pad = indent.repeat(depth);
  const val = (v) => (typeof v === 'string' ? st.str(v) : typeof v === 'boolean' ? st.bool(v) : String(v));
  for (const [k, v] of Object.entries(obj)) {
    const head = `${pad}${st.key(k)}${st.sep}`;
    if (isSec(v)) out.push(mark(`${head}${st.str(flat(v).replace(/\n/g, '\\n'))},`, v));
    else if (isPlainObject(v)) out.push(`${head}${st.open}`, ...literalLines(v, style, depth + 1, indent), `${pad}${st.close},`);
    else if (Array.isArray(v)) out.push(`${head}${st.open === '{' && style !== 'php' ? '[' : '['}${v.map(val).join(', ')}],`);
    else out.push(`${head}${val(v)},`);
  }
  return out;
}

export function envLines(pairs, style = 'plain', exportPrefix = '') {
  const quote = (v) => (style === 'double' ? `"${v}"` : style === 'single' ? `'${v}'` : v);
  return pairs.map(([k, v]) => {
    if (typeof v === 'string' && (k.startsWith('#') || k === '')) return k;
    if (isSec(v)) {
      const text = Array.isArray(v.value) ? `"${v.value.join('\\n')}\\n"` : quote(v.value);
      return mark(`${exportPrefix}${k}=${text}`, v);
    }
    return `${exportPrefix}${k}=${quote(v)}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Names and filler. Filler is ordinary, non-secret configuration; a few entries are decoys whose
// key names mention tokens or passwords while their values are not credentials.

export const SERVICES = [
  'billing-api',
  'checkout',
  'orders-svc',
  'auth-gateway',
  'notifier',
  'analytics-worker',
  'inventory',
  'search-indexer',
  'media-proxy',
  'admin-portal',
  'reports',
  'ledger',
  'onboarding',
  'shipping',
  'catalog',
  'webhooks',
  'scheduler',
  'chatbot',
  'mobile-bff',
  'data-sync',
  'pricing',
  'crm-bridge',
  'payouts',
  'identity',
  'docs-site',
  'status-page',
];
export const DOMAINS = [
  'acme-corp.io',
  'northwind.dev',
  'globex.net',
  'initech.cloud',
  'umbrella-labs.com',
  'hooli.xyz',
  'vandelay.io',
  'stark-ind.net',
  'wayne-ent.com',
  'tyrell.systems',
  'soylent.app',
  'cyberdyne.tech',
];
export const PEOPLE = ['maria', 'jdoe', 'akumar', 'lchen', 'svc-deploy', 'ci-bot', 'ops', 'release-bot', 'fkowalski', 'nsato'];
export const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2', 'eu-central-1', 'ap-southeast-2'];

const camel = (name) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
export const snake = (name) => name.toLowerCase();
const kebab = (name) => name.toLowerCase().replace(/_/g, '-');
export const pascal = (name) => camel(name).replace(/^./, (c) => c.toUpperCase());

function fillerEnv(r, ctx, n) {
  const db = ctx.svc.replace(/-/g, '_');
  const pool = [
    ['NODE_ENV', 'production'],
    ['PORT', String(r.pick([3000, 8000, 8080, 9000]))],
    ['LOG_LEVEL', r.pick(['info', 'warn', 'debug'])],
    ['APP_NAME', ctx.svc],
    ['APP_URL', `https://${ctx.svc}.${ctx.domain}`],
    ['AWS_REGION', r.pick(REGIONS)],
    ['S3_BUCKET', `${ctx.svc}-assets-prod`],
    ['REDIS_HOST', 'redis.internal'],
    ['REDIS_PORT', '6379'],
    ['DB_HOST', `db.${ctx.domain}`],
    ['DB_PORT', '5432'],
    ['DB_NAME', db],
    ['DB_USER', `${db}_app`],
    ['SMTP_HOST', `smtp.${ctx.domain}`],
    ['SMTP_PORT', '587'],
    ['MAIL_FROM', `noreply@${ctx.domain}`],
    ['FEATURE_NEW_CHECKOUT', 'true'],
    ['CACHE_TTL_SECONDS', '300'],
    ['TZ', 'UTC'],
    ['WORKERS', String(r.int(2, 8))],
    ['MAX_UPLOAD_MB', '25'],
    ['CORS_ORIGINS', `https://app.${ctx.domain}`],
    ['TOKEN_TTL_SECONDS', '3600'],
    ['PASSWORD_MIN_LENGTH', '12'],
    ['API_KEY_HEADER', 'X-Api-Key'],
    ['SESSION_COOKIE_NAME', 'sid'],
    ['OTEL_SERVICE_NAME', ctx.svc],
    ['SENTRY_ENVIRONMENT', 'production'],
    ['RATE_LIMIT_PER_MINUTE', '600'],
  ];
  return r.sample(pool, n);
}

function fillerTree(r, ctx) {
  return {
    service: ctx.svc,
    environment: 'production',
    port: r.pick([3000, 8080, 8443]),
    logging: { level: r.pick(['info', 'warn']), format: 'json' },
    region: r.pick(REGIONS),
    features: { newCheckout: r.bool(), auditLog: true },
  };
}

/** Splices `extra` into `base` at random positions, keeping both orders. */
function interleave(r, base, extra) {
  const out = [...base];
  for (const item of extra) out.splice(r.int(0, out.length), 0, item);
  return out;
}

/** Splits `STRIPE_SECRET_KEY` into the group `stripe` and the member `SECRET_KEY` when it can. */
function groupOf(name, group) {
  const prefix = `${group.toUpperCase().replace(/-/g, '_')}_`;
  return name.startsWith(prefix) && name.length > prefix.length ? name.slice(prefix.length) : name;
}

// ---------------------------------------------------------------------------------------------
// Format renderers. Each takes (rng, ctx, entries) where entries are `{ key: ENV_NAME, value: sec(...) }`
// and returns `{ file, items }`.

export const formats = {
  env: (r, ctx, entries) => ({
    file: r.pick(['.env', '.env.production', '.env.local', '.env.prod', 'prod.env']),
    items: [
      `# ${ctx.svc} (${r.pick(['production', 'prod', 'live'])})`,
      ...envLines(
        interleave(
          r,
          fillerEnv(r, ctx, r.int(4, 9)),
          entries.map((e) => [e.key, e.value]),
        ),
        r.pick(['plain', 'plain', 'double', 'single']),
      ),
    ],
  }),
  envrc: (r, ctx, entries) => ({
    file: r.pick(['.envrc', '.bashrc.d/work.sh', '.zshrc.local']),
    items: [
      `# ${ctx.svc} local shell setup`,
      ...envLines(
        interleave(
          r,
          fillerEnv(r, ctx, r.int(2, 5)),
          entries.map((e) => [e.key, e.value]),
        ),
        'double',
        'export ',
      ),
    ],
  }),
  json: (r, ctx, entries) => {
    const tree = fillerTree(r, ctx);
    tree[camel(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return { file: r.pick(['config.json', 'config/production.json', 'settings.json', 'config/default.json']), items: jsonLines(tree) };
  },
  yaml: (r, ctx, entries) => {
    const tree = fillerTree(r, ctx);
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    return { file: r.pick(['config.yaml', 'config/settings.yml', 'application.yml', 'values.prod.yaml']), items: yamlLines(tree) };
  },
  compose: (r, ctx, entries) => {
    const env = Object.fromEntries(
      interleave(
        r,
        fillerEnv(r, ctx, r.int(2, 5)),
        entries.map((e) => [e.key, e.value]),
      ),
    );
    const tree = {
      services: {
        app: {
          image: `ghcr.io/${ctx.domain.split('.')[0]}/${ctx.svc}:${r.int(1, 3)}.${r.int(0, 20)}.${r.int(0, 9)}`,
          restart: 'unless-stopped',
          ports: [`${r.pick([3000, 8080])}:${r.pick([3000, 8080])}`],
          environment: env,
          depends_on: ['redis'],
        },
        redis: { image: 'redis:7-alpine', ports: ['6379:6379'] },
      },
    };
    return { file: r.pick(['docker-compose.yml', 'compose.yaml', 'docker-compose.prod.yml']), items: yamlLines(tree) };
  },
  k8s: (r, ctx, entries) => {
    const env = interleave(
      r,
      fillerEnv(r, ctx, r.int(2, 4)).map(([name, value]) => ({ name, value })),
      entries.map((e) => ({ name: e.key, value: e.value })),
    );
    const tree = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: ctx.svc, namespace: r.pick(['prod', 'production', 'apps']), labels: { app: ctx.svc } },
      spec: {
        replicas: r.int(2, 4),
        selector: { matchLabels: { app: ctx.svc } },
        template: {
          metadata: { labels: { app: ctx.svc } },
          spec: {
            containers: [
              {
                name: ctx.svc,
                image: `registry.${ctx.domain}/${ctx.svc}:${r.int(1, 9)}.${r.int(0, 30)}.0`,
                ports: [{ containerPort: 8080 }],
                env,
              },
            ],
          },
        },
      },
    };
    return { file: r.pick(['k8s/deployment.yaml', 'deploy/k8s/app.yaml', 'manifests/deployment.yml']), items: yamlLines(tree) };
  },
  toml: (r, ctx, entries) => {
    const tree = { title: ctx.svc, server: { host: '0.0.0.0', port: r.pick([8080, 9000]) } };
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    tree.log = { level: 'info' };
    return { file: r.pick(['config.toml', 'settings.toml', 'config/prod.toml']), items: tomlLines(tree) };
  },
  ini: (r, ctx, entries) => {
    const tree = { app: { name: ctx.svc, debug: 'false' } };
    tree[snake(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    tree.server = { port: String(r.pick([8080, 9000])), workers: String(r.int(2, 8)) };
    return { file: r.pick(['config.ini', 'settings.cfg', 'app.ini']), items: iniLines(tree) };
  },
  properties: (r, ctx, entries) => {
    const tree = { server: { port: r.pick([8080, 8443]) }, spring: { application: { name: ctx.svc } } };
    tree[kebab(ctx.group.replace(/-/g, '_'))] = Object.fromEntries(entries.map((e) => [kebab(groupOf(e.key, ctx.group)), e.value]));
    tree.logging = { level: { root: 'INFO' } };
    return {
      file: r.pick(['application.properties', 'src/main/resources/application-prod.properties', 'gradle.properties']),
      items: propertiesLines(tree),
    };
  },
  tfvars: (r, ctx, entries) => ({
    file: r.pick(['terraform.tfvars', 'prod.auto.tfvars', 'infra/envs/prod/terraform.tfvars']),
    items: [
      `project     = "${ctx.svc}"`,
      `environment = "production"`,
      `region      = "${r.pick(REGIONS)}"`,
      ...entries.map((e) => mark(`${snake(e.key)} = "${flat(e.value)}"`, e.value)),
      '',
      'tags = {',
      `  team  = "${r.pick(['platform', 'payments', 'growth'])}"`,
      '  owner = "infra"',
      '}',
    ],
  }),
  sh: (r, ctx, entries) => ({
    file: r.pick(['deploy.sh', 'scripts/deploy.sh', 'bin/release.sh', 'scripts/bootstrap.sh']),
    items: [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      '',
      `APP=${ctx.svc}`,
      ...entries.map((e) => mark(`export ${e.key}="${flat(e.value)}"`, e.value)),
      '',
      'echo "deploying $APP"',
      `docker build -t "registry.${ctx.domain}/$APP:$(git rev-parse --short HEAD)" .`,
      `docker push "registry.${ctx.domain}/$APP:$(git rev-parse --short HEAD)"`,
      './scripts/migrate.sh',
    ],
  }),
  py: (r, ctx, entries) => ({
    file: r.pick(['settings.py', 'config.py', 'app/settings/production.py']),
    items: [
      'import os',
      'from pathlib import Path',
      '',
      'BASE_DIR = Path(__file__).resolve().parent.parent',
      'DEBUG = False',
      `ALLOWED_HOSTS = ["${ctx.svc}.${ctx.domain}"]`,
      '',
      ...entries.map((e) => mark(`${e.key} = "${flat(e.value).replace(/\n/g, '\\n')}"`, e.value)),
      '',
      `TIME_ZONE = "UTC"`,
      `LOGGING_LEVEL = os.environ.get("LOG_LEVEL", "INFO")`,
    ],
  }),
  ts: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: r.pick(['src/config.ts', 'config.ts', 'src/lib/config.ts']),
      items: [
        `// Runtime configuration for ${ctx.svc}.`,
        'export const config = {',
        `  port: ${r.pick([3000, 8080])},`,
        `  baseUrl: "https://${ctx.svc}.${ctx.domain}",`,
        `  ${camel(ctx.group.replace(/-/g, '_'))}: {`,
        ...literalLines(group, 'ts', 2),
        '  },',
        '} as const;',
      ],
    };
  },
  js: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [camel(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: r.pick(['config/index.js', 'config.js', 'server/config.js']),
      items: [
        "'use strict';",
        '',
        'module.exports = {',
        `  env: 'production',`,
        `  port: ${r.pick([3000, 8080])},`,
        `  ${camel(ctx.group.replace(/-/g, '_'))}: {`,
        ...literalLines(group, 'js', 2),
        '  },',
        '};',
      ],
    };
  },
  go: (r, ctx, entries) => ({
    file: r.pick(['internal/config/config.go', 'config.go']),
    items: [
      'package config',
      '',
      'import "time"',
      '',
      'const (',
      `\tServiceName = "${ctx.svc}"`,
      '\tRequestTimeout = 15 * time.Second',
      ...entries.map((e) => mark(`\t${pascal(e.key)} = "${flat(e.value).replace(/\n/g, '\\n')}"`, e.value)),
      ')',
    ],
  }),
  java: (r, ctx, entries) => ({
    file: `src/main/java/com/${ctx.domain.split('.')[0].replace(/-/g, '')}/${pascal(ctx.group.replace(/-/g, '_'))}Config.java`,
    items: [
      `package com.${ctx.domain.split('.')[0].replace(/-/g, '')};`,
      '',
      `public final class ${pascal(ctx.group.replace(/-/g, '_'))}Config {`,
      `    public static final String SERVICE = "${ctx.svc}";`,
      ...entries.map((e) => mark(`    public static final String ${e.key} = "${flat(e.value).replace(/\n/g, '\\n')}";`, e.value)),
      '',
      `    private ${pascal(ctx.group.replace(/-/g, '_'))}Config() {}`,
      '}',
    ],
  }),
  rb: (r, ctx, entries) => ({
    file: `config/initializers/${snake(ctx.group.replace(/-/g, '_'))}.rb`,
    items: [
      '# frozen_string_literal: true',
      '',
      `${pascal(ctx.group.replace(/-/g, '_'))}.configure do |config|`,
      ...entries.map((e) => mark(`  config.${snake(groupOf(e.key, ctx.group))} = "${flat(e.value)}"`, e.value)),
      '  config.timeout = 15',
      '  config.logger = Rails.logger',
      'end',
    ],
  }),
  php: (r, ctx, entries) => {
    const group = Object.fromEntries(entries.map((e) => [snake(groupOf(e.key, ctx.group)), e.value]));
    return {
      file: 'config/services.php',
      items: [
        '<?php',
        '',
        'return [',
        `    'mailgun' => ['domain' => 'mg.${ctx.domain}'],`,
        `    '${snake(ctx.group.replace(/-/g, '_'))}' => [`,
        ...literalLines(group, 'php', 2, '    '),
        '    ],',
        '];',
      ],
    };
  },
  cs: (r, ctx, entries) => ({
    file: 'src/Secrets.cs',
    items: [
      `namespace ${pascal(ctx.svc.replace(/-/g, '_'))};`,
      '',
      'internal static class Secrets',
      '{',
      ...entries.map((e) => mark(`    public const string ${pascal(e.key)} = "${flat(e.value)}";`, e.value)),
      '}',
    ],
  }),
  mcp: (r, ctx, entries) => ({
    file: r.pick(['.cursor/mcp.json', '.vscode/mcp.json', 'claude_desktop_config.json', '.mcp.json']),
    items: jsonLines({
      mcpServers: {
        filesystem: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-filesystem', '.'] },
        [ctx.group]: {
          command: 'npx',
          args: ['-y', `${ctx.group}-mcp-server`],
          env: Object.fromEntries(entries.map((e) => [e.key, e.value])),
        },
      },
    }),
  }),
  workflow: (r, ctx, entries) => ({
    file: r.pick(['.github/workflows/deploy.yml', '.github/workflows/release.yml']),
    items: yamlLines({
      name: 'deploy',
      on: { push: { branches: ['main'] } },
      jobs: {
        deploy: {
          'runs-on': 'ubuntu-latest',
          env: Object.fromEntries(entries.map((e) => [e.key, e.value])),
          steps: [{ uses: 'actions/checkout@v4' }, { run: 'npm ci' }, { run: './scripts/deploy.sh' }],
        },
      },
    }),
  }),
  dockerfile: (r, ctx, entries) => ({
    file: r.pick(['Dockerfile', 'docker/Dockerfile.prod']),
    items: [
      'FROM node:20-alpine',
      'WORKDIR /app',
      'COPY package*.json ./',
      'RUN npm ci --omit=dev',
      'COPY . .',
      'ENV NODE_ENV=production',
      ...entries.map((e) => mark(`ENV ${e.key}=${flat(e.value)}`, e.value)),
      'EXPOSE 8080',
      'CMD ["node", "dist/server.js"]',
    ],
  }),
};

/** A renderer for one-off code lines: `lines(value)` returns the file's lines with `@@` where the secret goes. */
export function inline(file, template) {
  return (r, ctx, entries) => {
    const queue = [...entries];
    const items = template(ctx, r).map((l) => {
      if (!l.includes('@@')) return l;
      const e = queue.shift();
      if (!e) throw new Error(`${file}: more @@ slots than secrets`);
      return mark(
        l.replace('@@', () => flat(e.value).replace(/\n/g, '\\n')),
        e.value,
      );
    });
    if (queue.length) throw new Error(`${file}: ${queue.length} secret(s) without a @@ slot`);
    return { file, items };
  };
}
