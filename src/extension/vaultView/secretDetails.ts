import * as vscode from 'vscode';
import { POLICY_TITLES, effectivePolicy } from '../../core/policy';
import type { SecretMetadata } from '../vault/vault';
import { GLOBAL_SCOPE, type ScopeKind } from '../vault/vaultScope';

/**
 * How a secret is described to the user, in the Vault view and in the reference hover: from its
 * metadata only, so no value can ever reach these texts.
 */

export function scopeKindOf(metadata: SecretMetadata): ScopeKind {
  return metadata.scope === GLOBAL_SCOPE ? 'global' : 'workspace';
}

const UNITS: [unit: string, seconds: number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
];

/** "3 days ago", "in 2 hours", "just now"; an unparsable date is shown as it is. */
export function relativeTime(iso: string, now: Date): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((now.getTime() - at) / 1000);
  const distance = Math.abs(seconds);
  for (const [unit, size] of UNITS) {
    if (distance < size) continue;
    const count = Math.floor(distance / size);
    const amount = `${count} ${unit}${count === 1 ? '' : 's'}`;
    return seconds >= 0 ? `${amount} ago` : `in ${amount}`;
  }
  return 'just now';
}

export function isExpired(metadata: SecretMetadata, now: Date): boolean {
  return metadata.expires !== undefined && Date.parse(metadata.expires) <= now.getTime();
}

/** The one-line summary of the Vault view: environment, kind, age, and a policy other than the default. */
export function secretSummary(metadata: SecretMetadata, now: Date): string {
  const policy = effectivePolicy(metadata.policy, metadata.environment);
  const parts = [...(metadata.environment ? [metadata.environment] : []), metadata.kind ?? 'secret', `updated ${relativeTime(metadata.updated, now)}`];
  if (policy !== 'ask-once') parts.push(POLICY_TITLES[policy].toLowerCase());
  if (isExpired(metadata, now)) parts.push('expired');
  return parts.join(' · ');
}

function dated(iso: string | undefined, now: Date, none: string): string {
  if (!iso) return none;
  const day = Number.isNaN(Date.parse(iso)) ? '' : ` (${new Date(iso).toISOString().slice(0, 10)})`;
  return `${relativeTime(iso, now)}${day}`;
}

/** Label and text of every metadata field worth showing, in reading order. */
export function secretDetails(metadata: SecretMetadata, now: Date): [label: string, text: string][] {
  const rows: [string, string][] = [
    ['Scope', scopeKindOf(metadata) === 'global' ? 'global (all your workspaces)' : 'workspace (this workspace only)'],
    ['Kind', metadata.kind ?? 'not known'],
    ['Environment', metadata.environment ?? 'none'],
    ['Access', `${POLICY_TITLES[effectivePolicy(metadata.policy, metadata.environment)]}${metadata.policy ? '' : ' (default)'}`],
    ['Created', dated(metadata.created, now, 'not known')],
    ['Updated', dated(metadata.updated, now, 'not known')],
    ['Last used', dated(metadata.lastUsed, now, 'never')],
    ['Expires', isExpired(metadata, now) ? `expired ${dated(metadata.expires, now, '')}` : dated(metadata.expires, now, 'no expiry set')],
  ];
  if (metadata.origin) rows.push(['Origin', metadata.origin]);
  return rows;
}

/**
 * Text shown literally inside a Markdown line (never at its start). Names and origins are user
 * text, so nothing in them may format, link, embed HTML or show an icon.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]()<>~|$&]/g, '\\$&');
}

/** Appends the details as Markdown lines, one per field. */
export function appendSecretDetails(markdown: vscode.MarkdownString, metadata: SecretMetadata, now: Date): vscode.MarkdownString {
  for (const [label, text] of secretDetails(metadata, now)) markdown.appendMarkdown(`**${label}:** ${escapeMarkdown(text)}  \n`);
  return markdown;
}
