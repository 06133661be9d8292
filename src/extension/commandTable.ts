import type { z } from 'zod';
import type { Requester } from '../core/policy';
import { type Zod, argSchemas, argumentProblem } from './argSchemas';
import type { Services } from './services';
import { UserError } from './userError';

/**
 * Every command Vaultify contributes, and the registry: each entry holds the title and icon
 * package.json repeats, the validator of the arguments a caller may pass, who may run it, and
 * the factory of its handler. Activation registers the table in one loop (`commandRegistry.ts`).
 * Handlers import their feature when first run, and zod loads with the first arguments to
 * validate, so activation loads none of them. No `vscode` import, so plain mocha can load it.
 *
 * Titles: the palette keeps every label that matches the typed words and sorts the never-used ones
 * by label, alphabetically. Any other title with the word "secret" would match `Vaultify secret`
 * and sort before it ("Vaultify: Add secret" < "Vaultify: Vaultify secret"), so only the
 * headline command says "secret"; the others speak of the vault, its values and credentials.
 */

/** A command's handler: the arguments as validated (undefined when none came) and who ran it. */
type Handler<A> = (args: A | undefined, requester: Requester) => Promise<unknown>;

/** The validators of `argSchemas`, shared by the table's entries. */
type Shared = ReturnType<typeof argSchemas>;
type Schema<S extends z.ZodType> = (z: Zod, shared: Shared) => S;

interface CommandSpec<S extends z.ZodType> {
  title: string;
  icon?: string;
  /** The arguments a caller may pass, made once zod has loaded; anything else is refused with the argument's name. */
  args: Schema<S>;
  /** Refused, with these words, unless a person ran it (the palette, a menu, Vaultify's own UI). */
  personOnly?: string;
  handler: (services: Services) => Handler<z.output<S>>;
}

/** A table entry, its argument types closed over: the registry hands it raw arguments. */
export interface CommandEntry {
  title: string;
  icon?: string;
  personOnly?: string;
  handler: (services: Services) => Handler<unknown>;
}

let validators: Promise<{ z: Zod; shared: Shared }> | undefined;
const loadValidators = (): Promise<{ z: Zod; shared: Shared }> =>
  (validators ??= import('zod').then((z) => ({ z, shared: argSchemas(z) })));

function command<S extends z.ZodType>(spec: CommandSpec<S>): CommandEntry {
  let schema: S | undefined;
  return {
    title: spec.title,
    ...(spec.icon !== undefined && { icon: spec.icon }),
    ...(spec.personOnly !== undefined && { personOnly: spec.personOnly }),
    handler: (services) => {
      const handle = spec.handler(services);
      return async (args, requester) => {
        if (args === undefined) return handle(undefined, requester);
        if (!schema) {
          const { z, shared } = await loadValidators();
          schema = spec.args(z, shared);
        }
        const parsed = schema.safeParse(args);
        if (!parsed.success) throw new UserError(argumentProblem(parsed.error));
        return handle(parsed.data, requester);
      };
    },
  };
}

const uriAndRange = (z: Zod, a: Shared) => z.object({ uri: a.uri.optional(), range: a.range.optional() });
const expiryArgs = (z: Zod) => z.object({ expires: z.string().nullable().optional(), rotationDays: z.number().nullable().optional() });
const connectArgs = (z: Zod) =>
  z.object({ folder: z.string().optional(), targets: z.array(z.string()).optional(), settings: z.boolean().optional() });
const settingKey = (z: Zod) => z.object({ key: z.string().optional() });
const memberArgs = (z: Zod) => z.object({ recipient: z.string().optional() });
const none = (_z: Zod, a: Shared) => a.none;
const secret = (_z: Zod, a: Shared) => a.secret;
const ONLY_YOU_TEAM = 'Only you can change who is in the team, from the command palette or the Vault view.';

export const COMMANDS = {
  'vaultify.vaultifySecret': command({
    title: 'Vaultify secret',
    icon: '$(shield)',
    args: (z, a) => uriAndRange(z, a).extend({ ...a.secret.shape, ...a.access.shape }),
    handler: (s) => async (args, requester) => (await s.flow()).vaultifySecret(args, requester),
  }),
  'vaultify.vaultifyFile': command({
    title: 'Vaultify all credentials in file',
    icon: '$(shield)',
    args: (z, a) => z.object({ uri: a.uri.optional(), scope: a.scope.optional(), ...a.access.shape }),
    handler: (s) => async (args, requester) => (await s.flow()).vaultifyFile(args, requester),
  }),
  'vaultify.scanWorkspace': command({
    title: 'Scan workspace for credentials',
    icon: '$(search)',
    args: none,
    handler: (s) => async (_args, requester) =>
      (await import('./vaultify/scanWorkspace')).scanWorkspaceCommand(s.ctx, await s.detection(), requester.kind === 'person'),
  }),
  'vaultify.addSecret': command({
    title: 'Add to vault',
    icon: '$(add)',
    args: (z, a) =>
      a.secret.extend({
        value: z.string().optional(),
        ...a.access.shape,
        expires: z.string().optional(),
        rotationDays: z.number().optional(),
        hosts: a.hosts.optional(),
      }),
    handler: (s) => async (args, requester) => (await s.secrets()).add(args, requester),
  }),
  'vaultify.revealSecret': command({
    title: 'Reveal vaulted value',
    icon: '$(eye)',
    args: secret,
    handler: (s) => async (args, requester) => (await s.secrets()).reveal(args, requester),
  }),
  'vaultify.copySecret': command({
    title: 'Copy vaulted value',
    icon: '$(copy)',
    args: secret,
    handler: (s) => async (args, requester) => (await s.secrets()).copy(args, requester),
  }),
  'vaultify.restoreLiteral': command({
    title: 'Replace reference with value',
    icon: '$(discard)',
    args: uriAndRange,
    handler: (s) => async (args, requester) => (await s.secrets()).restore(args, requester),
  }),
  'vaultify.rotateSecret': command({
    title: 'Rotate vaulted value',
    icon: '$(sync)',
    args: (z, a) =>
      a.secret.extend({
        value: z.string().optional(),
        generate: z.object({ length: z.number().optional(), alphabet: z.string().optional() }).optional(),
      }),
    handler: (s) => async (args, requester) => (await s.rotation()).rotate(args, requester),
  }),
  'vaultify.renameSecret': command({
    title: 'Rename vault entry',
    icon: '$(edit)',
    args: (z, a) => a.secret.extend({ newName: z.string().optional(), preview: z.boolean().optional() }),
    handler: (s) => async (args, requester) => (await s.secrets()).rename(args, requester),
  }),
  'vaultify.deleteSecret': command({
    title: 'Delete vault entry',
    icon: '$(trash)',
    args: (z, a) => a.secret.extend({ force: z.boolean().optional() }),
    handler: (s) => async (args, requester) => (await s.secrets()).delete(args, requester),
  }),
  'vaultify.setSecretAccess': command({
    title: 'Set access policy and environment',
    icon: '$(lock)',
    args: (_z, a) => a.secret.extend({ ...a.access.shape, hosts: a.hosts.optional() }),
    handler: (s) => async (args, requester) => (await s.secrets()).setAccess(args, requester),
  }),
  'vaultify.setSecretExpiry': command({
    title: 'Set expiry date and rotation period',
    icon: '$(calendar)',
    args: (z, a) => a.secret.extend(expiryArgs(z).shape),
    handler: (s) => async (args, requester) => (await s.secrets()).setExpiry(args, requester),
  }),
  'vaultify.checkExposure': command({
    title: 'Check for exposed credentials',
    icon: '$(eye)',
    args: none,
    handler: (s) => async (_args, requester) =>
      (await import('./exposure/exposureCommands')).checkExposureCommand(await s.exposureCheck(), requester.kind === 'person', (args) =>
        s.ctx.person.mark(args),
      ),
  }),
  'vaultify.cleanTranscripts': command({
    title: 'Clean AI transcripts',
    icon: '$(clear-all)',
    args: (z) => z.object({ confirm: z.boolean().optional() }),
    handler: (s) => async (args) => (await import('./exposure/exposureCommands')).cleanTranscriptsCommand(await s.exposureCheck(), args),
  }),
  'vaultify.refreshVault': command({
    title: 'Refresh vault view',
    icon: '$(refresh)',
    args: none,
    handler: (s) => () => Promise.resolve(s.vaultTree.refresh()),
  }),
  'vaultify.ignoreFinding': command({
    title: 'Ignore this finding',
    args: (z, a) => z.object({ uri: a.uri, range: a.range }),
    handler: () => async (args) => {
      if (!args) throw new UserError('Ignore this finding is offered by the quick fix on a finding.');
      return (await import('./vaultify/ignoreFinding')).ignoreFinding(args);
    },
  }),
  'vaultify.newMaskedTerminal': command({
    title: 'New masked terminal',
    icon: '$(shield)',
    args: (z) =>
      z.object({
        secrets: z.array(z.string()).optional(),
        envFiles: z.array(z.string()).optional(),
        cwd: z.string().optional(),
        command: z.string().optional(),
        name: z.string().optional(),
        shell: z.string().optional(),
        shellArgs: z.array(z.string()).optional(),
        pipe: z.boolean().optional(),
      }),
    handler: (s) => async (args, requester) =>
      (await import('./terminal/maskedTerminalCommand')).newMaskedTerminal(await s.terminals(), s.ctx, args, requester),
  }),
  'vaultify.guardWorkspace': command({
    title: 'Generate AI ignore files',
    icon: '$(shield)',
    args: (z) => z.object({ tools: z.array(z.string(), { error: 'a list of AI tool names' }).optional() }),
    handler: (s) => async (args, requester) => (await s.guard()).guardWorkspaceCommand(args, requester.kind === 'person'),
  }),
  'vaultify.showAiHiddenFiles': command({
    title: "Show what AI assistants can't see",
    icon: '$(eye-closed)',
    args: none,
    handler: (s) => async () => (await import('./guard/aiGuard')).showHiddenFiles(s),
  }),
  'vaultify.stopCredentialScan': command({
    title: 'Stop background credential scan',
    icon: '$(debug-stop)',
    args: none,
    handler: (s) => async () => (await s.guard()).secretFiles.stop(),
  }),
  'vaultify.restartDetectionServer': command({
    title: 'Restart detection server',
    icon: '$(debug-restart)',
    args: none,
    handler: (s) => async () => (await s.detection()).restart(),
  }),
  'vaultify.showOutput': command({
    title: 'Show output',
    icon: '$(output)',
    args: none,
    handler: (s) => () => Promise.resolve(s.ctx.log.show(true)),
  }),
  // "Secretless" would match "Vaultify secret" in the palette and sort before it.
  'vaultify.checkSecretlessCoverage': command({
    title: 'Check proxy coverage',
    icon: '$(checklist)',
    args: none,
    handler: (s) => async (_args, requester) =>
      (await import('./secretless/coverageCommand')).checkSecretlessCoverage(await s.secretless(), requester),
  }),
  'vaultify.showAuditTrail': command({
    title: 'Show audit trail',
    icon: '$(history)',
    args: (z) => z.object({ secret: z.string().optional(), requester: z.string().optional() }),
    handler: (s) => async (args, requester) => (await import('./broker/brokerCommands')).showAuditTrail(s, args, requester),
  }),
  'vaultify.verifyAuditTrail': command({
    title: 'Verify audit trail',
    icon: '$(verified)',
    args: none,
    handler: (s) => async (_args, requester) => (await import('./broker/brokerCommands')).verifyAuditTrail(s, requester),
  }),
  'vaultify.revokeGrant': command({
    title: 'Revoke grant',
    icon: '$(close)',
    args: (z) => z.object({ grantId: z.string().optional() }),
    handler: (s) => async (args, requester) => (await import('./broker/brokerCommands')).revokeGrant(s, args, requester),
  }),
  'vaultify.revokeAllGrants': command({
    title: 'Revoke all grants',
    icon: '$(clear-all)',
    args: none,
    handler: (s) => async (_args, requester) => (await import('./broker/brokerCommands')).revokeAllGrants(s, requester),
  }),
  'vaultify.acceptWorkspaceSetting': command({
    title: 'Accept workspace setting',
    icon: '$(check)',
    args: settingKey,
    handler: (s) => async (args, requester) => (await import('./acceptedSettings')).acceptWorkspaceSetting(s, args, requester),
  }),
  'vaultify.revokeAcceptedSettings': command({
    title: 'Revoke accepted workspace settings',
    icon: '$(close)',
    args: settingKey,
    handler: (s) => async (args, requester) => (await import('./acceptedSettings')).revokeAcceptedSettings(s, args, requester),
  }),
  'vaultify.connectAgents': command({
    title: 'Connect AI agents',
    icon: '$(plug)',
    args: connectArgs,
    handler: (s) => async (args) =>
      (await import('./agents/connectAgents')).connectAgents(
        s.ctx.asAbsolutePath('dist/cli.js'),
        args,
        (await import('./agents/launcherFile')).ensureLauncher,
      ),
  }),
  'vaultify.disconnectAgents': command({
    title: 'Disconnect AI agents',
    icon: '$(debug-disconnect)',
    args: connectArgs,
    handler: () => async (args, requester) => (await import('./agents/connectAgents')).disconnectAgents(args, requester),
  }),
  'vaultify.setUpTeamKey': command({
    title: 'Set up team key',
    icon: '$(key)',
    args: (z) => z.object({ generate: z.boolean().optional() }),
    personOnly: 'Only you can set up your team key, from the command palette.',
    handler: (s) => async (args) => (await s.team()).key.setUp(args),
  }),
  'vaultify.addTeamMember': command({
    title: 'Add team member',
    icon: '$(person-add)',
    args: memberArgs,
    personOnly: ONLY_YOU_TEAM,
    handler: (s) => async (args, requester) => (await s.team()).commands.addMember(args, requester),
  }),
  'vaultify.removeTeamMember': command({
    title: 'Remove team member',
    icon: '$(person)',
    args: memberArgs,
    personOnly: ONLY_YOU_TEAM,
    handler: (s) => async (args, requester) => (await s.team()).commands.removeMember(args, requester),
  }),
  'vaultify.acceptTeamRecipients': command({
    title: 'Accept team file recipients',
    icon: '$(person-add)',
    args: (z) => z.object({ file: z.string().optional() }),
    personOnly: ONLY_YOU_TEAM,
    handler: (s) => async (args, requester) => (await s.team()).commands.acceptRecipients(args, requester),
  }),
} as const satisfies Record<string, CommandEntry>;

export type CommandId = keyof typeof COMMANDS;

export const COMMAND_CATEGORY = 'Vaultify';

/** A command's title as the user reads it in messages: "Add to vault". */
export function titleOf(id: CommandId): string {
  return COMMANDS[id].title;
}
