import * as vscode from 'vscode';
import type { AuditEntry, AuditSecret } from '../../core/audit';
import { endpointDirectory, ensurePrivateDirectory } from '../../core/agents/endpointLocation';
import type { Requester } from '../../core/policy';
import {
  CertificateAuthority,
  type CoverageResult,
  checkCoverage,
  type HostEntry,
  InjectingProxy,
  PlaceholderError,
  type RunSecret,
  machineTrustPems,
  formatHostEntry,
  makePlaceholder,
  parseHostEntries,
  removeTrustBundle,
  secretlessEnvironment,
  trustBundleText,
  wireSwapEntry,
  writeTrustBundle,
} from '../../core/secretless';
import { envVarName } from '../../core/envfile/envVarName';
import { UserError } from '../userError';

/** A released secret on its way to a process; `hosts` makes it secretless. */
export interface DeliveredSecret {
  name: string;
  value: string;
  hosts?: readonly string[];
  /** The scope id, for the wire records. */
  scope: string;
}

/** What a process gets: each secret's value or placeholder by name, and the proxy's variables. */
export interface SecretlessRun {
  /** Name → what the process holds under it: the value for environment delivery, else a placeholder. */
  delivered: ReadonlyMap<string, string>;
  /** The proxy variables and the trust bundle; empty when no secret has hosts. */
  environment: Record<string, string>;
  /** Ends the run's proxy credentials and its open connections. */
  close(): void;
}

interface WindowProxy {
  ca: CertificateAuthority;
  proxy: InjectingProxy;
  bundle: string;
}

/**
 * The window's secretless delivery: one certificate authority and one injecting proxy, started on
 * the first run that needs them, in this extension host, beside the values. Each run gets its own
 * proxy credentials and fresh placeholders; every exchange that carried a value is audited.
 */
export class SecretlessRuns implements vscode.Disposable {
  private started: Promise<WindowProxy> | undefined;
  private readonly runs = new Map<string, { requester: Requester; secrets: AuditSecret[] }>();

  constructor(
    private readonly record: (entry: AuditEntry) => Promise<unknown>,
    private readonly log: (line: string) => void,
    private readonly extraCaFiles: () => readonly string[],
    private readonly session: string,
  ) {}

  private windowProxy(): Promise<WindowProxy> {
    this.started ??= (async () => {
      const ca = await CertificateAuthority.create();
      const dir = endpointDirectory();
      await ensurePrivateDirectory(dir);
      const trust = machineTrustPems(this.extraCaFiles());
      const bundle = await writeTrustBundle(dir, this.session, trustBundleText(ca.certificatePem, trust));
      const proxy = await InjectingProxy.start({
        ca,
        // Its own CA too: the coverage check's loopback endpoint has a leaf of it.
        upstreamCaPems: [...trust, ca.certificatePem],
        onSwap: (swap) => {
          const run = this.runs.get(swap.run);
          if (!run) return;
          this.record(wireSwapEntry(swap, run.requester, run.secrets)).catch((error: unknown) =>
            this.log(`Could not record a wire swap: ${error instanceof Error ? error.message : String(error)}`),
          );
        },
        log: (line) => this.log(`secretless proxy: ${line}`),
      });
      return { ca, proxy, bundle };
    })();
    this.started.catch(() => (this.started = undefined));
    return this.started;
  }

  /**
   * Opens a run for released secrets. A secret with hosts gets a placeholder and its value goes to
   * the proxy; one without keeps environment delivery. A value no placeholder can stand for is
   * refused with its name, never delivered in the environment instead: that would widen it.
   */
  async open(secrets: readonly DeliveredSecret[], requester: Requester, base: NodeJS.ProcessEnv = process.env): Promise<SecretlessRun> {
    const delivered = new Map<string, string>();
    const bound: RunSecret[] = [];
    const gitCredentials: { entry: HostEntry; variable: string }[] = [];
    for (const secret of secrets) {
      const hosts = parseHostEntries(secret.hosts ?? []).entries;
      if (hosts.length === 0) {
        delivered.set(secret.name, secret.value);
        continue;
      }
      let placeholder: string;
      try {
        placeholder = makePlaceholder(secret.value);
      } catch (error) {
        if (error instanceof PlaceholderError)
          throw new UserError(
            `"${secret.name}" is bound to hosts, but ${error.message}. Remove its hosts to deliver it in the environment. Nothing was run.`,
          );
        throw error;
      }
      delivered.set(secret.name, placeholder);
      bound.push({ name: secret.name, value: secret.value, placeholder, hosts });
      for (const entry of hosts)
        if (!gitCredentials.some((c) => formatHostEntry(c.entry) === formatHostEntry(entry)))
          gitCredentials.push({ entry, variable: envVarName(secret.name) });
    }
    if (bound.length === 0) return { delivered, environment: {}, close: () => undefined };
    const { proxy, bundle } = await this.windowProxy();
    const run = proxy.openRun(bound);
    this.runs.set(run.id, {
      requester,
      secrets: secrets.filter((s) => bound.some((b) => b.name === s.name)).map((s) => ({ name: s.name, scope: s.scope })),
    });
    const environment = secretlessEnvironment({
      proxyUrl: run.url,
      bundlePath: bundle,
      hosts: bound.flatMap((b) => b.hosts),
      gitCredentials,
      base,
    });
    return {
      delivered,
      environment,
      close: () => {
        run.close();
        this.runs.delete(run.id);
      },
    };
  }

  /** Runs each client found here against a loopback endpoint bound to a throwaway token, through a real run. */
  async checkCoverage(requester: Requester): Promise<CoverageResult[]> {
    const { ca } = await this.windowProxy();
    const results = await checkCoverage(
      ca,
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
    const started = this.started;
    this.started = undefined;
    void started?.then(async ({ proxy, bundle }) => {
      await proxy.close();
      await removeTrustBundle(bundle);
    });
  }
}
