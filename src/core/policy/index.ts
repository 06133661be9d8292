export { type Requester, type RequesterKind, DRIVEN, PERSON, sameRequester } from './requester';
export {
  ACCESS_POLICIES,
  type AccessPolicy,
  DEFAULT_POLICY,
  ENVIRONMENTS,
  POLICY_TITLES,
  defaultPolicyFor,
  effectivePolicy,
  isAccessPolicy,
  normalizeEnvironment,
} from './secretPolicy';
export {
  ABSENT,
  NOT_A_FILE,
  GRANT_IDLE_MS,
  GRANT_MAX_MS,
  type Grant,
  type GrantDuration,
  type ReleaseChannel,
  type RunFile,
  type SecretRef,
  grantExpiry,
  isLive,
  sameSecret,
  touched,
} from './grant';
export { type Decision, type ReleaseRequest, type RequestedSecret, changedFiles, covers, decide, grantFor } from './release';
export { filesRunBy } from './commandFiles';
export { promptQuote } from './promptQuote';
export { approvalText, deliveryWords, scopeWords } from './approvalText';
