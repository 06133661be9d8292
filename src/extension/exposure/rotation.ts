import * as vscode from 'vscode';
import { ALPHABETS, type AlphabetName, entropyBits, generateSecret } from '../../core/exposure/secretGenerator';
import { type RotationPage, rotationPage } from '../../core/exposure/rotationPages';
import type { Requester } from '../../core/policy';
import type { AuditTrail } from '../broker/auditTrail';
import type { ReleaseBroker } from '../broker/releaseBroker';
import { titleOf } from '../commandTable';
import { requireTrust } from '../trust';
import { type SecretMetadata, type Vault, VaultWriteError } from '../vault/vault';
import { pickSecret, promptValue } from '../vault/vaultPrompts';
import type { ScopeKind } from '../vault/vaultScope';
import { scopeKindOf } from '../vaultView/secretDetails';
import { UserError } from '../userError';
import type { ExposureLedger } from './exposureLedger';

/** Arguments of `vaultify.rotateSecret`. With `value` or `generate`, nothing is asked. */
export interface RotateArgs {
  name?: string;
  scope?: ScopeKind;
  value?: string;
  /** Draw the new value from the OS's random source instead. */
  generate?: { length?: number; alphabet?: AlphabetName | (string & {}) };
}

/** A release of the old value, from the audit trail: who, through what, and when. */
export interface ReleaseOfOldValue {
  requester: string;
  channel?: string;
  command?: string;
  purpose?: string;
  at: string;
}

export interface RotationResult {
  name: string;
  revokedGrants: number;
  /** Every release of the value rotated out since it was stored, oldest first. */
  releases: ReleaseOfOldValue[];
  closedExposures: number;
  retiredMaskDays: number;
  /** Where to rotate the credential at its provider, when its kind is known. */
  provider?: RotationPage;
}

const ALPHABET_LABELS: Record<AlphabetName, string> = {
  alphanumeric: 'Letters and digits',
  base64url: 'base64url (letters, digits, - and _)',
  hex: 'Hexadecimal',
  symbols: 'Letters, digits and symbols',
};
const DEFAULT_LENGTH = 32;

/**
 * Rotation as the response to an exposure: revoke every grant for the secret, take the new value
 * (pasted, typed or generated), store it and keep the old one retired but masked, list from the
 * audit trail every release of the old value, close the exposure records and name the provider's
 * page. The name, and so every reference, stays.
 */
export class Rotation {
  constructor(
    private readonly vault: Vault,
    private readonly broker: ReleaseBroker,
    private readonly audit: AuditTrail,
    private readonly exposures: ExposureLedger,
    private readonly retiredMaskDays: () => number,
    private readonly warnShort: (name: string, value: string) => void,
    private readonly mark: <T extends object>(args: T) => T,
  ) {}

  async rotate(args: RotateArgs = {}, requester: Requester): Promise<RotationResult | undefined> {
    requireTrust('rotate secrets (the old value is read to keep it masked)');
    const metadata = await this.resolve(args);
    if (!metadata) return undefined;
    const person = requester.kind === 'person';
    if (!person && args.value === undefined && args.generate === undefined) {
      throw new UserError(`Pass the new value of "${metadata.name}" as { name, value }, or { name, generate: { length, alphabet } }.`);
    }

    const revokedGrants = await this.broker.revokeSecret(metadata.name, metadata.scope, requester);
    const { value, generated } =
      args.value !== undefined
        ? { value: args.value, generated: false }
        : args.generate
          ? { value: generate(args.generate.length ?? DEFAULT_LENGTH, args.generate.alphabet), generated: true }
          : await this.askValue(metadata.name);
    if (!value) {
      if (revokedGrants)
        void vscode.window.showInformationMessage(
          `Vaultify: ${revokedGrants} grant(s) for "${metadata.name}" were revoked; its value is unchanged.`,
        );
      return undefined;
    }

    let previousValue: string;
    try {
      ({ previousValue } = await this.vault.rotate(metadata.name, value, metadata.scope, requester));
    } catch (error) {
      if (error instanceof VaultWriteError) throw new UserError(error.message);
      throw error;
    }
    const releases = await this.releasesOf(previousValue);
    const closedExposures = this.exposures.open(metadata.name).length;
    await this.exposures.close(metadata.name);
    this.warnShort(metadata.name, value);
    const provider = metadata.kind ? rotationPage(metadata.kind) : undefined;
    const result: RotationResult = {
      name: metadata.name,
      revokedGrants,
      releases,
      closedExposures,
      retiredMaskDays: this.retiredMaskDays(),
      ...(provider && { provider }),
    };
    // Only a generated value is new to the person: one they pasted, they already hold.
    if (person) void this.tell(result, metadata, generated);
    return result;
  }

  /** Matched by the value's fingerprint, so releases under an earlier name count too. */
  private async releasesOf(value: string): Promise<ReleaseOfOldValue[]> {
    const fingerprint = await this.audit.fingerprint(value);
    return (await this.audit.records())
      .filter((r) => r.event === 'release' && r.secrets.some((s) => s.fingerprint === fingerprint))
      .map((r) => ({
        requester: r.requester.label,
        at: r.ts,
        ...(r.channel !== undefined && { channel: r.channel }),
        ...(r.command !== undefined && { command: r.command }),
        ...(r.purpose !== undefined && { purpose: r.purpose }),
      }));
  }

  private async tell(result: RotationResult, metadata: SecretMetadata, generated: boolean): Promise<void> {
    const releases = result.releases.length
      ? [
          `The old value was released ${result.releases.length} time(s):`,
          ...result.releases.map(
            (r) =>
              `• ${r.at.replace('T', ' ').slice(0, 19)} to ${r.requester} (${r.channel ?? 'release'}${r.command ? `: ${r.command}` : ''})`,
          ),
        ]
      : ['The audit trail shows no release of the old value.'];
    const detail = [
      `${result.revokedGrants} grant(s) revoked. References are unchanged and resolve to the new value.`,
      `The old value stays masked for ${result.retiredMaskDays} days.${result.closedExposures ? ` ${result.closedExposures} exposure record(s) closed.` : ''}`,
      ...releases,
      result.provider
        ? `Vaultify cannot revoke the old credential at ${result.provider.provider}: ${result.provider.hint} (${result.provider.url})`
        : 'Vaultify cannot revoke the old credential where it was issued: do that at its provider.',
    ].join('\n');
    const open = result.provider ? `Open ${result.provider.provider}` : undefined;
    const actions = [...(open ? [open] : []), ...(generated ? ['Copy new value'] : []), 'Show audit trail'];
    const choice = await vscode.window.showWarningMessage(`"${result.name}" rotated.`, { modal: true, detail }, ...actions);
    if (choice === open && result.provider) await vscode.env.openExternal(vscode.Uri.parse(result.provider.url));
    if (choice === 'Copy new value')
      await vscode.commands.executeCommand('vaultify.copySecret', this.mark({ name: metadata.name, scope: scopeKindOf(metadata) }));
    if (choice === 'Show audit trail') await vscode.commands.executeCommand('vaultify.showAuditTrail', { secret: result.name });
  }

  /** Pasted or typed into a password box, or generated with the length and alphabet chosen. */
  private async askValue(name: string): Promise<{ value: string | undefined; generated: boolean }> {
    const how = await vscode.window.showQuickPick(
      [
        { label: 'Paste or type the new value', description: 'the value your provider issued', generate: false },
        { label: 'Generate a new value', description: 'for values you own: a signing key, a database password', generate: true },
      ],
      { title: `${titleOf('vaultify.rotateSecret')}: "${name}"` },
    );
    if (!how) return { value: undefined, generated: false };
    if (!how.generate) return { value: await promptValue(`New value of "${name}"`), generated: false };
    const alphabet = await vscode.window.showQuickPick(
      (Object.keys(ALPHABETS) as AlphabetName[]).map((key) => ({
        label: ALPHABET_LABELS[key],
        description: `${ALPHABETS[key].length} characters`,
        key,
      })),
      { title: `Alphabet of the new value of "${name}"` },
    );
    if (!alphabet) return { value: undefined, generated: true };
    const size = ALPHABETS[alphabet.key].length;
    const length = await vscode.window.showInputBox({
      title: `Length of the new value of "${name}"`,
      value: String(DEFAULT_LENGTH),
      prompt: `${Math.floor(entropyBits(DEFAULT_LENGTH, size))} bits of entropy at ${DEFAULT_LENGTH} characters.`,
      validateInput: (text) => {
        const n = Number(text);
        return Number.isInteger(n) && n >= 1 && n <= 4096 ? undefined : 'A whole number from 1 to 4096.';
      },
    });
    if (length === undefined) return { value: undefined, generated: true };
    return { value: generate(Number(length), alphabet.key), generated: true };
  }

  private async resolve(args: RotateArgs): Promise<SecretMetadata | undefined> {
    if (args.name === undefined) return pickSecret(this.vault, titleOf('vaultify.rotateSecret'));
    const scope = args.scope ? this.vault.scopeId(args.scope) : undefined;
    const metadata = args.scope && !scope ? undefined : this.vault.lookup(args.name, scope);
    if (!metadata) throw new UserError(`"${args.name}" is not in the vault.`);
    return metadata;
  }
}

function generate(length: number, alphabet: AlphabetName | (string & {}) | undefined): string {
  try {
    return generateSecret({ length, alphabet });
  } catch (error) {
    throw new UserError(`Cannot generate the value: ${error instanceof Error ? error.message : String(error)}.`);
  }
}
