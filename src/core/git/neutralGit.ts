/**
 * How Vaultify runs git on a repository it did not write: reading history must run nothing the
 * repository's own configuration names. `-c` outranks every config file (the repository's, and
 * any file it includes), so these settings hold whatever `.git/config` says.
 */
const NEUTRAL_CONFIG = [
  // `git log` verifies signatures with gpg.program when asked to: never ask, never name one.
  'log.showSignature=false',
  'gpg.program=false',
  'gpg.openpgp.program=false',
  'gpg.x509.program=false',
  'gpg.ssh.program=false',
  'core.pager=cat',
  // A hook script that watches the work tree; no command here refreshes the index, but nothing needs it.
  'core.fsmonitor=false',
  'core.hooksPath=/dev/null',
  'diff.external=',
  // A partial clone fetches missing objects on demand, through transports and helpers the config names.
  'protocol.allow=never',
  'core.sshCommand=false',
  'core.alternateRefsCommand=',
];

/** The arguments for `git ARGS…` with the neutral configuration in front. */
export function neutralGitArgs(args: readonly string[]): string[] {
  return ['--no-pager', ...NEUTRAL_CONFIG.flatMap((setting) => ['-c', setting]), ...args];
}

/** Diff options that keep the diff family (`log`, `show`) from running drivers a repository's attributes name. */
export const NO_DIFF_PROGRAMS = ['--no-ext-diff', '--no-textconv'] as const;

/** The environment for a git run: no pager, no prompt, no on-demand fetch, none of the user's external diff. */
export function neutralGitEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { GIT_EXTERNAL_DIFF: _diff, GIT_PAGER: _pager, GIT_ASKPASS: _askpass, SSH_ASKPASS: _sshAskpass, ...rest } = env;
  return { ...rest, GIT_PAGER: 'cat', GIT_TERMINAL_PROMPT: '0', GIT_NO_LAZY_FETCH: '1', GIT_OPTIONAL_LOCKS: '0' };
}
