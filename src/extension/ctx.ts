import * as vscode from 'vscode';
import type { CommandId } from './commandTable';
import { PersonMarks } from './personMarks';

/**
 * The one object that owns what the extension registers. Features receive it instead of reaching
 * for globals, and everything they push here is disposed on deactivation.
 */
export class Ctx {
  readonly log: vscode.LogOutputChannel;
  /** Marks on the arguments Vaultify's own UI hands to its commands: a person clicked them. */
  readonly person = new PersonMarks();

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Vaultify', { log: true });
    extension.subscriptions.push(this.log);
  }

  register<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  registerCommand(id: CommandId, handler: (...args: any[]) => unknown): void {
    this.register(vscode.commands.registerCommand(id, handler));
  }

  asAbsolutePath(relative: string): string {
    return this.extension.asAbsolutePath(relative);
  }
}
