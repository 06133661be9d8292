/**
 * The AI assistants Vaultify writes a guard file for. Names accepted in `vaultify.guard.tools`
 * and `vaultify guard --tools` (aliases in brackets):
 *
 * | name | file | format |
 * |---|---|---|
 * | copilot | `.copilotignore` | gitignore |
 * | cursor | `.cursorignore` | gitignore with `!` |
 * | gemini-code-assist (aiexclude) | `.aiexclude` | gitignore without `!`; never written empty |
 * | windsurf (codeium) | `.codeiumignore` | gitignore |
 * | gemini-cli | `.geminiignore` | gitignore with `!` |
 * | aider | `.aiderignore` | gitignore |
 * | roo | `.rooignore` | gitignore with `!` |
 * | jetbrains (junie) | `.aiignore` | gitignore |
 * | continue | `.continueignore` | gitignore |
 * | augment | `.augmentignore` | gitignore with `!` |
 * | kiro | `.kiroignore` | gitignore |
 * | claude | `.claude/settings.json` | `permissions.deny` `Read(...)` rules, no negation |
 * | vscode | `.vscode/settings.json` | Copilot inline off for dotenv, terminal auto-approve deny rules, Local History exclusions |
 * | claude-hooks | `.claude/settings.local.json` | PreToolUse / PostToolUse hooks running `vaultify hook claude` |
 * | cursor-hooks | `.cursor/hooks.json` | beforeShellExecution / beforeReadFile hooks running `vaultify hook cursor` |
 * | vscode-hooks | `.github/hooks/vaultify.json` | VS Code agent PreToolUse hook running `vaultify hook vscode` |
 *
 * The hook files call the per-user launcher through `$HOME`, so Claude's go in its per-user
 * settings file: a teammate without Vaultify would otherwise get a failing hook on every call.
 *
 * `auto` adds every tool the folder shows signs of using.
 */

export type GuardToolId =
  | 'copilot'
  | 'cursor'
  | 'gemini-code-assist'
  | 'windsurf'
  | 'gemini-cli'
  | 'aider'
  | 'roo'
  | 'jetbrains'
  | 'continue'
  | 'augment'
  | 'kiro'
  | 'claude'
  | 'vscode'
  | 'claude-hooks'
  | 'cursor-hooks'
  | 'vscode-hooks';

/** `gitignore`: full syntax with `!`. `gitignore-explicit`: no `!`, so exceptions become explicit names. */
export type GuardFormat =
  'gitignore' | 'gitignore-explicit' | 'claude-settings' | 'vscode-settings' | 'claude-hooks' | 'cursor-hooks' | 'vscode-hooks';

export interface GuardTool {
  id: GuardToolId;
  aliases: readonly string[];
  /** Where the file goes, relative to the workspace folder. */
  file: string;
  format: GuardFormat;
  /** Top-level names in the folder that show the tool is in use; a trailing `*` is a prefix. */
  signs: readonly string[];
}

export const GUARD_TOOLS: readonly GuardTool[] = [
  { id: 'copilot', aliases: [], file: '.copilotignore', format: 'gitignore', signs: ['.copilotignore'] },
  {
    id: 'cursor',
    aliases: [],
    file: '.cursorignore',
    format: 'gitignore',
    signs: ['.cursor', '.cursorignore', '.cursorindexingignore', '.cursorrules'],
  },
  { id: 'gemini-code-assist', aliases: ['aiexclude'], file: '.aiexclude', format: 'gitignore-explicit', signs: ['.aiexclude', '.idx'] },
  {
    id: 'windsurf',
    aliases: ['codeium'],
    file: '.codeiumignore',
    format: 'gitignore',
    signs: ['.windsurf*', '.codeiumignore', '.codeium'],
  },
  { id: 'gemini-cli', aliases: [], file: '.geminiignore', format: 'gitignore', signs: ['.gemini', '.geminiignore'] },
  { id: 'aider', aliases: [], file: '.aiderignore', format: 'gitignore', signs: ['.aider*'] },
  { id: 'roo', aliases: [], file: '.rooignore', format: 'gitignore', signs: ['.roo', '.rooignore', '.roomodes'] },
  { id: 'jetbrains', aliases: ['junie'], file: '.aiignore', format: 'gitignore', signs: ['.idea', '.aiignore', '.junie'] },
  { id: 'continue', aliases: [], file: '.continueignore', format: 'gitignore', signs: ['.continue', '.continueignore'] },
  { id: 'augment', aliases: [], file: '.augmentignore', format: 'gitignore', signs: ['.augment', '.augmentignore'] },
  { id: 'kiro', aliases: [], file: '.kiroignore', format: 'gitignore', signs: ['.kiro', '.kiroignore'] },
  { id: 'claude', aliases: ['claude-code'], file: '.claude/settings.json', format: 'claude-settings', signs: ['.claude'] },
  { id: 'vscode', aliases: [], file: '.vscode/settings.json', format: 'vscode-settings', signs: ['.vscode'] },
  {
    id: 'claude-hooks',
    aliases: [],
    file: '.claude/settings.local.json',
    format: 'claude-hooks',
    signs: ['.claude', 'CLAUDE.md', '.mcp.json'],
  },
  { id: 'cursor-hooks', aliases: [], file: '.cursor/hooks.json', format: 'cursor-hooks', signs: ['.cursor', '.cursorrules'] },
  { id: 'vscode-hooks', aliases: [], file: '.github/hooks/vaultify.json', format: 'vscode-hooks', signs: ['.vscode'] },
];

export const DEFAULT_TOOLS: readonly string[] = ['copilot', 'cursor'];

export const AUTO_TOOLS = 'auto';

const BY_NAME = new Map<string, GuardTool>(GUARD_TOOLS.flatMap((t) => [[t.id, t] as const, ...t.aliases.map((a) => [a, t] as const)]));

export function guardTool(id: GuardToolId): GuardTool {
  return BY_NAME.get(id)!;
}

export interface ToolSelection {
  /** In the order of GUARD_TOOLS, each once. */
  tools: GuardToolId[];
  /** Names that are neither a tool, an alias nor `auto`, as given. */
  unknown: string[];
}

/**
 * The tools a `tools` setting selects. `rootNames` are the entries at the top of the workspace
 * folder, used by `auto`.
 */
export function selectTools(names: readonly string[], rootNames: readonly string[]): ToolSelection {
  const chosen = new Set<GuardToolId>();
  const unknown: string[] = [];
  for (const raw of names) {
    const name = raw.trim().toLowerCase();
    if (!name) continue;
    if (name === AUTO_TOOLS) {
      for (const id of toolsInUse(rootNames)) chosen.add(id);
      continue;
    }
    const tool = BY_NAME.get(name);
    if (tool) chosen.add(tool.id);
    else unknown.push(raw.trim());
  }
  return { tools: GUARD_TOOLS.map((t) => t.id).filter((id) => chosen.has(id)), unknown };
}

/** Tools whose signs (a config folder, a rules file, their own ignore file) are at the folder's top. */
export function toolsInUse(rootNames: readonly string[]): GuardToolId[] {
  return GUARD_TOOLS.filter((tool) =>
    tool.signs.some((sign) => (sign.endsWith('*') ? rootNames.some((n) => n.startsWith(sign.slice(0, -1))) : rootNames.includes(sign))),
  ).map((t) => t.id);
}
