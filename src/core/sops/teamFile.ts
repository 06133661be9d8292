import { recipientOf, recipientProblem } from './ageKeys';
import { environmentText } from './scalarValue';
import { SopsError } from './sopsError';
import { createSopsFile, type DecryptedSopsFile, decryptSopsFile, editSopsFile, type SopsEdit } from './sopsFile';
import type { EncryptionRules } from './sopsMetadata';
import { TEAM_HOSTS_KEY, isTeamHostsPath, readTeamHosts, teamHostsText } from './teamHosts';
import { displayKeyPath, keyPathOf, nameOfKeyPath } from './teamNames';

export interface TeamSecretEntry {
  /** The reference name, `payments/stripe`. */
  name: string;
  /** The key path in the file, `payments.stripe`. */
  keyPath: string;
}

/** The outcome of a change: the new file text to save, and the file as it will read once saved. */
export interface TeamWrite {
  text: string;
  team: TeamFile;
}

/** After a member is removed: besides the new text, every secret they could read, which now needs a new value. */
export interface TeamRemoval extends TeamWrite {
  mustRotate: string[];
}

/**
 * One team file (a sops file encrypted to the team's age recipients), open in memory. Immutable:
 * each change returns the new text and a TeamFile for it, after decrypting what was written and
 * comparing it with what was meant. The caller saves the text, reads it back and passes it to
 * `confirmSaved` before it tells anyone the change is done.
 */
export class TeamFile {
  private readonly byName = new Map<string, string>();
  /** The hosts each value is bound to, from the file's own hosts home (`vaultify_hosts`). */
  private readonly hosts: Map<string, string[]>;

  private constructor(
    private readonly decrypted: DecryptedSopsFile,
    private readonly identities: readonly string[],
  ) {
    for (const v of decrypted.values) {
      // A list item shares its list's key path: it has no name of its own.
      if (v.address.some((part) => typeof part === 'number') || isTeamHostsPath(v.path)) continue;
      const name = nameOfKeyPath(v.path);
      if (name !== undefined) this.byName.set(name, environmentText(v.value));
    }
    this.hosts = readTeamHosts(decrypted.file, decrypted.values, decrypted.metadata.macOnlyEncrypted ?? false);
  }

  /** Opens a team file with the user's identities; throws SopsError (a MAC failure, or a hosts home that is not sound, yields nothing). */
  static async open(text: string, file: string, identities: readonly string[]): Promise<TeamFile> {
    return new TeamFile(await decryptSopsFile(text, file, identities), identities);
  }

  /** A new team file holding `values` (by reference name), encrypted to `recipients`. */
  static async create(
    file: string,
    recipients: readonly string[],
    identities: readonly string[],
    values: Readonly<Record<string, string>> = {},
    rules?: EncryptionRules,
  ): Promise<TeamWrite> {
    for (const recipient of recipients) {
      const problem = recipientProblem(recipient);
      if (problem) throw new SopsError('format', problem);
    }
    const { text } = await createSopsFile({
      file,
      recipients,
      rules,
      values: Object.entries(values).map(([name, value]) => ({ path: checkedPath(name, value), value: { type: 'str', text: value } })),
    });
    return { text, team: await TeamFile.open(text, file, identities) };
  }

  get file(): string {
    return this.decrypted.file;
  }

  get text(): string {
    return this.decrypted.text;
  }

  get recipients(): string[] {
    return this.decrypted.metadata.age.map((e) => e.recipient);
  }

  /** Every value with a reference name, in file order. Names only: values stay behind `get`. */
  entries(): TeamSecretEntry[] {
    return [...this.byName.keys()].map((name) => ({ name, keyPath: displayKeyPath(keyPathOf(name)) }));
  }

  /** Every key path in the file, named or not, as `sops check` lists them. */
  keyPaths(): string[] {
    return this.decrypted.values.map((v) => displayKeyPath(v.path));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The value for `vault:NAME`, or undefined when the file has no such key. */
  get(name: string): string | undefined {
    return this.byName.get(name);
  }

  /** The hosts the value of `name` is bound to in this file; empty: it is delivered in the environment. */
  hostsOf(name: string): string[] {
    return this.byName.has(name) ? [...(this.hosts.get(name) ?? [])] : [];
  }

  /** Binds a value to hosts (none: environment delivery), in the file's hosts home, under its MAC. */
  async setHosts(name: string, hosts: readonly string[]): Promise<TeamWrite> {
    this.require(name);
    const next = new Map(this.hosts);
    next.set(name, [...hosts]);
    const expected = next.get(name)!.join(',');
    return this.change(this.hostsEdit(next), (team) => team.hostsOf(name).join(',') === expected);
  }

  /** Adds a secret, or gives an existing one a new value (rotation). */
  async set(name: string, value: string): Promise<TeamWrite> {
    return this.change(
      { set: [{ path: checkedPath(name, value), value: { type: 'str', text: value } }] },
      (team) => team.get(name) === value,
    );
  }

  async rename(from: string, to: string): Promise<TeamWrite> {
    const value = this.require(from);
    if (this.has(to)) throw new SopsError('format', `${this.file}: ${to} already exists`);
    // The hosts go with the name: a renamed value is bound where it was.
    const hosts = this.hostsMoved(from, to);
    return this.change(
      {
        ...hosts,
        remove: [...(hosts.remove ?? []), keyPathOf(from)],
        set: [...(hosts.set ?? []), { path: checkedPath(to, value), value: { type: 'str', text: value } }],
      },
      (team) => !team.has(from) && team.get(to) === value && team.hostsOf(to).join(',') === this.hostsOf(from).join(','),
    );
  }

  async delete(name: string): Promise<TeamWrite> {
    this.require(name);
    const hosts = this.hostsMoved(name);
    return this.change({ ...hosts, remove: [...(hosts.remove ?? []), keyPathOf(name)] }, (team) => !team.has(name));
  }

  /** Encrypts the data key to one more recipient; the values and their ciphertext stay as they are. */
  async addMember(recipient: string): Promise<TeamWrite> {
    const problem = recipientProblem(recipient);
    if (problem) throw new SopsError('format', problem);
    if (this.recipients.includes(recipient)) throw new SopsError('format', `${this.file}: ${recipient} is already a member`);
    return this.change({ recipients: [...this.recipients, recipient] }, (team) => team.recipients.includes(recipient));
  }

  /**
   * Drops a recipient and replaces the data key, re-encrypting every value, so the old key opens
   * nothing new. The person removed saw every value: all of them must be rotated, and are listed.
   */
  async removeMember(recipient: string): Promise<TeamRemoval> {
    if (!this.recipients.includes(recipient)) throw new SopsError('format', `${this.file}: ${recipient} is not a member`);
    const remaining = this.recipients.filter((r) => r !== recipient);
    if (!remaining.length) throw new SopsError('format', `${this.file}: cannot remove the last member`);
    const own = await Promise.all(this.identities.map((i) => recipientOf(i).catch(() => '')));
    if (!remaining.some((r) => own.includes(r))) {
      throw new SopsError(
        'format',
        `${this.file}: removing ${recipient} would leave you unable to read the file; ask another member to remove you`,
      );
    }
    const write = await this.change({ recipients: remaining, rotateDataKey: true }, (team) => !team.recipients.includes(recipient));
    return { ...write, mustRotate: [...this.byName.keys()] };
  }

  /**
   * Store-then-verify, second half: `savedText` is what reading the saved file gave. It must be
   * the text this change produced and must still open with the user's identities.
   */
  async confirmSaved(savedText: string): Promise<TeamFile> {
    if (savedText !== this.text) throw new SopsError('verify', `${this.file}: the saved file differs from what was written`);
    return TeamFile.open(savedText, this.file, this.identities);
  }

  private require(name: string): string {
    const value = this.get(name);
    if (value === undefined) throw new SopsError('format', `${this.file}: no secret ${name}`);
    return value;
  }

  /** The edit that writes `hosts` as the file's hosts home, or removes the home when nothing is bound. */
  private hostsEdit(hosts: ReadonlyMap<string, readonly string[]>): SopsEdit {
    const text = teamHostsText(hosts);
    if (text !== undefined) return { set: [{ path: [TEAM_HOSTS_KEY], value: { type: 'str', text } }] };
    return this.decrypted.values.some((v) => isTeamHostsPath(v.path)) ? { remove: [[TEAM_HOSTS_KEY]] } : {};
  }

  /** The hosts edit for a rename (`to`) or a delete (none): the entry of `from` moves or goes. */
  private hostsMoved(from: string, to?: string): SopsEdit {
    if (!this.hosts.has(from)) return {};
    const next = new Map(this.hosts);
    next.delete(from);
    if (to !== undefined) next.set(to, this.hosts.get(from)!);
    return this.hostsEdit(next);
  }

  private async change(edit: SopsEdit, holds: (team: TeamFile) => boolean): Promise<TeamWrite> {
    const { text } = await editSopsFile(this.decrypted, edit);
    // The edit already decrypted its output with the data key; opening it again through the
    // identities proves the recipients' keys open it too.
    const team = await TeamFile.open(text, this.file, this.identities);
    if (!holds(team)) throw new SopsError('verify', `${this.file}: the written file does not hold the change; nothing was saved`);
    return { text, team };
  }
}

function checkedPath(name: string, value: string): string[] {
  const path = keyPathOf(name);
  if (isTeamHostsPath(path)) throw new SopsError('format', `"${name}" is reserved for the hosts of the team file's values`);
  if (nameOfKeyPath(path) !== name) throw new SopsError('format', `"${name}" is not a valid secret name`);
  if (value === '') throw new SopsError('format', `${name}: an empty value cannot be a team secret (sops leaves empty values unencrypted)`);
  return path;
}
