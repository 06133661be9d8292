export type { CaughtCredential } from './credentialScanner';
export { maskText } from './maskText';
export { holdBound, type MaskSecret, type MaskSink, type MaskerOptions, StreamMasker } from './streamMasker';
export { DEFAULT_HOLD_MS, DEFAULT_MIN_LENGTH, DEFAULT_TOKEN } from './maskDefaults';
export { type HoldTimer, type MaskOutput, MaskStream, type MaskStreamOptions } from './maskStream';
export { MaskTransform } from './maskTransform';
export { maskVariants } from './variants';
