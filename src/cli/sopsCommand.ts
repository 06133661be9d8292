import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { DEFAULT_MIN_LENGTH } from '../core/mask';
import { type DecryptedSopsFile, decryptSopsFile, environmentText, formatForFile, readSopsIdentities, SopsError } from '../core/sops';
import { UsageError } from './cliIo';
import { runMaskedChild } from './maskedChild';
import type { CommandContext, Subcommand } from './subcommand';

export const SOPS_HELP = `Usage:
  vaultify sops check FILE
      Decrypt FILE in memory with your age identity and verify its MAC. Prints the number of
      values and their key paths, never a value. Exit 0: sound. 1: MAC or decryption failure.
      2: bad input (not a sops file, or a sops feature Vaultify does not support).
  vaultify sops exec FILE -- COMMAND [ARGS...]
      Run COMMAND with FILE's values in its environment (nested keys joined with _), its output
      masked. Exits with COMMAND's exit code.

The age identity comes from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or sops/age/keys.txt in your
user config folder, as sops reads them.
`;

/** Exit code for a failure: 1 when the file is unsound or not for this key, 2 for bad input. */
export function exitCodeFor(error: unknown): number {
  return error instanceof SopsError && ['mac', 'decrypt', 'no-identity', 'verify'].includes(error.code) ? 1 : 2;
}

export async function openSopsFile(file: string, ctx: CommandContext): Promise<DecryptedSopsFile> {
  const absolute = path.resolve(ctx.io.cwd, file);
  const format = formatForFile(file);
  let text: string;
  try {
    text = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new SopsError('format', `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const { identities } = await readSopsIdentities(ctx.identity);
  return decryptSopsFile(text, file, identities, format);
}

async function check(file: string, ctx: CommandContext): Promise<number> {
  const decrypted = await openSopsFile(file, ctx);
  const encrypted = decrypted.values.filter((v) => v.encrypted).length;
  const count = decrypted.values.length;
  ctx.io.stdout(
    `${file}: MAC verified, ${count} value${count === 1 ? '' : 's'} (${encrypted} encrypted), ${decrypted.metadata.age.length} age recipient${decrypted.metadata.age.length === 1 ? '' : 's'}, sops ${decrypted.metadata.version}`,
  );
  for (const v of decrypted.values) ctx.io.stdout(`  ${v.path.join('.')}${v.encrypted ? '' : ' (unencrypted)'}`);
  return 0;
}

/**
 * The environment `sops exec-env` gives: each top-level key as a variable. Nested mappings,
 * which sops refuses, are flattened with `_` between keys; lists are refused as sops does.
 */
export function environmentOf(decrypted: DecryptedSopsFile): Record<string, string> {
  const env: Record<string, string> = {};
  const from = new Map<string, string>();
  for (const v of decrypted.values) {
    if (v.address.some((part) => typeof part === 'number')) {
      throw new SopsError('unsupported', `${decrypted.file}: cannot use a list in the environment; offending key ${v.path.join('.')}`);
    }
    const name = v.path.join('_');
    if (name.includes('='))
      throw new SopsError('unsupported', `${decrypted.file}: cannot use keys with "=" in the environment: ${v.path.join('.')}`);
    const earlier = from.get(name);
    if (earlier !== undefined)
      throw new SopsError('unsupported', `${decrypted.file}: ${earlier} and ${v.path.join('.')} would both be the variable ${name}`);
    from.set(name, v.path.join('.'));
    env[name] = environmentText(v.value);
  }
  return env;
}

async function exec(file: string, command: string[], ctx: CommandContext): Promise<number> {
  const decrypted = await openSopsFile(file, ctx);
  const values = environmentOf(decrypted);
  const secrets = decrypted.values.filter((v) => v.encrypted).map((v) => ({ name: v.path.join('/'), value: environmentText(v.value) }));
  const short = secrets.filter((s) => s.value.length < DEFAULT_MIN_LENGTH).map((s) => s.name);
  if (short.length) ctx.io.stderr(`vaultify: not masking ${short.join(', ')}: shorter than ${DEFAULT_MIN_LENGTH} characters`);
  return runMaskedChild(
    {
      command: command[0],
      args: command.slice(1),
      env: { ...ctx.env, ...values },
      cwd: ctx.io.cwd,
      secrets,
      stdout: ctx.stdout,
      stderr: ctx.stderr,
    },
    (message) => ctx.io.stderr(`vaultify: ${message}`),
  );
}

/** `vaultify sops SUBCOMMAND ...`; `argv` is everything after `sops`. */
async function runSops(argv: string[], ctx: CommandContext): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
    ctx.io.stdout(SOPS_HELP);
    return 0;
  }
  const dashes = rest.indexOf('--');
  const before = dashes < 0 ? rest : rest.slice(0, dashes);
  const command = dashes < 0 ? [] : rest.slice(dashes + 1);
  if (before.includes('-h') || before.includes('--help')) {
    ctx.io.stdout(SOPS_HELP);
    return 0;
  }
  if (sub !== 'check' && sub !== 'exec') throw new UsageError(`unknown sops command "${sub}"`);
  if (before.length !== 1 || before[0].startsWith('-')) throw new UsageError(`sops ${sub} takes one FILE`);
  if (sub === 'check' && dashes >= 0) throw new UsageError('sops check takes no command');
  if (sub === 'exec' && !command.length) throw new UsageError('sops exec needs a command after --');
  try {
    return sub === 'check' ? await check(before[0], ctx) : await exec(before[0], command, ctx);
  } catch (error) {
    ctx.io.stderr(`vaultify: ${(error as Error).message}`);
    return exitCodeFor(error);
  }
}

export const sopsCommand: Subcommand = {
  usage: `  vaultify sops check FILE
      Decrypt a sops file (age recipients) in memory and verify its MAC; print the number of
      values and their key paths, never a value. Exit 0: sound. 1: MAC or decryption failure.
      2: bad input.
  vaultify sops exec FILE -- COMMAND [ARGS...]
      Run COMMAND with the file's values in its environment, as sops exec-env does; output
      masked; COMMAND's exit code.
`,
  run: runSops,
};
