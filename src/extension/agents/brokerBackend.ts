import * as vscode from 'vscode';
import { runCommand, secretVariables } from '../../core/agents/commandRunner';
import { streamOutputMask } from '../../core/agents/outputMask';
import { resolveRunFolder } from '../../core/agents/runFolder';
import { maskText } from '../../core/mask';
import type { Requester } from '../../core/policy';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { Settings } from '../config';
import { MaskingInput } from '../maskingInput';
import { processEnvironment } from '../terminal/terminalEnvironment';
import type { Vault } from '../vault/vault';
import { UserError } from '../userError';
import { type AgentBackend, RunDenied } from './agentBackend';

const MASKING = 'masking the output of an agent run';
const PURPOSE = 'running a command for an AI agent';

/**
 * The agent tools' backend on the release seam: every run is a release through the broker (the
 * grant's modal, the per-secret policy, the audit record before the value leaves), its output is
 * masked with every vault value, and the run's end is recorded with its exit code and masked count.
 */
export function createAgentBackend(vault: Vault, broker: ReleaseBroker, settings: Settings): AgentBackend {
  const masking = new MaskingInput(vault, settings);

  return {
    listSecrets: () => Promise.resolve(broker.listSecrets()),

    async runWithSecrets(request, requester, signal) {
      if (!vscode.workspace.isTrusted) throw new RunDenied('this workspace is not trusted, so Vaultify releases no secret here');
      // A command without secrets needs no release, so no approval: the agent's own terminal is the place for it.
      if (!request.secrets.length) throw new RunDenied('name at least one secret; run commands that need none in your own terminal');
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      const where = resolveRunFolder(request.cwd, folders);
      if (!where.ok) throw new RunDenied(where.reason);
      const who: Requester = { kind: 'agent', label: requester.client };
      let released;
      try {
        released = await broker.release({ requester: who, secrets: request.secrets.map((name) => ({ name })), channel: 'process', purpose: PURPOSE, command: request.command, cwd: where.folder });
      } catch (error) {
        if (error instanceof UserError) throw new RunDenied(error.message);
        throw error;
      }
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(where.folder));
      // Every vault value and its encodings, the released ones, and credentials nobody stored.
      const secrets = [...(await masking.values(MASKING)), ...released.map(({ name, value }) => ({ name, value }))];
      const result = await runCommand({
        command: request.command,
        cwd: where.folder,
        env: processEnvironment(secretVariables(released)),
        createMask: () => streamOutputMask(secrets, masking.options(folder)),
        timeoutSeconds: request.timeoutSeconds,
        signal,
      });
      await broker.recordRun({
        requester: who,
        secrets: released.map(({ name, scope }) => ({ name, scope })),
        command: request.command,
        cwd: where.folder,
        ...(result.exitCode !== null && { exitCode: result.exitCode }),
        maskedCount: result.maskedCount,
        purpose: PURPOSE,
      });
      return result;
    },

    async maskText(text) {
      return { ...maskText(text, await masking.values(MASKING), masking.options()), vaultChecked: true };
    },
  };
}
