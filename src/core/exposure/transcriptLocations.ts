import * as path from 'node:path';

/** The AI tools whose local transcripts Vaultify reads. */
export type TranscriptTool = 'claude-code' | 'copilot-chat' | 'cursor' | 'codex' | 'gemini-cli' | 'aider' | 'continue';

/**
 * How a transcript file is laid out, which decides how it may be rewritten:
 * - `jsonl`: one JSON value per line, rewritten line by line;
 * - `json`: one JSON document;
 * - `markdown` / `text`: rewritten as text;
 * - `sqlite`: a database; read for exposure, never rewritten (its pages cannot be edited as text).
 */
export type TranscriptFormat = 'jsonl' | 'json' | 'markdown' | 'text' | 'sqlite';

export interface TranscriptLocation {
  tool: TranscriptTool;
  /** The folder (or, for a single file, its parent) that is walked. */
  root: string;
  /** What the user reads in a report, e.g. `~/.claude/projects/**\/*.jsonl`. */
  pattern: string;
  /** How many folder levels below `root` are walked. */
  depth: number;
  /** The format of a file at `relative` (a `/`-separated path under `root`), or undefined if it is not a transcript. */
  formatOf(relative: string): TranscriptFormat | undefined;
}

export interface LocationEnvironment {
  home: string;
  platform: NodeJS.Platform;
  /** Environment variables that move the tools' folders (CLAUDE_CONFIG_DIR, CODEX_HOME, XDG_*, APPDATA). */
  env: Readonly<Record<string, string | undefined>>;
  /** Open workspace folders: aider keeps its history there. */
  workspaceFolders: readonly string[];
  /**
   * User data folders (the folder that holds `User/`) of the running editor, when it is not in
   * a standard place (a portable install, `--user-data-dir`). The standard ones are always added.
   */
  extraUserDataDirs?: readonly string[];
}

/** VS Code-family products whose user data holds Copilot Chat sessions, by folder name. */
const COPILOT_PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium'];

function byExtension(relative: string, allowed: readonly TranscriptFormat[]): TranscriptFormat | undefined {
  const ext = path.posix.extname(relative).toLowerCase();
  const format: TranscriptFormat | undefined =
    ext === '.jsonl' ? 'jsonl' : ext === '.json' ? 'json' : ext === '.md' ? 'markdown' : ext === '.txt' ? 'text' : undefined;
  return format && allowed.includes(format) ? format : undefined;
}

/** The `User` data folders of the standard installs of `products` on this platform. */
function standardUserDirs(env: LocationEnvironment, products: readonly string[]): string[] {
  const { home, platform } = env;
  const base =
    platform === 'win32'
      ? (env.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.env.XDG_CONFIG_HOME ?? path.join(home, '.config'));
  const join = (...parts: string[]): string => (platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts));
  return products.map((product) => join(base, product, 'User'));
}

/** code-server keeps VS Code's user data under XDG data, not config. */
function codeServerUserDir(env: LocationEnvironment): string[] {
  if (env.platform === 'win32') return [];
  const data = env.env.XDG_DATA_HOME ?? path.posix.join(env.home, '.local', 'share');
  return [path.posix.join(data, 'code-server', 'User')];
}

const STATE_DB = /^(?:workspaceStorage\/[^/]+\/)?state\.vscdb(?:\.backup|-wal)?$/;

/** Copilot Chat in one VS Code-family `User` folder: the session files, and the older SQLite state. */
function copilotLocations(userDir: string): TranscriptLocation[] {
  return [
    {
      tool: 'copilot-chat',
      root: path.join(userDir, 'workspaceStorage'),
      pattern: path.join(userDir, 'workspaceStorage', '*', 'chatSessions', '*.{json,jsonl}'),
      depth: 2,
      formatOf: (rel) => (/^[^/]+\/chatSessions\/[^/]+$/.test(rel) ? byExtension(rel, ['json', 'jsonl']) : undefined),
    },
    {
      tool: 'copilot-chat',
      root: path.join(userDir, 'globalStorage'),
      pattern: path.join(userDir, 'globalStorage', '{emptyWindowChatSessions,transferredChatSessions}', '*.{json,jsonl}'),
      depth: 1,
      formatOf: (rel) =>
        /^(?:emptyWindowChatSessions|transferredChatSessions)\/[^/]+$/.test(rel) ? byExtension(rel, ['json', 'jsonl']) : undefined,
    },
    {
      tool: 'copilot-chat',
      root: userDir,
      pattern: path.join(userDir, '{globalStorage,workspaceStorage/*}', 'state.vscdb'),
      depth: 2,
      formatOf: (rel) => (STATE_DB.test(rel.replace(/^globalStorage\//, '')) ? 'sqlite' : undefined),
    },
  ];
}

/** Cursor: SQLite state in its VS Code-style user data, and agent transcripts and chat stores under ~/.cursor. */
function cursorLocations(env: LocationEnvironment): TranscriptLocation[] {
  const cursorHome = path.join(env.home, '.cursor');
  const fromUserData = standardUserDirs(env, ['Cursor']).map((userDir): TranscriptLocation => ({
    tool: 'cursor',
    root: userDir,
    pattern: path.join(userDir, '{globalStorage,workspaceStorage/*}', 'state.vscdb'),
    depth: 2,
    formatOf: (rel) => (STATE_DB.test(rel.replace(/^globalStorage\//, '')) ? 'sqlite' : undefined),
  }));
  return [
    ...fromUserData,
    {
      tool: 'cursor',
      root: path.join(cursorHome, 'projects'),
      pattern: path.join(cursorHome, 'projects', '*', 'agent-transcripts', '*'),
      depth: 2,
      formatOf: (rel) =>
        /^[^/]+\/agent-transcripts\/[^/]+$/.test(rel) ? byExtension(rel, ['jsonl', 'json', 'text', 'markdown']) : undefined,
    },
    {
      tool: 'cursor',
      root: path.join(cursorHome, 'chats'),
      pattern: path.join(cursorHome, 'chats', '*', '*', 'store.db'),
      depth: 2,
      formatOf: (rel) => (/^[^/]+\/[^/]+\/store\.db(?:-wal)?$/.test(rel) ? 'sqlite' : undefined),
    },
  ];
}

/**
 * Every place where an AI tool keeps local transcripts or chat history, for this user, platform
 * and workspace. Pure: nothing is read; `listTranscriptFiles` walks them. The README's table
 * says which version of each tool writes each location.
 */
export function transcriptLocations(env: LocationEnvironment): TranscriptLocation[] {
  const claudeHome = env.env.CLAUDE_CONFIG_DIR || path.join(env.home, '.claude');
  const codexHome = env.env.CODEX_HOME || path.join(env.home, '.codex');
  const geminiTmp = path.join(env.home, '.gemini', 'tmp');
  const continueSessions = path.join(env.home, '.continue', 'sessions');
  const userDirs = [
    ...new Set([
      ...standardUserDirs(env, COPILOT_PRODUCTS),
      ...codeServerUserDir(env),
      ...(env.extraUserDataDirs ?? []).map((dir) => path.join(dir, 'User')),
    ]),
  ];

  const locations: TranscriptLocation[] = [
    {
      tool: 'claude-code',
      root: path.join(claudeHome, 'projects'),
      pattern: path.join(claudeHome, 'projects', '**', '*.jsonl'),
      // <project>/<session>.jsonl, <project>/<session>/subagents/agent-*.jsonl and tool-results/*.txt
      depth: 4,
      formatOf: (rel) => (/\/tool-results\/[^/]+\.txt$/.test(rel) ? 'text' : byExtension(rel, ['jsonl'])),
    },
    {
      tool: 'claude-code',
      root: claudeHome,
      pattern: path.join(claudeHome, 'history.jsonl'),
      depth: 0,
      formatOf: (rel) => (rel === 'history.jsonl' ? 'jsonl' : undefined),
    },
    ...userDirs.flatMap(copilotLocations),
    ...cursorLocations(env),
    {
      tool: 'codex',
      root: path.join(codexHome, 'sessions'),
      pattern: path.join(codexHome, 'sessions', '**', '*.jsonl'),
      depth: 4,
      formatOf: (rel) => byExtension(rel, ['jsonl']),
    },
    {
      tool: 'codex',
      root: codexHome,
      pattern: path.join(codexHome, '{history.jsonl,archived_sessions/**/*.jsonl}'),
      depth: 4,
      formatOf: (rel) =>
        rel === 'history.jsonl' || (rel.startsWith('archived_sessions/') && rel.endsWith('.jsonl')) ? 'jsonl' : undefined,
    },
    {
      tool: 'gemini-cli',
      root: geminiTmp,
      pattern: path.join(geminiTmp, '*', '{logs.json,checkpoint-*.json,chats/session-*.{json,jsonl}}'),
      depth: 2,
      formatOf: (rel) =>
        /^[^/]+\/(?:logs\.json|checkpoint-[^/]*\.json|chats\/[^/]+\.jsonl?)$/.test(rel) ? byExtension(rel, ['json', 'jsonl']) : undefined,
    },
    {
      tool: 'continue',
      root: continueSessions,
      pattern: path.join(continueSessions, '*.json'),
      depth: 0,
      formatOf: (rel) => byExtension(rel, ['json']),
    },
  ];
  for (const folder of env.workspaceFolders) {
    locations.push({
      tool: 'aider',
      root: folder,
      pattern: path.join(folder, '{.aider.chat.history.md,.aider.input.history}'),
      depth: 0,
      formatOf: (rel) => (rel === '.aider.chat.history.md' ? 'markdown' : rel === '.aider.input.history' ? 'text' : undefined),
    });
  }
  return locations;
}
