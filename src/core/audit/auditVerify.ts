import { type AuditRecord, type ChainHead, GENESIS, hashMatches } from './auditRecord';

export type ChainProblem = 'malformed' | 'edited' | 'removed' | 'reordered' | 'truncated' | 'unanchored';

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
  firstBad?: BadRecord;
}

/** One segment's text, in chain order. */
export interface Segment {
  file: string;
  text: string;
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
      Array.isArray(record.secrets) &&
      typeof record.requester === 'object';
    return fine ? record : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks a trail, segment by segment: every line a record, every hash its record's, every `prev`
 * the hash before it and every `seq` one more than the last. With the head from SecretStorage it
 * also tells a truncated trail (records missing at the end) and an edited last record. Without
 * one, it checks structure only, and a trail that starts mid-way (a later segment alone) is taken
 * from its first record.
 */
export function verifyChain(segments: readonly Segment[], head?: ChainHead): VerifyResult {
  let records = 0;
  let last: ChainHead | undefined = head ? { seq: 0, hash: GENESIS } : undefined;
  const bad = (firstBad: BadRecord): VerifyResult => ({ ok: false, records, firstBad });
  for (const { file, text } of segments) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const at = { file, line: i + 1 };
      const expected = (last?.seq ?? 0) + 1;
      const record = parse(lines[i]);
      if (!record) return bad({ problem: 'malformed', seq: expected, ...at, message: `line ${i + 1} of ${file} is not an audit record` });
      if (!hashMatches(record)) return bad({ problem: 'edited', seq: record.seq, ...at, message: `record ${record.seq} was changed after it was written` });
      if (last) {
        if (record.seq < expected) return bad({ problem: 'reordered', seq: record.seq, ...at, message: `record ${record.seq} comes after record ${last.seq}` });
        if (record.seq > expected) return bad({ problem: 'removed', seq: expected, ...at, message: `record${record.seq - expected > 1 ? `s ${expected}–${record.seq - 1} are` : ` ${expected} is`} missing before record ${record.seq}` });
        if (record.prev !== last.hash) return bad({ problem: 'edited', seq: last.seq, ...at, message: `record ${record.seq} does not follow record ${last.seq}: one of them was changed or replaced` });
      }
      last = { seq: record.seq, hash: record.hash };
      records++;
      if (head && record.seq === head.seq && record.hash !== head.hash) {
        return bad({ problem: 'edited', seq: record.seq, ...at, message: `record ${record.seq} is not the one the chain head in SecretStorage sealed` });
      }
      if (head && record.seq > head.seq) {
        return bad({ problem: 'unanchored', seq: record.seq, ...at, message: `record ${record.seq} is beyond the chain head (${head.seq}) kept in SecretStorage` });
      }
    }
  }
  if (head && (last?.seq ?? 0) < head.seq) {
    return bad({ problem: 'truncated', seq: (last?.seq ?? 0) + 1, message: `the trail ends at record ${last?.seq ?? 0}, but the chain head in SecretStorage is record ${head.seq}: records were removed from the end` });
  }
  return { ok: true, records };
}
