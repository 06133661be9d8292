import * as vscode from 'vscode';
import { type MaskSecret, type MaskerOptions, MaskStream } from '../../core/mask';
import { OutputPacer } from './outputPacer';
import { PIPE_LIMITS, spawnPipe } from './pipeProcess';
import { type PtyModule, spawnPty } from './ptyProcess';
import { type ShellLaunch, type ShellProcess, launchProblem } from './shellProcess';

export interface MaskedPtyOptions {
  launch: ShellLaunch;
  /** Every value to mask; more arrive through addSecrets while the terminal is open. */
  secrets: readonly MaskSecret[];
  masking: MaskerOptions;
  holdMs: number;
  /** Typed into the shell once it has started, e.g. `npm run deploy`. */
  command?: string;
  /** Loads node-pty; when it throws, the shell runs over pipes. */
  loadPty: () => PtyModule;
  /** A round trip to the window: resolves once the output written before it has arrived there. */
  delivered: () => PromiseLike<unknown>;
}

/** Exit code of a shell that could not be found or started, as shells report a missing command. */
const CANNOT_START = 127;

const yellow = (text: string): string => `\x1b[33m${text}\x1b[0m\r\n`;
const red = (text: string): string => `\x1b[31m${text}\x1b[0m\r\n`;

/**
 * A Pseudoterminal whose shell writes nothing to the screen that has not passed through the
 * masker (invariant 3 in docs/ARCHITECTURE.md). Input goes to the shell untouched; its echo comes back as output, so it
 * is masked there. One masker per output stream, so that stdout and stderr interleaving over
 * pipes cannot split a secret between them.
 */
export class MaskedPty implements vscode.Pseudoterminal {
  private readonly written = new vscode.EventEmitter<string>();
  private readonly closed = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.written.event;
  readonly onDidClose = this.closed.event;

  /** What the maskers start with, once the shell is up. */
  private readonly secrets: MaskSecret[];
  private maskers: MaskStream[] = [];
  private shell?: ShellProcess;
  private pacer?: OutputPacer;
  private size = { columns: 80, rows: 24 };
  /** Set when the shell could not start: the code to close with once the user has read why. */
  private failedWith?: number;
  private done = false;
  private readonly owned: vscode.Disposable[] = [];

  constructor(private readonly options: MaskedPtyOptions) {
    this.secrets = [...options.secrets];
  }

  open(dimensions: vscode.TerminalDimensions | undefined): void {
    if (dimensions) this.size = { columns: dimensions.columns, rows: dimensions.rows };
    const { launch } = this.options;
    const problem = launchProblem(launch);
    if (problem) return this.fail(problem, CANNOT_START);
    const events = { data: (text: string, stream: number) => this.maskers[stream]?.write(text), exit: (code: number) => this.exited(code) };
    let pty: PtyModule | undefined;
    try {
      pty = this.options.loadPty();
    } catch (error) {
      this.emit(
        yellow(
          `Vaultify: the terminal library (node-pty) could not load here (${messageOf(error)}). This shell runs over pipes: ${PIPE_LIMITS}. Output is still masked.`,
        ),
      );
    }
    try {
      this.shell = pty ? spawnPty(pty, launch, this.size, events) : spawnPipe(launch, events);
    } catch (error) {
      return this.fail(`Vaultify could not start ${launch.file}: ${messageOf(error)}`, CANNOT_START);
    }
    // Both spawns report output asynchronously, so the maskers are in place before any arrives.
    this.maskers = Array.from({ length: this.shell.streams }, () => this.newMasker());
    // While reading is paused the hold must not run out: the rest of a held secret may be waiting unread.
    const shell = this.shell;
    this.pacer = new OutputPacer(
      {
        pause: () => {
          shell.pause();
          for (const masker of this.maskers) masker.pause();
        },
        resume: () => {
          for (const masker of this.maskers) masker.resume();
          shell.resume();
        },
      },
      this.options.delivered,
    );
    if (this.options.command) this.shell.write(`${this.options.command}\r`);
  }

  handleInput(data: string): void {
    if (this.failedWith !== undefined) return this.finish(this.failedWith);
    this.shell?.write(data);
  }

  setDimensions(dimensions: vscode.TerminalDimensions): void {
    this.size = { columns: dimensions.columns, rows: dimensions.rows };
    this.shell?.resize(dimensions.columns, dimensions.rows);
  }

  /** The terminal was closed (by the user or an extension): the shell goes with it, silently. */
  close(): void {
    if (this.done) return;
    this.done = true;
    this.shell?.kill();
    this.release();
    this.written.dispose();
    this.closed.dispose();
  }

  /** Disposes `disposable` when the terminal ends, whether its shell exited or the terminal was closed. */
  disposeWithTerminal(disposable: vscode.Disposable): void {
    if (this.done) disposable.dispose();
    else this.owned.push(disposable);
  }

  /** Masks these values too from now on; nothing already masked stops being masked. */
  addSecrets(secrets: readonly MaskSecret[]): void {
    if (!this.maskers.length) this.secrets.push(...secrets);
    for (const masker of this.maskers) masker.masker.addSecrets(secrets);
  }

  /** Tokens written so far across the output streams: the session's count for the audit trail. */
  maskedCount(): number {
    return this.maskers.reduce((sum, masker) => sum + masker.masker.maskedCount, 0);
  }

  private newMasker(): MaskStream {
    return new MaskStream(this.secrets, { text: (text) => this.emit(text) }, { ...this.options.masking, holdMs: this.options.holdMs });
  }

  private emit(text: string): void {
    if (this.done) return;
    this.written.fire(text);
    this.pacer?.shown(text.length);
  }

  private exited(code: number): void {
    for (const masker of this.maskers) masker.end();
    this.finish(code);
  }

  /** Says why in the terminal and keeps it open until a key is pressed, so the reason can be read. */
  private fail(message: string, code: number): void {
    this.failedWith = code;
    this.emit(red(message));
    this.emit('Press any key to close the terminal.\r\n');
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    // The exit code is known to listeners before whatever ends with the terminal runs.
    this.closed.fire(code);
    this.release();
    this.written.dispose();
    this.closed.dispose();
  }

  private release(): void {
    for (const masker of this.maskers) masker.dispose();
    this.pacer?.dispose();
    for (const disposable of this.owned.splice(0)) disposable.dispose();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
