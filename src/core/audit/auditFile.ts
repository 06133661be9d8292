import { constants } from 'node:fs';
import { mkdir, open, readFile, readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { AuditRecord } from './auditRecord';
import type { Segment } from './auditVerify';

const SEGMENT = /^audit-(\d{6})\.jsonl$/;

/** A segment's file name: numbered, so that name order is chain order. */
export function segmentName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/**
 * The trail on disk: JSONL segments in one folder. A record goes to the newest segment; once that
 * holds `maxSegmentBytes` or more the next record starts a new one, whose first `prev` is the
 * last hash of the one before, so the segments chain. Files are created owner-only.
 */
export class AuditFile {
  constructor(
    readonly dir: string,
    private readonly maxSegmentBytes = 8 * 1024 * 1024,
  ) {}

  async segmentFiles(): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return names
      .filter((n) => SEGMENT.test(n))
      .sort()
      .map((n) => path.join(this.dir, n));
  }

  /** Appends one record as one write, synced to disk before it returns. */
  async append(record: AuditRecord): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const files = await this.segmentFiles();
    let target = files[files.length - 1];
    if (!target || (await stat(target)).size >= this.maxSegmentBytes) {
      const index = target ? Number(SEGMENT.exec(path.basename(target))![1]) + 1 : 1;
      target = path.join(this.dir, segmentName(index));
    }
    const handle = await open(target, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
    try {
      await handle.appendFile(`${JSON.stringify(record)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async segments(): Promise<Segment[]> {
    const files = await this.segmentFiles();
    return Promise.all(files.map(async (file) => ({ file, text: await readFile(file, 'utf8') })));
  }

  /** Every record that parses, in order: for viewing. Verification reads the text itself. */
  async records(): Promise<AuditRecord[]> {
    const found: AuditRecord[] = [];
    for (const { text } of await this.segments()) {
      for (const line of text.split('\n')) {
        if (!line) continue;
        try {
          found.push(JSON.parse(line) as AuditRecord);
        } catch {
          // A broken line is Verify's to report; the view shows the records around it.
        }
      }
    }
    return found;
  }
}

/** A file or a folder of segments, as the CLI is given it. */
export async function readSegments(target: string): Promise<Segment[]> {
  const info = await stat(target);
  if (info.isDirectory()) return new AuditFile(target).segments();
  return [{ file: target, text: await readFile(target, 'utf8') }];
}
