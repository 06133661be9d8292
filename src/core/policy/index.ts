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
export { GRANT_IDLE_MS, GRANT_MAX_MS, type Grant, type GrantDuration, type ReleaseChannel, type SecretRef, grantExpiry, isLive, sameSecret, touched } from './grant';
export { type Decision, type ReleaseRequest, type RequestedSecret, covers, decide, grantFor } from './release';
export { approvalText, deliveryWords, scopeWords } from './approvalText';
