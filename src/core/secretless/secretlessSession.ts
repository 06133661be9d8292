import { ensurePrivateDirectory } from '../agents/endpointLocation';
import { envVarName } from '../envfile/envVarName';
import { CertificateAuthority } from './certificateAuthority';
import { type HostEntry, formatHostEntry, parseHostEntries } from './hostEntry';
import { InjectingProxy, type RunSecret, type WireSwap } from './injectingProxy';
import { PlaceholderError, makePlaceholder } from './placeholder';
import { type GitCredential, secretlessEnvironment } from './runEnvironment';
import { machineTrustPems, removeTrustBundle, trustBundleText, writeTrustBundle } from './trustBundle';

/** A released value on its way to a process; `hosts` makes it secretless. */
export interface ReleasedValue {
  name: string;
  value: string;
  hosts?: readonly string[];
  /** The variable that holds it in the process, for git's credential helper; by default the name's (`svc/token` → `SVC_TOKEN`). */
  variable?: string;
}

/** What a process gets: each secret's value or placeholder by name, and the proxy's variables. */
export interface SecretlessRun {
  /** The proxy run's id, as its wire swaps name it; absent when no secret has hosts. */
  id?: string;
  /** Name → what the process holds under it: the value for environment delivery, else a placeholder. */
  delivered: ReadonlyMap<string, string>;
  /** The proxy variables and the trust bundle; empty when no secret has hosts. */
  environment: Record<string, string>;
  /** Ends the run's proxy credentials and its open connections. */
  close(): void;
}

export interface SecretlessSessionOptions {
  /** The 0700 per-user folder the trust bundle (CA certificate and machine CAs, never a key) is written to. */
  directory: string;
  /** Names the trust bundle file: one per session. */
  session: string;
  /** CA files trusted upstream besides what this machine trusts (a corporate proxy's). */
  extraCaFiles: () => readonly string[];
  onSwap: (swap: WireSwap) => void;
  log: (line: string) => void;
}

interface Started {
  ca: CertificateAuthority;
  proxy: InjectingProxy;
  bundle: string;
}

/**
 * One process's secretless delivery: a certificate authority whose key never leaves memory and
 * one injecting proxy, started on the first run that needs them, in the process that holds the
 * values (the extension host, or the `vaultify` CLI for its child). Each run gets its own proxy
 * credentials and fresh placeholders.
 */
export class SecretlessSession {
  private started: Promise<Started> | undefined;

  constructor(private readonly options: SecretlessSessionOptions) {}

  private start(): Promise<Started> {
    this.started ??= (async () => {
      const ca = await CertificateAuthority.create();
      await ensurePrivateDirectory(this.options.directory);
      const trust = machineTrustPems(this.options.extraCaFiles());
      const bundle = await writeTrustBundle(this.options.directory, this.options.session, trustBundleText(ca.certificatePem, trust));
      const proxy = await InjectingProxy.start({
        ca,
        // Its own CA too: the coverage check's loopback endpoint has a leaf of it.
        upstreamCaPems: [...trust, ca.certificatePem],
        onSwap: this.options.onSwap,
        log: (line) => this.options.log(`secretless proxy: ${line}`),
      });
      return { ca, proxy, bundle };
    })();
    this.started.catch(() => (this.started = undefined));
    return this.started;
  }

  /** The session's certificate authority (the coverage check signs its endpoint with it). */
  async certificateAuthority(): Promise<CertificateAuthority> {
    return (await this.start()).ca;
  }

  /**
   * Opens a run for released values. A value with hosts gets a placeholder and goes to the proxy;
   * one without keeps environment delivery. A value no placeholder can stand for is refused with
   * its name (`PlaceholderError`), never delivered in the environment instead: that would widen it.
   */
  async open(secrets: readonly ReleasedValue[], base: NodeJS.ProcessEnv = process.env): Promise<SecretlessRun> {
    const delivered = new Map<string, string>();
    const bound: RunSecret[] = [];
    const gitCredentials: GitCredential[] = [];
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
          throw new PlaceholderError(
            `"${secret.name}" is bound to hosts, but ${error.message}. Remove its hosts to deliver it in the environment. Nothing was run.`,
          );
        throw error;
      }
      delivered.set(secret.name, placeholder);
      bound.push({ name: secret.name, value: secret.value, placeholder, hosts });
      for (const entry of hosts)
        if (!gitCredentials.some((c) => formatHostEntry(c.entry) === formatHostEntry(entry)))
          gitCredentials.push({ entry, variable: secret.variable ?? envVarName(secret.name) });
    }
    if (bound.length === 0) return { delivered, environment: {}, close: () => undefined };
    const { proxy, bundle } = await this.start();
    const run = proxy.openRun(bound);
    const environment = secretlessEnvironment({
      proxyUrl: run.url,
      bundlePath: bundle,
      hosts: bound.flatMap((b): HostEntry[] => [...b.hosts]),
      gitCredentials,
      base,
    });
    return { id: run.id, delivered, environment, close: () => run.close() };
  }

  /** Stops the proxy and removes the trust bundle. */
  async close(): Promise<void> {
    const started = this.started;
    this.started = undefined;
    const running = await started?.catch(() => undefined);
    if (!running) return;
    await running.proxy.close();
    await removeTrustBundle(running.bundle);
  }
}
