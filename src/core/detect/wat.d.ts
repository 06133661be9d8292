/** A WebAssembly text file, compiled at build time (scripts/build.mjs): the module's bytes. */
declare module '*.wat' {
  const bytes: Uint8Array;
  export default bytes;
}
