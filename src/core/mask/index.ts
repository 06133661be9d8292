export { DEFAULT_MIN_LENGTH, DEFAULT_TOKEN, type MaskSecret, type MaskSink, type MaskerOptions, StreamMasker } from './streamMasker';
export { DEFAULT_HOLD_MS, type HoldTimer, TextMasker, type TextMaskerOptions } from './textMasker';
export { maskVariants } from './variants';
