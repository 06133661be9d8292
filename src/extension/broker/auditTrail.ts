import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  AuditFile,
  type AuditEntry,
  type AuditRecord,
  type ChainHead,
  GENESIS,
  type VerifyResult,
  sealRecord,
  valueFingerprint,
  verifyChain,
  verifyCommand,
} from '../../core/audit';
import { UserError } from '../userError';
import type { VaultChange } from '../vault/vault';

const HEAD_KEY = 'vaultify/v1/audit/head';
const HMAC_KEY = 'vaultify/v1/audit/key';

/** A record could not be written: the release it was for does not happen. */
export class AuditWriteError extends UserError {}

/**
 * Masks free text before it goes into a record: every vaulted value (every scope, retired ones
 * too) and every credential the detector recognises. Returns the texts in the same order.
 */
export type AuditTextMask = (texts: readonly string[]) => Promise<string[]>;

/** What the trail shows of its end: the head, and the command line that checks a copy of the trail against it. */
export interface AuditVerification extends VerifyResult {
  head: string;
  command: string;
}

/**
 * The audit trail: hash-chained JSONL segments in the extension's global storage, with the chain
 * head and the install's key in SecretStorage. Each record is sealed with an HMAC under that key,
 * and its command line, folder, requester label and purpose are masked first. Appends run one at
 * a time, in order: the record reaches the disk first, then the head moves. When any step fails,
 * `record` throws AuditWriteError and the caller releases nothing.
 */
export class AuditTrail {
  private readonly file: AuditFile;
  private queue: Promise<unknown> = Promise.resolve();
  private key?: Promise<string>;

  constructor(
    private readonly secrets: vscode.SecretStorage,
    readonly dir: string,
    maxSegmentBytes: number,
    private readonly log: vscode.LogOutputChannel,
    private readonly mask: AuditTextMask,
  ) {
    this.file = new AuditFile(dir, maxSegmentBytes);
  }

  /** The per-install HMAC key, made on first use. */
  private hmacKey(): Promise<string> {
    this.key ??= (async () => {
      const stored = await this.secrets.get(HMAC_KEY);
      if (stored) return stored;
      const made = randomBytes(32).toString('hex');
      await this.secrets.store(HMAC_KEY, made);
      return made;
    })();
    this.key.catch(() => (this.key = undefined));
    return this.key;
  }

  async fingerprint(value: string): Promise<string> {
    return valueFingerprint(await this.hmacKey(), value);
  }

  private async head(): Promise<ChainHead> {
    const stored = await this.secrets.get(HEAD_KEY);
    return stored ? (JSON.parse(stored) as ChainHead) : { seq: 0, hash: GENESIS };
  }

  /** The entry with its free text masked: a value typed into a command line never reaches the disk. */
  private async masked(entry: AuditEntry): Promise<AuditEntry> {
    const fields = (['command', 'cwd', 'purpose'] as const).filter((field) => entry[field] !== undefined);
    const [label, ...texts] = await this.mask([entry.requester.label, ...fields.map((field) => entry[field]!)]);
    const result: AuditEntry = { ...entry, requester: { ...entry.requester, label } };
    fields.forEach((field, i) => (result[field] = texts[i]));
    return result;
  }

  /** Appends one record after the head in SecretStorage; throws AuditWriteError when it cannot. */
  record(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.queue.then(async () => {
      try {
        const record = sealRecord(await this.masked(entry), await this.head(), new Date(), await this.hmacKey());
        await this.file.append(record);
        await this.secrets.store(HEAD_KEY, JSON.stringify({ seq: record.seq, hash: record.hash }));
        return record;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.log.error(`Could not write the audit trail: ${reason}`);
        throw new AuditWriteError(`Vaultify could not write its audit trail (${reason}), so nothing was released.`);
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Records a vault change. The change has happened either way, so a failure is logged and shown, not thrown. */
  async recordChange(change: VaultChange): Promise<void> {
    try {
      const secrets = await Promise.all(
        change.secrets.map(async ({ name, scope, value }) => ({
          name,
          scope,
          ...(value !== undefined && { fingerprint: await this.fingerprint(value) }),
        })),
      );
      await this.record({
        event: change.event,
        requester: change.requester,
        secrets,
        ...(change.newName !== undefined && { newName: change.newName }),
        ...(change.purpose !== undefined && { purpose: change.purpose }),
      });
    } catch (error) {
      void vscode.window.showWarningMessage(
        `Vaultify: the ${change.event} of ${change.secrets.map((s) => `"${s.name}"`).join(', ')} is not in the audit trail: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Checks the whole trail against the head in SecretStorage and every seal with the key, and
   * says how to check a copy of it from the command line against the same head.
   */
  async verify(): Promise<AuditVerification> {
    await this.queue;
    const head = await this.head();
    const result = verifyChain(await this.file.segments(), { head, key: await this.hmacKey() });
    return { ...result, head: head.hash, command: verifyCommand(head.hash, this.dir) };
  }

  async records(): Promise<AuditRecord[]> {
    await this.queue;
    return this.file.records();
  }
}
