import type { SensitivePaths } from './sensitivePaths';

/** Why a shell command is refused: it reads a sensitive path or shows the environment. */
export type ShellFinding = { kind: 'path'; path: string } | { kind: 'env-dump'; command: string } | { kind: 'env-var'; variable: string };

/** Commands that look at a file's name or metadata, never its content. */
const METADATA_COMMANDS = new Set([
  'ls',
  'stat',
  'test',
  '[',
  '[[',
  'touch',
  'rm',
  'chmod',
  'chown',
  'mkdir',
  'rmdir',
  'wc',
  'du',
  'realpath',
  'dirname',
  'basename',
  'cd',
  'pushd',
  'git-check-ignore',
]);
/** Words that run the rest of the line as a command. */
const PREFIXES = new Set(['sudo', 'command', 'exec', 'time', 'nohup', 'nice', 'builtin', 'doas', 'xargs', 'watch', 'timeout', 'stdbuf']);
const PRINTERS = new Set([
  'echo',
  'printf',
  'print',
  'printenv',
  'env',
  'export',
  'declare',
  'typeset',
  'set',
  'node',
  'python',
  'python3',
  'ruby',
  'perl',
  'php',
  'sh',
  'bash',
  'zsh',
]);

/**
 * What a command line reads that the guard hides. A light shell reading, not a shell: words are
 * split on blanks with quotes honoured, commands on `; & | && || ( ) $( \``, redirections taken
 * apart. Aimed at the ways assistants really reach secrets (`cat .env`, `grep -r KEY .env*`,
 * `source .env`, `< .env`, `printenv`, `echo $TOKEN`); a deliberately disguised command can
 * get past it, which is why the hooks are defence in depth behind masking.
 *
 * `vaultedVariables`: the environment variables vaulted secrets become, when known; without
 * them only whole-environment dumps are caught.
 */
export function shellCommandReads(
  line: string,
  paths: SensitivePaths,
  cwd: string | undefined,
  vaultedVariables?: ReadonlySet<string>,
): ShellFinding[] {
  const findings: ShellFinding[] = [];
  for (const words of simpleCommands(line)) {
    const { command, args, inputs } = commandParts(words);
    for (const input of inputs) if (paths.isSensitive(input, cwd)) findings.push({ kind: 'path', path: input });
    if (command === undefined) continue;
    const name = command.replace(/^.*\//, '');
    const script = nestedScript(name, args);
    if (script !== undefined) {
      findings.push(...shellCommandReads(script, paths, cwd, vaultedVariables));
      continue;
    }
    if (/\/proc\/[^/]+\/environ/.test([command, ...args].join(' '))) findings.push({ kind: 'env-dump', command: name });
    const operands = args.filter((a) => !a.startsWith('-') || a === '-');
    if (isEnvDump(name, args, operands)) findings.push({ kind: 'env-dump', command: name });
    if (name === 'printenv' && vaultedVariables) {
      for (const operand of operands) if (vaultedVariables.has(operand)) findings.push({ kind: 'env-var', variable: operand });
    }
    if (vaultedVariables && PRINTERS.has(name)) {
      for (const word of args)
        for (const variable of referencedVariables(word)) if (vaultedVariables.has(variable)) findings.push({ kind: 'env-var', variable });
    }
    if (!METADATA_COMMANDS.has(name)) {
      for (const candidate of [command, ...args].slice(1)) {
        const value = candidate.startsWith('-') ? optionValue(candidate) : candidate;
        if (!value) continue;
        // `git show HEAD:.env`, `scp host:.ssh/id_rsa .`: the path after the colon is read too.
        const afterColon = /^[^:/]+:(?!\/\/)(.+)$/.exec(value)?.[1];
        if (paths.isSensitive(value, cwd) || (afterColon !== undefined && paths.isSensitive(afterColon, cwd)))
          findings.push({ kind: 'path', path: value });
      }
    }
  }
  return dedupe(findings);
}

/** The command line a shell is told to run: `bash -c '...'`, `eval '...'`. */
export function nestedScript(name: string, args: readonly string[]): string | undefined {
  if (name === 'eval') return args.join(' ');
  if (!/^(sh|bash|zsh|dash|ksh|fish)$/.test(name)) return undefined;
  const flag = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
  return flag >= 0 ? args[flag + 1] : undefined;
}

function isEnvDump(name: string, args: readonly string[], operands: readonly string[]): boolean {
  switch (name) {
    case 'printenv':
      return operands.length === 0;
    case 'env':
      // `env` alone prints everything; `env FOO=1 cmd` runs cmd, `env -u X` with nothing after prints too.
      return args.filter((a, i) => !a.startsWith('-') && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(a) && args[i - 1] !== '-u').length === 0;
    case 'export':
    case 'declare':
    case 'typeset':
      // `export -p`, `declare -x`: no names given means every variable.
      return operands.length === 0;
    case 'set':
      return args.length === 0;
    default:
      return false;
  }
}

/** `--file=.env` → `.env`; `-f.env` is left alone (too ambiguous). */
function optionValue(option: string): string | undefined {
  const eq = option.indexOf('=');
  return option.startsWith('--') && eq > 0 ? option.slice(eq + 1) : undefined;
}

function referencedVariables(word: string): string[] {
  return [
    ...word.matchAll(
      /\$\{?([A-Za-z_][A-Za-z0-9_]*)|\$env:([A-Za-z_][A-Za-z0-9_]*)|process\.env\.([A-Za-z_][A-Za-z0-9_]*)|environ\[['"]([A-Za-z_][A-Za-z0-9_]*)/g,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
}

export interface CommandParts {
  command?: string;
  args: string[];
  /** Files read through `<`. */
  inputs: string[];
}

export function commandParts(words: readonly string[]): CommandParts {
  const rest: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const redirect = /^(\d*)(<<<|<<-?|<>|<|>>|>\||>&|&>>|&>|>)(.*)$/.exec(word);
    if (redirect) {
      const target = redirect[3] || words[++i];
      if ((redirect[2] === '<' || redirect[2] === '<>') && target !== undefined) inputs.push(target);
      continue;
    }
    rest.push(word);
  }
  let start = 0;
  while (start < rest.length && (/^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[start]) || PREFIXES.has(rest[start]))) {
    start++;
    // `timeout 5 cat x`, `nice -n 5 cat x`: skip the prefix's own arguments.
    while (start < rest.length && (rest[start].startsWith('-') || /^\d+[smhd]?$/.test(rest[start]))) start++;
  }
  const command = rest[start];
  let args = rest.slice(start + 1);
  if (command === 'source' || command === '.') {
    // Loading a file into the shell reads it whole; name the file as the command read.
    return { command: 'source', args, inputs };
  }
  if (command === 'git' && args[0] === '-C') {
    args = args.slice(2);
  }
  return { command, args, inputs };
}

/** Splits a line into simple commands, each a list of words with quotes removed. */
export function simpleCommands(line: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      if (line[i + 1] !== '\n') {
        word += line[i + 1];
        inWord = true;
      }
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      word += line.slice(i + 1, end < 0 ? line.length : end);
      inWord = true;
      i = end < 0 ? line.length : end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length) j++;
        word += line[j];
      }
      inWord = true;
      i = j;
    } else if (c === '$' && line[i + 1] === '(') {
      endCommand();
      i++;
    } else if (
      c === '`' ||
      c === ';' ||
      c === '|' ||
      c === '&' ||
      c === '(' ||
      c === ')' ||
      c === '\n' ||
      (c === '{' && !inWord) ||
      (c === '}' && !inWord)
    ) {
      // A `&` that is part of a redirection (`2>&1`, `&>`) stays in the word.
      if (c === '&' && (word.endsWith('>') || line[i + 1] === '>')) {
        word += c;
        inWord = true;
        continue;
      }
      endCommand();
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word += c;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

function dedupe(findings: ShellFinding[]): ShellFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
