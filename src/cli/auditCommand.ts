import { readSegments, verifyChain } from '../core/audit';
import { UsageError, type CliIo } from './cliIo';
import * as path from 'node:path';

/**
 * `vaultify audit verify FILE`: checks the chain's structure in a segment file or a folder of
 * segments. The chain head lives in the editor's SecretStorage, so truncation at the end is for
 * the editor's Verify audit trail to tell. Exit 0 intact, 1 broken (naming the first bad record),
 * 2 when the file cannot be read.
 */
export async function runAuditVerify(target: string | undefined, io: CliIo, json: boolean): Promise<number> {
  if (!target) throw new UsageError('audit verify needs a FILE (a segment of the trail, or its folder)');
  let segments;
  try {
    segments = await readSegments(path.resolve(io.cwd, target));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    io.stderr(`vaultify: cannot read ${target}${code ? ` (${code})` : ''}`);
    return 2;
  }
  if (!segments.length) {
    io.stderr(`vaultify: ${target} holds no audit segments (audit-NNNNNN.jsonl)`);
    return 2;
  }
  const result = verifyChain(segments);
  if (json) io.stdout(JSON.stringify(result));
  else if (result.ok) io.stdout(`intact: ${result.records} record${result.records === 1 ? '' : 's'}`);
  else {
    const bad = result.firstBad!;
    const where = bad.file ? ` (${path.relative(io.cwd, bad.file) || bad.file}${bad.line ? `:${bad.line}` : ''})` : '';
    io.stdout(`broken at record ${bad.seq}${where}: ${bad.problem}: ${bad.message}`);
  }
  return result.ok ? 0 : 1;
}
