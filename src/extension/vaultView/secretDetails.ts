import * as vscode from 'vscode';
import { DEFAULT_WARN_DAYS, type ExpiryStatus, classifyExpiry } from '../../core/exposure/expiry';
import { POLICY_TITLES, effectivePolicy } from '../../core/policy';
import type { SecretMetadata } from '../vault/vault';
import { type ScopeKind, scopeKindOfId } from '../vault/vaultScope';

/**
 * How a secret is described to the user, in the Vault view and in the reference hover: from its
 * metadata only, so no value can ever reach these texts.
 */

export function scopeKindOf(metadata: SecretMetadata): ScopeKind {
  return scopeKindOfId(metadata.scope);
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

/**
 * Whether a secret is expiring or expired: the earliest of the date entered, the date the value
 * carries (read when it was stored) and its rotation period counted from the last store.
 */
export function expiryStatus(metadata: SecretMetadata, now: Date, warnDays = DEFAULT_WARN_DAYS): ExpiryStatus {
  const entered = metadata.expires !== undefined ? Date.parse(metadata.expires) : NaN;
  return classifyExpiry(
    {
      ...(!Number.isNaN(entered) && { enteredExpiry: entered }),
      ...(metadata.valueExpiry && { valueExpiry: metadata.valueExpiry }),
      ...(metadata.rotationDays !== undefined && { rotationDays: metadata.rotationDays }),
      setAt: Date.parse(metadata.updated),
    },
    now.getTime(),
    warnDays,
  );
}

const SOURCE_WORDS = {
  entered: 'date set',
  jwt: "the JWT's exp",
  'aws-session': 'AWS session credential, at most 36 hours',
  rotation: 'rotation period',
} as const;

/** "expired", "expires in 3 days": the badge text of an expiring or expired secret, else undefined. */
export function expiryBadge(status: ExpiryStatus, now: Date): string | undefined {
  if (!status.expiry || (status.state !== 'expired' && status.state !== 'expiring')) return undefined;
  const due = status.expiry.source === 'rotation' ? 'rotation due' : 'expires';
  return status.state === 'expired'
    ? status.expiry.source === 'rotation'
      ? 'rotation overdue'
      : 'expired'
    : `${due} ${relativeTime(new Date(status.expiry.expiresAt).toISOString(), now)}`;
}

/** The one-line summary of the Vault view: environment, kind, age, a policy other than the default, expiry and exposure. */
export function secretSummary(metadata: SecretMetadata, now: Date, warnDays = DEFAULT_WARN_DAYS, exposed = false): string {
  const policy = effectivePolicy(metadata.policy, metadata.environment);
  const parts = [
    ...(metadata.environment ? [metadata.environment] : []),
    metadata.kind ?? 'secret',
    `updated ${relativeTime(metadata.updated, now)}`,
  ];
  if (policy !== 'ask-once') parts.push(POLICY_TITLES[policy].toLowerCase());
  if (metadata.hosts?.length) parts.push(`wire: ${metadata.hosts.join(', ')}`);
  const badge = expiryBadge(expiryStatus(metadata, now, warnDays), now);
  if (badge) parts.push(badge);
  if (exposed) parts.push('exposed');
  if (metadata.mustRotate) parts.push('must rotate');
  return parts.join(' · ');
}

const SCOPE_DETAILS: Record<ScopeKind, string> = {
  workspace: 'workspace (this workspace only)',
  team: 'team (encrypted in the team file, shared through git)',
  global: 'global (all your workspaces)',
};

function dated(iso: string | undefined, now: Date, none: string): string {
  if (!iso) return none;
  const day = Number.isNaN(Date.parse(iso)) ? '' : ` (${new Date(iso).toISOString().slice(0, 10)})`;
  return `${relativeTime(iso, now)}${day}`;
}

/** Label and text of every metadata field worth showing, in reading order. */
export function secretDetails(metadata: SecretMetadata, now: Date, warnDays = DEFAULT_WARN_DAYS): [label: string, text: string][] {
  const status = expiryStatus(metadata, now, warnDays);
  const expiry = status.expiry
    ? `${status.state === 'expired' ? 'expired ' : ''}${dated(new Date(status.expiry.expiresAt).toISOString(), now, '')}, from the ${SOURCE_WORDS[status.expiry.source]}`
    : 'no expiry set';
  const rows: [string, string][] = [
    ['Scope', SCOPE_DETAILS[scopeKindOf(metadata)]],
    ['Kind', metadata.kind ?? 'not known'],
    ['Environment', metadata.environment ?? 'none'],
    ['Access', `${POLICY_TITLES[effectivePolicy(metadata.policy, metadata.environment)]}${metadata.policy ? '' : ' (default)'}`],
    [
      'Delivery',
      metadata.hosts?.length
        ? `a placeholder; the value only on the wire to ${metadata.hosts.join(', ')}`
        : 'the value, in the process environment',
    ],
    ['Created', dated(metadata.created, now, 'not known')],
    ['Updated', dated(metadata.updated, now, 'not known')],
    ['Last used', dated(metadata.lastUsed, now, 'never')],
    ['Expires', expiry],
  ];
  if (metadata.rotationDays) rows.push(['Rotation period', `${metadata.rotationDays} days`]);
  if (metadata.retired?.length) rows.push(['Retired values', `${metadata.retired.length}, still masked`]);
  if (metadata.origin) rows.push([scopeKindOf(metadata) === 'team' ? 'Team file' : 'Origin', metadata.origin]);
  if (metadata.mustRotate) rows.push(['Must rotate', metadata.mustRotate]);
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
export function appendSecretDetails(
  markdown: vscode.MarkdownString,
  metadata: SecretMetadata,
  now: Date,
  warnDays = DEFAULT_WARN_DAYS,
): vscode.MarkdownString {
  for (const [label, text] of secretDetails(metadata, now, warnDays)) markdown.appendMarkdown(`**${label}:** ${escapeMarkdown(text)}  \n`);
  return markdown;
}
