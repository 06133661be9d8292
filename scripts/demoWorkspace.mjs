// The workspace `npm start` opens: a scratch copy of demo/, so that what Vaultify writes there
// (vault references, AI ignore files, agent configs) never changes the clone.
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(new URL('..', import.meta.url).pathname);

/** Copies demo/ into a new folder under `parent` and returns the copy's path (a folder named demo). */
export function prepareDemoWorkspace(parent = tmpdir()) {
  const workspace = join(mkdtempSync(join(parent, 'vaultify-demo-')), 'demo');
  cpSync(join(repoRoot, 'demo'), workspace, { recursive: true });
  return workspace;
}
