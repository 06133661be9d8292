/**
 * A feature loaded on first use. Its module is imported dynamically, so esbuild evaluates it (and
 * heavy dependencies such as yaml or the language client) only then, keeping activation cheap.
 */
export function lazyFeature<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}
