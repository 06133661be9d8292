/**
 * Every secret value the suite moves into the vault is registered here, so that the last test
 * (and the harness, after code-server has shut down) can prove none of them was written anywhere
 * but SecretStorage. Values are kept in memory; the harness gets them reversed and base64-encoded,
 * a form the search does not look for. Each test file is bundled on its own, so the set lives on
 * globalThis to be shared between them.
 */
const registry = globalThis as { vaultifyWatchedValues?: Set<string>; vaultifyRetiredValues?: Set<string> };
const values = (registry.vaultifyWatchedValues ??= new Set<string>());
/** Values a rotation retired: kept in SecretStorage under a retired key, and swept like the live ones. */
const retired = (registry.vaultifyRetiredValues ??= new Set<string>());

export function watchForPlaintext(value: string): string {
  values.add(value);
  return value;
}

/**
 * For a value a test deliberately put back into a file (restore, undo): from then on VS Code may
 * keep copies of that file, as it does of anything the user types, so it is no longer watched.
 */
export function stopWatching(value: string): void {
  values.delete(value);
}

/** A value a test rotated out: still held, retired, in SecretStorage, so still swept for. */
export function watchRetired(value: string): string {
  retired.add(watchForPlaintext(value));
  return value;
}

export function retiredValues(): string[] {
  return [...retired];
}

export function watchedValues(): string[] {
  return [...values];
}
