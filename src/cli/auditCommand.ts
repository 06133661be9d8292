import { readSegments, verifyChain } from '../core/audit';
import { parseArgs } from 'node:util';
import { UsageError, type CliIo } from './cliIo';
import type { Subcommand } from './subcommand';
import * as path from 'node:path';

const HASH = /^[0-9a-f]{64}$/;

/**
 * `vaultify audit verify FILE [--head HASH]`: checks the chain in a segment file or a folder of
 * segments. Without a head it can only tell that the chain is consistent: anyone may write a
 * consistent chain, and the seals need the install's key, which stays in the editor's
 * SecretStorage. With the head that **Verify audit trail** shows, the trail must start at its
 * first record and hold that head, so that a rewritten or truncated trail fails. Exit 0
 * consistent (anchored or not, as it says), 1 broken (naming the first bad record), 2 when the
 * file cannot be read.
 */
async function runAuditVerify(target: string | undefined, io: CliIo, json: boolean, head: string | undefined): Promise<number> {
  if (!target) throw new UsageError('audit verify needs a FILE (a segment of the trail, or its folder)');
  if (head !== undefined && !HASH.test(head)) throw new UsageError('--head takes the 64-digit hex hash that Verify audit trail shows');
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
  const result = verifyChain(segments, head === undefined ? {} : { head: { hash: head } });
  const count = (n: number): string => `${n} record${n === 1 ? '' : 's'}`;
  if (json) io.stdout(JSON.stringify(result));
  else if (!result.ok) {
    const bad = result.firstBad!;
    const where = bad.file ? ` (${path.relative(io.cwd, bad.file) || bad.file}${bad.line ? `:${bad.line}` : ''})` : '';
    io.stdout(`broken at record ${bad.seq}${where}: ${bad.problem}: ${bad.message}`);
  } else if (result.anchoredAt === undefined) {
    io.stdout(
      `the chain is consistent; not anchored: ${count(result.records)}. Anyone can write a consistent chain: pass the head hash that Vaultify: Verify audit trail shows (--head HASH) to check it is this one.`,
    );
  } else {
    const later = result.records - result.anchoredAt;
    io.stdout(
      `intact: ${count(result.anchoredAt)} up to the head you gave${later ? `; ${count(later)} written after it are consistent, not anchored` : ''}`,
    );
  }
  return result.ok ? 0 : 1;
}

const AUDIT_USAGE = `  vaultify audit verify FILE [--head HASH] [--json]
      Check the hash chain of an audit trail segment (or a folder of them): every record
      unchanged, in order, none missing. Without --head it says "consistent; not anchored",
      since anyone can write a consistent chain; --head takes the hash that Vaultify: Verify
      audit trail shows, and the trail must then reach it. Exit 0: consistent (anchored or not,
      as printed). 1: broken, naming the first bad record. 2: FILE cannot be read.
`;

export const auditCommand: Subcommand = {
  usage: AUDIT_USAGE,
  async run(args, ctx) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        head: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.io.stdout(`Usage:\n${AUDIT_USAGE}`);
      return 0;
    }
    const [action, file, ...extra] = positionals;
    if (action !== 'verify')
      throw new UsageError(`unknown audit action ${action === undefined ? '(none)' : `"${action}"`}: use "audit verify FILE"`);
    if (extra.length) throw new UsageError('audit verify takes one FILE');
    return runAuditVerify(file, ctx.io, values.json, values.head);
  },
};
