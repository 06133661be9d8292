import { type AuditRecord, GENESIS, hashMatches, recordMac } from './auditRecord';

export type ChainProblem = 'malformed' | 'edited' | 'unsealed' | 'removed' | 'reordered' | 'truncated' | 'unanchored' | 'head-missing';

export interface BadRecord {
  problem: ChainProblem;
  /** The record's sequence number where it can be told, else the one expected there. */
  seq: number;
  /** The segment file and 1-based line, where a line is to blame. */
  file?: string;
  line?: number;
  message: string;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  /** The record a head vouched for (the last one, or an earlier one when records came after the head was copied). */
  anchoredAt?: number;
  /** Whether each record's seal was checked with the install's key. */
  keyChecked: boolean;
  firstBad?: BadRecord;
}

/** One segment's text, in chain order. */
export interface Segment {
  file: string;
  text: string;
}

/**
 * What vouches for the end of a chain: the head SecretStorage keeps (its seq and hash), or a hash
 * a person copied from there (`vaultify audit verify --head HASH`).
 */
export interface ChainAnchor {
  seq?: number;
  hash: string;
}

/** The command line that checks a copy of a trail against its head: the folder as one POSIX shell word. */
export function verifyCommand(head: string, dir: string): string {
  const word = /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, `'\\''`)}'`;
  return `vaultify audit verify --head ${head} ${word}`;
}

export interface VerifyOptions {
  head?: ChainAnchor;
  /** The install's key: every version 2 record's seal is checked with it. */
  key?: string;
}

function parse(line: string): AuditRecord | undefined {
  try {
    const record = JSON.parse(line) as AuditRecord;
    const fine =
      record !== null &&
      typeof record === 'object' &&
      Number.isInteger(record.seq) &&
      typeof record.ts === 'string' &&
      typeof record.event === 'string' &&
      typeof record.prev === 'string' &&
      typeof record.hash === 'string' &&
      (record.v === undefined || (record.v === 2 && typeof record.mac === 'string')) &&
      Array.isArray(record.secrets) &&
      typeof record.requester === 'object';
    return fine ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a trail, segment by segment: every line a record, every hash its record's, every `prev`
 * the hash before it and every `seq` one more than the last. Version 1 records (before seals)
 * may only come before the first sealed one.
 *
 * - With the key, every seal is checked too: a trail rewritten by anyone without the key fails,
 *   head or no head.
 * - With a head, the trail must start at the first record and reach the head, so a truncated
 *   trail and an edited last record show. A head with its seq (SecretStorage's) must be the last
 *   record; a hash alone may be an earlier one, since records written after it was copied are
 *   expected.
 * - Without either, what is checked is consistency only: anyone can write a consistent chain,
 *   so the result says `anchoredAt` undefined and `keyChecked` false, and a trail that starts
 *   mid-way (a later segment alone) is taken from its first record.
 */
export function verifyChain(segments: readonly Segment[], options: VerifyOptions = {}): VerifyResult {
  const { head, key } = options;
  let records = 0;
  let anchoredAt: number | undefined;
  let sealedSeen = false;
  let last: { seq: number; hash: string } | undefined = head ? { seq: 0, hash: GENESIS } : undefined;
  const result = (firstBad?: BadRecord): VerifyResult => ({
    ok: !firstBad,
    records,
    ...(anchoredAt !== undefined && { anchoredAt }),
    keyChecked: key !== undefined,
    ...(firstBad && { firstBad }),
  });
  for (const { file, text } of segments) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const at = { file, line: i + 1 };
      const expected = (last?.seq ?? 0) + 1;
      const record = parse(lines[i]);
      if (!record)
        return result({ problem: 'malformed', seq: expected, ...at, message: `line ${i + 1} of ${file} is not an audit record` });
      if (!hashMatches(record))
        return result({ problem: 'edited', seq: record.seq, ...at, message: `record ${record.seq} was changed after it was written` });
      if (record.mac === undefined && sealedSeen)
        return result({
          problem: 'unsealed',
          seq: record.seq,
          ...at,
          message: `record ${record.seq} has no seal, yet follows sealed records: it was written by something other than Vaultify`,
        });
      if (record.mac !== undefined) {
        sealedSeen = true;
        if (key !== undefined && record.mac !== recordMac(key, record.hash)) {
          return result({
            problem: 'unsealed',
            seq: record.seq,
            ...at,
            message: `record ${record.seq} is not sealed with this install's key: it was written or rewritten without it`,
          });
        }
      }
      if (last) {
        if (record.seq < expected)
          return result({ problem: 'reordered', seq: record.seq, ...at, message: `record ${record.seq} comes after record ${last.seq}` });
        if (record.seq > expected)
          return result({
            problem: 'removed',
            seq: expected,
            ...at,
            message: `record${record.seq - expected > 1 ? `s ${expected}–${record.seq - 1} are` : ` ${expected} is`} missing before record ${record.seq}`,
          });
        if (record.prev !== last.hash)
          return result({
            problem: 'edited',
            seq: last.seq,
            ...at,
            message: `record ${record.seq} does not follow record ${last.seq}: one of them was changed or replaced`,
          });
      }
      last = { seq: record.seq, hash: record.hash };
      records++;
      if (head?.seq !== undefined) {
        if (record.seq === head.seq && record.hash !== head.hash) {
          return result({
            problem: 'edited',
            seq: record.seq,
            ...at,
            message: `record ${record.seq} is not the one the chain head in SecretStorage sealed`,
          });
        }
        if (record.seq > head.seq) {
          return result({
            problem: 'unanchored',
            seq: record.seq,
            ...at,
            message: `record ${record.seq} is beyond the chain head (${head.seq}) kept in SecretStorage`,
          });
        }
      }
      if (head && record.hash === head.hash) anchoredAt = record.seq;
    }
  }
  if (head?.seq !== undefined && (last?.seq ?? 0) < head.seq) {
    return result({
      problem: 'truncated',
      seq: (last?.seq ?? 0) + 1,
      message: `the trail ends at record ${last?.seq ?? 0}, but the chain head in SecretStorage is record ${head.seq}: records were removed from the end`,
    });
  }
  if (head?.seq === 0 && head.hash === GENESIS) anchoredAt = 0;
  if (head && anchoredAt === undefined) {
    return result({
      problem: 'head-missing',
      seq: (last?.seq ?? 0) + 1,
      message: `no record in the trail has the head hash ${head.hash}: records were removed from the end, or the trail was rewritten`,
    });
  }
  return result();
}
