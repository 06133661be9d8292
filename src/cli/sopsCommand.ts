import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { currentMode, writeFileAtomic } from '../core/files/atomicWrite';
import { formatHostEntry, parseHostEntries } from '../core/secretless';
import {
  type DecryptedSopsFile,
  decryptSopsFile,
  environmentText,
  formatForFile,
  isTeamHostsPath,
  nameOfKeyPath,
  readSopsIdentities,
  readTeamHosts,
  SopsError,
  TEAM_HOSTS_KEY,
  TeamFile,
} from '../core/sops';
import { UsageError } from './cliIo';
import { SECRETLESS_HELP, runWithReleased } from './secretlessChild';
import type { CommandContext, Subcommand } from './subcommand';

export const SOPS_HELP = `Usage:
  vaultify sops check FILE
      Decrypt FILE in memory with your age identity and verify its MAC. Prints the number of
      values and their key paths, never a value. Exit 0: sound. 1: MAC or decryption failure.
      2: bad input (not a sops file, or a sops feature Vaultify does not support).
  vaultify sops exec FILE -- COMMAND [ARGS...]
      Run COMMAND with FILE's values in its environment (nested keys joined with _), its output
      masked. Exits with COMMAND's exit code.
${SECRETLESS_HELP}  vaultify sops hosts FILE [NAME (HOST... | --none)]
      Bind the value NAME (payments/stripe for the key payments.stripe) to hosts: host,
      host:port or *.domain. They are kept in FILE under ${TEAM_HOSTS_KEY}, encrypted and covered by
      its MAC, so every member sees them and only a member can change them. --none: environment
      delivery again. Without NAME: each value and where it goes.

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
  // A hosts home that is not sound makes the file unusable for runs: say so here too.
  readTeamHosts(decrypted.file, decrypted.values, decrypted.metadata.macOnlyEncrypted ?? false);
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
    if (isTeamHostsPath(v.path)) continue;
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
  const hosts = readTeamHosts(decrypted.file, decrypted.values, decrypted.metadata.macOnlyEncrypted ?? false);
  const released = decrypted.values
    .filter((v) => v.encrypted && !isTeamHostsPath(v.path))
    .map((v) => ({
      name: v.path.join('/'),
      value: environmentText(v.value),
      hosts: hosts.get(nameOfKeyPath(v.path) ?? '') ?? [],
      variable: v.path.join('_'),
    }));
  return runWithReleased(ctx, 'vaultify sops exec', command, released, (delivered) => {
    const env = { ...values };
    for (const r of released) env[r.variable] = delivered.get(r.name) ?? r.value;
    return env;
  });
}

function deliveryOf(team: TeamFile, name: string): string {
  const bound = team.hostsOf(name);
  return bound.length ? `only on the wire to ${bound.join(', ')}` : 'in the process environment';
}

/** `sops hosts FILE`: where each value goes. `sops hosts FILE NAME HOST...`: binds it, written and read back. */
async function bindHosts(file: string, args: string[], ctx: CommandContext): Promise<number> {
  const absolute = path.resolve(ctx.io.cwd, file);
  const { identities } = await readSopsIdentities(ctx.identity);
  const team = await TeamFile.open((await openSopsFile(file, ctx)).text, file, identities);
  if (args.length === 0) {
    for (const { name } of team.entries()) ctx.io.stdout(`${name}: ${deliveryOf(team, name)}`);
    return 0;
  }
  const [name, ...entries] = args;
  if (!team.has(name)) throw new UsageError(`${file} holds no value named ${name}`);
  const none = entries.length === 1 && entries[0] === '--none';
  if (!none && (entries.length === 0 || entries.some((e) => e.startsWith('-'))))
    throw new UsageError('sops hosts FILE NAME takes hosts (host, host:port, *.domain) or --none');
  const { entries: parsed, errors } = parseHostEntries(none ? [] : entries);
  if (errors.length) throw new UsageError(errors.join(' '));
  const write = await team.setHosts(name, parsed.map(formatHostEntry));
  await writeFileAtomic(absolute, write.text, await currentMode(absolute));
  const saved = await write.team.confirmSaved(await readFile(absolute, 'utf8'));
  ctx.io.stdout(`${file}: ${name}: ${deliveryOf(saved, name)}`);
  return 0;
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
  if (sub !== 'check' && sub !== 'exec' && sub !== 'hosts') throw new UsageError(`unknown sops command "${sub}"`);
  if (sub === 'hosts') {
    if (dashes >= 0 || !before.length || before[0].startsWith('-')) throw new UsageError('sops hosts takes FILE [NAME (HOST... | --none)]');
  } else if (before.length !== 1 || before[0].startsWith('-')) throw new UsageError(`sops ${sub} takes one FILE`);
  if (sub === 'check' && dashes >= 0) throw new UsageError('sops check takes no command');
  if (sub === 'exec' && !command.length) throw new UsageError('sops exec needs a command after --');
  try {
    if (sub === 'hosts') return await bindHosts(before[0], before.slice(1), ctx);
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
      masked; COMMAND's exit code. Values bound to hosts are placeholders there.
  vaultify sops hosts FILE [NAME (HOST... | --none)]
      Bind a team value to the hosts that accept it, in the file under its MAC; list them.
`,
  run: runSops,
};
