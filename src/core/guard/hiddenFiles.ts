import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { parse } from 'jsonc-parser';
import { GUARD_TOOLS, type GuardToolId, guardTool } from './guardTools';
import { claudeReadRuleToPattern } from './patternSyntax';

export interface GuardFileText {
  tool: GuardToolId;
  text: string;
}

export interface HiddenFiles {
  tool: GuardToolId;
  /** The guard file, relative to the workspace folder. */
  file: string;
  /** Workspace files the tool's file hides, sorted. */
  hidden: string[];
}

/**
 * "What AI can't see": for each guard file, the workspace files it hides, by real gitignore
 * matching (the `ignore` package) over the whole file, the user's own lines included. Only the
 * root-level file is read. `.vscode/settings.json` hides nothing from reading and is left out.
 */
export function filesHiddenByTools(files: readonly string[], guardFiles: readonly GuardFileText[]): HiddenFiles[] {
  const valid = files.filter((f) => ignore.isPathValid(f));
  const results: HiddenFiles[] = [];
  for (const { tool, text } of guardFiles) {
    const matcher = matcherFor(tool, text);
    if (!matcher) continue;
    results.push({ tool, file: guardTool(tool).file, hidden: valid.filter((f) => matcher(f)).sort() });
  }
  return results;
}

function matcherFor(tool: GuardToolId, text: string): ((file: string) => boolean) | undefined {
  const { format } = guardTool(tool);
  // Settings and hook configs hide nothing by name: they change what an assistant may do.
  if (format === 'vscode-settings' || format.endsWith('-hooks')) return undefined;
  if (format === 'claude-settings') {
    const deny: unknown = (parse(text, [], { allowTrailingComma: true }) as { permissions?: { deny?: unknown } } | undefined)?.permissions
      ?.deny;
    const patterns = Array.isArray(deny)
      ? deny.flatMap((rule) => (typeof rule === 'string' ? [claudeReadRuleToPattern(rule)].filter((p): p is string => !!p) : []))
      : [];
    return ignoresWith(ignore().add(patterns));
  }
  // Gemini Code Assist: an empty .aiexclude hides everything.
  if (format === 'gitignore-explicit' && !text.replace(/^\uFEFF/, '').trim()) return () => true;
  return ignoresWith(ignore().add(text.replace(/^\uFEFF/, '')));
}

function ignoresWith(rules: Ignore): (file: string) => boolean {
  return (file) => rules.ignores(file);
}

/** Reads the guard files present at the top of `folder`, of the given tools (all by default). */
export async function readGuardFiles(
  folder: string,
  tools: readonly GuardToolId[] = GUARD_TOOLS.map((t) => t.id),
): Promise<GuardFileText[]> {
  const found = await Promise.all(
    tools.map(async (tool) => {
      const text = await fs.readFile(path.join(folder, guardTool(tool).file), 'utf8').catch(() => undefined);
      return text === undefined ? [] : [{ tool, text }];
    }),
  );
  return found.flat();
}
