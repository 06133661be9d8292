import type { Readable, Writable } from 'node:stream';
import type { IdentityEnvironment } from '../core/sops';
import type { CliIo } from './cliIo';

/** Where a subcommand reads, writes and finds the user's identity, so that tests can run it in-process. */
export interface CommandContext {
  io: CliIo;
  identity: IdentityEnvironment;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  /** The CLI's own script: scan workers start from it. */
  cliPath: string;
}

/** One `vaultify` subcommand: its lines in `vaultify --help`, and how it runs on the arguments after its name. */
export interface Subcommand {
  usage: string;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
