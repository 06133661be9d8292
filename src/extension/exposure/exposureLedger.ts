import * as vscode from 'vscode';
import type { ExposureFinding } from '../../core/exposure/exposureFinding';
import { type ExposureRecord, closeExposures, openExposures, recordExposures } from '../../core/exposure/exposureRecords';

const RECORDS_KEY = 'vaultify.v1.exposures';

/**
 * Where each secret was seen, kept in globalState as names, places and dates only. Light on
 * purpose: the Vault view reads it at activation, long before an exposure check is loaded.
 */
export class ExposureLedger implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The open records, of one secret or of all. */
  open(name?: string): ExposureRecord[] {
    return openExposures(this.records(), name);
  }

  async add(findings: readonly ExposureFinding[]): Promise<void> {
    if (!findings.length) return;
    await this.state.update(RECORDS_KEY, recordExposures(this.records(), findings, Date.now()));
    this.changed.fire();
  }

  /** Rotation closes a secret's exposures: the value seen there is no longer the live one. */
  async close(name: string): Promise<void> {
    await this.state.update(RECORDS_KEY, closeExposures(this.records(), name, Date.now()));
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  private records(): ExposureRecord[] {
    return this.state.get<ExposureRecord[]>(RECORDS_KEY, []);
  }
}
