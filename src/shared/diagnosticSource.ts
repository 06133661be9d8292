/** The `source` of every Vaultify diagnostic. Its own module, so that light code can use it without loading the LSP protocol. */
export const DIAGNOSTIC_SOURCE = 'Vaultify';
