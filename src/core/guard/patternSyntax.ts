/**
 * Reading gitignore patterns and rewriting them for the formats that are not gitignore files:
 * Claude Code's `Read(...)` rules, VS Code globs and terminal-command regexes.
 */

export interface ParsedPattern {
  negated: boolean;
  /** A leading or inner `/` ties the pattern to the folder of the file that holds it. */
  anchored: boolean;
  /** A trailing `/`: matches folders only (and so everything under them). */
  directoryOnly: boolean;
  /** The glob without `!`, the leading `/` and the trailing `/`; escapes kept. */
  body: string;
}

/** Undefined for blank lines and comments. */
export function parsePattern(line: string): ParsedPattern | undefined {
  let text = line.replace(/(?<!\\)\s+$/, '');
  if (!text || text.startsWith('#')) return undefined;
  const negated = text.startsWith('!');
  if (negated) text = text.slice(1);
  const directoryOnly = text.endsWith('/') && !text.endsWith('\\/');
  if (directoryOnly) text = text.slice(0, -1);
  const leadingSlash = text.startsWith('/');
  if (leadingSlash) text = text.slice(1);
  if (!text) return undefined;
  const anchored = leadingSlash || (text.includes('/') && !text.startsWith('**/'));
  return { negated, anchored, directoryOnly, body: text };
}

/** A gitignore pattern that matches exactly one relative path. */
export function literalPathPattern(relativePath: string): string {
  let escaped = relativePath.replace(/[\\*?[]/g, (c) => '\\' + c);
  if (escaped.endsWith(' ')) escaped = escaped.slice(0, -1) + '\\ ';
  return '/' + escaped;
}

type Token =
  { kind: 'literal'; char: string } | { kind: 'star' } | { kind: 'globstar' } | { kind: 'any' } | { kind: 'class'; text: string };

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\' && i + 1 < body.length) {
      tokens.push({ kind: 'literal', char: body[++i] });
    } else if (c === '*') {
      let j = i;
      while (body[j + 1] === '*') j++;
      const segmentStart = i === 0 || body[i - 1] === '/';
      const segmentEnd = j + 1 === body.length || body[j + 1] === '/';
      tokens.push(j > i && segmentStart && segmentEnd ? { kind: 'globstar' } : { kind: 'star' });
      i = j;
    } else if (c === '?') {
      tokens.push({ kind: 'any' });
    } else if (c === '[' && body.indexOf(']', i + 2) > 0) {
      const end = body.indexOf(']', i + 2);
      tokens.push({ kind: 'class', text: body.slice(i, end + 1) });
      i = end;
    } else {
      tokens.push({ kind: 'literal', char: c });
    }
  }
  return tokens;
}

/**
 * A concrete path the pattern matches: each wildcard becomes `fill(n)` for the n-th wildcard,
 * so that tests can ask "would this other pattern hide what this one names?".
 */
export function instantiate(pattern: ParsedPattern, fill: (index: number) => string = () => 'x'): string {
  let out = '';
  let index = 0;
  const tokens = tokenize(pattern.body);
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    switch (token.kind) {
      case 'literal':
        out += token.char;
        break;
      case 'globstar':
        // `**/` at the front or in the middle may match nothing; at the end it must match a name.
        if (t === tokens.length - 1) out += fill(index++);
        else t++;
        break;
      case 'star':
      case 'any':
        out += fill(index++);
        break;
      case 'class': {
        const first = token.text[1] === '!' || token.text[1] === '^' ? undefined : token.text[1];
        out += first ?? '#';
        break;
      }
    }
  }
  return out;
}

/** The Claude Code deny rule for a pattern (gitignore semantics, `./` = the workspace folder). */
export function toClaudeReadRule(pattern: ParsedPattern): string {
  let glob = pattern.body;
  if (!pattern.anchored && !glob.startsWith('**/')) glob = '**/' + glob;
  if (pattern.directoryOnly) glob += '/**';
  return `Read(./${glob})`;
}

/** The gitignore pattern a Claude Code `Read(...)` rule stands for, or undefined for rules outside the folder. */
export function claudeReadRuleToPattern(rule: string): string | undefined {
  const match = /^Read\((.*)\)$/.exec(rule.trim());
  if (!match) return undefined;
  const glob = match[1];
  if (glob.startsWith('//') || glob.startsWith('~') || glob.startsWith('../')) return undefined;
  if (glob.startsWith('./')) return '/' + glob.slice(2);
  return glob;
}

/** A VS Code glob (relative to the workspace folder) for a pattern: braces and brackets made literal. */
export function toVscodeGlob(pattern: ParsedPattern): string {
  let glob = '';
  for (const token of tokenize(pattern.body)) {
    switch (token.kind) {
      case 'literal':
        glob += /[*?[{}]/.test(token.char) ? `[${token.char}]` : token.char;
        break;
      case 'star':
        glob += '*';
        break;
      case 'globstar':
        glob += '**';
        break;
      case 'any':
        glob += '?';
        break;
      case 'class':
        glob += token.text;
        break;
    }
  }
  if (!pattern.anchored && !glob.startsWith('**/')) glob = '**/' + glob;
  if (pattern.directoryOnly) glob += '/**';
  return glob;
}

/**
 * A regex key for `chat.tools.terminal.autoApprove` that catches a command naming a path the
 * pattern matches. It errs wide (`/\.env\b/` also catches `.env.example`): a false hit only
 * asks the user to approve a command, a miss lets an agent `cat` a secret unasked.
 */
export function toTerminalRegex(pattern: ParsedPattern): string | undefined {
  const tokens = tokenize(pattern.body);
  let start = 0;
  let end = tokens.length;
  while (start < end && isWildcard(tokens[start])) start++;
  while (end > start && isWildcard(tokens[end - 1])) end--;
  if (start === end) return undefined;
  let source = '';
  for (let t = start; t < end; t++) {
    const token = tokens[t];
    switch (token.kind) {
      case 'literal':
        source += token.char.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => '\\' + c);
        break;
      case 'star':
        source += '[^\\s/]*';
        break;
      case 'globstar':
        source += '\\S*';
        break;
      case 'any':
        source += '[^\\s/]';
        break;
      case 'class':
        source += token.text.replace(/^\[!/, '[^');
        break;
    }
  }
  const first = tokens[start];
  const last = tokens[end - 1];
  if (start === 0 && first.kind === 'literal' && /\w/.test(first.char)) source = '\\b' + source;
  if (pattern.directoryOnly) source += '\\/';
  else if (end === tokens.length && last.kind === 'literal' && /\w/.test(last.char)) source += '\\b';
  return `/${source}/`;
}

function isWildcard(token: Token): boolean {
  return token.kind === 'star' || token.kind === 'globstar' || (token.kind === 'literal' && token.char === '/');
}
