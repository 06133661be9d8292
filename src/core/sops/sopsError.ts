/**
 * Why a SOPS file could not be used. `mac` and `decrypt` mean the file is unsound or not for
 * this key; `unsupported` names a sops feature Vaultify does not implement; `format` is a file
 * that is not a sops file of the kind it claims to be. Messages never hold a value.
 */
export type SopsErrorCode = 'mac' | 'decrypt' | 'no-identity' | 'unsupported' | 'format' | 'verify';

export class SopsError extends Error {
  constructor(
    readonly code: SopsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SopsError';
  }
}
