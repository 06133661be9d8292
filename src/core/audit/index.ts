export {
  AUDIT_EVENTS,
  type AuditEntry,
  type AuditEvent,
  type AuditRecord,
  type AuditSecret,
  type ChainHead,
  GENESIS,
  canonicalJson,
  hashMatches,
  RECORD_VERSION,
  recordHash,
  recordMac,
  sealRecord,
  valueFingerprint,
  type WireRecord,
} from './auditRecord';
export {
  type BadRecord,
  type ChainAnchor,
  type ChainProblem,
  type Segment,
  type VerifyOptions,
  type VerifyResult,
  verifyChain,
  verifyCommand,
} from './auditVerify';
export { AuditFile, readSegments, segmentName } from './auditFile';
