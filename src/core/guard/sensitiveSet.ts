import ignore, { type Ignore } from 'ignore';
import { PathClassifier } from './pathClassifier';
import {
  DEFAULT_EXCEPTIONS,
  DEFAULT_SENSITIVE_PATTERNS,
  EXPLICIT_VARIANTS,
  SENSITIVE_FOLDER_NAMES,
  SOURCE_CODE_EXTENSIONS,
} from './sensitivePatterns';
import { type ParsedPattern, instantiate, literalPathPattern, parsePattern } from './patternSyntax';

/** Where a rule comes from; the writers group rules by it under short comments. */
export type RuleSource =
  | 'default'
  | 'folder'
  | 'exception'
  | 'extra'
  | 'secret'
  /** A named stand-in for a wildcard pattern, in formats without `!`. */
  | 'variant'
  /** A workspace file named one by one, in formats without `!`. */
  | 'file';

export interface GuardRule {
  /** One gitignore line. */
  pattern: string;
  source: RuleSource;
}

export interface SensitiveSetInput {
  /** Every file of the workspace folder, relative, with `/` separators. */
  files: readonly string[];
  /** Files where detection currently finds a literal secret (relative paths). */
  secretFiles?: readonly string[];
  /** `vaultify.guard.extraPatterns`: gitignore lines; `!` lines make a path readable again. */
  extraPatterns?: readonly string[];
}

export interface SensitiveSet {
  /**
   * The rules in order, for formats with `!`: defaults, sensitive folders, exceptions, extra
   * patterns (after the exceptions, so a user pattern can hide an example file), then files
   * with a detected secret (last: a live secret is hidden even in a file named like a template).
   */
  rules: readonly GuardRule[];
  /**
   * The same set with no `!` line, for formats without negation: a pattern that would also
   * hide an exception is replaced by named variants and by the sensitive files it covers.
   */
  explicitRules: readonly GuardRule[];
  /** Workspace files the rules hide, sorted. */
  sensitiveFiles: readonly string[];
  /** Workspace files an exception keeps readable, sorted. */
  exceptionFiles: readonly string[];
  /** Folders hidden whole (relative, no trailing slash), sorted. */
  folders: readonly string[];
}

interface FolderStats {
  total: number;
  exceptions: number;
  code: number;
}

/**
 * The sensitive paths of one workspace folder: the default patterns, folders whose name marks
 * them as key stores, extra patterns and files with a detected secret, minus the exceptions.
 */
export function computeSensitiveSet(input: SensitiveSetInput): SensitiveSet {
  const extras = cleanLines(input.extraPatterns ?? []);
  const baseRules: GuardRule[] = [
    ...DEFAULT_SENSITIVE_PATTERNS.map((pattern): GuardRule => ({ pattern, source: 'default' })),
    ...DEFAULT_EXCEPTIONS.map((pattern): GuardRule => ({ pattern: '!' + pattern, source: 'exception' })),
    ...extras.map((pattern): GuardRule => ({ pattern, source: 'extra' })),
  ];
  const base = new PathClassifier(baseRules.map((r) => r.pattern));

  const files = input.files.filter((f) => ignore.isPathValid(f));
  const sensitive = new Set<string>();
  const exceptions = new Set<string>();
  for (const file of files) {
    const verdict = base.verdict(file);
    if (verdict === 'hidden') sensitive.add(file);
    else if (verdict === 'readable') exceptions.add(file);
  }

  const secretRules: GuardRule[] = [];
  for (const file of new Set((input.secretFiles ?? []).map(normalizeRelative))) {
    if (!file || !ignore.isPathValid(file) || base.verdict(file) === 'hidden') continue;
    secretRules.push({ pattern: literalPathPattern(file), source: 'secret' });
    sensitive.add(file);
    exceptions.delete(file);
  }

  const folders = sensitiveFolders(files, exceptions, base);
  const folderRules = folders.map((folder): GuardRule => ({ pattern: literalPathPattern(folder) + '/', source: 'folder' }));
  const defaultCount = DEFAULT_SENSITIVE_PATTERNS.length;
  const rules = [...baseRules.slice(0, defaultCount), ...folderRules, ...baseRules.slice(defaultCount), ...secretRules];

  // The final verdicts come from the final rules, read as every tool reads them: a folder or
  // secret-file rule also hides a path that differs only in case, for instance.
  if (folderRules.length || secretRules.length) {
    const final = new PathClassifier(rules.map((r) => r.pattern));
    sensitive.clear();
    exceptions.clear();
    for (const file of files) {
      const verdict = final.verdict(file);
      if (verdict === 'hidden') sensitive.add(file);
      else if (verdict === 'readable') exceptions.add(file);
    }
  }
  const sensitiveFiles = [...sensitive].sort();
  return {
    rules,
    explicitRules: explicitRulesFor(rules, sensitiveFiles, [...exceptions]),
    sensitiveFiles,
    exceptionFiles: [...exceptions].sort(),
    folders,
  };
}

/**
 * Folders to hide whole: only one whose name marks it as a key store (`secrets/`, `.ssh/`,
 * `credentials/`, `envs/`, ...), and not when it mostly holds code. Anywhere else the sensitive
 * files are hidden one by one and their neighbours stay readable: `infra/` with `main.tf`
 * beside `terraform.tfstate` keeps its Terraform code in sight. A folder holding an exception
 * file never qualifies: hiding the folder would hide that file too. Deepest folders are taken
 * first and their files no longer count for the folders above. Files already hidden through a
 * folder pattern (`secrets/`) count for nothing, and a folder an extra `!` pattern names stays
 * readable.
 */
function sensitiveFolders(files: readonly string[], exceptions: ReadonlySet<string>, base: PathClassifier): string[] {
  // Keyed by lower-cased path, as the tools match case-insensitively: `Config/` and `config/`
  // are one folder to them. Each file counts for its own folder; the sums then flow up.
  const stats = new Map<string, FolderStats>();
  const spelling = new Map<string, string>();
  const statsOf = (key: string): FolderStats => {
    let s = stats.get(key);
    if (!s) stats.set(key, (s = { total: 0, exceptions: 0, code: 0 }));
    return s;
  };
  for (const file of files) {
    const slash = file.lastIndexOf('/');
    if (slash <= 0) continue;
    const dir = file.slice(0, slash);
    if (base.isFolderHidden(dir)) continue;
    const key = dir.toLowerCase();
    if (!spelling.has(key)) spelling.set(key, dir);
    const s = statsOf(key);
    const dot = file.lastIndexOf('.');
    s.total++;
    if (exceptions.has(file)) s.exceptions++;
    if (dot > slash && SOURCE_CODE_EXTENSIONS.has(file.slice(dot + 1).toLowerCase())) s.code++;
  }
  for (const dir of [...spelling.values()]) {
    for (const above of ancestors(dir)) {
      const aboveKey = above.toLowerCase();
      statsOf(aboveKey);
      if (!spelling.has(aboveKey)) spelling.set(aboveKey, above);
    }
  }
  const deepestFirst = [...stats.keys()].sort((a, b) => depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of deepestFirst) {
    const slash = key.lastIndexOf('/');
    if (slash > 0) addStats(stats.get(key.slice(0, slash))!, stats.get(key)!, 1);
  }

  const chosen = new Set<string>();
  for (const key of deepestFirst) {
    const s = stats.get(key)!;
    if (s.exceptions > 0 || s.total === 0) continue;
    const dir = spelling.get(key)!;
    const name = key.slice(key.lastIndexOf('/') + 1);
    const named = SENSITIVE_FOLDER_NAMES.has(name) && s.code * 2 < s.total;
    if (!named || base.isFolderHidden(dir) || base.isFolderNegated(dir)) continue;
    chosen.add(key);
    const taken = { ...s };
    for (const above of ancestors(key)) addStats(stats.get(above)!, taken, -1);
  }
  return [...chosen]
    .filter((key) => !hasAncestorIn(key, chosen))
    .map((key) => spelling.get(key)!)
    .sort();
}

function addStats(into: FolderStats, from: FolderStats, sign: 1 | -1): void {
  into.total += sign * from.total;
  into.exceptions += sign * from.exceptions;
  into.code += sign * from.code;
}

/** The folders above a relative path, nearest first, the workspace root excluded. */
function* ancestors(path: string): Generator<string> {
  for (let slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) yield path.slice(0, slash);
}

/**
 * Rules without `!`: each positive rule that could hide an exception (one in the workspace, or
 * one it could plausibly name, such as `.env.example` for `.env.*`) is replaced by the named
 * variants it covers and, last, by every sensitive file not yet hidden.
 */
function explicitRulesFor(rules: readonly GuardRule[], sensitiveFiles: readonly string[], exceptionFiles: readonly string[]): GuardRule[] {
  const all = ignore().add(rules.map((r) => r.pattern));
  const positives = rules.filter((r) => !r.pattern.startsWith('!'));
  const anyPositive = ignore().add(positives.map((r) => r.pattern));
  const extras = rules.filter((r) => r.source === 'extra').map((r) => parsePattern(r.pattern)!);
  const extraPositives = extras.filter((p) => !p.negated);
  const extraNegatives = extras.filter((p) => p.negated);
  const probes = [
    ...defaultProbes(),
    ...exceptionProbes(extraPositives, [...DEFAULT_NEGATIVES, ...extraNegatives]),
    ...exceptionProbes([...DEFAULT_POSITIVES, ...extraPositives], extraNegatives),
  ];
  // Only a readable path that some positive rule names can make a rule unsafe.
  const readable = [...exceptionFiles, ...probes.filter((p) => !all.ignores(p))].filter((p) => anyPositive.ignores(p));
  const matchers = new Map<string, Ignore>();
  const matcher = (pattern: string): Ignore => {
    let one = matchers.get(pattern);
    if (!one) matchers.set(pattern, (one = ignore().add(pattern)));
    return one;
  };
  const hidesReadable = readableGuard(readable, matcher);
  const variantSamples = EXPLICIT_VARIANTS.map((variant) => [variant, instantiate(parsePattern(variant)!)] as const);

  const explicit: GuardRule[] = [];
  const seen = new Set<string>();
  const push = (rule: GuardRule): void => {
    if (seen.has(rule.pattern)) return;
    seen.add(rule.pattern);
    explicit.push(rule);
  };
  for (const rule of positives) {
    // Folders and secret files are chosen so as to hold no exception.
    if (rule.source === 'folder' || rule.source === 'secret' || !hidesReadable(rule.pattern)) {
      push(rule);
      continue;
    }
    for (const [variant, sample] of variantSamples) {
      if (matcher(rule.pattern).ignores(sample) && all.ignores(sample) && !hidesReadable(variant))
        push({ pattern: variant, source: 'variant' });
    }
  }
  const covered = ignore().add(explicit.map((r) => r.pattern));
  for (const file of sensitiveFiles) {
    if (!covered.ignores(file)) push({ pattern: literalPathPattern(file), source: 'file' });
  }
  return explicit;
}

/**
 * Whether a pattern hides one of the readable paths. A pattern without a slash names a file by
 * its name or a folder above it by the folder's name, so it is tried against the distinct names
 * (a monorepo's hundred `.env.example` files share one) unless it names one of their folders;
 * other patterns are tried against every path.
 */
function readableGuard(readable: readonly string[], matcher: (pattern: string) => Ignore): (pattern: string) => boolean {
  const names = new Set<string>();
  const folderNames = new Set<string>();
  for (const path of readable) {
    const segments = path.split('/');
    names.add(segments.pop()!);
    for (const segment of segments) folderNames.add(segment);
  }
  return (pattern) => {
    const parsed = parsePattern(pattern);
    if (!parsed || parsed.negated) return false;
    const one = matcher(pattern);
    const byName = !parsed.anchored && !parsed.body.includes('/');
    if (!byName || [...folderNames].some((name) => one.ignores(name + '/'))) return readable.some((path) => one.ignores(path));
    return !parsed.directoryOnly && [...names].some((name) => one.ignores(name));
  };
}

const DEFAULT_POSITIVES = DEFAULT_SENSITIVE_PATTERNS.map((p) => parsePattern(p)!);
const DEFAULT_NEGATIVES = DEFAULT_EXCEPTIONS.map((p) => parsePattern('!' + p)!);
let defaultProbeList: readonly string[] | undefined;

/**
 * The probes of the default patterns against the default exceptions, kept when a default
 * pattern hides them and the defaults keep them readable. They never change: computed once, on
 * first use (not at load, which would slow the extension's activation).
 */
function defaultProbes(): readonly string[] {
  if (!defaultProbeList) {
    const positives = ignore().add(DEFAULT_SENSITIVE_PATTERNS);
    const defaults = ignore().add([...DEFAULT_SENSITIVE_PATTERNS, ...DEFAULT_EXCEPTIONS.map((e) => '!' + e)]);
    defaultProbeList = exceptionProbes(DEFAULT_POSITIVES, DEFAULT_NEGATIVES).filter((p) => positives.ignores(p) && !defaults.ignores(p));
  }
  return defaultProbeList;
}

/**
 * Paths an exception keeps readable that a positive pattern may name even when the workspace
 * holds none yet: each exception filled with each pattern's sample name and the other way round
 * (`*.example` + `.env.*` gives `.env.x.example`; `*.env` + a user's `!*.sops.*` gives `x.sops.x.env`).
 */
function exceptionProbes(positives: readonly ParsedPattern[], negatives: readonly ParsedPattern[]): string[] {
  const probes = new Set<string>();
  for (const negative of negatives) {
    const negativeSample = instantiate(negative);
    probes.add(negativeSample);
    for (const positive of positives) {
      const positiveSample = instantiate(positive);
      probes.add(instantiate(negative, (n) => (n === 0 ? positiveSample : 'x')));
      probes.add(instantiate(positive, (n) => (n === 0 ? negativeSample : 'x')));
    }
  }
  return [...probes].filter((p) => p && ignore.isPathValid(p));
}

/** Blank lines and comments dropped; surrounding blanks trimmed, except an escaped trailing one. */
function cleanLines(lines: readonly string[]): string[] {
  return lines.map((l) => l.replace(/^\s+/, '').replace(/(?<!\\)\s+$/, '')).filter((l) => l && !l.startsWith('#'));
}

function normalizeRelative(file: string): string {
  return file.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

function hasAncestorIn(path: string, folders: ReadonlySet<string>): boolean {
  for (const dir of ancestors(path)) if (folders.has(dir)) return true;
  return false;
}

function depth(path: string): number {
  let n = 0;
  for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) n++;
  return n;
}
