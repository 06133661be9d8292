import { isAscii } from 'node:buffer';

/** Why a file or document was not scanned. Shown to the user verbatim. */
export type SkipReason = string;

export const DEFAULT_MAX_FILE_SIZE_KB = 2048;

/**
 * Binary sniffing in the way git does it: a NUL byte in the first 8 KB means binary.
 * UTF-16 text with a BOM is the one exception worth making.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return false;
  }
  // A native search: a loop over the bytes cost a scan of a source tree about 2% of its time.
  return bytes.subarray(0, 8192).indexOf(0) !== -1;
}

/** A text decoded from a buffer already held in memory (the editor's, say) contains NULs if binary. */
export function textLooksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\u0000');
}

export function tooLargeReason(sizeBytes: number, maxKB: number): SkipReason | undefined {
  return sizeBytes > maxKB * 1024
    ? `larger than vaultify.detection.maxFileSizeKB (${Math.round(sizeBytes / 1024)} KB > ${maxKB} KB)`
    : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/**
 * Decodes file bytes for scanning. Invalid UTF-8 is still scanned (secrets are ASCII), with
 * replacement characters, and reported so the caller can say so. Most source files are all
 * ASCII: they are decoded a byte a character without UTF-8's checks, and `ascii` is true (the
 * bytes are then the text's characters, which the detector's keyword scan reads faster).
 */
export function decodeForScan(bytes: Uint8Array): { text: string; invalidUtf8: boolean; ascii: boolean } {
  if (isAscii(bytes))
    return { text: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'), invalidUtf8: false, ascii: true };
  try {
    return { text: utf8.decode(bytes), invalidUtf8: false, ascii: false };
  } catch {
    return { text: utf8Lenient.decode(bytes), invalidUtf8: true, ascii: false };
  }
}
