import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { type ScalarValue, scalarFromDecrypted } from './scalarValue';
import { SopsError } from './sopsError';

/** sops uses a 32-byte GCM nonce, not the usual 12: files carry it, so it must match. */
const IV_BYTES = 32;
const TAG_BYTES = 16;
const ENCRYPTED = /^ENC\[AES256_GCM,data:(.+),iv:(.+),tag:(.+),type:(.+)\]/;

export interface EncryptedParts {
  data: Buffer;
  iv: Buffer;
  tag: Buffer;
  type: string;
}

export function isEncryptedValue(text: string): boolean {
  return ENCRYPTED.test(text);
}

export function parseEncryptedValue(text: string, where: string): EncryptedParts {
  const match = ENCRYPTED.exec(text);
  if (!match) throw new SopsError('format', `${where}: the value is not in sops' ENC[AES256_GCM,…] format`);
  const decode = (part: string, name: string): Buffer => {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(part)) throw new SopsError('format', `${where}: the ${name} is not base64`);
    return Buffer.from(part, 'base64');
  };
  return { data: decode(match[1], 'data'), iv: decode(match[2], 'iv'), tag: decode(match[3], 'tag'), type: match[4] };
}

/** The additional authenticated data sops binds a value to: its key path, each key followed by ":". */
export function keyPathAad(path: readonly string[]): string {
  return path.join(':') + ':';
}

/** Decrypts one `ENC[...]` text; a wrong key, path or tampered part fails GCM authentication. */
export function decryptText(text: string, key: Uint8Array, aad: string, where: string): { type: string; plaintext: string } {
  const parts = parseEncryptedValue(text, where);
  if (parts.iv.length === 0 || parts.tag.length !== TAG_BYTES)
    throw new SopsError('format', `${where}: the iv or tag has the wrong length`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(parts.tag);
    const plaintext = Buffer.concat([decipher.update(parts.data), decipher.final()]).toString('utf8');
    return { type: parts.type, plaintext };
  } catch {
    throw new SopsError('decrypt', `${where}: cannot decrypt (wrong key, or the file was changed)`);
  }
}

export function decryptValue(text: string, key: Uint8Array, aad: string, where: string): ScalarValue {
  const { type, plaintext } = decryptText(text, key, aad, where);
  return scalarFromDecrypted(type, plaintext, where);
}

/**
 * Encrypts a canonical text as sops does. `iv` is given only to reproduce a value sops would
 * keep: sops reuses a value's IV when neither its plaintext nor its path changed.
 */
export function encryptText(plaintext: string, type: string, key: Uint8Array, aad: string, iv: Uint8Array = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${Buffer.from(iv).toString('base64')},tag:${tag.toString('base64')},type:${type}]`;
}
