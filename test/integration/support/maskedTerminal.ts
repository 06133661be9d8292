import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { MaskedTerminalObservation, MaskedTerminalResult } from '../../../src/extension/terminal/maskedTerminalCommand';
import { fakeGitHubToken } from '../../support/fakeCredentials';
import { watchForPlaintext } from './plaintextWatch';
import { waitFor } from './wait';
import { folder } from './workspace';

/** What masked-terminal tests share: a predictable shell, vaulted tokens and waits on what the terminal emitted. */
export const WAIT_MS = 60_000;
/** A shell without the user's rc files, so output is predictable; its prompt comes from the .env (PROMPT). */
export const BASH = { shell: '/bin/bash', shellArgs: ['--norc', '--noprofile'] };
export const PROMPT = 'vaultify-ready> ';

let counter = 0;
export const unique = (base: string): string => `${base}-${Date.now().toString(36)}-${counter++}`;
export const token = (name: string): string => `[masked vault:${name}]`;
export const count = (text: string, needle: string): number => text.split(needle).length - 1;

export async function writeFile(name: string, text: string, where: 'alpha' | 'beta' = 'alpha'): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(folder(where).uri, name);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** Stores a fresh synthetic token under a new name and writes a .env that references it. */
export async function vaultedToken(
  base: string,
  where: 'alpha' | 'beta' = 'alpha',
): Promise<{ name: string; value: string; envFile: string }> {
  const name = unique(base);
  const value = watchForPlaintext(fakeGitHubToken());
  await vscode.commands.executeCommand('vaultify.addSecret', { name, value, scope: 'workspace' });
  const envFile = `${unique('terminal')}.env`;
  // HISTFILE: the tests type values into bash, whose history must not keep them on disk.
  await writeFile(envFile, `TOKEN=vault:${name}\nHISTFILE=/dev/null\nPS1="${PROMPT}"\n`, where);
  return { name, value, envFile };
}

export async function openMasked(args: object, where: 'alpha' | 'beta' = 'alpha'): Promise<MaskedTerminalObservation> {
  const result = await vscode.commands.executeCommand<MaskedTerminalResult>('vaultify.newMaskedTerminal', {
    cwd: folder(where).uri.fsPath,
    ...args,
  });
  assert.ok(result?.observation, 'in test mode the command returns what the terminal emits');
  return result.observation;
}

/** Waits on what the Pseudoterminal emitted; on a timeout, says what it emitted last. */
export async function emitted(observation: MaskedTerminalObservation, accept: (output: string) => boolean, what: string): Promise<string> {
  try {
    return await waitFor(() => (accept(observation.output()) ? observation.output() : undefined), what, WAIT_MS);
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast output: ${JSON.stringify(observation.output().slice(-600))}`, { cause: error });
  }
}

export function closedWith(observation: MaskedTerminalObservation, what: string): Promise<number> {
  return emitted(observation, () => observation.exitCode() !== undefined, what).then(() => observation.exitCode()!);
}

/** The value, or the forms the test's commands print it in, anywhere in the output (line breaks ignored for wrapped hex). */
export function assertNoValue(output: string, value: string, label: string): void {
  const bytes = Buffer.from(value, 'utf8');
  const base64 = bytes.toString('base64').slice(0, Math.floor((8 * bytes.length) / 6));
  const hex = bytes.toString('hex');
  const joined = output.replace(/[\r\n]/g, '');
  assert.ok(!output.includes(value), `${label}: the raw value was shown`);
  assert.ok(!output.includes(base64), `${label}: its base64 was shown`);
  assert.ok(!joined.includes(hex) && !joined.includes(hex.toUpperCase()), `${label}: its hex was shown`);
}

/** The most of a secret a hold may show: min(8 characters, a quarter of the secret). */
const bound = (value: string): number => Math.min(8, Math.floor(value.length / 4));
const SGR = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Whether `text` holds `length` consecutive characters of `value` anywhere. */
export function holdsRun(text: string, value: string, length: number): boolean {
  for (let i = 0; i + length <= value.length; i++) if (text.includes(value.slice(i, i + length))) return true;
  return false;
}

/**
 * No rendering of `value` in `output` shows more of it than the bound: the text itself (colours
 * taken out, and `od -c`'s one-character cells joined), its hex (dump columns joined) and its
 * base64 (wrapped lines joined), each at every alignment.
 */
export function assertAtMostBound(output: string, value: string, label: string): void {
  const plain = output.replace(SGR, '');
  // Only single-character cells are joined: joining all text would put a hex cell's last digit
  // before an xxd column, or od's offset before its first cell, and read a run no line shows.
  const cells = plain.replace(/(?<= \S) +(?=\S(?:[ \r\n]|$))/g, '');
  const joined = plain.replace(/\s+/g, '');
  const run = bound(value) + 1;
  for (const [text, how] of [
    [plain, 'as text'],
    [cells, 'in od -c cells'],
  ]) {
    const at = [...Array(Math.max(0, value.length - run + 1)).keys()].map((i) => text.indexOf(value.slice(i, i + run))).find((k) => k >= 0);
    assert.ok(
      at === undefined,
      `${label}: ${run} characters of the value in a row were shown ${how}: ${JSON.stringify(text.slice(Math.max(0, (at ?? 0) - 300), (at ?? 0) + 100))}`,
    );
  }
  const hex = Buffer.from(value).toString('hex');
  assert.ok(
    !holdsRun(joined, hex, 2 * run) && !holdsRun(joined, hex.toUpperCase(), 2 * run),
    `${label}: ${run} bytes of its hex were shown`,
  );
  for (let align = 0; align < 3; align++) {
    const encoded = Buffer.concat([Buffer.alloc(align), Buffer.from(value)])
      .toString('base64')
      .slice(Math.ceil((8 * align) / 6), -2);
    assert.ok(!holdsRun(joined, encoded, Math.ceil((4 * run) / 3)), `${label}: its base64 (alignment ${align}) was shown`);
  }
}

/**
 * What the terminal shows: its whole buffer, scrollback included, as the workbench copies it
 * (wrapped lines joined). Read through the terminal's own Select All and Copy.
 */
export async function terminalBuffer(terminal: vscode.Terminal): Promise<string> {
  terminal.show(false);
  await vscode.commands.executeCommand('workbench.action.terminal.selectAll');
  await vscode.commands.executeCommand('workbench.action.terminal.copySelection');
  await vscode.commands.executeCommand('workbench.action.terminal.clearSelection');
  return vscode.env.clipboard.readText();
}

/** Waits until the terminal's buffer satisfies `accept` (the renderer draws what was emitted a little later), and returns it. */
export async function shown(terminal: vscode.Terminal, accept: (buffer: string) => boolean, what: string): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      async () => {
        last = await terminalBuffer(terminal);
        return accept(last) ? last : undefined;
      },
      what,
      WAIT_MS,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}\nlast buffer: ${JSON.stringify(last.slice(-600))}`, { cause: error });
  }
}
