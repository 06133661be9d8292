import * as vscode from 'vscode';
import { hostAtLeast } from '../core/agents/hostVersion';
import { Settings } from './config';
import { PersonMarks } from './personMarks';
import { TestHooks } from './testHooks';

/**
 * An API that some hosts lack or refuse: proposed (and gated) before a VS Code version, or another
 * editor's own. `label` names it in the log, `name` in `VAULTIFY_TEST_FAIL_APIS`.
 */
export interface OptionalApi {
  name: string;
  label: string;
  /** The VS Code version where the API became final; older hosts skip the feature. */
  since?: `${number}.${number}`;
}

/**
 * The one object that owns what the extension registers. Features receive it instead of reaching
 * for globals, and everything they push here is disposed on deactivation.
 */
export class Ctx {
  readonly log: vscode.LogOutputChannel;
  /** Marks on the arguments Vaultify's own UI hands to its commands: a person clicked them. */
  readonly person = new PersonMarks();
  /** The one accessor of `vaultify.*` settings, with what it told the user this session. */
  readonly settings = new Settings();
  /** The integration tests' switches; undefined outside ExtensionMode.Test. */
  readonly test: TestHooks | undefined;
  private disposed = false;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.test = TestHooks.of(extension);
    this.log = vscode.window.createOutputChannel('Vaultify', { log: true });
    extension.subscriptions.push(this.log, { dispose: () => (this.disposed = true) });
  }

  /** Owns `disposable` until deactivation; one registered after deactivation is disposed at once. */
  register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.extension.subscriptions.push(disposable);
    return disposable;
  }

  /**
   * Registers a feature that rests on an optional API. A host that refuses it (an API that exists
   * but throws because its proposal is not enabled there) loses that feature and one log line,
   * never the rest of activation. `register` returns what it registered, now or once a promise
   * settles; a host without the API is for `register` to detect, and it then returns nothing.
   */
  optional(api: OptionalApi, register: () => vscode.Disposable[] | Promise<vscode.Disposable[]>): void {
    if (api.since && !hostAtLeast(vscode.version, api.since)) {
      this.log.info(`${api.label}: not offered, as it needs VS Code ${api.since} or later and this host is ${vscode.version}.`);
      return;
    }
    const failed = (error: unknown): void =>
      this.log.warn(
        `${api.label}: not available on this host (VS Code ${vscode.version}), the rest of Vaultify works without it: ${error instanceof Error ? error.message : String(error)}`,
      );
    try {
      if (this.test?.refuses(api.name)) throw new Error(`${api.name} refused by VAULTIFY_TEST_FAIL_APIS`);
      const registered = register();
      if (Array.isArray(registered)) registered.forEach((d) => this.register(d));
      else registered.then((ds) => ds.forEach((d) => this.register(d)), failed);
    } catch (error) {
      failed(error);
    }
  }

  asAbsolutePath(relative: string): string {
    return this.extension.asAbsolutePath(relative);
  }
}
