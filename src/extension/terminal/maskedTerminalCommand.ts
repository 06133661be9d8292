import * as vscode from 'vscode';
import type { Requester } from '../../core/policy';
import type { Ctx } from '../ctx';
import type { MaskedTerminalArgs, MaskedTerminalLauncher, PreparedTerminal } from './maskedTerminalLauncher';
import { MissingTerminalSecretsError } from './terminalEnvironment';

/**
 * What the extension's own integration tests observe of a masked terminal: exactly what its
 * Pseudoterminal emitted (masked, so never a value), since the terminal's buffer cannot be read
 * through the API. Only returned to tests (TestHooks).
 */
export interface MaskedTerminalObservation {
  terminal: vscode.Terminal;
  /** What was emitted, in order: all of it, or after a burst at least the last KEPT_CHARS. */
  output(): string;
  /** How many characters were emitted in all. */
  emittedChars(): number;
  /** The code the terminal closed with; undefined while it is open. */
  exitCode(): number | undefined;
  /** Resolves once values stored since the terminal opened are masked too. */
  masksCurrent(): Promise<void>;
  /** Credentials nobody stored that the output showed: kind and suggested name, never the value. */
  caught(): readonly { kind: string; suggestedName: string }[];
  /** The messages about workspace settings that were ignored, in this session. */
  ignoredSettings(): readonly string[];
}

/** The recorded output is bounded too, so that a test of a large burst measures the terminal, not the record. */
const KEPT_CHARS = 1_000_000;

export interface MaskedTerminalResult {
  name: string;
  observation?: MaskedTerminalObservation;
}

/** `vaultify.newMaskedTerminal`: asks which secrets to inject unless the arguments say, then opens the terminal. */
export async function newMaskedTerminal(
  launcher: MaskedTerminalLauncher,
  ctx: Ctx,
  args: MaskedTerminalArgs | undefined,
  requester: Requester,
): Promise<MaskedTerminalResult | undefined> {
  let prepared: PreparedTerminal | undefined;
  try {
    prepared = await launcher.prepare(args ?? {}, requester);
  } catch (error) {
    if (requester.kind !== 'person' || !(error instanceof MissingTerminalSecretsError)) throw error;
    void offerToAddMissing(error, launcher, () => newMaskedTerminal(launcher, ctx, args, requester));
    return undefined;
  }
  if (!prepared) return undefined;
  const ready = prepared;
  let output = '';
  let emittedChars = 0;
  let exitCode: number | undefined;
  if (ctx.test) {
    // Subscribed before the terminal exists, so that nothing it emits is missed.
    prepared.pty.onDidWrite((text) => {
      emittedChars += text.length;
      output += text;
      if (output.length > 4 * KEPT_CHARS) output = output.slice(-KEPT_CHARS);
    });
    prepared.pty.onDidClose((code) => (exitCode = code));
  }
  const terminal = vscode.window.createTerminal(prepared.options);
  terminal.show();
  if (!ctx.test) return { name: terminal.name };
  return {
    name: terminal.name,
    observation: {
      terminal,
      output: () => output,
      emittedChars: () => emittedChars,
      exitCode: () => exitCode,
      masksCurrent: () => ready.masksCurrent(),
      caught: () => ready.caught(),
      ignoredSettings: () => ctx.settings.ignoredSettingMessages(),
    },
  };
}

/**
 * A teammate's .env names secrets this vault does not hold yet: offer to add them (each value
 * typed into a password box), then try again, which offers the ones still missing.
 */
async function offerToAddMissing(
  error: MissingTerminalSecretsError,
  launcher: MaskedTerminalLauncher,
  retry: () => Promise<unknown>,
): Promise<void> {
  const offers = new Map(error.names.slice(0, 3).map((name) => [`Add secret "${name}"…`, name]));
  const choice = await vscode.window.showErrorMessage(`Vaultify: ${error.message}`, ...offers.keys());
  const name = choice && offers.get(choice);
  if (!name) return;
  const added = await vscode.commands.executeCommand<{ name: string } | undefined>('vaultify.addSecret', launcher.asPerson({ name }));
  if (added) await retry();
}
