import * as path from 'node:path';
import { PathClassifier } from '../guard/pathClassifier';
import { DEFAULT_EXCEPTIONS, DEFAULT_SENSITIVE_PATTERNS } from '../guard/sensitivePatterns';

/**
 * Whether a path an agent names is one the guard's ignore files hide: the same default patterns
 * and exceptions (`.env.example` stays readable), plus `vaultify.guard.extraPatterns`. Every
 * trailing part of the path is tried, so `~/.aws/credentials` and `/home/me/.ssh/id_ed25519`
 * are caught as well as workspace paths. A glob (`.env*`) is sensitive when a name it can match
 * is.
 */
export class SensitivePaths {
  private readonly classifier: PathClassifier;

  constructor(extraPatterns: readonly string[] = []) {
    this.classifier = new PathClassifier([
      ...DEFAULT_SENSITIVE_PATTERNS,
      ...DEFAULT_EXCEPTIONS.map((p) => '!' + p),
      ...extraPatterns.filter((l) => l.trim() && !l.startsWith('#')),
    ]);
  }

  /** `cwd` is the folder a relative path is taken from. */
  isSensitive(candidate: string, cwd?: string): boolean {
    const trimmed = candidate.trim();
    if (!trimmed) return false;
    return globInstances(trimmed).some((p) => this.isSensitivePath(p, cwd));
  }

  private isSensitivePath(candidate: string, cwd: string | undefined): boolean {
    let p = candidate.replace(/\\/g, '/');
    if (p.startsWith('~/')) p = p.slice(2);
    else if (cwd && path.isAbsolute(p)) {
      const relative = path.relative(cwd, p).replace(/\\/g, '/');
      if (relative && !relative.startsWith('..')) p = relative;
    }
    const segments = p.split('/').filter((s) => s && s !== '.');
    if (!segments.length || (segments.includes('..') && segments[segments.length - 1] === '..')) return false;
    for (let i = 0; i < segments.length; i++) {
      const rest = segments.slice(i).filter((s) => s !== '..');
      if (!rest.length) continue;
      const relative = rest.join('/');
      if (this.classifier.verdict(relative) === 'hidden' || this.classifier.isFolderHidden(relative)) return true;
    }
    return false;
  }
}

/** Concrete names standing for a glob: each wildcard as nothing and as one letter. */
function globInstances(glob: string): string[] {
  if (!/[*?[{]/.test(glob)) return [glob];
  const braces = glob.replace(/\{([^{}]*)\}/g, (_m, body: string) => body.split(',')[0] ?? '');
  const classes = braces.replace(/\[!?([^\]]*)\]/g, (_m, body: string) => body.replace(/^\^/, '').charAt(0) || 'x');
  const empty = classes.replace(/\*+/g, '').replace(/\?/g, 'x');
  const letter = classes.replace(/\*+/g, 'x').replace(/\?/g, 'x');
  const dotted = classes.replace(/\*+/g, '.x').replace(/\?/g, 'x');
  return [...new Set([empty, letter, dotted])];
}
