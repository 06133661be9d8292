export { CertificateAuthority } from './certificateAuthority';
export { type CoverageResult, type OpenCheckRun, checkCoverage } from './coverageCheck';
export {
  type HostEntry,
  anyEntryMatches,
  entryCovers,
  entryMatches,
  formatHostEntry,
  intersectHosts,
  isLoopbackHost,
  narrowing,
  parseHostEntries,
  parseHostEntry,
} from './hostEntry';
export { kindsWithSuggestedHosts, suggestedHosts } from './hostSuggestions';
export {
  InjectingProxy,
  type InjectingProxyOptions,
  type ProxyRun,
  REQUEST_SWAP_LIMIT,
  type RunSecret,
  type WireSwap,
} from './injectingProxy';
export { MIN_PLACEHOLDER_RANDOM, PlaceholderError, makePlaceholder } from './placeholder';
export { type GitCredential, type SecretlessEnvironmentInput, narrowedNoProxy, secretlessEnvironment } from './runEnvironment';
export { type ReleasedValue, type SecretlessRun, SecretlessSession, type SecretlessSessionOptions } from './secretlessSession';
export { StreamSwapper, type SwapPair } from './streamSwapper';
export { certificatesOf, machineTrustPems, removeTrustBundle, trustBundleText, writeTrustBundle } from './trustBundle';
export { wireSwapEntry } from './wireAudit';
export { ALLOWED_HOSTS_SETTING, type WorkspaceNarrowing, narrowToAllowedHosts } from './workspaceHosts';
export { type WireSecret, requestPairs, responsePairs, swapBasicAuth } from './wireForms';
