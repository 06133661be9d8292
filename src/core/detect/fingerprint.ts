import { createHash } from 'node:crypto';

/**
 * A one-way fingerprint of a value, for settings that must name a value without holding it
 * (`vaultify.detection.ignoredValues`). Salted with a constant so that the hash of a common
 * password is not a lookup away in public SHA-256 tables.
 */
export function fingerprint(value: string): string {
  return 'sha256:' + createHash('sha256').update('vaultify-fingerprint-v1\u0000').update(value).digest('hex').slice(0, 32);
}
