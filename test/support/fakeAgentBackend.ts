import { tmpdir } from 'node:os';
import { runCommand, secretVariables } from '../../src/core/agents/commandRunner';
import { streamOutputMask } from '../../src/core/agents/outputMask';
import { maskWholeValues } from '../../src/core/agents/wholeValueMask';
import { type AgentBackend, type AgentRequester, RunDenied, type RunRequest } from '../../src/extension/agents/agentBackend';
import type { PromptParams } from '../../src/shared/agentProtocol';

/**
 * Stands in for the extension's backend (the grants, the vault, the audit trail), which these
 * tests do not have: it holds one value, refuses commands containing "deny-me" and requests for the
 * name "deny/me", and records calls.
 */
export class FakeAgentBackend implements AgentBackend {
  readonly runs: { request: RunRequest; requester: AgentRequester }[] = [];
  /** How many texts each mask request carried. */
  readonly maskRequests: number[] = [];
  readonly requests: { input: unknown; requester: AgentRequester }[] = [];
  readonly prompts: PromptParams[] = [];
  constructor(private readonly value: string) {}
  async listSecrets() {
    return [{ name: 'deploy/token', kind: 'github-token', scope: 'workspace' as const, policy: 'ask once per grant' }];
  }
  async runWithSecrets(request: RunRequest, requester: AgentRequester, signal: AbortSignal) {
    this.runs.push({ request, requester });
    if (request.command.includes('deny-me')) throw new RunDenied('the user denied running it with deploy/token');
    const secrets = [{ name: 'deploy/token', value: this.value }].filter((s) => request.secrets.includes(s.name));
    return runCommand({
      command: request.command,
      cwd: request.cwd ?? tmpdir(),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...secretVariables(secrets) },
      createMask: () => streamOutputMask(secrets),
      signal,
      timeoutSeconds: request.timeoutSeconds,
    });
  }
  async maskTexts(texts: string[]) {
    this.maskRequests.push(texts.length);
    const { texts: masked, maskedCount } = maskWholeValues(texts, [{ name: 'deploy/token', value: this.value }], {
      detectCredentials: true,
    });
    return { texts: masked, maskedCount };
  }
  async requestSecret(input: unknown, requester: AgentRequester) {
    this.requests.push({ input, requester });
    const name = String((input as { name?: unknown }).name);
    if (name === 'deny/me') throw new RunDenied(`the person denied "${name}"`);
    return { name, stored: true as const };
  }
  async checkPrompt(params: PromptParams) {
    this.prompts.push(params);
    return { vaulted: params.prompt.includes(this.value) ? ['deploy/token'] : [] };
  }
}
