import * as vscode from 'vscode';
import { DRIVEN, PERSON, type Requester } from '../core/policy';
import { COMMANDS, type CommandEntry, type CommandId } from './commandTable';
import type { Ctx } from './ctx';
import type { Services } from './services';
import { UserError } from './userError';

/**
 * Who ran a command, decided here once for every handler:
 * - a person: no arguments (the palette, a keybinding without args), a Uri (editor and explorer
 *   menus), or arguments Vaultify's own UI handed out (quick fixes, CodeLens, Vault view items,
 *   hover links; see PersonMarks);
 * - a driven command: any other arguments (another extension, a task, a keybinding with args).
 * VS Code does not say which extension or task called, so the label names only what is known.
 */
export function requesterOf(ctx: Ctx, args: unknown): Requester {
  if (args === undefined || args === null || typeof args !== 'object' || args instanceof vscode.Uri) return PERSON;
  if (ctx.person.isPerson(args)) return PERSON;
  const running = vscode.tasks.taskExecutions.map((t) => t.task.name);
  return running.length
    ? { kind: 'driven', label: `driven command (while task${running.length > 1 ? 's' : ''} ${running.join(', ')} ran)` }
    : DRIVEN;
}

/** Registers every command of the table: the one place where a handler is bound to its id. */
export function registerCommands(ctx: Ctx, services: Services): void {
  for (const [id, entry] of Object.entries(COMMANDS) as [CommandId, CommandEntry][]) registerCommand(ctx, id, entry, services);
}

/**
 * A command whose failures reach a person in words. Driven, it rejects instead, so the caller
 * sees the same message. The handler gets the arguments only when they are an object (a Uri
 * from a menu names no target of Vaultify's), validated by the table, and the requester always.
 */
function registerCommand(ctx: Ctx, id: CommandId, entry: CommandEntry, services: Services): void {
  const handler = entry.handler(services);
  ctx.register(
    vscode.commands.registerCommand(id, async (args?: unknown) => {
      const requester = requesterOf(ctx, args);
      const isObject = args !== undefined && args !== null && typeof args === 'object' && !(args instanceof vscode.Uri);
      try {
        if (entry.personOnly && requester.kind !== 'person') throw new UserError(entry.personOnly);
        return await handler(isObject ? args : undefined, requester);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (!(error instanceof UserError)) ctx.log.error(`${id} failed: ${message}`);
        if (requester.kind !== 'person') throw error;
        void vscode.window.showErrorMessage(`Vaultify: ${message}`);
        return undefined;
      }
    }),
  );
}
