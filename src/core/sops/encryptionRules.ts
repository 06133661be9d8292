import { compileGoRegex, type EncryptionRules } from './sopsMetadata';

/**
 * Whether sops encrypts the leaf at `path`, by its rule: a key on the path with the
 * unencrypted suffix (or matching unencrypted_regex) leaves it plain; with encrypted_suffix or
 * encrypted_regex, only leaves under a matching key are encrypted. With no rule, all are.
 */
export function leafPredicate(rules: EncryptionRules, file: string): (path: readonly string[]) => boolean {
  const { unencryptedSuffix, encryptedSuffix } = rules;
  const unencryptedRegex = rules.unencryptedRegex ? compileGoRegex(rules.unencryptedRegex, file) : undefined;
  const encryptedRegex = rules.encryptedRegex ? compileGoRegex(rules.encryptedRegex, file) : undefined;
  return (path) => {
    let encrypted = true;
    if (unencryptedSuffix && path.some((key) => key.endsWith(unencryptedSuffix))) encrypted = false;
    if (encryptedSuffix) encrypted = path.some((key) => key.endsWith(encryptedSuffix));
    if (unencryptedRegex && path.some((key) => unencryptedRegex.test(key))) encrypted = false;
    if (encryptedRegex) encrypted = path.some((key) => encryptedRegex.test(key));
    return encrypted;
  };
}
