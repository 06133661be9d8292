/**
 * The default sensitive paths, in gitignore syntax. Sources: secretlint's no-dotenv rule, the
 * github/gitignore templates (Node, Python, Rails, Terraform, OpenSSL, Android), the gitrob list,
 * gitleaks' pkcs12-file rule, Cursor's and Zed's defaults, VS Code's edit-approval defaults.
 */
export const DEFAULT_SENSITIVE_PATTERNS: readonly string[] = [
  '.env',
  '.env.*',
  '*.env',
  '.envrc',
  '.dev.vars',
  '.dev.vars.*',
  '*.pem',
  '*.key',
  '*.p12',
  '*.pfx',
  '*.pkcs12',
  '*.ppk',
  '*.jks',
  '*.keystore',
  '*.kdb',
  '*.kdbx',
  '*.keychain',
  '*_rsa',
  '*_dsa',
  '*_ecdsa',
  '*_ed25519',
  '.ssh/',
  '*.ovpn',
  '*.publishsettings',
  '.npmrc',
  '.yarnrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '.git-credentials',
  '.pgpass',
  '.htpasswd',
  '.s3cfg',
  '.gem/credentials',
  'credentials.json',
  'credentials.xml',
  'secrets.json',
  'secrets.yml',
  'secrets.*',
  'secrets/',
  '.streamlit/secrets.toml',
  'config/master.key',
  'service-account*.json',
  '.aws/credentials',
  '.docker/config.json',
  'kubeconfig',
  '.kube/config',
  '*.tfstate',
  '*.tfstate.*',
  '*.tfvars',
  '*.tfvars.json',
  '.terraformrc',
  'terraform.rc',
  '.*history',
  '*.pcap',
];

/**
 * Files that stay readable although a pattern above names them: templates and public keys.
 * Written as `!` lines after the patterns; a `!` cannot re-include a file under an excluded
 * folder, in git or in any tool. Encrypted files (`*.sops.*`, `*.enc.*`) would be safe to read,
 * but an exception with a wildcard in the middle overlaps nearly every pattern (`x.sops.pem`
 * matches `*.pem`), so formats without `!` could no longer say `*.pem` at all.
 */
export const DEFAULT_EXCEPTIONS: readonly string[] = [
  '.env.example',
  '.env.sample',
  '.env.template',
  '.env.dist',
  'example.env',
  '*.example',
  '*.sample',
  '*.template',
  '*.pub',
];

/**
 * Explicit names for formats without `!` (older `.aiexclude`, Claude Code's deny list): when a
 * wildcard pattern would also hide an exception (`.env.*` hides `.env.example`), these stand in
 * for it, each kept only if it is sensitive and hides no exception.
 */
export const EXPLICIT_VARIANTS: readonly string[] = [
  '.env.local',
  '.env.*.local',
  '.env.development',
  '.env.dev',
  '.env.production',
  '.env.prod',
  '.env.staging',
  '.env.stage',
  '.env.test',
  '.env.ci',
  '.env.preview',
  '.env.backup',
  '.env.bak',
  'prod.env',
  'production.env',
  'dev.env',
  'development.env',
  'staging.env',
  'test.env',
  'local.env',
  '.dev.vars.production',
  '.dev.vars.staging',
  'secrets.yaml',
  'secrets.toml',
  'secrets.ini',
  'secrets.properties',
  'secrets.env',
  'secrets.txt',
  'secrets.xml',
  '*.tfstate.backup',
];

/** Folder names that say "credentials live here", hidden whole unless they mostly hold code. */
export const SENSITIVE_FOLDER_NAMES: ReadonlySet<string> = new Set([
  'envs',
  '.envs',
  'secrets',
  '.secrets',
  '.ssh',
  'credentials',
  '.credentials',
  '.gnupg',
  'private-keys',
  'private_keys',
]);

/** Extensions of source code: a `credentials/` folder full of these is an auth module, not a key store. */
export const SOURCE_CODE_EXTENSIONS: ReadonlySet<string> = new Set([
  'ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs', 'py', 'go', 'java', 'kt', 'kts', 'scala',
  'rb', 'rs', 'cs', 'fs', 'vb', 'php', 'c', 'cc', 'cpp', 'h', 'hpp', 'm', 'mm', 'swift', 'dart',
  'lua', 'ex', 'exs', 'erl', 'clj', 'vue', 'svelte', 'sh', 'ps1',
]);
