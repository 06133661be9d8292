import * as vscode from 'vscode';
import { DenialMemory, OneAtATime } from '../../core/agents/requestGate';
import { credentialOfValue } from '../../core/agents/promptHook';
import {
  type RequestScope,
  type SecretRequest,
  parseSecretRequest,
  quoteForPrompt,
  requestPromptText,
} from '../../core/agents/secretRequest';
import { PERSON } from '../../core/policy';
import { kindFitsHosts } from '../../core/secretless/hostSuggestions';
import type { RequestResult } from '../../shared/agentProtocol';
import type { AuditTrail } from '../broker/auditTrail';
import { type Vault, VaultWriteError } from '../vault/vault';
import { promptHosts, promptName } from '../vault/vaultPrompts';
import { type AgentRequester, RunDenied } from './agentBackend';

/** The person's answers a request needs: the prompt, the password box and the fit question. */
export interface RequestAnswers {
  /** The request prompt: provide as asked, edit first, or undefined (Deny, the default, or dismissed). */
  request(text: { message: string; detail: string }): Promise<'provide' | 'edit' | undefined>;
  /** The password box; undefined when cancelled. */
  value(title: string): Promise<string | undefined>;
  /** A value whose kind does not fit the hosts: store anyway, edit, or undefined (do not store). */
  unfit(message: string, detail: string): Promise<'store' | 'edit' | undefined>;
}

const PROVIDE = 'Provide…';
const EDIT = 'Edit name, hosts or scope…';
const STORE_ANYWAY = 'Store anyway';

/** The answers on screen: modals whose first button is Deny, and VS Code's password box. */
export const windowAnswers: RequestAnswers = {
  async request({ message, detail }) {
    const picked = await vscode.window.showWarningMessage(`Vaultify: ${message}`, { modal: true, detail }, 'Deny', PROVIDE, EDIT);
    return picked === PROVIDE ? 'provide' : picked === EDIT ? 'edit' : undefined;
  },
  value: (title) =>
    Promise.resolve(
      vscode.window.showInputBox({
        title,
        password: true,
        ignoreFocusOut: true,
        prompt: 'The value goes straight into the OS keychain; the agent never sees it.',
        validateInput: (v) => (v ? undefined : 'A value is required.'),
      }),
    ),
  async unfit(message, detail) {
    const picked = await vscode.window.showWarningMessage(`Vaultify: ${message}`, { modal: true, detail }, EDIT, STORE_ANYWAY);
    return picked === STORE_ANYWAY ? 'store' : picked === EDIT ? 'edit' : undefined;
  },
};

/**
 * Requests for credentials from agents (`vaultify_requestSecret`, MCP `request_secret`). One
 * prompt at a time, in order; a name the person denied is refused to the same requester for ten
 * minutes without asking again. A provided value is checked against the hosts it is for, stored
 * (read back and compared by the vault), recorded as requested by the agent and provided by a
 * person, and only its name is returned.
 */
export class SecretRequests {
  private readonly queue = new OneAtATime();
  private readonly denials: DenialMemory;

  constructor(
    private readonly vault: Vault,
    private readonly audit: AuditTrail,
    private readonly answers: RequestAnswers,
    now: () => number,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.denials = new DenialMemory(now);
  }

  async request(input: unknown, requester: AgentRequester, signal: AbortSignal): Promise<RequestResult> {
    if (!vscode.workspace.isTrusted) throw new RunDenied('this workspace is not trusted, so Vaultify stores no secret for an agent here');
    const parsed = parseSecretRequest(input);
    if (!parsed.ok) throw new RunDenied(`the request is not valid: ${parsed.problem}`);
    return this.queue.run(async () => {
      if (signal.aborted) throw new RunDenied('the request was cancelled before it was shown');
      return this.ask(parsed.request, requester);
    });
  }

  private async ask(asked: SecretRequest, requester: AgentRequester): Promise<RequestResult> {
    const until = this.denials.deniedUntil(requester.client, asked.name);
    if (until !== undefined) {
      throw new RunDenied(
        `the person denied "${asked.name}" to you; do not ask for it again before ${new Date(until).toLocaleTimeString()}. Ask the person in the chat what to do instead.`,
      );
    }
    if (!this.scopeId(asked.scope))
      throw new RunDenied('no folder is open, so there is no workspace scope; ask for the "global" scope instead');
    const existing = this.vault.lookup(asked.name, this.scopeId(asked.scope));
    if (existing)
      throw new RunDenied(
        `"${asked.name}" is already in the vault: use it by name with run_with_secrets (vaultify_runWithSecrets in VS Code).`,
      );

    const answer = await this.answers.request(requestPromptText(asked, requester.client, vscode.workspace.name ?? 'no folder open'));
    let request: SecretRequest | undefined = asked;
    if (answer === 'edit') request = await editRequest(asked);
    const value =
      answer && request ? await this.answers.value(`Value of "${request.name}" for ${quoteForPrompt(requester.client, 60)}`) : undefined;
    if (!request || !value) return this.deny(asked, requester);

    const detected = credentialOfValue(value.trim());
    for (;;) {
      const fit = kindFitsHosts(detected?.kind, request.hosts);
      if (fit.fits) break;
      this.log.info(`Asked whether to store "${request.name}" for ${request.hosts.join(', ')}: the value looks like a ${detected!.title}.`);
      const choice = await this.answers.unfit(
        `This value looks like a ${detected!.title}, which is not used with ${fit.outside.join(', ')}.`,
        `${detected!.title}s are used with ${fit.expected.join(', ')}. Storing it for other hosts would send it where it does not belong. Edit the request, or store it anyway if you know better.`,
      );
      if (choice === 'store') break;
      request = choice === 'edit' ? await editRequest(request) : undefined;
      if (!request) return this.deny(asked, requester);
    }

    const scope = this.scopeId(request.scope);
    if (!scope) throw new RunDenied('no folder is open, so there is no workspace scope; ask for the "global" scope instead');
    if (this.vault.lookup(request.name, scope))
      throw new RunDenied(`"${request.name}" is already in the vault: use it by name with run_with_secrets.`);
    try {
      // Bound to its hosts like a secret added with them: a process gets a placeholder, the value goes only on the wire.
      const details = {
        ...(detected && { kind: detected.kind }),
        ...(request.hosts.length && { hosts: request.hosts }),
        origin: `requested by ${requester.client}`,
      };
      await this.vault.store(
        request.name,
        value,
        scope,
        details,
        PERSON,
        `requested by ${requester.client} (${request.purpose}), provided by a person`,
      );
    } catch (error) {
      if (error instanceof VaultWriteError) throw new RunDenied(`${error.message}. Nothing was stored.`);
      throw error;
    }
    vscode.window.setStatusBarMessage(`$(shield) "${request.name}" stored for ${requester.client}.`, 5000);
    return { name: request.name, stored: true };
  }

  private scopeId(scope: RequestScope): string | undefined {
    return this.vault.scopeId(scope);
  }

  private async deny(request: SecretRequest, requester: AgentRequester): Promise<never> {
    this.denials.remember(requester.client, request.name);
    await this.audit.record({
      event: 'denial',
      requester: { kind: 'agent', label: requester.client },
      secrets: [{ name: request.name, scope: request.scope }],
      purpose: `asked for a new secret (${request.purpose}); denied by you`,
    });
    throw new RunDenied(
      `the person denied "${request.name}". Do not ask for it again in the next ten minutes; ask the person in the chat what to do instead.`,
    );
  }
}

/** The person edits the name, the hosts (in Set access's box) and the scope; undefined when any box is dismissed. */
async function editRequest(request: SecretRequest): Promise<SecretRequest | undefined> {
  const name = await promptName({ value: request.name, title: 'Store the requested secret as' });
  if (name === undefined) return undefined;
  const hosts = await promptHosts({ name, hosts: request.hosts });
  if (hosts === undefined) return undefined;
  const scope = await vscode.window.showQuickPick(
    [
      { label: 'This workspace', scope: 'workspace' as const, picked: request.scope === 'workspace' },
      { label: 'All my workspaces', scope: 'global' as const, picked: request.scope === 'global' },
    ],
    { title: `Where "${name}" lives` },
  );
  if (!scope) return undefined;
  return { ...request, name, hosts, scope: scope.scope };
}
