import type { DetectorRule } from '../detector';

/** Vaultify's own rules, run beside the recommended preset. One module per credential family. */
export const VAULTIFY_RULES: readonly DetectorRule[] = [];
