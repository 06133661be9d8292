import * as path from 'node:path';
import { commandParts, nestedScript, simpleCommands } from '../agents/shellCommandReads';

/**
 * The files a command line runs, as far as the line names them: a script given to an
 * interpreter or run by its path, and the files a task runner reads its tasks from. Each entry
 * lists the candidates in the order the tool looks for them (`make` takes the first of
 * GNUmakefile, makefile, Makefile), relative to the run's folder unless absolute. A session grant
 * covers its command only while these hold what they held when it was given, so a file that
 * appears among the candidates counts as a change too.
 *
 * A light shell reading (see shellCommandReads): words with `$` or glob characters are not
 * followed, and a script's own calls are not either. What it does not name, the prompt cannot
 * name; the grant still binds the exact command line.
 */
export function filesRunBy(line: string): string[] {
  const files: string[] = [];
  let base = '';
  const add = (...candidates: string[]): void => {
    for (const c of candidates) if (isLiteral(c)) files.push(path.isAbsolute(c) ? path.normalize(c) : path.join(base || '.', c));
  };
  for (const words of simpleCommands(line)) {
    const { command, args } = commandParts(words);
    if (command === undefined) continue;
    if (command === 'cd' || command === 'pushd') {
      const to = args.find((a) => !a.startsWith('-'));
      if (to && isLiteral(to)) base = path.isAbsolute(to) ? to : path.join(base, to);
      continue;
    }
    const nested = nestedScript(path.basename(command), args);
    if (nested !== undefined) {
      for (const file of filesRunBy(nested)) files.push(path.isAbsolute(file) ? file : path.join(base || '.', file));
      continue;
    }
    runs(command, args, add);
  }
  return [...new Set(files)];
}

const SHELLS = /^(sh|bash|zsh|dash|ksh|fish|source)$/;
const INTERPRETERS = /^(python[0-9.]*|node|nodejs|ruby|perl|php|tsx|ts-node|lua|Rscript)$/;
/** Options after which an interpreter runs code from the line itself or a module, not a file. */
const INLINE_CODE = new Set(['-c', '-e', '-E', '-p', '-m', '--eval', '--print']);
/** Interpreter options that take the next word as their value. */
const WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '-W', '-X', '-I']);
const PACKAGE_MANAGERS = /^(npm|pnpm|yarn|bun)$/;
/** npm subcommands that run scripts from package.json (install runs its lifecycle scripts). */
const NPM_SCRIPTS = new Set([
  'run',
  'run-script',
  'rum',
  'urn',
  'test',
  't',
  'tst',
  'start',
  'stop',
  'restart',
  'install',
  'i',
  'ci',
  'add',
  'install-test',
  'it',
  'cit',
]);
const PACKAGE_OPTIONS_WITH_VALUE = new Set(['--prefix', '-C', '--cwd', '--dir', '--filter', '-F', '-w', '--workspace']);
const PYTHON_PROJECT_RUNNERS = /^(poetry|pdm|hatch|uv|rye)$/;
/** The task files each runner reads, in its search order, and the options that name another. */
const TASK_FILES: Record<string, { defaults: string[]; options: string[] }> = {
  just: { defaults: ['justfile', 'Justfile', '.justfile'], options: ['-f', '--justfile'] },
  rake: { defaults: ['Rakefile', 'rakefile', 'Rakefile.rb'], options: ['-f', '--rakefile'] },
  task: { defaults: ['Taskfile.yml', 'Taskfile.yaml'], options: ['-t', '--taskfile'] },
};

function runs(command: string, args: readonly string[], add: (...candidates: string[]) => void): void {
  const name = path.basename(command);
  const operands = args.filter((a) => !a.startsWith('-'));
  if (SHELLS.test(name)) {
    if (operands[0] !== undefined) add(operands[0]);
    return;
  }
  if (INTERPRETERS.test(name)) {
    if (args.some((a) => INLINE_CODE.has(a))) return;
    const script = args.find((a, i) => !a.startsWith('-') && !WITH_VALUE.has(args[i - 1]));
    if (script !== undefined) add(script);
    return;
  }
  // `env FOO=1 sh x.sh`, `npx tsx x.ts`: the command that follows is what runs.
  if (name === 'env' || name === 'npx') {
    const at = args.findIndex((a) => !a.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a));
    if (at >= 0) runs(args[at], args.slice(at + 1), add);
    return;
  }
  if (name === 'deno') {
    if (operands[0] === 'run' && operands[1]) add(operands[1]);
    if (operands[0] === 'task') add('deno.json', 'deno.jsonc');
    return;
  }
  if (PACKAGE_MANAGERS.test(name)) {
    const words = args.filter((a, i) => !a.startsWith('-') && !PACKAGE_OPTIONS_WITH_VALUE.has(args[i - 1]));
    const sub = words[0];
    const target = sub === 'run' ? words[1] : sub;
    // `bun ./x.ts`, `bun run x.ts`: a file; a script name reads package.json.
    if (name === 'bun' && target !== undefined && /[./]/.test(target)) return add(target);
    const runsScripts = name === 'npm' ? sub !== undefined && NPM_SCRIPTS.has(sub) : sub !== 'dlx' && sub !== 'x';
    if (runsScripts) add(path.join(optionValue(args, ['--prefix', '-C', '--cwd', '--dir']) ?? '', 'package.json'));
    return;
  }
  if (name === 'make' || name === 'gmake') {
    const dir = optionValue(args, ['-C', '--directory']) ?? '';
    const file = optionValue(args, ['-f', '--file', '--makefile']);
    return add(...(file ? [file] : ['GNUmakefile', 'makefile', 'Makefile']).map((f) => path.join(dir, f)));
  }
  const task = TASK_FILES[name];
  if (task) {
    const file = optionValue(args, task.options);
    return add(...(file ? [file] : task.defaults));
  }
  if (PYTHON_PROJECT_RUNNERS.test(name) && operands[0] === 'run') {
    add('pyproject.toml');
    // `uv run python x.py`, `uv run x.py`, `poetry run ./deploy.sh`: what follows runs too.
    const rest = args.slice(args.indexOf('run') + 1);
    const at = rest.findIndex((a) => !a.startsWith('-'));
    if (at >= 0) {
      if (/\.py$/.test(rest[at])) add(rest[at]);
      else runs(rest[at], rest.slice(at + 1), add);
    }
    return;
  }
  if (name === 'go' && operands[0] === 'run') return add(...operands.slice(1).filter((o) => o.endsWith('.go')));
  // `./deploy.sh`, `bin/release`, `/opt/tools/x`: the command is itself a file.
  if (command.includes('/')) add(command);
}

/** `-f FILE`, `-fFILE` (short options) or `--file=FILE`/`--file FILE` (long ones). */
function optionValue(args: readonly string[], names: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    for (const name of names) {
      if (args[i] === name) return args[i + 1];
      if (name.startsWith('--') && args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
      if (!name.startsWith('--') && args[i].startsWith(name) && args[i].length > name.length) return args[i].slice(name.length);
    }
  }
  return undefined;
}

/** A word the shell passes as written: no expansion, no glob. */
const isLiteral = (word: string): boolean => word.length > 0 && !/[$`*?[\]{}~]/.test(word);
