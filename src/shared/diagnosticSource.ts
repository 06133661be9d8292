/**
 * How Vaultify diagnostics identify themselves. Its own module, so that light code can use these
 * without loading the LSP protocol.
 */
export const DIAGNOSTIC_SOURCE = 'Vaultify';

/** The `ruleId` and diagnostic code of a stored value found in plain text. */
export const KNOWN_VALUE_RULE = 'vaultify/known-value';
