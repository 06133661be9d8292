import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseEnvFile } from '../core/envfile';
import { DEFAULT_MIN_LENGTH, type MaskSecret, MaskTransform } from '../core/mask';
import { parseArgs } from 'node:util';
import { UsageError, type CliIo } from './cliIo';
import type { Subcommand } from './subcommand';

export interface MaskArgs {
  env?: string;
  valuesFile?: string;
  minLength?: string;
  token?: string;
  /** Also mask credentials nobody stored (default true). */
  detect?: boolean;
}

/** The process's standard streams and environment, passed in so that tests can use others. */
export interface MaskStreams {
  stdin: Readable;
  stdout: Writable;
  env: NodeJS.ProcessEnv;
}

/**
 * `vaultify mask`: copies stdin to stdout with every value masked, and with the credentials that
 * the output scanner recognises masked too unless `detect` is false. With detection on, the values are optional.
 * Exit 2 when a variable or the values file is missing; 0 otherwise, also when the reader goes away (EPIPE) mid-stream.
 * Messages name secrets, never show their values.
 */
async function runMask(args: MaskArgs, io: CliIo, streams: MaskStreams): Promise<number> {
  const detect = args.detect ?? true;
  if (args.env !== undefined && args.valuesFile !== undefined) {
    throw new UsageError('mask takes at most one of --env NAME,... or --values-file FILE');
  }
  if (args.env === undefined && args.valuesFile === undefined && !detect) {
    throw new UsageError('mask --no-detect needs one of --env NAME,... or --values-file FILE');
  }
  const minLength = args.minLength === undefined ? DEFAULT_MIN_LENGTH : Number(args.minLength);
  if (!Number.isInteger(minLength) || minLength < 1) throw new UsageError('--min-length must be a positive integer');

  let secrets: MaskSecret[] = [];
  if (args.env !== undefined) {
    const names = args.env
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    if (!names.length) throw new UsageError('--env needs at least one variable name');
    const unset = names.filter((name) => streams.env[name] === undefined);
    if (unset.length) {
      io.stderr(`vaultify: environment variable${unset.length > 1 ? 's' : ''} not set: ${unset.join(', ')}`);
      return 2;
    }
    secrets = names.map((name) => ({ name, value: streams.env[name]! }));
  } else if (args.valuesFile !== undefined) {
    const file = path.resolve(io.cwd, args.valuesFile);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      io.stderr(`vaultify: cannot read values file ${args.valuesFile}${code ? ` (${code})` : ''}`);
      return 2;
    }
    secrets = Object.entries(parseEnvFile(text)).map(([name, value]) => ({ name, value }));
    if (!secrets.length) io.stderr(`vaultify: ${args.valuesFile} holds no NAME=VALUE lines; nothing will be masked`);
  }

  const filter = new MaskTransform(secrets, {
    minLength,
    detectCredentials: detect,
    ...(args.token !== undefined && { token: args.token }),
  });
  const { skipped } = filter.masking.masker;
  if (skipped.length) io.stderr(`vaultify: not masking ${skipped.join(', ')}: shorter than ${minLength} characters`);

  // Bounded buffers and pipeline's backpressure keep memory flat whatever the input size.
  try {
    await pipeline(streams.stdin, filter, streams.stdout);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    io.stderr(`vaultify: mask stopped: ${(error as Error).message}`);
    return 2;
  }
  return 0;
}

const MASK_USAGE = `  vaultify mask [--env NAME,... | --values-file FILE] [--min-length N] [--token TEMPLATE] [--no-detect]
      Copy stdin to stdout with every value (and its encodings, in coloured, wrapped or dumped
      output) shown as [masked vault:NAME], and credentials nobody stored (GitHub, Slack, AWS
      ... tokens, private keys, URL passwords) as [masked secret:KIND]. --token sets the first
      text, with {name} for the name; values shorter than --min-length (default 6) are not
      masked; --no-detect masks the given values only (and then needs them).
`;

export const maskCommand: Subcommand = {
  usage: MASK_USAGE,
  async run(args, ctx) {
    const { values } = parseArgs({
      args,
      options: {
        env: { type: 'string' },
        'values-file': { type: 'string' },
        'min-length': { type: 'string' },
        token: { type: 'string' },
        'no-detect': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      ctx.io.stdout(`Usage:\n${MASK_USAGE}`);
      return 0;
    }
    const maskArgs = {
      env: values.env,
      valuesFile: values['values-file'],
      minLength: values['min-length'],
      token: values.token,
      detect: !values['no-detect'],
    };
    return runMask(maskArgs, ctx.io, { stdin: ctx.stdin, stdout: ctx.stdout, env: ctx.env });
  },
};
