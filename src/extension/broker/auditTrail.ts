import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { AuditFile, type AuditEntry, type AuditRecord, type ChainHead, GENESIS, type VerifyResult, sealRecord, valueFingerprint, verifyChain } from '../../core/audit';
import type { Requester } from '../../core/policy';
import { UserError } from '../vaultify/userError';

const HEAD_KEY = 'vaultify/v1/audit/head';
const HMAC_KEY = 'vaultify/v1/audit/key';

/** A record could not be written: the release it was for does not happen. */
export class AuditWriteError extends UserError {}

/** A change to the vault, as the vault reports it for the trail. Values are fingerprinted, never written. */
export interface VaultChange {
  event: 'store' | 'rotate' | 'rename' | 'delete';
  requester: Requester;
  secrets: { name: string; scope: string; value?: string }[];
  newName?: string;
}

/**
 * The audit trail: hash-chained JSONL segments in the extension's global storage, with the chain
 * head and the fingerprint key in SecretStorage. Appends run one at a time, in order: the record
 * reaches the disk first, then the head moves. When either fails, `record` throws AuditWriteError
 * and the caller releases nothing.
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

  /** Appends one record after the head in SecretStorage; throws AuditWriteError when it cannot. */
  record(entry: AuditEntry): Promise<AuditRecord> {
    const run = this.queue.then(async () => {
      try {
        const record = sealRecord(entry, await this.head(), new Date());
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
        change.secrets.map(async ({ name, scope, value }) => ({ name, scope, ...(value !== undefined && { fingerprint: await this.fingerprint(value) }) })),
      );
      await this.record({ event: change.event, requester: change.requester, secrets, ...(change.newName !== undefined && { newName: change.newName }) });
    } catch (error) {
      void vscode.window.showWarningMessage(`Vaultify: the ${change.event} of ${change.secrets.map((s) => `"${s.name}"`).join(', ')} is not in the audit trail: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Checks the whole trail against the head in SecretStorage. */
  async verify(): Promise<VerifyResult> {
    await this.queue;
    return verifyChain(await this.file.segments(), await this.head());
  }

  async records(): Promise<AuditRecord[]> {
    await this.queue;
    return this.file.records();
  }
}
