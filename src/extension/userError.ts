/**
 * A failure the user can act on, worded for them. Interactive commands show it; commands driven
 * with arguments reject with it, so that callers and tests see the same words.
 */
export class UserError extends Error {}
