import * as vscode from 'vscode';
import { formatHostEntry, parseHostEntries } from '../../core/secretless/hostEntry';
import { suggestedHosts } from '../../core/secretless/hostSuggestions';
import { type AccessPolicy, POLICY_TITLES, effectivePolicy } from '../../core/policy';
import { nameProblem } from '../../core/reference/referenceGrammar';
import type { TestHooks } from '../testHooks';
import { UserError } from '../userError';
import type { SecretMetadata, Vault } from './vault';
import { type ScopeKind, scopeKindOfId } from './vaultScope';

/** Where a new secret lives and who may have it released. */
export interface StorageChoice {
  scope: ScopeKind;
  policy?: AccessPolicy;
  environment?: string;
}

/** Asks for a secret's name, validating it as the user types. Undefined when cancelled. */
export function promptName(options: {
  value: string;
  title: string;
  taken?: (name: string) => string | undefined;
}): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: options.title,
    value: options.value,
    valueSelection: [0, options.value.length],
    prompt: 'Name in the vault (letters, digits, "_", ".", "-", "/"). The file will hold vault:NAME.',
    validateInput: (name) => nameProblem(name) ?? options.taken?.(name),
  });
}

/**
 * One pick for where a new secret lives and how it is released, so storing stays one step: the
 * first item (this workspace, ask once per grant) is what Enter takes. With no folder open only
 * the global scope is offered, and it says so.
 */
export async function promptStorage(vault: Vault): Promise<StorageChoice | undefined> {
  const workspace = !!vault.scopeId('workspace');
  const team = vault.offersTeam();
  const variants = (scope: ScopeKind, label: string, description: string) => [
    { label, description: `${description} · ${POLICY_TITLES['ask-once'].toLowerCase()}`, choice: { scope } as StorageChoice },
    {
      label: `${label} · prod`,
      description: 'asks every time a command or agent wants it',
      choice: { scope, environment: 'prod' } as StorageChoice,
    },
    {
      label: `${label} · person only`,
      description: 'never released to a command or agent, only to your own clicks',
      choice: { scope, policy: 'person-only' } as StorageChoice,
    },
  ];
  const items = [
    ...(workspace ? variants('workspace', 'This workspace', 'only this workspace can resolve it') : []),
    ...(team ? variants('team', 'The team', 'encrypted into the team file for everyone in .sops.yaml') : []),
    ...variants('global', 'All my workspaces', workspace ? 'global scope' : 'global scope (no folder is open)'),
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Where should the secret live, and who may have it?' });
  return picked?.choice;
}

/** The scope id of `kind` here; workspace or team scope with no folder open is refused, not quietly made global. */
export function scopeIdOrRefuse(vault: Vault, kind: ScopeKind): string {
  const id = vault.scopeId(kind);
  if (!id && kind === 'team')
    throw new UserError(
      'There is no team scope here: open and trust the folder that holds .sops.yaml, or store the secret in another scope.',
    );
  if (!id)
    throw new UserError('No folder is open, so there is no workspace scope. Open a folder, or store the secret with the global scope.');
  return id;
}

/** The access policy and environment for a secret: policy first, then the label, each prefilled. */
export async function promptAccess(metadata: SecretMetadata): Promise<{ policy: AccessPolicy; environment?: string } | undefined> {
  const current = effectivePolicy(metadata.policy, metadata.environment);
  const policy = await vscode.window.showQuickPick(
    (Object.keys(POLICY_TITLES) as AccessPolicy[]).map((p) => ({
      label: POLICY_TITLES[p],
      description: p === current ? 'current' : undefined,
      policy: p,
    })),
    { title: `Access policy of "${metadata.name}"` },
  );
  if (!policy) return undefined;
  const environment = await vscode.window.showInputBox({
    title: `Environment of "${metadata.name}"`,
    value: metadata.environment ?? '',
    prompt: 'dev, staging, prod or any label; empty for none. It is shown in the Vault view and in approval prompts.',
  });
  if (environment === undefined) return undefined;
  return { policy: policy.policy, environment };
}

/**
 * The hosts a secret is bound to, prefilled with its own or those its kind suggests; empty for
 * environment delivery. Each entry is checked as it is typed.
 */
export async function promptHosts(metadata: Pick<SecretMetadata, 'name' | 'hosts' | 'kind'>): Promise<string[] | undefined> {
  const current = metadata.hosts ?? suggestedHosts(metadata.kind);
  return hostsBox(
    `Hosts of "${metadata.name}"`,
    current,
    'Hosts that accept this secret (api.github.com, *.example.com, localhost:8443), comma-separated. A process then gets a placeholder, and the value goes only on the wire to them. Empty: the value goes into the process environment.',
  );
}

/**
 * Offered once, when a value is first stored and its detected kind has vendor hosts: one box
 * prefilled with them, which the person confirms, edits or clears. Escape binds none, as clearing
 * does (environment delivery, as for any secret without hosts): the value is stored either way.
 */
export async function promptSuggestedHosts(name: string, kind: string | undefined, test: TestHooks | undefined): Promise<string[]> {
  const suggested = suggestedHosts(kind);
  if (!suggested.length) return [];
  const hosts = await hostsBox(
    `Bind "${name}" to the hosts that accept it?`,
    suggested,
    'Enter: a process gets a placeholder, and the value goes only on the wire to these hosts (comma-separated; edit them if you use others). Clear the box or press Escape to store it without hosts: the value then goes into the process environment.',
    test,
  );
  return hosts ?? [];
}

/**
 * Offered once when several values are stored together ("Vaultify all credentials in file"): one
 * pick with an item per value whose kind has vendor hosts, "NAME: host, host", all checked, so
 * Enter binds them all and the person is asked once. An unchecked item, or Escape, stores that
 * value without hosts: the values are stored either way. Name → the hosts the person kept.
 */
export async function pickSuggestedHosts(
  secrets: readonly { name: string; kind: string | undefined }[],
  test: TestHooks | undefined,
): Promise<Map<string, string[]>> {
  const items = secrets.flatMap(({ name, kind }) => {
    const hosts = suggestedHosts(kind);
    return hosts.length ? [{ label: `${name}: ${hosts.join(', ')}`, picked: true, name, hosts }] : [];
  });
  if (!items.length) return new Map();
  const given = test?.hostsInput(items, (typed) => {
    const names = typed.split(',').map((n) => n.trim());
    return items.filter((item) => names.includes(item.name));
  });
  const picked = given
    ? given.answer
    : await vscode.window.showQuickPick(items, {
        canPickMany: true,
        title: 'Bind these secrets to the hosts that accept them?',
        placeHolder:
          'Checked: a process gets a placeholder, and the value goes only on the wire to these hosts. Unchecked, or Escape: stored without hosts, the value goes into the process environment. The Vault view edits them later.',
      });
  return new Map((picked ?? []).map((item) => [item.name, [...item.hosts]]));
}

async function hostsBox(title: string, prefilled: readonly string[], prompt: string, test?: TestHooks): Promise<string[] | undefined> {
  const value = prefilled.join(', ');
  const validateInput = (text: string): string | undefined => parseHostEntries(splitHosts(text)).errors[0];
  const given = test?.hostsInput(value, (typed) => typed);
  const answer = given ? given.answer : await vscode.window.showInputBox({ title, value, prompt, validateInput });
  if (answer === undefined) return undefined;
  const problem = validateInput(answer);
  if (problem) throw new UserError(problem);
  return parseHostEntries(splitHosts(answer)).entries.map(formatHostEntry);
}

export function splitHosts(text: string): string[] {
  return text.split(/[,\s]+/).filter(Boolean);
}

/** The expiry date and rotation period, each prefilled; an empty answer clears it. */
export async function promptExpiry(metadata: SecretMetadata): Promise<{ expires: string | null; rotationDays: number | null } | undefined> {
  const expires = await vscode.window.showInputBox({
    title: `Expiry date of "${metadata.name}"`,
    value: metadata.expires?.slice(0, 10) ?? '',
    prompt: "The date the value stops working, as YYYY-MM-DD; empty for none. A JWT's own exp is read when it is stored.",
    validateInput: (text) =>
      text.trim() === '' || !Number.isNaN(Date.parse(text.trim())) ? undefined : 'A date such as 2026-12-31, or nothing.',
  });
  if (expires === undefined) return undefined;
  const days = await vscode.window.showInputBox({
    title: `Rotation period of "${metadata.name}"`,
    value: metadata.rotationDays !== undefined ? String(metadata.rotationDays) : '',
    prompt: 'Replace the value this many days after it was last set (for example 90); empty for none.',
    validateInput: (text) => (text.trim() === '' || /^[1-9]\d*$/.test(text.trim()) ? undefined : 'A whole number of days, or nothing.'),
  });
  if (days === undefined) return undefined;
  return { expires: expires.trim() || null, rotationDays: days.trim() ? Number(days.trim()) : null };
}

export async function pickSecret(vault: Vault, title: string): Promise<SecretMetadata | undefined> {
  const secrets = vault.list();
  if (!secrets.length) {
    void vscode.window.showInformationMessage('The vault is empty. Run "Vaultify secret" on a credential, or "Add to vault".');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    secrets.map((metadata) => ({
      label: metadata.name,
      description: `${scopeKindOfId(metadata.scope)}${metadata.kind ? ` · ${metadata.kind}` : ''}${metadata.environment ? ` · ${metadata.environment}` : ''}`,
      metadata,
    })),
    { title },
  );
  return picked?.metadata;
}

/** Asks for a value in a password box, so it never shows on screen. */
export function promptValue(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    password: true,
    prompt: 'The value goes straight into the OS keychain.',
    validateInput: (value) => (value ? undefined : 'A value is required.'),
  });
}
