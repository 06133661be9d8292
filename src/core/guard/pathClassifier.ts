import ignore, { type Ignore } from 'ignore';
import { parsePattern } from './patternSyntax';

/**
 * `hidden`: a rule hides the path or a folder above it. `readable`: a `!` rule is the last to
 * name the path itself (and no folder above is hidden). `unmatched`: no rule names it.
 */
export type PathVerdict = 'hidden' | 'readable' | 'unmatched';

interface RuleMatcher {
  index: number;
  directoryOnly: boolean;
  matcher: Ignore;
}

/**
 * gitignore verdicts for many files, the same as the `ignore` package gives for the same rules
 * (case-insensitive, as its default), at a cost that grows with the distinct folders and names
 * rather than with files × rules: a 100,000-file workspace has a few thousand of each.
 *
 * A path is hidden when a folder above it is (a `!` cannot re-include a file under a hidden
 * folder); otherwise the last rule naming the path itself decides. Rules without a slash name
 * a path by its last segment, so their verdict is cached per segment; literal paths are looked
 * up; for a path that a rule with a slash and a wildcard may name (rare: such rules come from
 * the user), the `ignore` package decides over all the rules.
 */
export class PathClassifier {
  private readonly all: Ignore;
  private readonly negated: boolean[] = [];
  private readonly nameRules: RuleMatcher[] = [];
  private readonly pathRules: RuleMatcher[] = [];
  /** Keys lower-cased. */
  private readonly literalPaths = new Map<string, { index: number; directoryOnly: boolean }>();
  private readonly folderCache = new Map<string, boolean>();
  private readonly nameCache = new Map<string, number>();

  constructor(rules: readonly string[]) {
    this.all = ignore().add(rules);
    rules.forEach((line, index) => {
      const parsed = parsePattern(line);
      this.negated[index] = !!parsed?.negated;
      if (!parsed) return;
      const { body, directoryOnly } = parsed;
      if (parsed.anchored && !/[*?[\\]/.test(body)) {
        this.literalPaths.set(body.toLowerCase(), { index, directoryOnly });
        return;
      }
      const rule = { index, directoryOnly, matcher: ignore().add(parsed.negated ? line.slice(1) : line) };
      (parsed.anchored || body.includes('/') ? this.pathRules : this.nameRules).push(rule);
    });
    this.nameRules.reverse();
  }

  /** Whether the folder (relative, no trailing slash) or one above it is hidden. */
  isFolderHidden(folder: string): boolean {
    let hidden = this.folderCache.get(folder);
    if (hidden === undefined) {
      const slash = folder.lastIndexOf('/');
      if (slash > 0 && this.isFolderHidden(folder.slice(0, slash))) hidden = true;
      else if (this.pathRules.some((r) => r.matcher.ignores(folder + '/'))) hidden = this.all.ignores(folder + '/');
      else hidden = this.decide(this.lastNaming(folder, folder.slice(slash + 1), true)) === 'hidden';
      this.folderCache.set(folder, hidden);
    }
    return hidden;
  }

  /** Whether a `!` rule names the folder itself: a rule hiding it, placed before, would be undone. */
  isFolderNegated(folder: string): boolean {
    return this.all.test(folder + '/').unignored;
  }

  verdict(file: string): PathVerdict {
    const slash = file.lastIndexOf('/');
    if (slash > 0 && this.isFolderHidden(file.slice(0, slash))) return 'hidden';
    if (this.pathRules.some((r) => !r.directoryOnly && r.matcher.ignores(file))) {
      const result = this.all.test(file);
      return result.ignored ? 'hidden' : result.unignored ? 'readable' : 'unmatched';
    }
    return this.decide(this.lastNaming(file, file.slice(slash + 1), false));
  }

  private decide(index: number): PathVerdict {
    if (index < 0) return 'unmatched';
    return this.negated[index] ? 'readable' : 'hidden';
  }

  /** The index of the last name or literal rule naming the path itself, or -1. */
  private lastNaming(path: string, name: string, isFolder: boolean): number {
    const key = isFolder ? name + '/' : name;
    let last = this.nameCache.get(key);
    if (last === undefined) {
      last = this.nameRules.find((r) => (isFolder || !r.directoryOnly) && r.matcher.ignores(key))?.index ?? -1;
      this.nameCache.set(key, last);
    }
    const literal = this.literalPaths.get(path.toLowerCase());
    if (literal && literal.index > last && (isFolder || !literal.directoryOnly)) last = literal.index;
    return last;
  }
}
