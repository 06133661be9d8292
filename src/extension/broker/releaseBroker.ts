import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import type { AuditSecret } from '../../core/audit';
import {
  type AccessPolicy,
  type Grant,
  type GrantDuration,
  type ReleaseChannel,
  type ReleaseRequest,
  type Requester,
  decide,
  deliveryWords,
  effectivePolicy,
  grantExpiry,
  grantFor,
  touched,
} from '../../core/policy';
import { narrowToAllowedHosts } from '../../core/secretless/workspaceHosts';
import { type SecretMetadata, UntrustedWorkspaceError, type Vault } from '../vault/vault';
import { GLOBAL_SCOPE, type ScopeKind, scopeKindOfId } from '../vault/vaultScope';
import { UserError } from '../userError';
import { type AuditTrail, AuditWriteError } from './auditTrail';
import type { GrantStore } from './grantStore';
import { runFileStates } from './runFileStates';

/** A secret asked for: by name, optionally in one scope, and where it was named (a .env file) for the prompt. */
export interface RequestedSecret {
  name: string;
  scope?: ScopeKind;
  source?: string;
}

/** One release through the seam. Agents pass `channel: 'process'` with the command and folder they run. */
export interface BrokerRequest {
  requester: Requester;
  secrets: RequestedSecret[];
  purpose: string;
  /** Where the values go; default `process`. */
  channel?: ReleaseChannel;
  command?: string;
  cwd?: string;
}

export interface ReleasedSecret {
  name: string;
  scope: ScopeKind;
  value: string;
  /** The hosts the value is bound to: a process gets a placeholder, the value goes only on the wire to them. */
  hosts?: string[];
}

/** A run that received released values has ended: its record in the trail. */
export interface RunRecord {
  requester: Requester;
  secrets: { name: string; scope: ScopeKind }[];
  /** The command line as run; the trail masks it. */
  command?: string;
  cwd?: string;
  exitCode?: number;
  maskedCount: number;
  purpose?: string;
}

/** What an agent may know of a secret: never its value. */
export interface SecretListing {
  name: string;
  kind?: string;
  scope: ScopeKind;
  environment?: string;
  policy: AccessPolicy;
  expires?: string;
}

/** A release was refused: by policy, by the user, or because it could not be recorded. */
export class ReleaseDeniedError extends UserError {}

/**
 * The one seam every release goes through: reveal, clipboard, restore and process environments.
 * A person's own action is its own approval; a driven command or an agent needs a grant, asked
 * for in a modal unless a live one covers the request. The record goes to the audit trail before
 * the value is returned: if it cannot be written, nothing is released.
 */
export class ReleaseBroker {
  constructor(
    private readonly vault: Vault,
    private readonly grants: GrantStore,
    private readonly audit: AuditTrail,
    private readonly ask: (
      request: ReleaseRequest,
      choices: readonly GrantDuration[],
      sources: ReadonlyMap<string, string>,
      changed: readonly string[],
    ) => Promise<GrantDuration | undefined>,
    private readonly now: () => number,
    /** The host entries the workspace folder of `cwd` allows (`secretless.allowedHosts`); empty: no narrowing. */
    private readonly allowedHosts: (cwd: string | undefined) => readonly string[],
  ) {}

  async release(request: BrokerRequest): Promise<ReleasedSecret[]> {
    try {
      return await this.releaseRecorded(request);
    } catch (error) {
      // A driven caller gets the error, but the user must hear that a release failed closed too.
      if (error instanceof AuditWriteError && request.requester.kind !== 'person') void vscode.window.showErrorMessage(error.message);
      throw error;
    }
  }

  private async releaseRecorded(request: BrokerRequest): Promise<ReleasedSecret[]> {
    if (!request.secrets.length) return [];
    if (!vscode.workspace.isTrusted) throw new UntrustedWorkspaceError(request.purpose);
    const requested: SecretMetadata[] = [];
    const missing: string[] = [];
    for (const s of request.secrets) {
      const scope = s.scope ? this.vault.scopeId(s.scope) : undefined;
      const metadata = s.scope && !scope ? undefined : this.vault.lookup(s.name, scope);
      if (!metadata) missing.push(s.name);
      else if (!requested.some((m) => m.name === metadata.name && m.scope === metadata.scope)) requested.push(metadata);
    }
    if (missing.length) throw new UserError(`Not in the vault: ${missing.map((n) => `"${n}"`).join(', ')}. Nothing was released.`);
    // Only a process reaches hosts: other channels are not narrowed.
    const { secrets: found, refusal } = narrowToAllowedHosts(
      requested,
      (request.channel ?? 'process') === 'process' ? this.allowedHosts(request.cwd) : [],
    );

    const policyRequest: ReleaseRequest = {
      requester: request.requester,
      secrets: found.map((m) => ({
        name: m.name,
        scope: m.scope,
        policy: m.policy,
        environment: m.environment,
        ...(m.hosts?.length && { hosts: m.hosts }),
      })),
      channel: request.channel ?? 'process',
      purpose: request.purpose,
      ...(request.command !== undefined && { command: request.command }),
      ...(request.cwd !== undefined && { cwd: request.cwd }),
      // A grant for a command binds the files it runs: an edited deploy.sh is asked about again.
      ...(request.command !== undefined && request.cwd !== undefined && { files: await runFileStates(request.command, request.cwd) }),
      workspace: this.vault.scopeId('workspace') ?? GLOBAL_SCOPE,
    };
    const names = policyRequest.secrets.map(({ name, scope }) => ({ name, scope }));
    if (refusal) {
      // Never widened to the environment instead: the run does not happen.
      await this.recordDenial(policyRequest, names, refusal.reason);
      throw new ReleaseDeniedError(refusal.message);
    }
    const decision = decide(policyRequest, this.grants.list(), this.now());
    let grant: Grant | undefined;
    if (decision.kind === 'deny') {
      await this.recordDenial(policyRequest, names, decision.reason);
      throw new ReleaseDeniedError(`${decision.reason}. Nothing was released.`);
    }
    if (decision.kind === 'ask') {
      const sources = new Map(request.secrets.filter((s) => s.source).map((s) => [s.name, s.source!]));
      const changed = decision.changed ?? [];
      const answer = await this.ask(policyRequest, decision.choices, sources, changed);
      if (!answer) {
        const askedAgain = changed.length
          ? ` It was asked again because ${changed.join(', ')} changed since the session grant for this command.`
          : '';
        await this.recordDenial(policyRequest, names, `denied by you${changed.length ? ` after ${changed.join(', ')} changed` : ''}`);
        throw new ReleaseDeniedError(
          `You denied ${request.requester.label} the release of ${names.map((n) => `"${n.name}"`).join(', ')}. Nothing was released.${askedAgain}`,
        );
      }
      grant = grantFor(policyRequest, answer, this.now(), randomUUID());
      await this.audit.record({
        event: 'grant',
        requester: grant.requester,
        secrets: names,
        channel: grant.channel,
        command: grant.command,
        cwd: grant.cwd,
        purpose: request.purpose,
        grant: { id: grant.id, duration: grant.duration },
      });
      if (answer === 'session') this.grants.put(grant);
    } else if (decision.reason === 'grant') {
      grant = touched(decision.grant, this.now());
      this.grants.put(grant);
    }

    const released: ReleasedSecret[] = [];
    const audited: AuditSecret[] = [];
    for (const m of found) {
      const secret = await this.vault.read(m.name, { actor: 'broker', purpose: request.purpose }, m.scope);
      if (!secret) throw new UserError(`"${m.name}" has no value in the vault. Nothing was released.`);
      released.push({ name: m.name, scope: scopeKindOfId(m.scope), value: secret.value, ...(m.hosts?.length && { hosts: [...m.hosts] }) });
      const channel = request.channel ?? 'process';
      audited.push({
        name: m.name,
        scope: m.scope,
        fingerprint: await this.audit.fingerprint(secret.value),
        ...(channel === 'process' && { delivery: deliveryWords(m.hosts) }),
      });
    }
    await this.audit.record({
      event: 'release',
      requester: request.requester,
      secrets: audited,
      channel: policyRequest.channel,
      purpose: request.purpose,
      ...(request.command !== undefined && { command: request.command }),
      ...(request.cwd !== undefined && { cwd: request.cwd }),
      ...(grant && { grant: { id: grant.id, duration: grant.duration } }),
    });
    return released;
  }

  /** One record per masked-terminal or agent-run session, when it ends. */
  async recordRun(run: RunRecord): Promise<void> {
    const secrets = run.secrets.map((s) => ({ name: s.name, scope: this.vault.scopeId(s.scope) ?? GLOBAL_SCOPE }));
    await this.audit.record({
      event: 'session',
      requester: run.requester,
      secrets,
      ...(run.purpose !== undefined && { purpose: run.purpose }),
      ...(run.command !== undefined && { command: run.command }),
      ...(run.cwd !== undefined && { cwd: run.cwd }),
      ...(run.exitCode !== undefined && { exitCode: run.exitCode }),
      maskedCount: run.maskedCount,
    });
  }

  /**
   * One record per mask request from the agent endpoint: who, how much text, which visible
   * secrets were masked how often. Never the text. Another workspace's secrets count in the total
   * only, unnamed. Throws AuditWriteError when it cannot be written: the request then fails.
   */
  async recordMask(mask: {
    requester: Requester;
    texts: number;
    characters: number;
    maskedCount: number;
    names: ReadonlyMap<string, number>;
  }): Promise<void> {
    const secrets: AuditSecret[] = [];
    for (const [name, count] of mask.names) {
      const metadata = this.vault.lookup(name);
      if (metadata) secrets.push({ name, scope: metadata.scope, count });
    }
    await this.audit.record({
      event: 'mask',
      requester: mask.requester,
      secrets,
      purpose: `masking ${mask.texts} text${mask.texts === 1 ? '' : 's'} (${mask.characters} characters) of a tool's output`,
      maskedCount: mask.maskedCount,
    });
  }

  /** The secrets visible here, as an agent may see them: metadata only. */
  listSecrets(): SecretListing[] {
    return this.vault.list().map((m) => ({
      name: m.name,
      ...(m.kind !== undefined && { kind: m.kind }),
      scope: scopeKindOfId(m.scope),
      ...(m.environment !== undefined && { environment: m.environment }),
      policy: effectivePolicy(m.policy, m.environment),
      ...(m.expires !== undefined && { expires: m.expires }),
    }));
  }

  /** The live session grants with when each ends. */
  listGrants(): { grant: Grant; expires: number }[] {
    return this.grants.list().map((grant) => ({ grant, expires: grantExpiry(grant) }));
  }

  async revoke(id: string, by: Requester): Promise<boolean> {
    const grant = this.grants.remove(id);
    if (grant) await this.recordRevocation([grant], by);
    return !!grant;
  }

  /** Revokes every grant that covers the secret (rotation's first step); grants for other secrets stay. */
  async revokeSecret(name: string, scope: string, by: Requester): Promise<number> {
    const covering = this.grants.list().filter((g) => g.secrets.some((s) => s.name === name && s.scope === scope));
    const removed = covering.map((g) => this.grants.remove(g.id)).filter((g): g is Grant => g !== undefined);
    if (removed.length) await this.recordRevocation(removed, by);
    return removed.length;
  }

  async revokeAll(by: Requester): Promise<number> {
    const all = this.grants.removeAll();
    if (all.length) await this.recordRevocation(all, by);
    return all.length;
  }

  private async recordRevocation(grants: Grant[], by: Requester): Promise<void> {
    for (const grant of grants) {
      await this.audit.record({
        event: 'revocation',
        requester: by,
        secrets: grant.secrets,
        channel: grant.channel,
        command: grant.command,
        cwd: grant.cwd,
        grant: { id: grant.id, duration: grant.duration },
        purpose: `revoking the grant to ${grant.requester.label}`,
      });
    }
  }

  /** A denial is recorded too; if even that fails the release stays denied, and the user hears why. */
  private async recordDenial(request: ReleaseRequest, secrets: { name: string; scope: string }[], reason: string): Promise<void> {
    try {
      await this.audit.record({
        event: 'denial',
        requester: request.requester,
        secrets,
        channel: request.channel,
        command: request.command,
        cwd: request.cwd,
        purpose: `${request.purpose}: ${reason}`,
      });
    } catch (error) {
      void vscode.window.showWarningMessage(error instanceof Error ? error.message : String(error));
    }
  }
}
