/**
 * The masking defaults on their own, so that settings and messages can name them without loading
 * the masker and the detector rules its output scanning uses.
 */
export const DEFAULT_MIN_LENGTH = 6;
export const DEFAULT_TOKEN = '[masked vault:{name}]';
export const DEFAULT_HOLD_MS = 30;
