import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { Services } from '../services';

/** A burst of stores (Vaultify all credentials in file) is checked once, this long after the last. */
const AFTER_STORE_MS = 3_000;

/**
 * Check for exposed credentials and Clean AI transcripts, and the check that runs in the
 * background after a store: never during activation, one at a time (a newer store, an on-demand
 * check or closing the window cancels it), and telling only of places not already on record.
 */
export function registerExposure(ctx: Ctx, services: Services): void {
  const { vault, exposure: ledger } = services;
  const check = services.exposureCheck;
  const mark = <T extends object>(args: T): T => ctx.person.mark(args);

  const background = async (signal: AbortSignal): Promise<void> => {
    const before = new Set(ledger.open().map((r) => `${r.name}\0${r.kind}\0${r.location}`));
    const { findings, notes } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Vaultify: checking for exposure' },
      async () => (await check()).check(signal),
    );
    const fresh = findings.filter((f) => !before.has(`${f.name}\0${f.kind}\0${f.location}`));
    if (!fresh.length || signal.aborted) return;
    const { offerRotation } = await import('./exposureCommands');
    await offerRotation(fresh, notes.length ? ` (${notes.join('; ')})` : '', mark);
  };

  // A store changes `updated`; policy edits and lookups do not, so they start no check.
  const stamps = (): Set<string> => new Set(vault.list().map((m) => `${m.scope}\0${m.name}\0${m.updated}`));
  // Read right after activation: listing the vault may ask git which repository this is.
  let seen = new Set<string>();
  setTimeout(() => (seen = stamps()), 0);
  let timer: NodeJS.Timeout | undefined;
  ctx.register({ dispose: () => clearTimeout(timer) });
  ctx.register(
    vault.onDidChange(() => {
      const now = stamps();
      const stored = [...now].some((stamp) => !seen.has(stamp));
      seen = now;
      if (!stored || !ctx.settings.get('exposure.checkAfterStore') || !vscode.workspace.isTrusted) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        void check()
          .then((loaded) => background(loaded.startBackground()))
          .catch((error: unknown) =>
            ctx.log.error(`The background exposure check failed: ${error instanceof Error ? error.message : String(error)}`),
          );
      }, AFTER_STORE_MS);
    }),
  );
}
