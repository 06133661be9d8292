import { isValidName } from '../reference';

/**
 * A reference name is a key path with `/` between the keys: `vault:payments/stripe` is the team
 * file's `payments.stripe`. A key holding `/` (or anything the reference grammar does not allow)
 * has no name and is not reachable by reference.
 */
export function keyPathOf(name: string): string[] {
  return name.split('/');
}

export function nameOfKeyPath(path: readonly string[]): string | undefined {
  if (!path.length || path.some((key) => key === '' || key.includes('/'))) return undefined;
  const name = path.join('/');
  return isValidName(name) ? name : undefined;
}

/** How a key path reads to a person: keys joined with dots, as sops' documentation writes them. */
export const displayKeyPath = (path: readonly string[]): string => path.join('.');
