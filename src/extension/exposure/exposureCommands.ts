import * as vscode from 'vscode';
import type { ExposureCheck, ExposureReport } from './exposureCheck';

/** Runs `work` under a cancellable progress notification, its AbortSignal tied to the Cancel button. */
function withCancellableProgress<T>(title: string, work: (signal: AbortSignal, step: (text: string) => void) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return work(abort.signal, (message) => progress.report({ message }));
  });
}

/**
 * `vaultify.checkExposure`: where the stored values have been seen. A person gets a summary with
 * the way out (rotate, clean transcripts); a driven call gets `[{ name, location, kind }]`.
 * `mark` makes the Rotate button's arguments a person's, as a Vault view item's are.
 */
export async function checkExposureCommand(
  check: ExposureCheck,
  interactive: boolean,
  mark: <T extends object>(args: T) => T,
): Promise<ExposureReport[]> {
  check.cancelBackground();
  const run = (signal?: AbortSignal, step?: (text: string) => void) => check.check(signal, step);
  const { findings, notes } = interactive ? await withCancellableProgress('Vaultify: checking for exposed credentials', run) : await run();
  const report = findings.map(({ name, location, kind }) => ({ name, location, kind }));
  if (!interactive) return report;

  const extra = notes.length ? ` (${notes.join('; ')})` : '';
  if (!findings.length) {
    void vscode.window.showInformationMessage(`Vaultify found no stored value in workspace files, git history or AI transcripts${extra}.`);
    return report;
  }
  await offerRotation(findings, extra, mark);
  return report;
}

/** The exposure notification: which secrets, where, and Rotate (one secret) or Clean AI transcripts. */
export async function offerRotation(
  findings: readonly ExposureReport[],
  extra: string,
  mark: <T extends object>(args: T) => T,
): Promise<void> {
  const names = [...new Set(findings.map((f) => f.name))];
  const inTranscripts = findings.some((f) => f.kind === 'transcript');
  const where = (name: string): string => [...new Set(findings.filter((f) => f.name === name).map((f) => f.kind))].join(', ');
  const actions = ['Rotate', ...(inTranscripts ? ['Clean AI transcripts'] : [])];
  const choice = await vscode.window.showWarningMessage(
    `Treat these as compromised: ${names.map((n) => `"${n}" (${where(n)})`).join(', ')}${extra}. Rotate each at its provider, then here.`,
    ...actions,
  );
  // One secret goes straight to its rotation; several go to the pick.
  if (choice === 'Rotate')
    await vscode.commands.executeCommand('vaultify.rotateSecret', names.length === 1 ? mark({ name: names[0] }) : undefined);
  if (choice === 'Clean AI transcripts') await vscode.commands.executeCommand('vaultify.cleanTranscripts');
}

export interface CleanTranscriptsArgs {
  /** Driven with `confirm: true`, nothing is asked. */
  confirm?: boolean;
}

export interface CleanTranscriptsResult {
  cleaned: { path: string; replaced: number }[];
  skipped: { path: string; reason: string }[];
}

/** `vaultify.cleanTranscripts`: lists the transcripts that hold a value, and after confirmation rewrites them. */
export async function cleanTranscriptsCommand(
  check: ExposureCheck,
  args: CleanTranscriptsArgs | undefined,
): Promise<CleanTranscriptsResult | undefined> {
  const { files, plan } = await withCancellableProgress('Vaultify: looking for secrets in AI transcripts', (signal) =>
    check.planCleaning(signal),
  );
  const count = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);
  if (!plan.cleaned.length) {
    const skippedNote = plan.skipped.length
      ? ` ${plan.skipped.length} skipped: ${plan.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}.`
      : '';
    if (!args) void vscode.window.showInformationMessage(`Vaultify: no AI transcript to clean.${skippedNote}`);
    return { cleaned: [], skipped: plan.skipped };
  }
  if (!args?.confirm) {
    const list = plan.cleaned
      .map((f) => `${f.path}${f.target ? ` (a link to ${f.target}, which is rewritten)` : ''} (${count(f.vault) + count(f.secret)})`)
      .join('\n');
    const answer = await vscode.window.showWarningMessage(
      `Rewrite ${plan.cleaned.length} AI transcript file(s) so that stored values and detected credentials become mask tokens? No backup is kept.`,
      { modal: true, detail: list },
      'Clean transcripts',
    );
    if (answer !== 'Clean transcripts') return undefined;
  }
  const planned = new Set(plan.cleaned.map((f) => f.path));
  const done = await check.clean(files.filter((f) => planned.has(f.path)));
  const result = {
    cleaned: done.cleaned.map((f) => ({ path: f.path, replaced: count(f.vault) + count(f.secret) })),
    skipped: [...plan.skipped, ...done.skipped],
  };
  if (!args) {
    const skipped = result.skipped.length ? ` Skipped ${result.skipped.map((s) => `${s.path} (${s.reason})`).join('; ')}.` : '';
    void vscode.window.showInformationMessage(`Vaultify cleaned ${result.cleaned.length} transcript file(s).${skipped}`);
  }
  return result;
}
