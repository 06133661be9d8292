/**
 * Which syntax a file's values are written in, from its VS Code language id and its name.
 * The syntax decides where a value starts and ends, how its characters are escaped and
 * which key names it, so that a reference replaces exactly the secret's characters.
 */
export type FileSyntax =
  'dotenv' | 'json' | 'jsonl' | 'yaml' | 'toml' | 'ini' | 'properties' | 'shell' | 'javascript' | 'python' | 'go' | 'c' | 'script' | 'text';

/** The syntaxes whose values are string literals in program source. */
export type CodeSyntax = 'javascript' | 'python' | 'go' | 'c' | 'script';

const LANGUAGE_SYNTAX: Record<string, FileSyntax> = {
  dotenv: 'dotenv',
  env: 'dotenv',
  json: 'json',
  jsonc: 'json',
  'code-workspace': 'json',
  snippets: 'json',
  jsonl: 'jsonl',
  yaml: 'yaml',
  dockercompose: 'yaml',
  'github-actions-workflow': 'yaml',
  'azure-pipelines': 'yaml',
  ansible: 'yaml',
  helm: 'yaml',
  toml: 'toml',
  ini: 'ini',
  shellscript: 'shell',
  bash: 'shell',
  sh: 'shell',
  zsh: 'shell',
  dockerfile: 'shell',
  javascript: 'javascript',
  javascriptreact: 'javascript',
  typescript: 'javascript',
  typescriptreact: 'javascript',
  json5: 'javascript',
  vue: 'javascript',
  svelte: 'javascript',
  python: 'python',
  go: 'go',
  c: 'c',
  cpp: 'c',
  csharp: 'c',
  java: 'c',
  kotlin: 'c',
  swift: 'c',
  rust: 'c',
  dart: 'c',
  scala: 'c',
  groovy: 'c',
  php: 'c',
  'objective-c': 'c',
  terraform: 'c',
  hcl: 'c',
  ruby: 'script',
  perl: 'script',
  r: 'script',
  powershell: 'script',
  elixir: 'script',
  makefile: 'script',
};

const EXTENSION_SYNTAX: Record<string, FileSyntax> = {
  env: 'dotenv',
  json: 'json',
  jsonc: 'json',
  'code-workspace': 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  yaml: 'yaml',
  yml: 'yaml',
  toml: 'toml',
  ini: 'ini',
  cfg: 'ini',
  conf: 'ini',
  npmrc: 'ini',
  pypirc: 'ini',
  gitconfig: 'ini',
  editorconfig: 'ini',
  properties: 'properties',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  envrc: 'shell',
  bashrc: 'shell',
  zshrc: 'shell',
  profile: 'shell',
  bash_profile: 'shell',
  ts: 'javascript',
  tsx: 'javascript',
  mts: 'javascript',
  cts: 'javascript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json5: 'javascript',
  vue: 'javascript',
  svelte: 'javascript',
  py: 'python',
  pyi: 'python',
  go: 'go',
  c: 'c',
  h: 'c',
  cc: 'c',
  cpp: 'c',
  hpp: 'c',
  cs: 'c',
  java: 'c',
  kt: 'c',
  kts: 'c',
  swift: 'c',
  rs: 'c',
  dart: 'c',
  scala: 'c',
  groovy: 'c',
  gradle: 'c',
  php: 'c',
  m: 'c',
  tf: 'c',
  tfvars: 'c',
  hcl: 'c',
  rb: 'script',
  pl: 'script',
  r: 'script',
  ps1: 'script',
  ex: 'script',
  exs: 'script',
  mk: 'script',
};

const BASENAME_SYNTAX: Record<string, FileSyntax> = {
  dockerfile: 'shell',
  makefile: 'script',
  gemfile: 'script',
  rakefile: 'script',
};

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** `.env`, `.env.local`, `.env.production.example`, `app.env`, but not `.envrc`. */
function isDotenvName(base: string): boolean {
  return /^\.env(?:\.[^/\\]+)?$/i.test(base) || /\.env$/i.test(base);
}

function syntaxOfName(base: string): FileSyntax | undefined {
  const lower = base.toLowerCase();
  const byBase = BASENAME_SYNTAX[lower] ?? (lower.startsWith('dockerfile.') ? 'shell' : undefined);
  if (byBase) return byBase;
  const dot = lower.lastIndexOf('.');
  return dot >= 0 ? EXTENSION_SYNTAX[lower.slice(dot + 1)] : undefined;
}

/**
 * The syntax of a file. A dotenv file name wins over the language id (editors often show
 * `.env` as plain text, properties or shell); otherwise a known language id wins over the
 * name, because the user can change it. VS Code's `properties` language covers both Java
 * properties and INI-style files such as `.npmrc`, so the name decides between them.
 * Anything unknown is `text`: values are then whitespace-delimited words.
 */
export function detectFileSyntax(languageId?: string, fileName?: string): FileSyntax {
  const base = fileName ? baseName(fileName) : '';
  if (base && isDotenvName(base)) return 'dotenv';
  if (languageId === 'properties') return base.toLowerCase().endsWith('.properties') ? 'properties' : 'ini';
  const byLanguage = languageId ? LANGUAGE_SYNTAX[languageId] : undefined;
  if (byLanguage) return byLanguage;
  return (base && syntaxOfName(base)) || 'text';
}

export function isCodeSyntax(syntax: FileSyntax): syntax is CodeSyntax {
  return syntax === 'javascript' || syntax === 'python' || syntax === 'go' || syntax === 'c' || syntax === 'script';
}
