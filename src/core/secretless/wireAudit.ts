import type { AuditEntry, AuditSecret } from '../audit';
import type { WireSwap } from './injectingProxy';

/** The audit entry for one swapping exchange: the run, host, method, path and counts; the secrets by name. */
export function wireSwapEntry(swap: WireSwap, requester: { kind: string; label: string }, secrets: readonly AuditSecret[]): AuditEntry {
  return {
    event: 'wire',
    requester,
    secrets: secrets.filter((s) => swap.secrets.includes(s.name)),
    purpose: `on the wire to ${swap.host}`,
    wire: { run: swap.run, host: swap.host, method: swap.method, path: swap.path, count: swap.count, scrubbed: swap.scrubbed },
  };
}
