import { type ChildProcess, spawn } from 'node:child_process';
import { envVarName } from '../envfile/envVarName';
import type { OutputMask } from './outputMask';

/** What a run gives back to an agent: never a value, only masked text and counts. */
export interface RunResult {
  /** The shell's exit code; null when it was killed (timeout, cancellation) or died of a signal. */
  exitCode: number | null;
  /** stdout and stderr interleaved line by line as they arrived, masked, truncated past the limit with a note. */
  output: string;
  maskedCount: number;
  truncated: boolean;
  timedOut: boolean;
  cancelled: boolean;
  /** What each secret reached the command as: absent where a result comes from before deliveries were told. */
  deliveries?: SecretDelivery[];
}

/** One released secret as the command got it: the value in its environment, or a placeholder bound to `hosts`. */
export interface SecretDelivery {
  name: string;
  variable: string;
  /** The hosts on whose wire the placeholder becomes the value; absent for environment delivery. */
  hosts?: string[];
}

export interface CommandRun {
  command: string;
  cwd: string;
  /** The whole environment of the shell: the secrets go here and only here, never into argv. */
  env: Readonly<Record<string, string>>;
  /** A fresh mask per output stream, so that a value split between stdout and stderr cannot mix. */
  createMask: () => OutputMask;
  timeoutSeconds?: number;
  signal?: AbortSignal;
  /** Bytes of masked output kept; default 64 KB. */
  maxOutputBytes?: number;
  /** Defaults to the running platform. */
  platform?: NodeJS.Platform;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
export const DEFAULT_TIMEOUT_SECONDS = 300;
export const MAX_TIMEOUT_SECONDS = 24 * 60 * 60;

/**
 * The variables the secrets become, each under its envVarName. Two secrets that would become the
 * same variable are refused rather than one silently winning.
 */
export function secretVariables(secrets: readonly { name: string; value: string }[]): Record<string, string> {
  const owner = new Map<string, string>();
  const variables: Record<string, string> = {};
  for (const { name, value } of secrets) {
    const variable = envVarName(name);
    const other = owner.get(variable);
    if (other !== undefined && other !== name)
      throw new Error(`"${other}" and "${name}" would both become $${variable}; pass only one of them`);
    owner.set(variable, name);
    variables[variable] = value;
  }
  return variables;
}

/** The user's shell and its arguments for one command line: `sh -c` on POSIX, PowerShell on Windows. */
export function shellInvocation(command: string, platform: NodeJS.Platform = process.platform): { file: string; args: string[] } {
  if (platform === 'win32') return { file: 'powershell.exe', args: ['-NoLogo', '-NoProfile', '-NonInteractive', '-Command', command] };
  return { file: '/bin/sh', args: ['-c', command] };
}

/**
 * Runs a command line in its own process group, masks what it prints and kills the whole group
 * when the run is cancelled, times out or ends (so a background grandchild cannot outlive it and
 * keep writing). Output past the limit keeps its first and last halves, with a note between.
 */
export function runCommand(run: CommandRun): Promise<RunResult> {
  const platform = run.platform ?? process.platform;
  const limit = run.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const output = new BoundedOutput(limit);
  const masks = [run.createMask(), run.createMask()];
  // Between a second and a day: setTimeout cannot wait longer than about 24.8 days anyway.
  const timeoutMs = Math.min(Math.max(1, run.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS), MAX_TIMEOUT_SECONDS) * 1000;

  return new Promise<RunResult>((resolve, reject) => {
    if (run.signal?.aborted) {
      resolve({ exitCode: null, output: '', maskedCount: 0, truncated: false, timedOut: false, cancelled: true });
      return;
    }
    const { file, args } = shellInvocation(run.command, platform);
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: run.cwd,
        env: { ...run.env },
        stdio: ['ignore', 'pipe', 'pipe'],
        // setsid on POSIX: the shell leads a new process group that one signal reaches whole.
        detached: platform !== 'win32',
        windowsHide: true,
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    let timedOut = false;
    let cancelled = false;
    let exitCode: number | null = null;
    const killGroup = (): void => killProcessTree(child, platform);
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    const onAbort = (): void => {
      cancelled = true;
      killGroup();
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });

    const streams = [new LineJoiner(output), new LineJoiner(output)];
    child.stdout!.on('data', (chunk: Buffer) => streams[0].add(masks[0].push(chunk)));
    child.stderr!.on('data', (chunk: Buffer) => streams[1].add(masks[1].push(chunk)));
    child.once('error', (error) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      reject(error);
    });
    child.once('exit', (code) => {
      exitCode = code;
      // The shell is gone; whatever it left running in its group goes with it, so the pipes close.
      killGroup();
    });
    child.once('close', () => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      masks.forEach((mask, i) => {
        streams[i].add(mask.flush());
        streams[i].end();
      });
      const { text, truncated } = output.text();
      resolve({
        exitCode: timedOut || cancelled ? null : exitCode,
        output: text,
        maskedCount: masks[0].maskedCount + masks[1].maskedCount,
        truncated,
        timedOut,
        cancelled,
      });
    });
  });
}

function killProcessTree(child: ChildProcess, platform: NodeJS.Platform): void {
  if (child.pid === undefined) return;
  if (platform === 'win32') {
    spawn('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill());
    return;
  }
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: the group is already gone.
  }
}

/**
 * Passes one stream's masked output on a line at a time, so that stdout and stderr interleave by
 * whole lines: the masker may hold the end of a line (a possible secret) while the other stream
 * writes. A line longer than 8 KB goes on unfinished.
 */
class LineJoiner {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly output: BoundedOutput) {}

  add(parts: readonly Uint8Array[]): void {
    for (const part of parts) {
      this.pending.push(Buffer.from(part.buffer, part.byteOffset, part.length));
      this.pendingBytes += part.length;
    }
    const joined = Buffer.concat(this.pending);
    const newline = joined.lastIndexOf(0x0a);
    const cut = this.pendingBytes > 8192 ? joined.length : newline + 1;
    if (cut <= 0) {
      this.pending = [joined];
      return;
    }
    this.output.add([joined.subarray(0, cut)]);
    this.pending = cut < joined.length ? [joined.subarray(cut)] : [];
    this.pendingBytes = joined.length - cut;
  }

  end(): void {
    if (this.pendingBytes) this.output.add(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
  }
}

/** Keeps the first half of the limit and a rolling last half, counting what falls between. */
class BoundedOutput {
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  add(parts: readonly Uint8Array[]): void {
    for (const part of parts) this.addOne(Buffer.from(part.buffer, part.byteOffset, part.length));
  }

  private addOne(part: Buffer): void {
    const half = this.limit >> 1;
    if (this.headBytes < half) {
      const take = part.subarray(0, half - this.headBytes);
      this.head.push(take);
      this.headBytes += take.length;
      part = part.subarray(take.length);
    }
    if (!part.length) return;
    this.tail.push(part);
    this.tailBytes += part.length;
    const keep = this.limit - half;
    if (this.tailBytes > keep * 2) this.trimTail(keep);
  }

  private trimTail(keep: number): void {
    const joined = Buffer.concat(this.tail);
    this.dropped += joined.length - keep;
    this.tail = [joined.subarray(joined.length - keep)];
    this.tailBytes = keep;
  }

  text(): { text: string; truncated: boolean } {
    const keep = this.limit - (this.limit >> 1);
    if (this.tailBytes > keep) this.trimTail(keep);
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.dropped) return { text: head + tail, truncated: false };
    const note = `\n[vaultify: output truncated, ${this.dropped} bytes left out here; ${this.limit} bytes kept]\n`;
    return { text: head + note + tail, truncated: true };
  }
}
