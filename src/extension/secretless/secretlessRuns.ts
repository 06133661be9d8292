import * as vscode from 'vscode';
import type { AuditEntry, AuditSecret } from '../../core/audit';
import { endpointDirectory } from '../../core/agents/endpointLocation';
import type { Requester } from '../../core/policy';
import {
  type CoverageResult,
  PlaceholderError,
  type ReleasedValue,
  type SecretlessRun,
  SecretlessSession,
  checkCoverage,
  wireSwapEntry,
} from '../../core/secretless';
import { UserError } from '../userError';

export type { SecretlessRun } from '../../core/secretless';

/** A released secret on its way to a process; `hosts` makes it secretless. */
export interface DeliveredSecret extends ReleasedValue {
  /** The scope id, for the wire records. */
  scope: string;
}

/**
 * The window's secretless delivery: the core session (one certificate authority and one injecting
 * proxy, started on the first run that needs them, in this extension host, beside the values),
 * with every exchange that carried a value audited as its run's requester.
 */
export class SecretlessRuns implements vscode.Disposable {
  private readonly session: SecretlessSession;
  private readonly runs = new Map<string, { requester: Requester; secrets: AuditSecret[] }>();

  constructor(
    record: (entry: AuditEntry) => Promise<unknown>,
    private readonly log: (line: string) => void,
    extraCaFiles: () => readonly string[],
    session: string,
  ) {
    this.session = new SecretlessSession({
      directory: endpointDirectory(),
      session,
      extraCaFiles,
      log,
      onSwap: (swap) => {
        const run = this.runs.get(swap.run);
        if (!run) return;
        record(wireSwapEntry(swap, run.requester, run.secrets)).catch((error: unknown) =>
          this.log(`Could not record a wire swap: ${error instanceof Error ? error.message : String(error)}`),
        );
      },
    });
  }

  /**
   * Opens a run for released secrets. A secret with hosts gets a placeholder and its value goes to
   * the proxy; one without keeps environment delivery. A value no placeholder can stand for is
   * refused with its name, never delivered in the environment instead: that would widen it.
   */
  async open(secrets: readonly DeliveredSecret[], requester: Requester, base: NodeJS.ProcessEnv = process.env): Promise<SecretlessRun> {
    let run: SecretlessRun;
    try {
      run = await this.session.open(secrets, base);
    } catch (error) {
      if (error instanceof PlaceholderError) throw new UserError(error.message);
      throw error;
    }
    const id = run.id;
    if (id === undefined) return run;
    this.runs.set(id, {
      requester,
      secrets: secrets.filter((s) => s.hosts?.length).map((s) => ({ name: s.name, scope: s.scope })),
    });
    return {
      ...run,
      close: () => {
        run.close();
        this.runs.delete(id);
      },
    };
  }

  /** Runs each client found here against a loopback endpoint bound to a throwaway token, through a real run. */
  async checkCoverage(requester: Requester): Promise<CoverageResult[]> {
    const results = await checkCoverage(
      await this.session.certificateAuthority(),
      async (secret) => {
        const run = await this.open([{ ...secret, scope: 'global' }], requester);
        return { environment: run.environment, placeholder: run.delivered.get(secret.name) ?? '', close: () => run.close() };
      },
      process.env,
    );
    for (const r of results)
      this.log(`proxy coverage: ${r.tool} ${r.ok ? 'honours the proxy and the trust bundle' : `does not: ${r.reason}`}`);
    return results;
  }

  dispose(): void {
    void this.session.close();
  }
}
