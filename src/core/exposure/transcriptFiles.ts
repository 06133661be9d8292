import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TranscriptFormat, TranscriptLocation, TranscriptTool } from './transcriptLocations';

export interface TranscriptFile {
  tool: TranscriptTool;
  path: string;
  format: TranscriptFormat;
  size: number;
  mtimeMs: number;
}

/**
 * The transcript files present at `locations`, each once, in a stable order. Missing folders are
 * the common case (a tool that is not installed) and are passed over; symlinks are not followed,
 * so a link cannot lead a rewrite outside the tool's folder.
 */
export async function listTranscriptFiles(locations: readonly TranscriptLocation[]): Promise<TranscriptFile[]> {
  const found = new Map<string, TranscriptFile>();
  for (const location of locations) {
    await walk(location, location.root, '', location.depth, found);
  }
  return [...found.values()].sort((a, b) => a.path.localeCompare(b.path));
}

async function walk(
  location: TranscriptLocation,
  dir: string,
  relative: string,
  depth: number,
  found: Map<string, TranscriptFile>,
): Promise<void> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const rel = relative ? `${relative}/${entry.name}` : entry.name;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (depth > 0) await walk(location, full, rel, depth - 1, found);
    } else if (entry.isFile() && !found.has(full)) {
      const format = location.formatOf(rel);
      if (!format) continue;
      const stat = await fs.stat(full).catch(() => undefined);
      if (stat) found.set(full, { tool: location.tool, path: full, format, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
}
