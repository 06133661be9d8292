import * as vscode from 'vscode';
import { runCommand, secretVariables } from '../../core/agents/commandRunner';
import { envVarName } from '../../core/envfile/envVarName';
import { streamOutputMask } from '../../core/agents/outputMask';
import { resolveRunFolder } from '../../core/agents/runFolder';
import { maskWholeValues } from '../../core/agents/wholeValueMask';
import type { Requester } from '../../core/policy';
import type { AuditTrail } from '../broker/auditTrail';
import type { ReleaseBroker } from '../broker/releaseBroker';
import type { Settings } from '../config';
import { MaskingInput } from '../maskingInput';
import type { SecretlessRuns } from '../secretless/secretlessRuns';
import { processEnvironment } from '../terminal/terminalEnvironment';
import type { Vault } from '../vault/vault';
import { GLOBAL_SCOPE } from '../vault/vaultScope';
import { UserError } from '../userError';
import type { ExposureLedger } from '../exposure/exposureLedger';
import { type AgentBackend, RunDenied } from './agentBackend';
import { type PasteOffer, PastedSecrets } from './pastedSecrets';
import { type RequestAnswers, SecretRequests } from './secretRequests';

/** What credentials coming in through VS Code need besides the vault: the trail, the exposure ledger and the person's answers. */
export interface CredentialIntake {
  audit: AuditTrail;
  exposures: ExposureLedger;
  answers: RequestAnswers;
  offer: PasteOffer;
  log: vscode.LogOutputChannel;
  now: () => number;
}

const MASKING = 'masking the output of an agent run';
const PURPOSE = 'running a command for an AI agent';
/** Who sends mask requests: the endpoint's clients, `vaultify hook` among them. */
const MASK_REQUESTER: Requester = { kind: 'agent', label: 'agent endpoint client (vaultify hook)' };

/**
 * The agent tools' backend on the release seam: every run is a release through the broker (the
 * grant's modal, the per-secret policy, the audit record before the value leaves), its output is
 * masked with every vault value, and the run's end is recorded with its exit code and masked count.
 */
export function createAgentBackend(
  vault: Vault,
  broker: ReleaseBroker,
  settings: Settings,
  intake: CredentialIntake,
  secretless: () => Promise<SecretlessRuns>,
): AgentBackend {
  const masking = new MaskingInput(vault, settings);
  const maskList = () => masking.values(MASKING);
  const requests = new SecretRequests(vault, intake.audit, intake.answers, intake.now, intake.log);
  const pasted = new PastedSecrets(vault, intake.exposures, maskList, intake.offer, intake.log);

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
        released = await broker.release({
          requester: who,
          secrets: request.secrets.map((name) => ({ name })),
          channel: 'process',
          purpose: PURPOSE,
          command: request.command,
          cwd: where.folder,
        });
      } catch (error) {
        if (error instanceof UserError) throw new RunDenied(error.message);
        throw error;
      }
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(where.folder));
      // Every vault value and its encodings, the released ones, and credentials nobody stored.
      const secrets = [...(await maskList()), ...released.map(({ name, value }) => ({ name, value }))];
      // A secret bound to hosts reaches the process as a placeholder; its value only on the wire.
      const run = await (
        await secretless()
      ).open(
        released.map((s) => ({ ...s, scope: vault.scopeId(s.scope) ?? GLOBAL_SCOPE })),
        who,
      );
      let result;
      try {
        const variables = secretVariables([...run.delivered].map(([name, value]) => ({ name, value })));
        result = await runCommand({
          command: request.command,
          cwd: where.folder,
          env: processEnvironment({ ...variables, ...run.environment }),
          createMask: () => streamOutputMask(secrets, masking.options(folder)),
          timeoutSeconds: request.timeoutSeconds,
          signal,
        });
      } finally {
        run.close();
      }
      await broker.recordRun({
        requester: who,
        secrets: released.map(({ name, scope }) => ({ name, scope })),
        command: request.command,
        cwd: where.folder,
        ...(result.exitCode !== null && { exitCode: result.exitCode }),
        maskedCount: result.maskedCount,
        purpose: PURPOSE,
      });
      return {
        ...result,
        deliveries: released.map(({ name, hosts }) => ({ name, variable: envVarName(name), ...(hosts?.length && { hosts }) })),
      };
    },

    async maskTexts(texts) {
      const masked = maskWholeValues(texts, await maskList(), masking.options());
      const characters = texts.reduce((sum, t) => sum + t.length, 0);
      await broker.recordMask({
        requester: MASK_REQUESTER,
        texts: texts.length,
        characters,
        maskedCount: masked.maskedCount,
        names: masked.names,
      });
      return { texts: masked.texts, maskedCount: masked.maskedCount };
    },

    requestSecret: (input, requester, signal) => requests.request(input, requester, signal),
    checkPrompt: (params) => pasted.check(params),
  };
}
