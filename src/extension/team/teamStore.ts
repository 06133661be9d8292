import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { currentMode, writeFileAtomic } from '../../core/files/atomicWrite';
import { SopsError, TeamFile, type TeamWrite, creationRuleForFile, findTeamFiles } from '../../core/sops';
import { titleOf } from '../commandTable';
import type { Settings } from '../config';
import type { TeamSource } from '../vault/vault';
import { type AcceptedRecipients, type RecipientChange, describeChange, recipientChange } from './acceptedRecipients';
import { withRecipientChange } from './sopsConfigRecipients';
import type { TeamKey } from './teamKey';

/** The file a first team secret creates, when `vaultify.team.files` names no plain path. */
export const DEFAULT_TEAM_FILE = 'team.sops.yaml';

interface OpenFile {
  /** Absolute path, for reading and writing. */
  path: string;
  team: TeamFile;
  updated: string;
}

/** What a membership change did: the files re-encrypted, and whether `.sops.yaml` follows. */
export interface MembershipChange {
  files: string[];
  sopsConfigs: string[];
}

const GLOB = /[*?[\]{}]/;

/**
 * The team scope of the open workspace: its team files, decrypted in memory with the user's
 * identities. A file that fails (its MAC, or no identity of the user's opens it) is left out
 * entirely, and the user is told once, naming the file. Every change is store-then-verify: the
 * new text is written, read back, decrypted and compared before it is used. Changes and reloads
 * run one at a time, so a reload never overwrites a change half done.
 *
 * A file whose recipients differ from the set the person last accepted (a `git pull` added a key)
 * is still read, but nothing is written into it until a person accepts the change: a value stored
 * there would go under a data key the planted recipient holds too. The user is told who was
 * added and who removed.
 */
export class TeamStore implements TeamSource, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private open: OpenFile[] = [];
  /** Every team file found, opened or not: a change to a file that failed may mend it. */
  private found: string[] = [];
  private hasConfig = false;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly told = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private reloadTimer?: ReturnType<typeof setTimeout>;
  /** Files whose recipients changed since the person accepted them, by absolute path. */
  private pending = new Map<string, RecipientChange>();

  constructor(
    private readonly key: TeamKey,
    private readonly log: vscode.LogOutputChannel,
    private readonly accepted: AcceptedRecipients,
    private readonly settings: Settings,
  ) {}

  /** Loads the team files and follows changes to them, to `.sops.yaml`, the setting, the key and trust. */
  start(): Promise<void> {
    const schedule = (): void => {
      clearTimeout(this.reloadTimer);
      this.reloadTimer = setTimeout(() => void this.reload(), 200);
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml,json,env}');
    const relevant = (uri: vscode.Uri): boolean => path.basename(uri.fsPath) === '.sops.yaml' || this.found.includes(uri.fsPath);
    this.disposables.push(
      watcher,
      watcher.onDidChange((uri) => relevant(uri) && schedule()),
      watcher.onDidCreate(schedule),
      watcher.onDidDelete((uri) => relevant(uri) && schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('vaultify.team.files') && schedule()),
      vscode.workspace.onDidChangeWorkspaceFolders(schedule),
      vscode.workspace.onDidGrantWorkspaceTrust(schedule),
      this.key.onDidChange(schedule),
    );
    return this.reload();
  }

  dispose(): void {
    clearTimeout(this.reloadTimer);
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }

  available(): boolean {
    return vscode.workspace.isTrusted && roots().length > 0;
  }

  configured(): boolean {
    return this.hasConfig || this.found.length > 0;
  }

  entries(): { name: string; file: string; updated: string; hosts: string[] }[] {
    const seen = new Set<string>();
    return this.open.flatMap(({ team, updated }) =>
      team
        .entries()
        .filter(({ name }) => !seen.has(name) && seen.add(name))
        .map(({ name }) => ({ name, file: team.file, updated, hosts: team.hostsOf(name) })),
    );
  }

  get(name: string): string | undefined {
    return this.fileOf(name)?.team.get(name);
  }

  /** The recipients of every team file, in file order. */
  members(): string[] {
    return [...new Set(this.open.flatMap((f) => f.team.recipients))];
  }

  /** The team files in use, workspace-relative. */
  files(): string[] {
    return this.open.map((f) => f.team.file);
  }

  /** The team files whose recipients changed since they were accepted, workspace-relative, with the change. */
  changedRecipients(): { file: string; change: RecipientChange }[] {
    return this.open.filter((f) => this.pending.has(f.path)).map((f) => ({ file: f.team.file, change: this.pending.get(f.path)! }));
  }

  /** A person accepted a file's current recipients: it may be written into again. */
  acceptRecipients(file: string): Promise<RecipientChange> {
    return this.serial(async () => {
      const open = this.open.find((f) => f.team.file === file);
      const change = open && this.pending.get(open.path);
      if (!open || !change) throw new SopsError('format', `${file}: its recipients have not changed since you accepted them`);
      await this.accepted.set(open.path, open.team.recipients);
      this.pending.delete(open.path);
      return change;
    });
  }

  set(name: string, value: string): Promise<void> {
    return this.serial(async () => {
      const holder = this.fileOf(name) ?? this.open[0];
      if (holder) {
        this.requireAccepted(holder);
        await this.save(holder.path, await holder.team.set(name, value));
        return;
      }
      const { root, relative } = newTeamFile(this.settings.get('team.files'));
      const absolute = path.join(root, relative);
      if (await exists(absolute))
        throw new SopsError(
          'format',
          `${relative} exists but could not be opened as a team file (see the earlier message); nothing was written`,
        );
      const rule = await creationRuleForFile(root, relative).catch((error: Error) => {
        throw new SopsError(
          'format',
          `${error.message}. Add a creation rule for it to .sops.yaml, or name your team file in vaultify.team.files`,
        );
      });
      const identities = await this.key.identities();
      if (!identities.length)
        throw new SopsError('no-identity', `you have no team key yet: run "${titleOf('vaultify.setUpTeamKey')}" first`);
      const write = await TeamFile.create(displayPath(absolute), rule.recipients, identities, { [name]: value }, rule.rules);
      await this.save(absolute, write);
    });
  }

  rename(from: string, to: string): Promise<void> {
    return this.serial(async () => {
      const holder = this.require(from);
      this.requireAccepted(holder);
      await this.save(holder.path, await holder.team.rename(from, to));
    });
  }

  delete(name: string): Promise<void> {
    return this.serial(async () => {
      const holder = this.require(name);
      this.requireAccepted(holder);
      await this.save(holder.path, await holder.team.delete(name));
    });
  }

  setHosts(name: string, hosts: readonly string[]): Promise<void> {
    return this.serial(async () => {
      const holder = this.require(name);
      this.requireAccepted(holder);
      await this.save(holder.path, await holder.team.setHosts(name, hosts));
    });
  }

  /** Encrypts every team file's data key to one more recipient, and adds it to `.sops.yaml`'s rules. */
  addMember(recipient: string): Promise<MembershipChange> {
    return this.serial(async () => {
      const targets = this.open.filter((f) => !f.team.recipients.includes(recipient));
      if (!this.open.length)
        throw new SopsError('format', 'there is no team file yet: store a first team secret, or list the recipient in .sops.yaml');
      for (const f of targets) this.requireAccepted(f);
      for (const f of targets) await this.save(f.path, await f.team.addMember(recipient));
      return { files: targets.map((f) => f.team.file), sopsConfigs: await this.editSopsConfigs({ add: recipient }) };
    });
  }

  /**
   * Removes a recipient from every team file that lists it: each gets a new data key and every
   * value is re-encrypted. Returns the names of the values the person could read.
   */
  removeMember(recipient: string): Promise<MembershipChange & { mustRotate: string[] }> {
    return this.serial(async () => {
      const targets = this.open.filter((f) => f.team.recipients.includes(recipient));
      if (!targets.length) throw new SopsError('format', `${recipient} is not a recipient of any team file`);
      for (const f of targets) this.requireAccepted(f);
      const mustRotate: string[] = [];
      for (const f of targets) {
        const removal = await f.team.removeMember(recipient);
        await this.save(f.path, removal);
        mustRotate.push(...removal.mustRotate.filter((n) => !mustRotate.includes(n)));
      }
      return { files: targets.map((f) => f.team.file), sopsConfigs: await this.editSopsConfigs({ remove: recipient }), mustRotate };
    });
  }

  /** Re-reads the team files. Files that fail are left out; the user hears about each failure once. */
  reload(): Promise<void> {
    return this.serial(async () => {
      const found: OpenFile[] = [];
      const paths: string[] = [];
      let hasConfig = false;
      if (vscode.workspace.isTrusted) {
        const configured = this.settings.get('team.files');
        const identities = await this.key.identities();
        for (const root of roots()) {
          hasConfig ||= await exists(path.join(root, '.sops.yaml'));
          let files: string[];
          try {
            files = await findTeamFiles(root, configured);
          } catch (error) {
            this.tell(`Vaultify could not read the team files' rules in ${root}: ${messageOf(error)}`);
            continue;
          }
          paths.push(...files);
          for (const file of files) {
            try {
              const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
              found.push({ path: file, team: await TeamFile.open(text, displayPath(file), identities), updated: stat.mtime.toISOString() });
            } catch (error) {
              const hint =
                error instanceof SopsError && error.code === 'no-identity'
                  ? ` Run "${titleOf('vaultify.setUpTeamKey')}" and ask a team member to add your recipient.`
                  : '';
              this.tell(`Vaultify: no value from ${displayPath(file)} is used: ${messageOf(error)}.${hint}`);
            }
          }
        }
      }
      const pending = new Map<string, RecipientChange>();
      for (const f of found) {
        const known = this.accepted.get(f.path);
        // A file first seen is taken as it is; from then on, a change to its recipients waits for the person.
        if (!known) await this.accepted.set(f.path, f.team.recipients);
        const change = known && recipientChange(known, f.team.recipients);
        if (!change) continue;
        pending.set(f.path, change);
        this.warn(
          `Vaultify: the recipients of ${f.team.file} changed since you accepted them: ${describeChange(change)}. Vaultify writes nothing into it until you accept them ("${titleOf('vaultify.acceptTeamRecipients')}").`,
        );
      }
      this.pending = pending;
      // A reload that finds what was there already (another file was created) changes nothing.
      const same =
        found.length === this.open.length && found.every((f, i) => f.path === this.open[i].path && f.team.text === this.open[i].team.text);
      this.open = found;
      this.found = paths;
      this.hasConfig = hasConfig;
      if (!same) this.changed.fire();
    });
  }

  /** A change into a file whose recipients the person has not accepted would share the value with them. */
  private requireAccepted(file: OpenFile): void {
    const change = this.pending.get(file.path);
    if (!change) return;
    throw new SopsError(
      'format',
      `${file.team.file}: its recipients changed since you accepted them (${describeChange(change)}), so nothing is written into it until you accept them with "${titleOf('vaultify.acceptTeamRecipients')}"`,
    );
  }

  private fileOf(name: string): OpenFile | undefined {
    return this.open.find((f) => f.team.has(name));
  }

  private require(name: string): OpenFile {
    const holder = this.fileOf(name);
    if (!holder) throw new SopsError('format', `no team file holds ${name}`);
    return holder;
  }

  /**
   * Store-then-verify for a team file: the ciphertext is written beside the file and moved over
   * it, then read back and confirmed (same text, opens with the user's keys, holds the change).
   * Only then does the change resolve.
   */
  private async save(absolute: string, write: TeamWrite): Promise<void> {
    await writeReplacing(absolute, write.text);
    const saved = await fs.readFile(absolute, 'utf8');
    const team = await write.team.confirmSaved(saved);
    // What Vaultify wrote on the person's behalf is what they accept.
    await this.accepted.set(absolute, team.recipients);
    const entry = { path: absolute, team, updated: new Date().toISOString() };
    const at = this.open.findIndex((f) => f.path === absolute);
    if (at >= 0) this.open[at] = entry;
    else this.open.push(entry);
    if (!this.found.includes(absolute)) this.found.push(absolute);
    this.changed.fire();
  }

  /** Keeps `.sops.yaml` in step with the membership, so files created later have the same recipients. */
  private async editSopsConfigs(change: { add?: string; remove?: string }): Promise<string[]> {
    const edited: string[] = [];
    for (const root of roots()) {
      const file = path.join(root, '.sops.yaml');
      const text = await fs.readFile(file, 'utf8').catch(() => undefined);
      const next = text === undefined ? undefined : withRecipientChange(text, change);
      if (next === undefined) continue;
      await writeReplacing(file, next);
      if ((await fs.readFile(file, 'utf8')) !== next)
        throw new SopsError('verify', `${displayPath(file)}: the saved file differs from what was written`);
      edited.push(displayPath(file));
    }
    return edited;
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Like `tell`, as a warning, offering the command that accepts. */
  private warn(message: string): void {
    this.log.warn(message);
    if (this.told.has(message)) return;
    this.told.add(message);
    const review = 'Review recipients';
    void vscode.window
      .showWarningMessage(message, review)
      .then((answer) => (answer === review ? vscode.commands.executeCommand('vaultify.acceptTeamRecipients') : undefined));
  }

  private tell(message: string): void {
    this.log.error(message);
    if (this.told.has(message)) return;
    this.told.add(message);
    void vscode.window.showErrorMessage(message);
  }
}

function roots(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** Where a first team secret goes: the first plain path in `vaultify.team.files`, else team.sops.yaml, in the first folder. */
function newTeamFile(teamFiles: readonly string[]): { root: string; relative: string } {
  const [root] = roots();
  const plain = teamFiles.find((p) => !GLOB.test(p));
  return { root, relative: (plain ?? DEFAULT_TEAM_FILE).replace(/^\.\//, '') };
}

const displayPath = (absolute: string): string => vscode.workspace.asRelativePath(absolute);

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');

const exists = (file: string): Promise<boolean> =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

/** Writes a whole file or nothing, keeping its mode: a reader never sees half a team file. */
const writeReplacing = async (file: string, text: string): Promise<void> => writeFileAtomic(file, text, await currentMode(file));
