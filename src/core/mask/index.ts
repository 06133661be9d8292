export type { CaughtCredential } from './credentialScanner';
export { maskText } from './maskText';
export {
  DEFAULT_MIN_LENGTH,
  DEFAULT_TOKEN,
  holdBound,
  type MaskSecret,
  type MaskSink,
  type MaskerOptions,
  StreamMasker,
} from './streamMasker';
export { DEFAULT_HOLD_MS, type HoldTimer, TextMasker, type TextMaskerOptions } from './textMasker';
export { maskVariants } from './variants';
