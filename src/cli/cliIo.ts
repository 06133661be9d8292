/** Where a CLI command reads and writes, so that tests can run commands in-process. */
export interface CliIo {
  cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {}
