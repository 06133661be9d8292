import * as vscode from 'vscode';
import type { UriParts } from '../argSchemas';
import { MAX_SECRET_LENGTH, nameProblem, planReplacement } from '../../core/reference';
import {
  type FileText,
  type VaultedName,
  locateSecret,
  newSecretName,
  locateSecrets,
  nameSecrets,
  planReferenceEdits,
  relocate,
} from '../../core/reference/vaultifyPlan';
import type { AccessPolicy, Requester } from '../../core/policy';
import type { DetectedSecret } from '../../shared/lspProtocol';
import { titleOf } from '../commandTable';
import { accessArgs, definedAccess } from '../secrets/secretCommands';
import type { DetectionClient } from '../detectionClient';
import type { SecretMetadata, Vault } from '../vault/vault';
import { VaultWriteError } from '../vault/vault';
import {
  type StorageChoice,
  pickSuggestedHosts,
  promptName,
  promptStorage,
  promptSuggestedHosts,
  scopeIdOrRefuse,
} from '../vault/vaultPrompts';
import { credentialOfValue } from '../../core/agents/promptHook';
import type { TestHooks } from '../testHooks';
import { GLOBAL_SCOPE, type ScopeKind, scopeLabel } from '../vault/vaultScope';
import { type RangeLike, toRange, toUri } from '../commandArgs';
import { UserError } from '../userError';

export interface VaultifyArgs {
  uri?: UriParts | string;
  range?: RangeLike;
  name?: string;
  scope?: ScopeKind;
  policy?: AccessPolicy;
  environment?: string;
}

export interface VaultifyResult {
  name: string;
  reference: string;
}

/** What happens once a value is in the vault and its reference in the file. */
export type AfterVaultify = (document: vscode.TextDocument, vaulted: { name: string; value: string; reference: string }[]) => Promise<void>;

/** The secret's characters in the document, narrowed by the edit planner, and its decoded value. */
interface Target {
  document: vscode.TextDocument;
  version: number;
  start: number;
  end: number;
  /** The characters as written in the file (escapes and all), to find them again after an edit. */
  source: string;
  /** The value as programs read it: what goes into the vault. */
  value: string;
  kind?: string;
}

/**
 * "Vaultify secret": the literal at the cursor or selection (or picked from the detected ones)
 * goes into the vault, and a reference takes its place. Store, read back, compare, then edit:
 * no path loses the value.
 */
export class VaultifyFlow {
  constructor(
    private readonly vault: Vault,
    private readonly detection: DetectionClient,
    private readonly log: vscode.LogOutputChannel,
    private readonly after: AfterVaultify,
    private readonly test: TestHooks | undefined,
  ) {}

  async vaultifySecret(args: VaultifyArgs = {}, requester: Requester): Promise<VaultifyResult | undefined> {
    const interactive = requester.kind === 'person';
    const target = await this.target(args);
    if (!target) return undefined;
    const scopeKind = args.scope;
    const access = accessArgs(args);

    const existing = await this.vault.nameOfValue(target.value);
    let name: string;
    let scope: string;
    if (existing) {
      ({ name, scope } = existing);
    } else {
      const chosen = await this.chooseName(target, args.name, interactive, scopeKind);
      if (!chosen) return undefined;
      name = chosen;
      const choice = await this.storage(scopeKind, access, interactive);
      if (!choice) return undefined;
      scope = scopeIdOrRefuse(this.vault, choice.scope);
      // A person is offered the vendor's hosts of a selected value too; a driven call is unchanged.
      const kind = interactive ? (target.kind ?? credentialOfValue(target.value)?.kind) : target.kind;
      const hosts = interactive ? await promptSuggestedHosts(name, kind, this.test) : [];
      await this.store(name, target.value, scope, target.document, requester, kind, { ...choice, hosts });
    }

    const reference = await this.replace(target, name, scope);
    await this.after(target.document, [{ name, value: target.value, reference }]);
    vscode.window.setStatusBarMessage(
      existing ? `$(shield) Already in the vault as "${name}"; reference inserted.` : `$(shield) "${name}" moved into the vault.`,
      5000,
    );
    return { name, reference };
  }

  /** "Vaultify all credentials in file": every detected secret, stored first, then one edit. */
  async vaultifyFile(
    args: { uri?: UriParts | string; scope?: ScopeKind; policy?: AccessPolicy; environment?: string } = {},
    requester: Requester,
  ): Promise<{ secrets: VaultifyResult[] } | undefined> {
    const interactive = requester.kind === 'person';
    const access = accessArgs(args);
    const document = await this.document(args.uri);
    const { secrets, version } = await this.detectIn(document);
    if (!secrets.length) throw new UserError(`No secrets detected in ${vscode.workspace.asRelativePath(document.uri)}.`);

    const file = fileText(document);
    const { located, unplaceable } = locateSecrets(file, secrets);
    const vaulted = new Map<string, VaultedName>();
    for (const value of new Set(located.map((l) => l.located.value))) {
      const existing = await this.vault.nameOfValue(value);
      if (existing) vaulted.set(value, existing);
    }
    const taken = new Set(this.vault.list().map((m) => m.name));
    const planned = nameSecrets(file, located, vaulted, (n) => taken.has(n));
    for (const { secret, message } of unplaceable) {
      this.log.warn(`${titleOf('vaultify.vaultifyFile')} left one out, line ${document.positionAt(secret.start).line + 1}: ${message}`);
    }
    if (!planned.length) {
      const problems = unplaceable.map(({ secret, message }) => `line ${document.positionAt(secret.start).line + 1}: ${message}`);
      throw new UserError(`None of the secrets in this file can be replaced by a reference: ${problems.join('; ')}`);
    }

    let chosen = planned;
    if (interactive) {
      const picks = await vscode.window.showQuickPick(
        planned.map((p) => ({
          label: p.name,
          description: `${p.secret.title} ${p.secret.preview}`,
          detail: `line ${document.positionAt(p.secret.start).line + 1}${p.scope ? ' · already in the vault' : ''}`,
          picked: true,
          p,
        })),
        { canPickMany: true, title: `Vaultify these secrets? (names can be changed later with ${titleOf('vaultify.renameSecret')})` },
      );
      if (!picks?.length) return undefined;
      chosen = picks.map((pick) => pick.p);
    }
    const choice = await this.storage(args.scope, access, interactive && chosen.some((p) => !p.scope));
    if (!choice) return undefined;
    const scope = chosen.some((p) => !p.scope) ? scopeIdOrRefuse(this.vault, choice.scope) : GLOBAL_SCOPE;

    // A person is offered the vendor's hosts of the values stored now, in one pick; a driven call binds none.
    const fresh = [...new Map(chosen.filter((p) => !p.scope).map((p) => [p.name, p])).values()];
    const hosts = interactive
      ? await pickSuggestedHosts(
          fresh.map((p) => ({ name: p.name, kind: p.secret.kind })),
          this.test,
        )
      : new Map<string, string[]>();
    for (const p of fresh) {
      await this.store(p.name, p.located.value, scope, document, requester, p.secret.kind, { ...choice, hosts: hosts.get(p.name) });
    }

    if (document.version !== version) {
      throw new UserError(
        `Stored ${fresh.map((p) => `"${p.name}"`).join(', ')} in the vault, but the file changed meanwhile, so it was not edited. Run "${titleOf('vaultify.vaultifyFile')}" again: stored values are reused.`,
      );
    }
    const placed = planReferenceEdits(file, chosen);
    if (!placed.ok) throw new UserError(`Stored "${placed.name}" in the vault, but could not place its reference: ${placed.message}`);
    const edit = new vscode.WorkspaceEdit();
    for (const plan of placed.edits) {
      edit.replace(document.uri, new vscode.Range(document.positionAt(plan.start), document.positionAt(plan.end)), plan.newText);
    }
    const results: VaultifyResult[] = chosen.map((p, i) => ({ name: p.name, reference: placed.edits[i].newText }));
    await this.apply(
      document,
      edit,
      chosen.map((p) => p.name),
    );
    await this.after(
      document,
      chosen.map((p, i) => ({ name: p.name, value: p.located.value, reference: results[i].reference })),
    );
    vscode.window.setStatusBarMessage(`$(shield) ${chosen.length} secret${chosen.length === 1 ? '' : 's'} moved into the vault.`, 5000);
    return { secrets: results };
  }

  /** Scope, policy and environment: as given, else asked of a person in one pick, else the defaults. */
  private async storage(
    scope: ScopeKind | undefined,
    access: Pick<StorageChoice, 'policy' | 'environment'>,
    ask: boolean,
  ): Promise<StorageChoice | undefined> {
    if (scope) return { scope, ...access };
    if (ask) return promptStorage(this.vault);
    return { scope: 'workspace', ...access };
  }

  private async document(uri: UriParts | string | undefined): Promise<vscode.TextDocument> {
    if (uri !== undefined) {
      const target = toUri(uri);
      try {
        return await vscode.workspace.openTextDocument(target);
      } catch (error) {
        throw new UserError(`Cannot open ${target.toString()}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const editor = vscode.window.activeTextEditor;
    if (!editor) throw new UserError('Open the file that holds the secret first.');
    return editor.document;
  }

  private async detectIn(document: vscode.TextDocument): Promise<{ secrets: DetectedSecret[]; version: number }> {
    const result = await this.detection.detect(document.uri);
    if (result.skipped) throw new UserError(`Vaultify does not scan this file: ${result.skipped}.`);
    if (result.version !== document.version) {
      throw new UserError('The file changed while it was being scanned. Run the command again.');
    }
    return { secrets: result.secrets, version: document.version };
  }

  /** The text to vaultify: the given range, the selection, the detected secret at the cursor, or a pick. */
  private async target(args: VaultifyArgs): Promise<Target | undefined> {
    const document = await this.document(args.uri);
    let range: vscode.Range | undefined;
    let kind: string | undefined;
    if (args.range) {
      range = toRange(args.range);
    } else if (args.uri === undefined) {
      const editor = vscode.window.activeTextEditor!;
      if (!editor.selection.isEmpty) range = editor.selection;
      else {
        const cursor = document.offsetAt(editor.selection.active);
        const { secrets } = await this.detectIn(document);
        let secret = secrets.find((s) => s.start <= cursor && cursor <= s.end);
        if (!secret && secrets.length) {
          const picked = await vscode.window.showQuickPick(
            secrets.map((s) => ({ label: s.title, description: s.preview, detail: `line ${document.positionAt(s.start).line + 1}`, s })),
            { title: 'Which secret should go into the vault?' },
          );
          if (!picked) return undefined;
          secret = picked.s;
        }
        if (!secret) {
          throw new UserError('No secret at the cursor and none detected in this file. Select the value and run "Vaultify secret" again.');
        }
        range = new vscode.Range(document.positionAt(secret.start), document.positionAt(secret.end));
        kind = secret.kind;
      }
    }
    if (!range) throw new UserError('Pass a range, or select the value to vaultify.');
    const selected = document.getText(range);
    if (!selected) throw new UserError('The selection is empty. Select the secret value, or put the cursor on an underlined secret.');
    if (!selected.trim()) throw new UserError('The selection holds only white space.');
    if (selected.length > MAX_SECRET_LENGTH) {
      throw new UserError(
        `The selection is ${Math.round(selected.length / 1024)} KB; a secret is at most ${MAX_SECRET_LENGTH / 1024} KB. Select just the value.`,
      );
    }
    const plan = locateSecret(fileText(document), document.offsetAt(range.start), document.offsetAt(range.end));
    if (!plan.ok) throw new UserError(plan.message);
    const source = document.getText().slice(plan.start, plan.end);
    return { document, version: document.version, start: plan.start, end: plan.end, source, value: plan.value, kind };
  }

  private async chooseName(
    target: Target,
    given: string | undefined,
    interactive: boolean,
    scopeKind?: ScopeKind,
  ): Promise<string | undefined> {
    const collision = (name: string): string | undefined => {
      const scope = scopeKind ? this.vault.scopeId(scopeKind) : undefined;
      const other = this.vault.lookup(name, scope);
      return other ? `"${name}" already holds a different secret (${scopeLabel(other.scope)}).` : undefined;
    };
    if (given !== undefined) {
      const problem = nameProblem(given) ?? collision(given);
      if (problem) throw new UserError(problem);
      return given;
    }
    const suggested = newSecretName(fileText(target.document), target, (n) => !!this.vault.lookup(n));
    if (!interactive) return suggested;
    return promptName({ value: suggested, title: 'Vaultify secret: name', taken: collision });
  }

  private async store(
    name: string,
    value: string,
    scope: string,
    origin: vscode.TextDocument,
    requester: Requester,
    kind: string | undefined,
    access: StorageChoice & { hosts?: string[] },
  ): Promise<SecretMetadata> {
    try {
      return await this.vault.store(
        name,
        value,
        scope,
        {
          kind,
          origin: vscode.workspace.asRelativePath(origin.uri),
          ...definedAccess(access),
          ...(access.hosts?.length && { hosts: access.hosts }),
        },
        requester,
      );
    } catch (error) {
      if (error instanceof VaultWriteError) throw new UserError(`${error.message}. The file was not changed.`);
      throw error;
    }
  }

  /** Places the reference, re-locating the value first if the document changed since it was read. */
  private async replace(target: Target, name: string, scope: string): Promise<string> {
    const { document } = target;
    let { start, end } = target;
    if (document.version !== target.version) {
      const relocated = relocate(document.getText(), target.source, start);
      if (relocated === undefined) {
        throw new UserError(
          `Stored as "${name}" in the vault, but the file changed and the value is no longer where it was, so the file was not edited. Put vault:${name} in its place by hand.`,
        );
      }
      start = relocated;
      end = relocated + target.source.length;
    }
    const plan = planReplacement({ ...fileText(document), start, end, name });
    if (!plan.ok) {
      throw new UserError(`Stored as "${name}" in the vault, but its reference could not be placed: ${plan.message}`);
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(plan.start), document.positionAt(plan.end)), plan.newText);
    await this.apply(document, edit, [name], scope);
    return plan.newText;
  }

  private async apply(document: vscode.TextDocument, edit: vscode.WorkspaceEdit, names: string[], scope?: string): Promise<void> {
    let applied = false;
    let reason = await readOnlyReason(document.uri);
    if (!reason) {
      try {
        applied = await vscode.workspace.applyEdit(edit);
      } catch (error) {
        reason = `: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    if (!applied) {
      const where = scope === undefined ? '' : ` (${scopeLabel(scope)})`;
      throw new UserError(
        `Stored ${names.map((n) => `"${n}"`).join(', ')} in the vault${where}, but ${vscode.workspace.asRelativePath(document.uri)} could not be edited${reason || ' (it may be read-only or deleted)'}. Replace the value by hand with its vault: reference.`,
      );
    }
  }
}

/**
 * Why a document cannot be changed on disk, if it cannot. VS Code applies edits to the buffers of
 * read-only files too; a reference that can never be saved would leave the literal on disk.
 */
async function readOnlyReason(uri: vscode.Uri): Promise<string> {
  if (uri.scheme === 'untitled') return '';
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return ' (its file system is read-only)';
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.permissions !== undefined && (stat.permissions & vscode.FilePermission.Readonly) !== 0) return ' (the file is read-only)';
  } catch {
    return ' (the file no longer exists)';
  }
  return '';
}

/** The document as the planner reads it. */
function fileText(document: vscode.TextDocument): FileText {
  return { text: document.getText(), languageId: document.languageId, fileName: document.fileName };
}
