import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AuditRecord } from '../../../src/core/audit';
import { vaultifyApi } from './extensionApi';

export type ApprovalAnswer = 'allow-once' | 'allow-session' | 'deny';

/**
 * Answers the approval prompt of driven releases, and every confirmation modal, from now on
 * (VAULTIFY_TEST_APPROVAL, read by the extension's TestHooks each time a modal would show).
 */
export function answerApprovals(answer: ApprovalAnswer | undefined): void {
  if (answer === undefined) delete process.env.VAULTIFY_TEST_APPROVAL;
  else process.env.VAULTIFY_TEST_APPROVAL = answer;
}

/** Moves the broker's clock forward (VAULTIFY_TEST_CLOCK_OFFSET_MS, ExtensionMode.Test only). */
export function advanceClock(ms: number): void {
  if (ms) process.env.VAULTIFY_TEST_CLOCK_OFFSET_MS = String(ms);
  else delete process.env.VAULTIFY_TEST_CLOCK_OFFSET_MS;
}

/** Where the running extension keeps its audit trail. */
export async function auditDir(): Promise<string> {
  return (await vaultifyApi()).auditDir;
}

export function segmentFiles(dir: string): string[] {
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((n) => /^audit-\d{6}\.jsonl$/.test(n))
        .sort()
        .map((n) => path.join(dir, n))
    : [];
}

/** Every record of the trail, as written. */
export function auditRecords(dir: string): AuditRecord[] {
  return segmentFiles(dir).flatMap((file) =>
    fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as AuditRecord),
  );
}
