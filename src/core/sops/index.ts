export { decryptDataKey, encryptDataKey, generateAgeIdentity, parseAgeIdentities, recipientOf, recipientProblem } from './ageKeys';
export { type ScalarType, type ScalarValue, environmentText } from './scalarValue';
export type { SopsFormat } from './sopsDocument';
export { SopsError, type SopsErrorCode } from './sopsError';
export {
  createSopsFile,
  type DecryptedSopsFile,
  decryptSopsFile,
  decryptWithDataKey,
  editSopsFile,
  formatForFile,
  type NewSopsFile,
  type SopsEdit,
  type SopsValue,
  type SopsWrite,
} from './sopsFile';
export { type EncryptionRules, SOPS_FORMAT_VERSION, type SopsMetadata } from './sopsMetadata';
export { type IdentityEnvironment, type IdentitySources, readSopsIdentities, sopsUserConfigDir } from './identitySources';
export { type CreationRule, creationRuleFor, parseSopsConfig } from './sopsConfig';
export { TeamFile, type TeamRemoval, type TeamSecretEntry, type TeamWrite } from './teamFile';
export { creationRuleForFile, findTeamFiles, readCreationRules } from './teamFiles';
export { displayKeyPath, keyPathOf, nameOfKeyPath } from './teamNames';
export { TEAM_HOSTS_KEY, isTeamHostsPath, readTeamHosts } from './teamHosts';
export { TeamScope } from './teamScope';
